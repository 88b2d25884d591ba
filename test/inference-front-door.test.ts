import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferenceRoutes } from '../src/http/routes/index.ts';
import type { RunningServer } from '../src/main.ts';
import { provisionKey } from './support/provision.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
let apiKey: string;

beforeAll(async () => {
  server = await startTestServer({ server: { host: '127.0.0.1', port: 0, bodyLimitMb: 0.01, trustProxy: false } });
  apiKey = (await provisionKey(server)).key;
});

afterAll(async () => {
  await server?.close();
});

async function post(body: string, headers: Record<string, string> = {}, path = '/v1/chat/completions') {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { error?: { code: string; param: string | null; message: string } },
  };
}

const chat = JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] });

describe('the inference routes served before Fastify', () => {
  it('refuse a body that is not JSON with 415, and one over the body limit with 413', async () => {
    const text = await post(chat, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.error!.code).toBe('unsupported_media_type');
    const large = await post(
      JSON.stringify({ model: 'sim-chat', messages: [{ role: 'user', content: 'x'.repeat(20_000) }] }),
    );
    expect(large.status).toBe(413);
    expect(large.body.error!.code).toBe('request_too_large');
  });

  it('refuse an empty body and prototype-poisoning keys as invalid JSON', async () => {
    expect((await post('')).body.error!.code).toBe('invalid_json');
    const poisoned = await post(
      '{"model":"sim-chat","messages":[{"role":"user","content":"hi"}],"__proto__":{"admin":true}}',
    );
    expect(poisoned.status).toBe(400);
    expect(poisoned.body.error!.code).toBe('invalid_json');
    const constructor = await post(
      '{"model":"sim-chat","messages":[{"role":"user","content":"hi"}],"constructor":{"prototype":{"admin":true}}}',
    );
    expect(constructor.body.error!.code).toBe('invalid_json');
  });

  it('validate with the route schema and name the offending parameter', async () => {
    const missing = await post(JSON.stringify({ model: 'sim-chat' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error!.param).toBe('messages');
    const badRole = await post(JSON.stringify({ model: 'sim-chat', messages: [{ role: 'robot', content: 'hi' }] }));
    expect(badRole.body.error!.param).toBe('messages[0].role');
    const embeddings = await post(JSON.stringify({ model: 'sim-embed', input: [] }), {}, '/v1/embeddings');
    expect(embeddings.body.error!.param).toBe('input');
  });

  it('check credentials after the body, give every answer an x-request-id, and leave other routes to Fastify', async () => {
    const anonymous = await post(chat, { authorization: '' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error!.code).toBe('missing_api_key');
    expect(anonymous.headers.get('x-request-id')).toMatch(/^req_/);
    const withQuery = await post(chat, {}, '/v1/chat/completions?trace=1');
    expect(withQuery.status).toBe(200);
    const wrongMethod = await fetch(`${server.url}/v1/chat/completions`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(wrongMethod.status).toBe(404);
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('unknown_url');
  });

  it('serve every route of the route table, each with its schema and service call', async () => {
    const answers: Record<string, unknown> = {
      '/v1/chat/completions': { object: 'chat.completion' },
      '/v1/completions': { object: 'text_completion' },
      '/v1/embeddings': { object: 'list' },
      '/v1/messages': { type: 'message' },
      '/v1/messages/count_tokens': { input_tokens: expect.any(Number) },
      '/v1/responses': { object: 'response' },
    };
    const bodies: Record<string, unknown> = {
      '/v1/chat/completions': { model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] },
      '/v1/completions': { model: 'sim-chat', prompt: 'hi' },
      '/v1/embeddings': { model: 'sim-embed', input: 'hi' },
      '/v1/messages': { model: 'sim-chat', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] },
      '/v1/messages/count_tokens': { model: 'sim-chat', messages: [{ role: 'user', content: 'hi' }] },
      '/v1/responses': { model: 'sim-chat', input: 'hi' },
    };
    expect(inferenceRoutes.map((route) => `${route.method} ${route.path}`)).toEqual(
      Object.keys(answers).map((path) => `POST ${path}`),
    );
    for (const route of inferenceRoutes) {
      const empty = await post('{}', {}, route.path);
      expect(empty.status, route.path).toBe(400);
      if (route.errorShape === 'anthropic') {
        // Anthropic's error shape has no param: the message names the field.
        expect(empty.body, route.path).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
        expect(empty.body.error!.message, route.path).toContain("'model'");
      } else expect(empty.body.error!.param, route.path).toBe('model');
      const served = await post(JSON.stringify(bodies[route.path]), {}, route.path);
      expect(served.status, route.path).toBe(200);
      expect(served.body, route.path).toMatchObject(answers[route.path] as object);
    }
  });
});
