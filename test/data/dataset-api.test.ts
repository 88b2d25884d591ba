import { rmSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/accounts/principal.ts';
import type { AppServices, Authenticator } from '../../src/http/app-services.ts';
import { validateConfig } from '../../src/config/load-config.ts';
import { toHttpError } from '../../src/http/error-response.ts';
import { registerDatasetRoutes } from '../../src/http/routes/dataset-routes.ts';
import { slowJob } from '../support/test-jobs.ts';
import { createWorkbenchFixture, waitForJob, type WorkbenchFixture } from './workbench-support.ts';

function principal(orgId: string, role: Principal['role'] = 'member'): Principal {
  return {
    kind: 'api_key',
    orgId,
    orgName: orgId,
    role,
    userId: null,
    keyId: 'key',
    planId: null,
    allowedModels: [],
    keyLimits: {},
    allowedRegions: [],
  };
}

const fakeAuthenticator: Authenticator = {
  async authenticate(token) {
    if (token === 'token-a') return principal('org_a');
    if (token === 'token-b') return principal('org_b');
    if (token === 'token-annotator') return principal('org_a', 'annotator');
    return null;
  },
};

async function buildDatasetApp(services: Partial<AppServices>, config = validateConfig({})): Promise<FastifyInstance> {
  const app = Fastify();
  app.decorateRequest('principal', null);
  app.setErrorHandler((error, _request, reply) => {
    const { status, headers, body } = toHttpError(error);
    void reply.code(status).headers(headers).send(body);
  });
  registerDatasetRoutes(app, { config, ...services } as AppServices);
  await app.ready();
  return app;
}

function multipartBody(fileName: string, content: string, fields: Record<string, string> = {}) {
  const boundary = '----kaiyuan-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`,
  );
  parts.push(`--${boundary}--\r\n`);
  return {
    payload: Buffer.from(parts.join('')),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('/v1/datasets API', () => {
  let fixture: WorkbenchFixture;
  let app: FastifyInstance;
  beforeEach(async () => {
    fixture = await createWorkbenchFixture();
    app = await buildDatasetApp({
      authenticator: fakeAuthenticator,
      dataWorkbench: fixture.workbench,
      jobs: fixture.jobs,
    });
  });
  afterEach(async () => {
    await app.close();
    await fixture.close();
  });

  const call = (token: string | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('refuses without a principal (401), and annotators (403)', async () => {
    const open = await buildDatasetApp({ authenticator: null, dataWorkbench: fixture.workbench });
    expect((await open.inject({ method: 'GET', url: '/v1/datasets' })).statusCode).toBe(401);
    await open.close();
    expect((await call(null, 'GET', '/v1/datasets')).statusCode).toBe(401);
    expect((await call('token-annotator', 'GET', '/v1/datasets')).statusCode).toBe(403);
  });

  it('creates, uploads, runs a recipe, browses and exports, scoped to the organization', async () => {
    const created = await call('token-a', 'POST', '/v1/datasets', { name: 'faq', description: 'FAQ pairs' });
    expect(created.statusCode).toBe(201);
    const datasetId = created.json().id as string;
    const csv =
      'question,answer\n退货怎么办？,请在七天内联系客服。\nHow do I reset my password?,Use the link on the sign-in page.\n退货怎么办？,请在七天内联系客服。\n';
    const upload = multipartBody('faq.csv', csv, { promptField: 'question', responseField: 'answer' });
    const imported = await app.inject({
      method: 'POST',
      url: `/v1/datasets/${datasetId}/imports`,
      payload: upload.payload,
      headers: { ...upload.headers, authorization: 'Bearer token-a' },
    });
    expect(imported.statusCode, imported.body).toBe(202);
    const importJob = await waitForJob(fixture.jobs, imported.json().id);
    expect(importJob.status, importJob.error ?? '').toBe('succeeded');

    const bad = await call('token-a', 'POST', `/v1/datasets/${datasetId}/runs`, {
      recipe: 'operators:\n  - exact_dedupe\n',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("Did you mean 'exact_dedup'");

    const run = await call('token-a', 'POST', `/v1/datasets/${datasetId}/runs`, {
      recipe: 'operators:\n  - normalize\n  - exact_dedup\n',
    });
    expect(run.statusCode).toBe(202);
    const job = await call('token-a', 'GET', `/v1/jobs/${run.json().id}`);
    expect(job.json().object).toBe('job');
    await waitForJob(fixture.jobs, run.json().id);
    const finished = await call('token-a', 'GET', `/v1/jobs/${run.json().id}`);
    expect(finished.json().status).toBe('succeeded');
    expect(finished.json().progress.percent).toBe(100);

    const version = await call('token-a', 'GET', `/v1/datasets/${datasetId}/versions/latest`);
    expect(version.json()).toMatchObject({ version: 2, parentVersion: 1, recordCount: 2 });
    const records = await call('token-a', 'GET', `/v1/datasets/faq/versions/2/records?offset=0&limit=10`);
    expect(records.json().data).toHaveLength(2);
    expect(records.json().data[0].messages[1].content).toBe('请在七天内联系客服。');

    const badExport = await call('token-a', 'POST', `/v1/datasets/${datasetId}/versions/2/exports`, { format: 'csv' });
    expect(badExport.statusCode).toBe(400);
    expect(badExport.json().error).toMatchObject({ code: 'invalid_value', param: 'format' });
    const started = await call('token-a', 'POST', `/v1/datasets/${datasetId}/versions/2/exports`, {
      format: 'sharegpt',
    });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ object: 'job', type: 'data.export', status: 'queued' });
    expect(started.json().payload).toBeUndefined();
    const exportId = started.json().id as string;
    const exportFile = (file: string, token = 'token-a', dataset = datasetId) =>
      call(token, 'GET', `/v1/datasets/${dataset}/exports/${exportId}/files/${file}`);
    await waitForJob(fixture.jobs, exportId);
    const exported = await call('token-a', 'GET', `/v1/jobs/${exportId}`);
    expect(exported.json()).toMatchObject({
      status: 'succeeded',
      progress: { percent: 100 },
      result: { train: 2, rejected: 0, files: ['train.jsonl', 'rejected.jsonl', 'dataset_info.json'] },
    });
    const download = await exportFile('train.jsonl');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/x-ndjson');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${datasetId}-v2-sharegpt-train.jsonl"`);
    expect(JSON.parse(download.body.split('\n')[0]!).conversations[0].from).toBe('human');
    expect((await exportFile('dataset_info.json')).json()).toHaveProperty('kaiyuan_train');
    expect((await exportFile('validation.jsonl')).json().error.code).toBe('export_file_not_found');
    expect((await exportFile('..%2F..%2Fkaiyuan.db')).statusCode).toBe(400);
    expect((await exportFile('train.jsonl', 'token-b')).statusCode).toBe(404);
    expect((await exportFile('train.jsonl', 'token-annotator')).statusCode).toBe(403);
    const latest = await call('token-a', 'POST', `/v1/datasets/faq/versions/latest/exports`, {
      format: 'dpo',
      validationRatio: 0.5,
      seed: 7,
    });
    expect(latest.statusCode, latest.body).toBe(202);
    rmSync(fixture.workbench.paths.exportDirectory(datasetId, exportId), { recursive: true });
    const expired = await exportFile('train.jsonl');
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('export_expired');

    // Another organization sees nothing of it.
    expect((await call('token-b', 'GET', `/v1/datasets/${datasetId}`)).statusCode).toBe(404);
    expect((await call('token-b', 'GET', `/v1/jobs/${run.json().id}`)).statusCode).toBe(404);
    expect((await call('token-b', 'GET', '/v1/datasets')).json().data).toHaveLength(0);

    const operators = await call('token-a', 'GET', '/v1/datasets/operators');
    expect(operators.json().data.map((operator: { name: string }) => operator.name)).toContain('near_dedup');
  });

  it('refuses an upload over data.uploadLimitMb, naming the file', async () => {
    const small = await buildDatasetApp(
      { authenticator: fakeAuthenticator, dataWorkbench: fixture.workbench, jobs: fixture.jobs },
      validateConfig({ data: { uploadLimitMb: 0.001 } }),
    );
    try {
      const created = await small.inject({
        method: 'POST',
        url: '/v1/datasets',
        payload: { name: 'big' },
        headers: { authorization: 'Bearer token-a' },
      });
      const upload = multipartBody('big.jsonl', `${JSON.stringify({ text: 'x'.repeat(2_000) })}\n`);
      const refused = await small.inject({
        method: 'POST',
        url: `/v1/datasets/${created.json().id}/imports`,
        payload: upload.payload,
        headers: { ...upload.headers, authorization: 'Bearer token-a' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'file_too_large', param: 'file' });
    } finally {
      await small.close();
    }
  });

  it('cancels a job', async () => {
    fixture.jobs.register(slowJob);
    const job = await fixture.jobs.enqueue(slowJob, { steps: 500, delayMs: 5 }, { orgId: 'org_a' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await call('token-b', 'POST', `/v1/jobs/${job.id}/cancel`)).statusCode).toBe(404);
    const cancelled = await call('token-a', 'POST', `/v1/jobs/${job.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect((await waitForJob(fixture.jobs, job.id)).status).toBe('cancelled');
  });
});
