/**
 * The Anthropic Messages API (`/v1/messages`) through the official `@anthropic-ai/sdk`, unchanged:
 * over the simulator and over an OpenAI-compatible upstream replaying recorded answers. Each
 * request goes through the same auth, limits, routing and metering as chat completions and is
 * billed exactly once, under the `messages` API.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { RecordedUpstream } from './support/recorded-upstream.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
let upstream: RecordedUpstream;
let client: Anthropic;
let key: string;
let orgId: string;

beforeAll(async () => {
  upstream = await new RecordedUpstream().start();
  server = await startTestServer({
    providers: { recorded: { type: 'openai-compatible', baseUrl: upstream.url, apiKey: 'sk-upstream' } },
    models: {
      'qwen-plus': { deployments: [{ provider: 'recorded', model: 'qwen-plus' }] },
      'deepseek-reasoner': { deployments: [{ provider: 'recorded', model: 'deepseek-reasoner' }] },
    },
    routing: { healthCheck: { enabled: false }, backoffBaseMs: 1, backoffMaxMs: 5 },
    commerce: {
      prices: { 'qwen-plus': { input: 1, output: 2 }, 'deepseek-reasoner': { input: 1, output: 2 } },
    },
  });
  ({ key, orgId } = await provisionKey(server));
  client = new Anthropic({ baseURL: server.url, apiKey: key, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

async function usageRecords(requestIds: string[]) {
  return server.platform.store.db
    .selectFrom('usage_records')
    .selectAll()
    .where('request_id', 'in', requestIds)
    .execute();
}

const ask = (text: string) => [{ role: 'user' as const, content: text }];

describe('the Anthropic SDK over the simulator', () => {
  it('creates a message, billed once under the messages API with the usage it reports', async () => {
    const { data: message, response } = await client.messages
      .create({ model: 'sim-chat', max_tokens: 256, system: 'You are Kaiyuan.', messages: ask('What is Kaiyuan?') })
      .withResponse();
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'sim-chat',
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.content).toHaveLength(1);
    const block = message.content[0]!;
    expect(block.type === 'text' && block.text).toContain('simulated answer to "What is Kaiyuan?"');
    expect(message.usage.output_tokens).toBe(48);
    const requestId = response.headers.get('x-request-id')!;
    expect(response.headers.get('request-id')).toBe(requestId);
    const records = await usageRecords([requestId]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      org_id: orgId,
      endpoint: 'messages',
      model: 'sim-chat',
      status: 'completed',
      prompt_tokens: message.usage.input_tokens,
      completion_tokens: message.usage.output_tokens,
    });
    expect(Number(records[0]!.charged)).toBeGreaterThan(0);
  });

  it('streams the exact event sequence, adding up to the same message and usage', async () => {
    const body = { model: 'sim-chat', max_tokens: 256, messages: ask('流式输出是怎么工作的？') };
    const whole = await client.messages.create(body);
    const { data: stream, response } = await client.messages.create({ ...body, stream: true }).withResponse();
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['message_start', 'content_block_start']);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(types.slice(2, -3))).toEqual(new Set(['content_block_delta']));
    const text = events
      .map((event) =>
        event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? event.delta.text : '',
      )
      .join('');
    expect(text).toBe((whole.content[0] as Anthropic.TextBlock).text);
    const delta = events.find((event) => event.type === 'message_delta') as Anthropic.RawMessageDeltaEvent;
    expect(delta.delta.stop_reason).toBe('end_turn');
    expect(delta.usage.output_tokens).toBe(whole.usage.output_tokens);
    expect(delta.usage.input_tokens).toBe(whole.usage.input_tokens);
    // The SDK's event parser drops pings; they are on the wire right after message_start.
    const raw = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    const wire = await raw.text();
    expect(wire.startsWith('event: message_start\n')).toBe(true);
    expect(wire.split('\n\n')[1]).toBe('event: ping\ndata: {"type":"ping"}');
    const records = await usageRecords([response.headers.get('x-request-id')!, raw.headers.get('x-request-id')!]);
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toMatchObject({ endpoint: 'messages', completion_tokens: whole.usage.output_tokens });
    }
  });

  it('works with the messages.stream helpers: text events, final message and final text', async () => {
    const stream = client.messages.stream({ model: 'sim-chat', max_tokens: 64, messages: ask('Tell me a story') });
    let streamed = '';
    stream.on('text', (text) => (streamed += text));
    const final = await stream.finalMessage();
    expect(final.content).toHaveLength(1);
    expect((final.content[0] as Anthropic.TextBlock).text).toBe(streamed);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    expect(final.stop_reason).toBe('end_turn');
  });

  it('runs a Claude Code style tool loop: tool_use, tool_result, answer', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'read_file',
        description: 'Read a file of the workspace',
        input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      },
    ];
    const files: Record<string, string> = { README: 'Kaiyuan serves open models.' };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'README' }];
    const requestIds: string[] = [];
    const used: string[] = [];
    for (let turn = 0; turn < 4; turn++) {
      const stream = client.messages.stream({
        model: 'sim-chat',
        max_tokens: 512,
        system: 'You are a coding agent.',
        tools,
        messages,
      });
      const message = await stream.finalMessage();
      requestIds.push(stream.request_id!);
      messages.push({ role: 'assistant', content: message.content });
      if (message.stop_reason !== 'tool_use') break;
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const block of message.content) {
        if (block.type !== 'tool_use') continue;
        used.push(block.name);
        const path = (block.input as { path: string }).path;
        results.push({ type: 'tool_result', tool_use_id: block.id, content: files[path] ?? 'not found' });
      }
      messages.push({ role: 'user', content: results });
    }
    expect(used).toEqual(['read_file']);
    const toolUse = (messages[1]!.content as Anthropic.ContentBlock[]).find((block) => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'read_file', input: { path: 'README' } });
    const last = messages[messages.length - 1]!.content as Anthropic.ContentBlock[];
    expect(last).toEqual([{ type: 'text', text: 'The tool returned: Kaiyuan serves open models.' }]);
    const records = await usageRecords(requestIds.filter(Boolean));
    expect(records).toHaveLength(2);
    expect(records.every((record) => record.endpoint === 'messages')).toBe(true);
  });

  it('honours tool_choice none and a named tool', async () => {
    const tools: Anthropic.Tool[] = [
      { name: 'first', input_schema: { type: 'object', properties: {} } },
      { name: 'second', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    const none = await client.messages.create({
      model: 'sim-chat',
      max_tokens: 64,
      tools,
      tool_choice: { type: 'none' },
      messages: ask('hi'),
    });
    expect(none.content.map((block) => block.type)).toEqual(['text']);
    const named = await client.messages.create({
      model: 'sim-chat',
      max_tokens: 64,
      tools,
      tool_choice: { type: 'tool', name: 'second' },
      messages: ask('hi'),
    });
    expect(named.stop_reason).toBe('tool_use');
    expect(named.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'second' })]);
  });

  it("shows a reasoning model's reasoning as thinking blocks when thinking is on", async () => {
    const body = { model: 'sim-reasoner', max_tokens: 1024, messages: ask('Which is larger, 9.11 or 9.9?') };
    const thinking = await client.messages.create({ ...body, thinking: { type: 'enabled', budget_tokens: 512 } });
    expect(thinking.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    const block = thinking.content[0] as Anthropic.ThinkingBlock;
    expect(block.thinking.length).toBeGreaterThan(0);
    expect(block.signature.length).toBeGreaterThan(0);

    const stream = client.messages.stream({ ...body, thinking: { type: 'enabled', budget_tokens: 512 } });
    let streamedThinking = '';
    stream.on('thinking', (delta) => (streamedThinking += delta));
    const final = await stream.finalMessage();
    expect(streamedThinking).toBe(block.thinking);
    expect(final.content).toEqual(thinking.content);

    const plain = await client.messages.create(body);
    expect(plain.content.map((part) => part.type)).toEqual(['text']);
    // The reasoning is generated (and billed) all the same.
    expect(plain.usage.output_tokens).toBe(thinking.usage.output_tokens);
  });

  it('stops at a stop sequence and says which one', async () => {
    const body = { model: 'sim-chat', max_tokens: 256, stop_sequences: ['simulated'], messages: ask('Stop early') };
    const message = await client.messages.create(body);
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'simulated' });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'This is a ' })]);
    const streamed = await client.messages.stream(body).finalMessage();
    expect(streamed).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'simulated' });
    const short = await client.messages.create({ model: 'sim-chat', max_tokens: 3, messages: ask('Stop early') });
    expect(short.stop_reason).toBe('max_tokens');
    expect(short.usage.output_tokens).toBe(3);
  });

  it('takes images next to text, and multi-turn conversations', async () => {
    const message = await client.messages.create({
      model: 'sim-chat',
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'Remember: blue.' },
        { role: 'assistant', content: 'Noted.' },
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: {
                type: 'base64',
                media_type: 'image/png',
                data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
              },
            },
            { type: 'text', text: 'What colour?' },
          ],
        },
      ],
    });
    expect((message.content[0] as Anthropic.TextBlock).text).toContain('What colour?');
  });

  it('counts input tokens without calling a model or billing', async () => {
    const before = await server.platform.store.db
      .selectFrom('usage_records')
      .select('request_id')
      .where('org_id', '=', orgId)
      .execute();
    const plain = await client.messages.countTokens({ model: 'sim-chat', messages: ask('How many tokens is this?') });
    const withTools = await client.messages.countTokens({
      model: 'sim-chat',
      system: 'You are Kaiyuan.',
      tools: [
        {
          name: 'lookup',
          description: 'Look something up',
          input_schema: { type: 'object', properties: { q: { type: 'string' } } },
        },
      ],
      messages: ask('How many tokens is this?'),
    });
    expect(plain.input_tokens).toBeGreaterThan(5);
    expect(withTools.input_tokens).toBeGreaterThan(plain.input_tokens + 10);
    const after = await server.platform.store.db
      .selectFrom('usage_records')
      .select('request_id')
      .where('org_id', '=', orgId)
      .execute();
    expect(after).toHaveLength(before.length);
    await expect(client.messages.countTokens({ model: 'no-such-model', messages: ask('x') })).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    );
  });
});

describe('errors and limits on /v1/messages, in the Anthropic shape', () => {
  it('answers a bad key, an unknown model and a malformed request with Anthropic errors', async () => {
    const stranger = new Anthropic({ baseURL: server.url, apiKey: 'sk-ky-wrong', maxRetries: 0 });
    const unauthorized = await stranger.messages
      .create({ model: 'sim-chat', max_tokens: 5, messages: ask('x') })
      .catch((error) => error);
    expect(unauthorized).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(unauthorized.error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    const missing = await client.messages
      .create({ model: 'no-such-model', max_tokens: 5, messages: ask('x') })
      .catch((error) => error);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect(missing.error.error.type).toBe('not_found_error');

    const malformed = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-chat', messages: ask('x') }),
    });
    expect(malformed.status).toBe(400);
    const body = await malformed.json();
    expect(body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') },
      request_id: malformed.headers.get('x-request-id'),
    });
  });

  it('refuses a free key over its RPM with 429 exactly as chat completions does', async () => {
    const limited = await provisionKey(server, { plan: 'free', topUp: 0, key: { limits: { rpm: 2 } } });
    const anthropic = new Anthropic({ baseURL: server.url, apiKey: limited.key, maxRetries: 0 });
    await anthropic.messages.create({ model: 'sim-chat', max_tokens: 8, messages: ask('one') });
    await anthropic.messages.create({ model: 'sim-chat', max_tokens: 8, messages: ask('two') });
    const refused = await anthropic.messages
      .create({ model: 'sim-chat', max_tokens: 8, messages: ask('three') })
      .catch((error) => error);
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    expect(refused.error.error.type).toBe('rate_limit_error');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const chat = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'sim-chat', messages: ask('four') }),
    });
    expect(chat.status).toBe(429);
    expect((await chat.json()).error.message).toBe(refused.error.error.message);
    const records = await server.platform.store.db
      .selectFrom('usage_records')
      .selectAll()
      .where('org_id', '=', limited.orgId)
      .execute();
    expect(records.map((record) => record.endpoint)).toEqual(['messages', 'messages']);
  });

  it('refuses an organization without balance with a billing error', async () => {
    const broke = await provisionKey(server, { plan: 'pro', topUp: 0 });
    const anthropic = new Anthropic({ baseURL: server.url, apiKey: broke.key, maxRetries: 0 });
    const refused = await anthropic.messages
      .create({ model: 'sim-chat', max_tokens: 8, messages: ask('x') })
      .catch((error) => error);
    expect(refused.status).toBe(402);
    expect(refused.error.error.type).toBe('billing_error');
  });
});

describe('the Anthropic SDK over an OpenAI-compatible upstream', () => {
  it('translates the recorded answer and bills the usage the upstream reported', async () => {
    const { data: message, response } = await client.messages
      .create({ model: 'qwen-plus', max_tokens: 100, system: 'Be kind.', messages: ask('你好') })
      .withResponse();
    expect(upstream.lastRequest).toMatchObject({
      model: 'qwen-plus',
      max_tokens: 100,
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: '你好' },
      ],
    });
    expect(message.content).toEqual([{ type: 'text', text: '你好！我是 DeepSeek，有什么可以帮你的吗？' }]);
    expect(message.usage).toMatchObject({ input_tokens: 16, output_tokens: 12 });
    const [record] = await usageRecords([response.headers.get('x-request-id')!]);
    expect(record).toMatchObject({
      endpoint: 'messages',
      prompt_tokens: 16,
      completion_tokens: 12,
      provider: 'recorded',
    });
  });

  it('streams a recorded tool call as a tool_use block and bills it once', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } } },
      },
    ];
    const stream = client.messages.stream({ model: 'qwen-plus', max_tokens: 100, tools, messages: ask('杭州天气') });
    const jsonSnapshots: unknown[] = [];
    stream.on('inputJson', (_delta, snapshot) => jsonSnapshots.push(snapshot));
    const message = await stream.finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_4f2a9c0e7b1d4e3a', name: 'get_weather', input: { city: '杭州', unit: 'celsius' } },
    ]);
    expect(jsonSnapshots.at(-1)).toEqual({ city: '杭州', unit: 'celsius' });
    expect(message.usage).toMatchObject({ input_tokens: 236, output_tokens: 24 });
    expect(upstream.lastRequest.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', parameters: tools[0]!.input_schema } },
    ]);
    expect(upstream.lastRequest.stream_options).toEqual({ include_usage: true });
    const [record] = await usageRecords([stream.request_id!]);
    expect(record).toMatchObject({ endpoint: 'messages', prompt_tokens: 236, completion_tokens: 24 });
  });

  it('streams recorded reasoning as thinking', async () => {
    const message = await client.messages
      .stream({
        model: 'deepseek-reasoner',
        max_tokens: 100,
        thinking: { type: 'enabled', budget_tokens: 64 },
        messages: ask('9.11 vs 9.9'),
      })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect((message.content[0] as Anthropic.ThinkingBlock).thinking).toContain('9.11');
  });

  it('retries a failing upstream like any chat request and bills the answer once', async () => {
    upstream.failNext = 1;
    const calls = upstream.requests.length;
    const { data: message, response } = await client.messages
      .create({ model: 'qwen-plus', max_tokens: 100, messages: ask('retry me') })
      .withResponse();
    expect(upstream.requests.length).toBe(calls + 2);
    expect(response.headers.get('x-kaiyuan-attempts')).toBe('2');
    expect(message.usage.output_tokens).toBe(12);
    const records = await usageRecords([response.headers.get('x-request-id')!]);
    expect(records).toHaveLength(1);
  });
});
