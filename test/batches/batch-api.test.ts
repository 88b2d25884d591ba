import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchListSchema, batchSchema, fileObjectSchema } from '../../src/api-contract/batches.ts';
import type { RunningServer } from '../../src/main.ts';
import { provisionKey } from '../support/provision.ts';
import { startTestServer } from '../support/test-server.ts';
import { chatLines, fileLines, uploadBatchFile, waitForBatch } from './batch-support.ts';

let server: RunningServer;
let client: OpenAI;
let orgId: string;

beforeAll(async () => {
  server = await startTestServer({ batches: { concurrency: 8, sliceSeconds: 2, fileLimitMb: 1 } });
  // The enterprise plan's 10,000 requests a minute let 1,000 lines run at once; limits are tested below.
  const provisioned = await provisionKey(server, { plan: 'enterprise', topUp: 100 });
  orgId = provisioned.orgId;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: provisioned.key, maxRetries: 0 });
});

afterAll(async () => {
  await server?.close();
});

describe('files and batches through the official OpenAI SDK', () => {
  it('runs a batch of 1,000 chat lines to one result per line, each answering its own request, billed once at half price', async () => {
    const input = await uploadBatchFile(client, chatLines(1000));
    expect(input).toMatchObject({ object: 'file', purpose: 'batch', filename: 'input.jsonl', status: 'processed' });
    const created = await client.batches.create({
      input_file_id: input.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { project: 'nightly' },
    });
    expect(created.request_counts).toEqual({ total: 1000, completed: 0, failed: 0 });
    expect(created.metadata).toEqual({ project: 'nightly' });
    const batch = await waitForBatch(client, created.id, 120_000);
    expect(batch.status).toBe('completed');
    expect(batch.request_counts).toEqual({ total: 1000, completed: 1000, failed: 0 });
    expect(batch.error_file_id).toBeNull();
    expect(batch.completed_at).toBeGreaterThanOrEqual(batch.created_at);

    // The answers are exactly the contract the console reads (strict: no field more or less).
    expect(fileObjectSchema.safeParse(input).success).toBe(true);
    expect(batchSchema.safeParse(batch).error).toBeUndefined();
    expect(batchListSchema.safeParse(await (await client.batches.list().asResponse()).json()).error).toBeUndefined();

    const output = await fileLines(client, batch.output_file_id);
    expect(output).toHaveLength(1000);
    output.forEach((line, index) => {
      expect(line.custom_id).toBe(`request-${index}`);
      expect(line.response!.status_code).toBe(200);
      expect(line.response!.body.choices[0].message.content).toContain(`"item ${index}"`);
    });

    const usage = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['request_id', 'cost', 'charged', 'prompt_tokens', 'completion_tokens', 'batch_id'])
      .where('org_id', '=', orgId)
      .where('batch_id', '=', batch.id)
      .execute();
    expect(usage).toHaveLength(1000);
    expect(new Set(usage.map((row) => row.request_id)).size).toBe(1000);
    // Half the list price: the same usage as a real-time request costs twice as much (rounded up).
    const realtime = await client.chat.completions.create({
      model: 'sim-chat',
      max_tokens: 16,
      messages: [{ role: 'user', content: 'item 0' }],
    });
    const realtimeRow = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['cost', 'batch_id', 'prompt_tokens', 'completion_tokens'])
      .where('request_id', '=', (realtime as unknown as { _request_id: string })._request_id)
      .executeTakeFirstOrThrow();
    const first = usage.find((row) => row.request_id === `${batch.id}_line_0`)!;
    expect(realtimeRow.batch_id).toBeNull();
    expect(first.prompt_tokens).toBe(realtimeRow.prompt_tokens);
    expect(first.completion_tokens).toBe(realtimeRow.completion_tokens);
    expect(Number(realtimeRow.cost)).toBeGreaterThan(0);
    expect(Number(first.cost)).toBe(Math.ceil(Number(realtimeRow.cost) * 0.5));
  }, 180_000);

  it('refuses a file with bad lines, naming every line', async () => {
    const good = chatLines(2).trim().split('\n');
    const text = [
      good[0],
      '{not json',
      JSON.stringify({
        custom_id: 'request-0',
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'sim-chat', messages: [{ role: 'user', content: 'x' }] },
      }),
      JSON.stringify({ custom_id: 'b', method: 'POST', url: '/v1/images', body: { model: 'sim-chat' } }),
      JSON.stringify({ custom_id: 'c', method: 'POST', url: '/v1/chat/completions', body: { messages: [] } }),
      good[1],
    ].join('\n');
    const error = await uploadBatchFile(client, text).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const message = (error as InstanceType<typeof OpenAI.BadRequestError>).message;
    expect(message).toContain('The batch file has 4 errors');
    expect(message).toContain('Line 2: not valid JSON');
    expect(message).toContain("Line 3: the custom_id 'request-0' is also on line 1");
    expect(message).toContain("Line 4: 'url' must be one of");
    expect(message).toContain("Line 5: 'body.model' is required");
  });

  it('refuses a batch whose endpoint differs from a line, with the line number', async () => {
    const file = await uploadBatchFile(client, chatLines(3));
    const error = await client.batches
      .create({ input_file_id: file.id, endpoint: '/v1/embeddings', completion_window: '24h' })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('Line 1: the url /v1/chat/completions differs');
  });

  it('runs embeddings lines, puts failing lines in the error file and keeps the counts', async () => {
    const text = [
      { custom_id: 'e1', method: 'POST', url: '/v1/embeddings', body: { model: 'sim-embed', input: '你好' } },
      { custom_id: 'e2', method: 'POST', url: '/v1/embeddings', body: { model: 'no-such-model', input: 'x' } },
      { custom_id: 'e3', method: 'POST', url: '/v1/embeddings', body: { model: 'sim-embed', input: ['a', 'b'] } },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const file = await uploadBatchFile(client, text);
    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/embeddings',
      completion_window: '24h',
    });
    const batch = await waitForBatch(client, created.id);
    expect(batch.status).toBe('completed');
    expect(batch.request_counts).toEqual({ total: 3, completed: 2, failed: 1 });
    const output = await fileLines(client, batch.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(['e1', 'e3']);
    expect(output[1]!.response!.body.data).toHaveLength(2);
    const errors = await fileLines(client, batch.error_file_id);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ custom_id: 'e2', response: { status_code: 404 } });
    expect(errors[0]!.response!.body.error.code).toBe('model_not_found');
  });

  it('lists files and batches newest first with cursors, and deletes files', async () => {
    const page = await client.batches.list({ limit: 1 });
    expect(page.data).toHaveLength(1);
    expect(page.has_more).toBe(true);
    const next = await client.batches.list({ limit: 1, after: page.data[0]!.id });
    expect(next.data[0]!.id).not.toBe(page.data[0]!.id);
    expect(next.data[0]!.created_at).toBeLessThanOrEqual(page.data[0]!.created_at);
    const all: string[] = [];
    for await (const batch of client.batches.list({ limit: 1 })) all.push(batch.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(2);

    const file = await uploadBatchFile(client, chatLines(1), 'delete-me.jsonl');
    expect((await client.files.retrieve(file.id)).filename).toBe('delete-me.jsonl');
    const files = await client.files.list({ purpose: 'batch' });
    expect(files.data.map((entry) => entry.id)).toContain(file.id);
    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('holds balances and plans on batch lines: lines past the balance fail with 402, none goes below zero', async () => {
    const poor = await provisionKey(server, { plan: 'pro', topUp: 0.0001 });
    const poorClient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: poor.key, maxRetries: 0 });
    const file = await uploadBatchFile(poorClient, chatLines(12));
    const created = await poorClient.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    const batch = await waitForBatch(poorClient, created.id);
    expect(batch.status).toBe('completed');
    expect(batch.request_counts!.completed).toBeGreaterThan(0);
    expect(batch.request_counts!.failed).toBeGreaterThan(0);
    expect(batch.request_counts!.completed + batch.request_counts!.failed).toBe(12);
    const errors = await fileLines(poorClient, batch.error_file_id);
    expect(errors).toHaveLength(batch.request_counts!.failed);
    for (const line of errors) expect(line.response!.body.error.code).toBe('insufficient_quota');
    const db = server.platform.store.db;
    const balance = await db
      .selectFrom('org_balances')
      .select('balance')
      .where('org_id', '=', poor.orgId)
      .executeTakeFirstOrThrow();
    const charged = await db.selectFrom('usage_records').select('charged').where('org_id', '=', poor.orgId).execute();
    expect(Number(balance.balance)).toBeGreaterThanOrEqual(0);
    expect(charged.reduce((sum, row) => sum + Number(row.charged), 0)).toBe(100_000 - Number(balance.balance));

    const free = await provisionKey(server, { plan: 'free', topUp: 0 });
    const freeClient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: free.key, maxRetries: 0 });
    const paidModel = await uploadBatchFile(freeClient, chatLines(2, 'sim-reasoner'));
    const refused = await waitForBatch(
      freeClient,
      (
        await freeClient.batches.create({
          input_file_id: paidModel.id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        })
      ).id,
    );
    expect(refused.request_counts).toEqual({ total: 2, completed: 0, failed: 2 });
    const refusals = await fileLines(freeClient, refused.error_file_id);
    expect(refusals.map((line) => line.response!.body.error.code)).toEqual(['model_not_in_plan', 'model_not_in_plan']);
  });

  it('cancels a running batch: lines not run yet go to the error file, one line per input line', async () => {
    // A key limited to 120 requests a minute: the batch is still running when the cancel arrives.
    const slow = await provisionKey(server, { plan: 'enterprise', topUp: 10, key: { limits: { rpm: 120 } } });
    const slowClient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: slow.key, maxRetries: 0 });
    const file = await uploadBatchFile(slowClient, chatLines(3000));
    const created = await slowClient.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    for (;;) {
      const current = await slowClient.batches.retrieve(created.id);
      if (current.request_counts!.completed > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const cancelling = await slowClient.batches.cancel(created.id);
    expect(['cancelling', 'cancelled']).toContain(cancelling.status);
    const batch = await waitForBatch(slowClient, created.id);
    expect(batch.status).toBe('cancelled');
    expect(batch.cancelled_at).not.toBeNull();
    const output = await fileLines(slowClient, batch.output_file_id);
    const errors = await fileLines(slowClient, batch.error_file_id);
    expect(output.length).toBeLessThan(3000);
    expect(output.length + errors.length).toBe(3000);
    expect(new Set([...output, ...errors].map((line) => line.custom_id)).size).toBe(3000);
    expect(errors.at(-1)!.error!.code).toBe('batch_cancelled');
    await expect(slowClient.batches.cancel(created.id)).resolves.toMatchObject({ status: 'cancelled' });
  }, 60_000);

  it('refuses a file over the size limit with 413', async () => {
    const error = await uploadBatchFile(client, chatLines(8000)).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('file_too_large');
  });

  it('expires a batch whose 24-hour window ends: lines not run go to the error file as batch_expired', async () => {
    // A key limited to 120 requests a minute: the batch is still running when its window ends.
    const slow = await provisionKey(server, { plan: 'enterprise', topUp: 10, key: { limits: { rpm: 120 } } });
    const slowClient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: slow.key, maxRetries: 0 });
    const file = await uploadBatchFile(slowClient, chatLines(3000));
    const created = await slowClient.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    expect(created.expires_at! - created.created_at).toBe(24 * 60 * 60);
    // The window ends now (as if 24 hours had passed).
    await server.platform.store.db
      .updateTable('batches')
      .set({ expires_at: Date.now() })
      .where('id', '=', created.id)
      .execute();
    const batch = await waitForBatch(slowClient, created.id);
    expect(batch.status).toBe('expired');
    expect(batch.expired_at).not.toBeNull();
    const output = await fileLines(slowClient, batch.output_file_id);
    const errors = await fileLines(slowClient, batch.error_file_id);
    expect(output.length + errors.length).toBe(3000);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.at(-1)!.error!.code).toBe('batch_expired');
  }, 60_000);

  it("keeps one organization's files and batches from another", async () => {
    const other = await provisionKey(server, { topUp: 1 });
    const stranger = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: other.key, maxRetries: 0 });
    const [mine] = (await client.batches.list({ limit: 1 })).data;
    await expect(stranger.batches.retrieve(mine!.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(stranger.files.content(mine!.input_file_id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await stranger.batches.list()).data).toEqual([]);
  });
});
