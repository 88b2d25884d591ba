/**
 * The OpenAI Responses API (`/v1/responses`) through the official `openai` SDK, unchanged: over
 * the simulator and over an OpenAI-compatible upstream replaying recorded answers. Each request
 * goes through the same auth, limits, routing and metering as chat completions and is billed
 * exactly once, under the `responses` API; stored responses belong to their organization.
 */
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { RecordedUpstream } from './support/recorded-upstream.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
let upstream: RecordedUpstream;
let client: OpenAI;
let orgId: string;

beforeAll(async () => {
  upstream = await new RecordedUpstream().start();
  server = await startTestServer({
    providers: { recorded: { type: 'openai-compatible', baseUrl: upstream.url, apiKey: 'sk-upstream' } },
    models: { 'qwen-plus': { deployments: [{ provider: 'recorded', model: 'qwen-plus' }] } },
    routing: { healthCheck: { enabled: false } },
    commerce: { prices: { 'qwen-plus': { input: 1, output: 2 } } },
  });
  const provisioned = await provisionKey(server);
  orgId = provisioned.orgId;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: provisioned.key, maxRetries: 0 });
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

/** The text of a response's message items. */
function messageText(response: OpenAI.Responses.Response): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

describe('the OpenAI SDK Responses API over the simulator', () => {
  it('creates a response, billed once under the responses API with the usage it reports', async () => {
    const { data: response, response: http } = await client.responses
      .create({ model: 'sim-chat', instructions: 'You are Kaiyuan.', input: 'What is Kaiyuan?' })
      .withResponse();
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'sim-chat', error: null });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toContain('simulated answer to "What is Kaiyuan?"');
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.usage).toMatchObject({ output_tokens: 48 });
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + 48);
    const records = await usageRecords([http.headers.get('x-request-id')!]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      org_id: orgId,
      endpoint: 'responses',
      model: 'sim-chat',
      status: 'completed',
      prompt_tokens: response.usage!.input_tokens,
      completion_tokens: 48,
    });
  });

  it('streams the semantic events, adding up to the same response', async () => {
    const whole = await client.responses.create({ model: 'sim-chat', input: '流式输出是怎么工作的？' });
    const { data: stream, response: http } = await client.responses
      .create({ model: 'sim-chat', input: '流式输出是怎么工作的？', stream: true })
      .withResponse();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const text = events.map((event) => (event.type === 'response.output_text.delta' ? event.delta : '')).join('');
    expect(text).toBe(whole.output_text);
    const completed = events.at(-1) as OpenAI.Responses.ResponseCompletedEvent;
    expect(completed.response.usage).toEqual(whole.usage);
    const records = await usageRecords([http.headers.get('x-request-id')!]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ endpoint: 'responses', completion_tokens: whole.usage!.output_tokens });
  });

  it('works with the responses.stream helper: deltas with snapshots and the final response', async () => {
    const stream = client.responses.stream({ model: 'sim-chat', input: 'Tell me a story' });
    let streamed = '';
    let snapshot = '';
    stream.on('response.output_text.delta', (event) => {
      streamed += event.delta;
      snapshot = event.snapshot;
    });
    const final = await stream.finalResponse();
    // output_text is the SDK's convenience on create(); a streamed response has its text in output.
    expect(messageText(final)).toBe(streamed);
    expect(snapshot).toBe(streamed);
    expect(final.status).toBe('completed');
  });

  it('runs a tool loop with previous_response_id: function call, its output, the answer', async () => {
    const first = await client.responses.create({ model: 'sim-chat', input: 'Hangzhou', tools: [weatherTool] });
    const call = first.output.find(
      (item) => item.type === 'function_call',
    ) as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Hangzhou' });
    const second = await client.responses.create({
      model: 'sim-chat',
      previous_response_id: first.id,
      tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature": 21}' }],
    });
    expect(second.output_text).toBe('The tool returned: {"temperature": 21}');
    expect(second.previous_response_id).toBe(first.id);
    // The stored conversation (question and function call) was sent again: more input tokens.
    expect(second.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens);
  });

  it('streams a function call with argument deltas through responses.stream', async () => {
    const stream = client.responses.stream({ model: 'sim-chat', input: 'Shanghai', tools: [weatherTool] });
    const deltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    const call = final.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call.type).toBe('function_call');
    expect(deltas.join('')).toBe(call.arguments);
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Shanghai' });
  });

  it("shows a reasoning model's reasoning as a summary when asked", async () => {
    const response = await client.responses.create({
      model: 'sim-reasoner',
      input: 'Which is larger, 9.11 or 9.9?',
      reasoning: { effort: 'low', summary: 'auto' },
    });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const reasoning = response.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.summary[0]!.text.length).toBeGreaterThan(0);
    expect(response.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);

    const stream = client.responses.stream({
      model: 'sim-reasoner',
      input: 'Which is larger, 9.11 or 9.9?',
      reasoning: { summary: 'auto' },
    });
    let summary = '';
    stream.on('response.reasoning_summary_text.delta', (event) => (summary += event.delta));
    const final = await stream.finalResponse();
    expect(summary).toBe(reasoning.summary[0]!.text);
    expect(messageText(final)).toBe(response.output_text);
  });

  it('answers in the JSON schema of text.format, parsed by the SDK', async () => {
    const Label = z.object({ label: z.enum(['positive', 'negative']) });
    const parsed = await client.responses.parse({
      model: 'sim-chat',
      input: 'Classify: great product',
      text: { format: zodTextFormat(Label, 'label') },
    });
    expect(parsed.output_parsed).toEqual({ label: 'positive' });
    expect(parsed.text?.format).toMatchObject({ type: 'json_schema', name: 'label' });
  });

  it('keeps responses for the organization: retrieve, delete, store false, other organizations', async () => {
    const stored = await client.responses.create({ model: 'sim-chat', input: 'Keep me', metadata: { topic: 'test' } });
    const fetched = await client.responses.retrieve(stored.id);
    expect(fetched).toMatchObject({
      id: stored.id,
      output: stored.output,
      usage: stored.usage,
      metadata: { topic: 'test' },
    });

    const other = await provisionKey(server);
    const stranger = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: other.key, maxRetries: 0 });
    await expect(stranger.responses.retrieve(stored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const foreign = await stranger.responses
      .create({ model: 'sim-chat', previous_response_id: stored.id, input: 'continue' })
      .catch((error) => error);
    expect(foreign).toBeInstanceOf(OpenAI.BadRequestError);
    expect(foreign.param).toBe('previous_response_id');
    await expect(stranger.responses.delete(stored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const deleted: unknown = await client.responses.delete(stored.id);
    expect(deleted).toEqual({ id: stored.id, object: 'response', deleted: true });
    await expect(client.responses.retrieve(stored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const unstored = await client.responses.create({ model: 'sim-chat', input: 'Forget me', store: false });
    expect((unstored as { store?: boolean }).store).toBe(false);
    await expect(client.responses.retrieve(unstored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const row = await server.platform.store.db
      .selectFrom('stored_responses')
      .select('id')
      .where('id', '=', unstored.id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('refuses a free key over its RPM with 429 exactly as chat completions does', async () => {
    const limited = await provisionKey(server, { plan: 'free', topUp: 0, key: { limits: { rpm: 1 } } });
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: limited.key, maxRetries: 0 });
    await openai.responses.create({ model: 'sim-chat', input: 'one' });
    const refused = await openai.responses.create({ model: 'sim-chat', input: 'two' }).catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const chat = await openai.chat.completions
      .create({ model: 'sim-chat', messages: [{ role: 'user', content: 'three' }] })
      .catch((error) => error);
    expect(chat).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refused.message).toBe(chat.message);
  });
});

describe('balances hold on /v1/responses', () => {
  it('refuses an organization whose balance cannot cover the request, and bills nothing', async () => {
    const broke = await provisionKey(server, { plan: 'pro', topUp: 0 });
    const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: broke.key, maxRetries: 0 });
    const refused = await openai.responses.create({ model: 'sim-chat', input: 'x' }).catch((error) => error);
    expect(refused.status).toBe(402);
    expect(refused.code).toBe('insufficient_quota');
    const records = await server.platform.store.db
      .selectFrom('usage_records')
      .select('request_id')
      .where('org_id', '=', broke.orgId)
      .where('status', '=', 'completed')
      .execute();
    expect(records).toEqual([]);
  });
});

describe("stored responses expire after the operator's retention", () => {
  it('forgets a response once its retention is over', async () => {
    const shortLived = await startTestServer({ responses: { retentionDays: 0.5 / 86_400 } });
    try {
      const { key } = await provisionKey(shortLived);
      const openai = new OpenAI({ baseURL: `${shortLived.url}/v1`, apiKey: key, maxRetries: 0 });
      const response = await openai.responses.create({ model: 'sim-chat', input: 'Brief memory' });
      expect((await openai.responses.retrieve(response.id)).id).toBe(response.id);
      await new Promise((resolve) => setTimeout(resolve, 700));
      await expect(openai.responses.retrieve(response.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      const continued = await openai.responses
        .create({ model: 'sim-chat', previous_response_id: response.id, input: 'and then?' })
        .catch((error) => error);
      expect(continued).toBeInstanceOf(OpenAI.BadRequestError);
    } finally {
      await shortLived.close();
    }
  });
});

describe('the OpenAI SDK Responses API over an OpenAI-compatible upstream', () => {
  it('translates the recorded answer, and continues a conversation with the stored turns', async () => {
    const first = await client.responses.create({ model: 'qwen-plus', instructions: 'Be kind.', input: '你好' });
    expect(first.output_text).toBe('你好！我是 DeepSeek，有什么可以帮你的吗？');
    expect(first.usage).toMatchObject({ input_tokens: 16, output_tokens: 12, total_tokens: 28 });
    const second = await client.responses.create({
      model: 'qwen-plus',
      previous_response_id: first.id,
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: '再说一遍' }] }],
    });
    expect(second.output_text).toBe(first.output_text);
    // Instructions are not carried over; the earlier turns are.
    expect(upstream.lastRequest.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '你好！我是 DeepSeek，有什么可以帮你的吗？' },
      { role: 'user', content: '再说一遍' },
    ]);
  });

  it('streams a recorded function call, then sends its output after the stored call', async () => {
    const stream = client.responses.stream({ model: 'qwen-plus', input: '杭州天气', tools: [weatherTool] });
    const final = await stream.finalResponse();
    const call = final.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', call_id: 'call_4f2a9c0e7b1d4e3a', name: 'get_weather' });
    expect(JSON.parse(call.arguments)).toEqual({ city: '杭州', unit: 'celsius' });
    expect(final.usage).toMatchObject({
      input_tokens: 236,
      output_tokens: 24,
      input_tokens_details: { cached_tokens: 0 },
    });
    expect(upstream.lastRequest.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather of a city',
          parameters: weatherTool.parameters,
          strict: true,
        },
      },
    ]);

    const answer = await client.responses.create({
      model: 'qwen-plus',
      previous_response_id: final.id,
      tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temperature":21}' }],
    });
    expect(answer.output_text).toBe('你好！我是 DeepSeek，有什么可以帮你的吗？');
    expect(upstream.lastRequest.messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_4f2a9c0e7b1d4e3a',
            type: 'function',
            function: { name: 'get_weather', arguments: call.arguments },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_4f2a9c0e7b1d4e3a', content: '{"temperature":21}' },
    ]);
    const records = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['endpoint', 'prompt_tokens', 'completion_tokens'])
      .where('org_id', '=', orgId)
      .where('model', '=', 'qwen-plus')
      .execute();
    expect(records.length).toBe(4);
    expect(records.every((record) => record.endpoint === 'responses')).toBe(true);
  });
});
