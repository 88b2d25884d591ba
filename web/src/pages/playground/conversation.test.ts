import { describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../api/models-api.ts';
import {
  buildRequest,
  editPoint,
  regenerationPoint,
  sendBlocker,
  userOrdinal,
  type ChatParameters,
  type ChatTurn,
} from './conversation.ts';

const model = { id: 'sim-chat', capabilities: ['chat'], pricing: null } as unknown as CatalogModel;
const parameters: ChatParameters = {
  api: 'chat',
  model,
  systemPrompt: 'Be brief.',
  temperature: null,
  maxTokens: null,
  jsonMode: false,
  toolsEnabled: false,
  toolsText: '',
};

const turns: ChatTurn[] = [
  { id: 1, role: 'user', content: 'first' },
  { id: 2, role: 'assistant', content: 'answer 1', status: 'done' },
  { id: 3, role: 'user', content: 'second' },
  { id: 4, role: 'assistant', content: 'answer 2', status: 'done' },
];

describe('regenerating and editing a conversation', () => {
  it('regenerates the last answer from the message it answered', () => {
    expect(regenerationPoint(turns)).toEqual({ history: turns.slice(0, 2), message: 'second' });
    // A stopped or failed answer can be regenerated too; a streaming one cannot, nor a lone message.
    expect(regenerationPoint([...turns.slice(0, 3), { ...turns[3]!, status: 'error' }])?.message).toBe('second');
    expect(regenerationPoint([...turns.slice(0, 3), { ...turns[3]!, status: 'streaming' }])).toBeNull();
    expect(regenerationPoint(turns.slice(0, 3))).toBeNull();
    expect(regenerationPoint([])).toBeNull();
  });

  it('edits a previous message: the turns before stay, it and the later turns are dropped', () => {
    expect(editPoint(turns, 0, 'first, edited')).toEqual({ history: [], message: 'first, edited' });
    expect(editPoint(turns, 1, 'second, edited')).toEqual({ history: turns.slice(0, 2), message: 'second, edited' });
    expect(editPoint(turns, 2, 'no such message')).toBeNull();
    expect(editPoint(turns, 0, '   ')).toBeNull();
    expect(userOrdinal(turns, 3)).toBe(1);
    expect(userOrdinal(turns, 4)).toBe(-1);
  });

  it('sends the history of the resend point, not the dropped turns', () => {
    const point = editPoint(turns, 1, 'second, edited')!;
    expect(buildRequest(parameters, point.history, point.message).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'answer 1' },
      { role: 'user', content: 'second, edited' },
    ]);
  });
});

describe('JSON mode and tools in the request', () => {
  it('asks for a JSON object except through the Messages API, which has no JSON mode', () => {
    expect(buildRequest({ ...parameters, jsonMode: true }, [], 'hi').response_format).toEqual({ type: 'json_object' });
    expect(buildRequest({ ...parameters, jsonMode: true, api: 'messages' }, [], 'hi')).not.toHaveProperty(
      'response_format',
    );
    expect(buildRequest(parameters, [], 'hi')).not.toHaveProperty('response_format');
  });

  it('sends the tool definitions only when switched on and valid, and blocks sending invalid ones', () => {
    const toolsText = '[{"name": "now"}]';
    expect(buildRequest({ ...parameters, toolsText }, [], 'hi')).not.toHaveProperty('tools');
    expect(buildRequest({ ...parameters, toolsEnabled: true, toolsText }, [], 'hi').tools).toEqual([
      { type: 'function', function: { name: 'now' } },
    ]);
    expect(sendBlocker({ ...parameters, toolsEnabled: true, toolsText })).toBeNull();
    expect(sendBlocker({ ...parameters, toolsEnabled: true, toolsText: '[{' })).toBe('invalid-tools');
    expect(sendBlocker({ ...parameters, model: null })).toBe('no-model');
  });
});
