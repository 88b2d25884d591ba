import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
let client: OpenAI;
let apiKey: string;

beforeAll(async () => {
  server = await startTestServer();
  const { key } = await provisionKey(server);
  apiKey = key;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
});

describe('the gateway through the official OpenAI SDK', () => {
  it('answers a chat completion with usage', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'What is Kaiyuan?' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toContain('simulated answer to "What is Kaiyuan?"');
    expect(completion.usage!.completion_tokens).toBe(48);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + 48);
  });

  it('streams with usage in the last chunk, and the stream adds up to the non-streamed answer', async () => {
    const messages = [{ role: 'user' as const, content: '流式输出是怎么工作的？' }];
    const whole = await client.chat.completions.create({ model: 'sim-chat', messages });
    const stream = await client.chat.completions.create({
      model: 'sim-chat',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(finish).toBe('stop');
    expect(usage).toEqual(whole.usage);
  });

  it('leaves the usage chunk out when the client did not ask for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
  });

  it('completes a tool-call round trip, streamed tool-call deltas included', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather of a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Hangzhou' }];
    const stream = await client.chat.completions.create({ model: 'sim-chat', messages, tools, stream: true });
    let name = '';
    let argumentsText = '';
    let id = '';
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta?.tool_calls?.[0];
      if (call?.id) id = call.id;
      name += call?.function?.name ?? '';
      argumentsText += call?.function?.arguments ?? '';
    }
    expect(name).toBe('get_weather');
    expect(JSON.parse(argumentsText)).toEqual({ city: 'Hangzhou' });
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: [{ id, type: 'function', function: { name, arguments: argumentsText } }],
    });
    messages.push({ role: 'tool', tool_call_id: id, content: '{"temperature": 21}' });
    const answer = await client.chat.completions.create({ model: 'sim-chat', messages, tools });
    expect(answer.choices[0]!.message.content).toBe('The tool returned: {"temperature": 21}');
  });

  it('returns structured output for json_schema and JSON for json_object', async () => {
    const structured = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'Classify: great product' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'label',
          schema: {
            type: 'object',
            properties: { label: { type: 'string', enum: ['positive', 'negative'] } },
            required: ['label'],
          },
        },
      },
    });
    expect(JSON.parse(structured.choices[0]!.message.content!)).toEqual({ label: 'positive' });
    const object = await client.chat.completions.create({
      model: 'sim-chat',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
    });
    expect(JSON.parse(object.choices[0]!.message.content!)).toHaveProperty('answer');
  });

  it('passes reasoning_content through for a reasoning model', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim-reasoner',
      messages: [{ role: 'user', content: 'Why?' }],
    });
    const message = completion.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.reasoning_content).toMatch(/key points/);
    expect(completion.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it('creates embeddings (the SDK asks for base64 and decodes it)', async () => {
    const response = await client.embeddings.create({ model: 'sim-embed', input: ['开源模型', 'open models'] });
    expect(response.data).toHaveLength(2);
    expect(response.data[0]!.embedding).toHaveLength(256);
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('serves legacy completions', async () => {
    const completion = await client.completions.create({
      model: 'sim-chat',
      prompt: 'Once upon a time',
      max_tokens: 6,
    });
    expect(completion.choices[0]!.text.length).toBeGreaterThan(0);
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(completion.usage!.completion_tokens).toBe(6);
  });

  it('lists models with catalog metadata and retrieves one', async () => {
    const page = await client.models.list();
    const ids = page.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['sim-chat', 'sim-embed', 'sim-reasoner']));
    const chat = page.data.find((model) => model.id === 'sim-chat') as unknown as Record<string, unknown>;
    expect(chat.capabilities).toEqual(expect.arrayContaining(['chat', 'tools', 'json_schema']));
    expect(chat.providers).toEqual([expect.objectContaining({ provider: 'simulator', upstream_model: 'sim-chat' })]);
    const one = await client.models.retrieve('sim-embed');
    expect(one.id).toBe('sim-embed');
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
    expect(error.param).toBe('model');
    const retrieve = await client.models.retrieve('no-such-model').catch((thrown) => thrown);
    expect(retrieve.status).toBe(404);
  });

  it('answers missing required fields with 400 and the param set', async () => {
    const missing = await client.chat.completions.create({ model: 'sim-chat' } as never).catch((thrown) => thrown);
    expect(missing).toBeInstanceOf(OpenAI.BadRequestError);
    expect(missing.param).toBe('messages');
    const badType = await client.chat.completions
      .create({ model: 'sim-chat', messages: [{ role: 'user', content: 'x' }], n: 'two' } as never)
      .catch((thrown) => thrown);
    expect(badType.status).toBe(400);
    expect(badType.param).toBe('n');
    const wrongEndpoint = await client.chat.completions
      .create({ model: 'sim-embed', messages: [{ role: 'user', content: 'x' }] })
      .catch((thrown) => thrown);
    expect(wrongEndpoint.status).toBe(400);
    expect(wrongEndpoint.code).toBe('model_not_supported');
  });

  it('answers malformed JSON with 400 invalid_json in the OpenAI error shape', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: '{"model": "sim-chat", "messages": [',
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({
      error: {
        message: expect.stringContaining('parse the JSON body'),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_json',
      },
    });
  });

  it('returns its own x-request-id, echoes the client one as x-client-request-id, and names the serving deployment', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'client-chosen-id',
        authorization: `Bearer ${apiKey}`,
      },
      body: JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{9}[0-9A-Za-z]{20}$/);
    expect(response.headers.get('x-client-request-id')).toBe('client-chosen-id');
    // Customers see the deployment's pseudonym, not its name (routing.deploymentHeaders: opaque).
    expect(response.headers.get('x-kaiyuan-deployment')).toMatch(/^dep_[0-9a-f]{16}$/);
  });

  it('serves health and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { store: 'ok' } });
  });
});
