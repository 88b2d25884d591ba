import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { provisionKey } from '../support/provision.ts';
import { startTestServer } from '../support/test-server.ts';

let server: RunningServer;
/** A SiliconFlow-like rerank upstream: answers `rerankAnswer` on POST /v1/rerank and keeps the last body. */
const upstream = {
  server: null as Server | null,
  url: '',
  rerankAnswer: {} as unknown,
  lastRerankBody: null as unknown,
  async close() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  },
};

beforeAll(async () => {
  upstream.server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      if (request.url !== '/v1/rerank') return void response.writeHead(404).end('{}');
      upstream.lastRerankBody = JSON.parse(text);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(upstream.rerankAnswer));
    });
  });
  await new Promise<void>((resolve) => upstream.server!.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
  server = await startTestServer({
    providers: { 'sf-fake': { baseUrl: `${upstream.url}/v1`, apiKey: 'sk-upstream' } },
    models: {
      'bge-reranker': {
        capabilities: ['rerank'],
        deployments: [{ provider: 'sf-fake', model: 'BAAI/bge-reranker-v2-m3' }],
      },
    },
    commerce: { prices: { 'bge-reranker': { input: 1, output: 0, currency: 'CNY', freeTier: false } } },
  });
});

afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

async function rerank(key: string, body: unknown) {
  const response = await fetch(`${server.url}/v1/rerank`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any, headers: response.headers };
}

describe('POST /v1/rerank', () => {
  it('ranks documents with sim-rerank offline, honours top_n and return_documents, and bills the input once', async () => {
    const { key, orgId } = await provisionKey(server);
    const { status, json, headers } = await rerank(key, {
      model: 'sim-rerank',
      query: '开源大模型的部署',
      documents: ['今天天气很好', { text: '如何部署开源大模型' }, '大模型推理服务'],
      top_n: 2,
      return_documents: true,
    });
    expect(status).toBe(200);
    expect(json.results).toHaveLength(2);
    expect(json.results[0]).toMatchObject({ index: 1, document: { text: '如何部署开源大模型' } });
    expect(json.results[0].relevance_score).toBeGreaterThan(json.results[1].relevance_score);
    expect(json.usage.total_tokens).toBeGreaterThan(0);
    const rows = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['endpoint', 'model', 'prompt_tokens', 'completion_tokens', 'cost'])
      .where('request_id', '=', headers.get('x-request-id')!)
      .where('org_id', '=', orgId)
      .execute();
    expect(rows).toEqual([
      expect.objectContaining({
        endpoint: 'rerank',
        model: 'sim-rerank',
        prompt_tokens: json.usage.prompt_tokens,
        completion_tokens: 0,
      }),
    ]);
    expect(Number(rows[0]!.cost)).toBeGreaterThan(0);
  });

  it('routes to an OpenAI-compatible upstream that offers rerank and meters its reported tokens', async () => {
    upstream.rerankAnswer = {
      id: 'rr-1',
      results: [
        { index: 1, relevance_score: 0.93, document: { text: 'b' } },
        { index: 0, relevance_score: 0.12, document: { text: 'a' } },
      ],
      meta: { billed_units: { input_tokens: 37 }, tokens: { input_tokens: 37, output_tokens: 0 } },
    };
    const { key } = await provisionKey(server);
    const { status, json, headers } = await rerank(key, { model: 'bge-reranker', query: 'q', documents: ['a', 'b'] });
    expect(status).toBe(200);
    expect(json.results.map((result: { index: number }) => result.index)).toEqual([1, 0]);
    expect(upstream.lastRerankBody).toMatchObject({
      model: 'BAAI/bge-reranker-v2-m3',
      query: 'q',
      documents: ['a', 'b'],
    });
    const row = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['prompt_tokens', 'estimated'])
      .where('request_id', '=', headers.get('x-request-id')!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ prompt_tokens: 37, estimated: 0 });
  });

  it('refuses a model without rerank, a bad body, and holds the rate limit of a key', async () => {
    const { key } = await provisionKey(server, { key: { limits: { rpm: 2 } } });
    expect((await rerank(key, { model: 'sim-chat', query: 'q', documents: ['a'] })).json.error.code).toBe(
      'model_not_supported',
    );
    expect((await rerank(key, { model: 'sim-rerank', query: 'q', documents: [] })).status).toBe(400);
    const results = [];
    for (let index = 0; index < 3; index++)
      results.push((await rerank(key, { model: 'sim-rerank', query: 'q', documents: ['a'] })).status);
    expect(results).toContain(429);
  });
});
