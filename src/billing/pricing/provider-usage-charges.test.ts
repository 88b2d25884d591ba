import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCommerce, createTenant, type TestCommerce } from '../../../test/support/test-commerce.ts';
import { convertResponse as convertAnthropic } from '../../providers/anthropic/convert-response.ts';
import { convertResponse as convertOpenAI } from '../../providers/openai-compatible/convert-response.ts';
import { resolveQuirks } from '../../providers/openai-compatible/quirks.ts';
import { findPreset } from '../../providers/presets/index.ts';
import type { Usage } from '../../providers/spec.ts';
import { newRequestId } from '../../util/ids.ts';
import { toNano } from '../money.ts';

const providers = path.resolve(import.meta.dirname, '../../providers');

function fixtureBody(file: string): string {
  return JSON.stringify(JSON.parse(readFileSync(path.join(providers, file), 'utf8')).body);
}

/** The usage the provider adapter reads from a recorded answer (the real response path). */
function usageOf(file: string, preset: string): Usage {
  if (preset === 'anthropic') return convertAnthropic(fixtureBody(file), 'anthropic').usage!;
  const found = findPreset(preset);
  const quirks = resolveQuirks(found?.protocol === 'openai-compatible' ? (found.quirks as object) : {});
  return convertOpenAI(fixtureBody(file), quirks, preset, true).usage!;
}

/**
 * One price for every fixture, per million tokens: input ¥2, cache read ¥0.4 (20 %), cache write
 * ¥2.5 (125 %), output ¥8, reasoning ¥16, and ¥0.0001 a request. In nano-units per token: 2000,
 * 400, 2500, 8000, 16000; 100 000 a request.
 */
const price = { input: 2, cachedInput: 0.4, cacheWrite: 2.5, output: 8, reasoning: 16, request: 0.0001 };

interface Case {
  file: string;
  preset: string;
  counts: { prompt: number; cached: number; cacheWrite: number; completion: number; reasoning: number };
  /** Computed by hand: (prompt − cached − write) × 2000 + cached × 400 + write × 2500 + (completion − reasoning) × 8000 + reasoning × 16000 + 100000. */
  charge: number;
}

const cases: Case[] = [
  {
    file: 'openai-compatible/__fixtures__/usage-openai.json',
    preset: 'openai',
    counts: { prompt: 2006, cached: 1920, cacheWrite: 0, completion: 300, reasoning: 192 },
    charge: 86 * 2000 + 1920 * 400 + 108 * 8000 + 192 * 16000 + 100_000, // 4 976 000
  },
  {
    file: 'openai-compatible/__fixtures__/usage-deepseek-reasoner.json',
    preset: 'deepseek',
    counts: { prompt: 1200, cached: 1024, cacheWrite: 0, completion: 850, reasoning: 620 },
    charge: 176 * 2000 + 1024 * 400 + 230 * 8000 + 620 * 16000 + 100_000, // 12 621 600
  },
  {
    file: 'openai-compatible/__fixtures__/usage-dashscope-implicit-cache.json',
    preset: 'dashscope',
    counts: { prompt: 3019, cached: 2048, cacheWrite: 0, completion: 404, reasoning: 300 },
    charge: 971 * 2000 + 2048 * 400 + 104 * 8000 + 300 * 16000 + 100_000, // 8 493 200
  },
  {
    file: 'openai-compatible/__fixtures__/usage-dashscope-explicit-cache.json',
    preset: 'dashscope',
    counts: { prompt: 5000, cached: 0, cacheWrite: 4800, completion: 50, reasoning: 0 },
    charge: 200 * 2000 + 4800 * 2500 + 50 * 8000 + 100_000, // 12 900 000
  },
  {
    file: 'openai-compatible/__fixtures__/usage-qianfan.json',
    preset: 'qianfan',
    counts: { prompt: 1500, cached: 1024, cacheWrite: 0, completion: 600, reasoning: 450 },
    charge: 476 * 2000 + 1024 * 400 + 150 * 8000 + 450 * 16000 + 100_000, // 9 861 600
  },
  {
    file: 'openai-compatible/__fixtures__/usage-zhipu.json',
    preset: 'zhipu',
    counts: { prompt: 2100, cached: 2048, cacheWrite: 0, completion: 420, reasoning: 0 },
    charge: 52 * 2000 + 2048 * 400 + 420 * 8000 + 100_000, // 4 383 200
  },
  {
    file: 'openai-compatible/__fixtures__/usage-moonshot.json',
    preset: 'moonshot',
    counts: { prompt: 3000, cached: 2560, cacheWrite: 0, completion: 200, reasoning: 0 },
    charge: 440 * 2000 + 2560 * 400 + 200 * 8000 + 100_000, // 3 604 000
  },
  {
    file: 'openai-compatible/__fixtures__/usage-volcengine-ark.json',
    preset: 'volcengine-ark',
    counts: { prompt: 1800, cached: 1536, cacheWrite: 0, completion: 700, reasoning: 512 },
    charge: 264 * 2000 + 1536 * 400 + 188 * 8000 + 512 * 16000 + 100_000, // 10 938 400
  },
  {
    file: 'anthropic/__fixtures__/message-cache.json',
    preset: 'anthropic',
    // input_tokens 50 + cache write 2000 + cache read 8000 = 10 050 prompt tokens.
    counts: { prompt: 10_050, cached: 8000, cacheWrite: 2000, completion: 300, reasoning: 0 },
    charge: 50 * 2000 + 8000 * 400 + 2000 * 2500 + 300 * 8000 + 100_000, // 10 800 000
  },
];

