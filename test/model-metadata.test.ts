import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../src/api-contract/models.ts';
import { catalogModelSchema } from '../src/api-contract/models.ts';
import type { RunningServer } from '../src/main.ts';
import { startTestServer } from './support/test-server.ts';

const adminToken = 'test-admin-token-model-metadata-0123456789';
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({}, { KAIYUAN_ADMIN_TOKEN: adminToken });
});
afterAll(async () => server?.close());

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('published model metadata', () => {
  it('publishes description, parameters, context length and modalities set at run time', async () => {
    const applied = await call('PUT', '/admin/v1/models/house-vision', {
      name: 'House Vision',
      description: 'Reads invoices and receipts.',
      parameters: '8B',
      contextLength: 32_768,
      capabilities: ['chat', 'vision'],
      deployments: [{ provider: 'simulator', model: 'sim-chat' }],
    });
    expect(applied.status).toBe(200);
    const { status, body } = await call('GET', '/v1/models/house-vision');
    expect(status).toBe(200);
    const model = catalogModelSchema.parse(body);
    expect(model).toMatchObject({
      name: 'House Vision',
      description: 'Reads invoices and receipts.',
      parameters: '8B',
      context_length: 32_768,
      modalities: { input: ['text', 'image'], output: ['text'] },
    });
  });

  it('lists every model in the contract’s shape, embedding models with vector output', async () => {
    const { body } = await call('GET', '/v1/models');
    const models = (body as { data: CatalogModel[] }).data.map((model) => catalogModelSchema.parse(model));
    expect(models.find((model) => model.id === 'sim-embed')?.modalities).toEqual({
      input: ['text'],
      output: ['embedding'],
    });
    expect(models.find((model) => model.id === 'sim-chat')?.modalities.output).toEqual(['text']);
  });
});
