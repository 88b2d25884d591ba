import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../testing/fixture-server.ts';
import { detectEngine } from './detect-engine.ts';
import { discoverLocalModels } from './discover-local-models.ts';

const here = new URL('./', import.meta.url);

/** A loopback server answering by path; unknown paths get 404, `/stall/…` never answers. */
async function routedServer(routes: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/stall')) return;
    const body = routes[request.url ?? ''];
    if (body === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    else response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const servers: Server[] = [];
let ollama: string;
let oldOllama: string;
let engines: string;
let closedUrl: string;
const dispatcher = new Agent();

beforeAll(async () => {
  const started = await Promise.all([
    routedServer({ '/api/tags': readFixture(here, 'ollama-tags.json') }),
    routedServer({ '/v1/models': readFixture(here, 'ollama-v1-models.json') }),
    routedServer({
      '/v1/models': readFixture(here, 'sglang-models.json'),
      '/llama/v1/models': readFixture(here, 'llamacpp-models.json'),
    }),
    routedServer({}),
  ]);
  servers.push(...started.map((entry) => entry.server));
  [ollama, oldOllama, engines, closedUrl] = started.map((entry) => entry.url) as [string, string, string, string];
  await new Promise<void>((resolve) => started[3]!.server.close(() => resolve()));
});
afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await dispatcher.close();
});

describe('discoverLocalModels', () => {
  it('finds Ollama models and OpenAI-compatible servers, and reports the rest', async () => {
    const result = await discoverLocalModels(
      {
        ollamaUrl: ollama,
        servers: [
          { name: 'gpu-box', baseUrl: engines },
          { name: 'laptop', baseUrl: `${engines}/llama/v1/` },
          { name: 'down', baseUrl: closedUrl },
          { name: 'slow', baseUrl: `${engines}/stall` },
        ],
        timeoutMs: 2_000,
      },
      dispatcher,
    );
    expect(result.found).toEqual([
      {
        name: 'ollama',
        baseUrl: `${ollama}/v1`,
        preset: 'ollama',
        models: [{ id: 'qwen3:8b' }, { id: 'deepseek-r1:7b' }, { id: 'bge-m3:latest' }],
      },
      {
        name: 'gpu-box',
        baseUrl: `${engines}/v1`,
        preset: 'sglang',
        models: [{ id: 'Qwen/Qwen3-30B-A3B', contextLength: 40960 }],
      },
      {
        name: 'laptop',
        baseUrl: `${engines}/llama/v1`,
        preset: 'llamacpp',
        models: [{ id: 'qwen2.5-7b-instruct-q4_k_m.gguf', contextLength: 32768 }],
      },
    ]);
    expect(result.failed).toEqual([
      { name: 'down', baseUrl: `${closedUrl}/v1`, reason: 'connection refused (nothing listening)' },
      { name: 'slow', baseUrl: `${engines}/stall/v1`, reason: 'no answer within 2000 ms' },
    ]);
  });

  it('falls back to /v1/models for an Ollama without /api/tags', async () => {
    const result = await discoverLocalModels({ ollamaUrl: `${oldOllama}/`, servers: [], timeoutMs: 2_000 }, dispatcher);
    expect(result.found).toEqual([
      { name: 'ollama', baseUrl: `${oldOllama}/v1`, preset: 'ollama', models: [{ id: 'qwen3:8b' }] },
    ]);
  });

  it('reports an absent Ollama without throwing', async () => {
    const result = await discoverLocalModels({ ollamaUrl: closedUrl, servers: [], timeoutMs: 300 }, dispatcher);
    expect(result).toEqual({
      found: [],
      failed: [{ name: 'ollama', baseUrl: `${closedUrl}/v1`, reason: 'connection refused (nothing listening)' }],
    });
  });
});

describe('detectEngine', () => {
  it('uses owned_by, then the server name, then the port', () => {
    expect(detectEngine('x', 'http://h:1/v1', [{ id: 'm', owned_by: 'vllm' }])).toBe('vllm');
    expect(detectEngine('x', 'http://h:1/v1', [{ id: 'm', owned_by: 'organization_owner' }])).toBe('lmstudio');
    expect(detectEngine('my-vLLM', 'http://h:1/v1', [])).toBe('vllm');
    expect(detectEngine('box', 'http://h:30000/v1', [])).toBe('sglang');
    expect(detectEngine('box', 'http://h:9999/v1', [])).toBe('openai-compatible');
  });
});