describe('usage from every provider, stored and charged', () => {
  let context: TestCommerce;
  beforeAll(async () => {
    context = await createTestCommerce('sqlite', {
      commerce: { prices: { 'cache-model': { ...price, currency: 'CNY', freeTier: false } } },
    });
  });
  afterAll(async () => context?.close());

  it.each(cases)('$file: counts and charge match the hand computation', async (item) => {
    const usage = usageOf(item.file, item.preset);
    expect({
      prompt: usage.promptTokens,
      cached: usage.cachedTokens,
      cacheWrite: usage.cacheWriteTokens ?? 0,
      completion: usage.completionTokens,
      reasoning: usage.reasoningTokens,
    }).toEqual(item.counts);

    const { commerce, store } = context;
    const { principal, organization } = await createTenant(commerce, {
      name: `org-${item.preset}-${item.charge}`,
      balance: toNano(1),
    });
    const requestId = newRequestId();
    const admission = await commerce.gatekeeper.admit({
      requestId,
      principal,
      endpoint: 'chat',
      model: 'cache-model',
      promptTokens: item.counts.prompt,
      maxOutputTokens: item.counts.completion,
      stream: false,
    });
    await admission.settle({
      status: 'completed',
      usage,
      usageEstimated: false,
      servedBy: { deploymentId: 'd', provider: item.preset, upstreamModel: 'm' },
      latencyMs: 1,
      ttftMs: 1,
      errorCode: null,
      attempts: 1,
    });
    const record = await store.db
      .selectFrom('usage_records')
      .selectAll()
      .where('request_id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect({
      prompt: Number(record.prompt_tokens),
      cached: Number(record.cached_tokens),
      cacheWrite: Number(record.cache_write_tokens),
      completion: Number(record.completion_tokens),
      reasoning: Number(record.reasoning_tokens),
    }).toEqual(item.counts);
    expect(Number(record.cost)).toBe(item.charge);
    expect(Number(record.charged)).toBe(item.charge);
    // To the minor unit (fen) too, of course: the nano figure is exact.
    expect(Math.ceil(Number(record.charged) / 10_000_000)).toBe(Math.ceil(item.charge / 10_000_000));
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(1) - item.charge);
    expect(Number(record.price_version)).toBeGreaterThan(0);
  });

  it('never counts cached tokens twice or negative, whatever the upstream reports', async () => {
    const { usageFromOpenAI } = await import('../../providers/spec.ts');
    expect(
      usageFromOpenAI({ prompt_tokens: 10, completion_tokens: -5, prompt_tokens_details: { cached_tokens: 50 } }),
    ).toEqual({
      promptTokens: 10,
      completionTokens: 0,
      cachedTokens: 10,
      reasoningTokens: 0,
    });
    // DeepSeek without prompt_tokens: hit + miss is the prompt.
    expect(
      usageFromOpenAI({ prompt_cache_hit_tokens: 30, prompt_cache_miss_tokens: 70, completion_tokens: 1 }),
    ).toMatchObject({
      promptTokens: 100,
      cachedTokens: 30,
    });
  });
});
