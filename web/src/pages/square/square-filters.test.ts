import { describe, expect, it } from 'vitest';
import type { SquareModel } from '../../api/model-square-api.ts';
import { filterOptions, filterSquare, headlinePrice, isChat } from './square-filters.ts';

function model(id: string, provider: string, capabilities: string[], prices: SquareModel['prices'] = []): SquareModel {
  return {
    object: 'square_model',
    id,
    name: id,
    provider,
    description: null,
    parameters: null,
    contextLength: null,
    capabilities,
    modalities: { input: ['text'], output: ['text'] },
    license: 'mit',
    prices,
    freeForNewCustomers: null,
  };
}

const price = (plan: string, input: number, signupPlan = false) => ({
  plan,
  planName: plan,
  input,
  cachedInput: input,
  output: input * 2,
  request: 0,
  currency: 'CNY',
  signupPlan,
});

const models = [
  model('deepseek-chat', 'deepseek', ['chat', 'tools']),
  model('qwen-vl', 'qwen', ['chat', 'vision']),
  model('bge-m3', 'baai', ['embeddings']),
  model('plain', 'acme', []),
];

describe('model square filters', () => {
  it('filter by capability, provider and words', () => {
    const ids = (filter: Parameters<typeof filterSquare>[1]) => filterSquare(models, filter).map((entry) => entry.id);
    expect(ids({ query: '', capability: 'vision', provider: null })).toEqual(['qwen-vl']);
    expect(ids({ query: '', capability: 'chat', provider: null })).toEqual(['deepseek-chat', 'qwen-vl', 'plain']);
    expect(ids({ query: '', capability: null, provider: 'baai' })).toEqual(['bge-m3']);
    expect(ids({ query: 'DeepSeek tools', capability: null, provider: null })).toEqual(['deepseek-chat']);
    expect(ids({ query: 'nothing-like-this', capability: null, provider: null })).toEqual([]);
  });

  it('offer the capabilities and providers present', () => {
    expect(filterOptions(models)).toEqual({
      capabilities: ['chat', 'embeddings', 'tools', 'vision'],
      providers: ['acme', 'baai', 'deepseek', 'qwen'],
    });
  });

  it('headline the sign-up plan’s price, else the lowest', () => {
    expect(headlinePrice(model('a', 'x', [], [price('pro', 2), price('free', 3, true)]))?.plan).toBe('free');
    expect(headlinePrice(model('a', 'x', [], [price('pro', 2), price('enterprise', 1)]))?.plan).toBe('enterprise');
    expect(headlinePrice(model('a', 'x', []))).toBeNull();
    expect(isChat(models[2]!)).toBe(false);
    expect(isChat(models[3]!)).toBe(true);
  });
});
