/**
 * The labeling API end to end on a real server: role and tenant checks over HTTP, pre-labeling and
 * QA generation through the gateway (metered like any request) against the simulator and a fake
 * upstream answering like reasoning models and sloppy JSON emitters, and job cancellation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPrincipal } from '../../src/accounts/authenticator.ts';
import type { Role } from '../../src/accounts/principal.ts';
import type { RunningServer } from '../../src/main.ts';
import { FakeUpstream, type UpstreamBehaviour } from '../support/fake-upstream.ts';
import { startTestServer } from '../support/test-server.ts';
import { createTestDatabaseUrl, dropTestDatabase, storeKinds } from '../support/test-store.ts';
import { waitForJob } from './labeling-support.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

let server: RunningServer;
let upstream: FakeUpstream;
let answers: (index: number) => UpstreamBehaviour = () => ({ kind: 'ok' });
const keys: Record<string, { key: string; id: string }> = {};
let orgA = '';

async function call(who: string, method: Method, url: string, payload?: object) {
  const response = await server.app.inject({
    method,
    url,
    payload,
    headers: { authorization: `Bearer ${keys[who]!.key}` },
  });
  return { status: response.statusCode, body: response.json() as any };
}

async function waitForLabelingJob(who: string, jobId: string) {
  const jobs = server.platform.services.jobs!;
  await waitForJob(jobs, jobId);
  return (await call(who, 'GET', `/v1/labeling/jobs/${jobId}`)).body;
}

async function importDataset(orgId: string, name: string, rows: unknown[]) {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'labeling-api-')), `${name}.jsonl`);
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  const workbench = server.platform.services.dataWorkbench!;
  await workbench.createDataset(orgId, name);
  const job = await workbench.startImport(orgId, name, { file });
  expect((await waitForJob(server.platform.services.jobs!, job.id)).status).toBe('succeeded');
}

describe.each(storeKinds)('labeling API on %s', (kind) => {
  let databaseUrl = '';
  beforeAll(async () => {
    answers = () => ({ kind: 'ok' });
    upstream = await new FakeUpstream({ behaviour: (index) => answers(index) }).start();
    if (kind === 'postgres') databaseUrl = await createTestDatabaseUrl();
    const database = kind === 'postgres' ? { database: { url: databaseUrl } } : {};
    server = await startTestServer({
      ...database,
      providers: { fake: { type: 'openai-compatible', baseUrl: upstream.url } },
      models: { 'fake-reasoner': { deployments: [{ provider: 'fake', model: 'fake' }] } },
      commerce: { prices: { 'fake-reasoner': { input: 1, output: 2, currency: 'CNY' } } },
      // A short breaker cooldown, so the retry test waits seconds, not minutes.
      routing: { circuit: { cooldownMs: 500 } },
    });
    const commerce = server.platform.services.commerce!;
    const organizations: Record<string, string> = {};
    for (const name of ['org-a', 'org-b']) {
      const organization = await commerce.accounts.createOrganization(adminPrincipal, {
        name: `${name}-${Date.now()}`,
        planId: 'pro',
      });
      await commerce.billing.post(adminPrincipal, {
        orgId: organization.id,
        kind: 'top_up',
        amount: 100e9,
        description: 'test',
      });
      organizations[name] = organization.id;
    }
    orgA = organizations['org-a']!;
    const make = async (name: string, orgId: string, role: Role) => {
      const { key, apiKey } = await commerce.accounts.createKey(adminPrincipal, { orgId, name, role });
      keys[name] = { key, id: apiKey.id };
    };
    await make('owner', orgA, 'owner');
    await make('member', orgA, 'member');
    await make('ann1', orgA, 'annotator');
    await make('ann2', orgA, 'annotator');
    await make('ann3', orgA, 'annotator');
    await make('outsider', organizations['org-b']!, 'owner');
    await importDataset(orgA, 'reviews', [
      { id: 'r1', text: '这个产品很好用，five stars!' },
      { id: 'r2', text: 'Terrible. 完全不能用。' },
      { id: 'r3', text: 'Works fine 👍' },
      { id: 'r4', text: '一般般, nothing special' },
    ]);
    await importDataset(orgA, 'chunks', [
      { id: 'c1', text: 'Kaiyuan 是一个开源的大模型云平台。It meters every token.' },
      { id: 'c2', text: '标注项目支持多人交叉标注。' },
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await upstream?.close();
    if (kind === 'postgres') await dropTestDatabase(databaseUrl);
  });

  let projectId = '';

  it('lets owners create projects and refuses members and annotators', async () => {
    const body = {
      name: 'sentiment',
      dataset: 'reviews',
      labelSchema: { kind: 'classification', labels: ['positive', 'negative'] },
      overlap: 1,
      annotators: [keys.ann1!.id, keys.ann2!.id],
    };
    expect((await call('member', 'POST', '/v1/labeling/projects', body)).status).toBe(403);
    expect((await call('ann1', 'POST', '/v1/labeling/projects', body)).status).toBe(403);
    const bad = await call('owner', 'POST', '/v1/labeling/projects', {
      ...body,
      labelSchema: { kind: 'classification', labels: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_label_schema');
    const unknown = await call('owner', 'POST', '/v1/labeling/projects', {
      ...body,
      annotators: [keys.ann1!.id, keys.outsider!.id],
    });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_annotator', param: 'annotators' });
    const created = await call('owner', 'POST', '/v1/labeling/projects', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'labeling.project', taskCount: 4, overlap: 1 });
    projectId = created.body.id;
  });

  it('scopes everything to the organization and annotators to their own items', async () => {
    expect((await call('outsider', 'GET', '/v1/labeling/projects')).body.data).toEqual([]);
    expect((await call('outsider', 'GET', `/v1/labeling/projects/${projectId}`)).status).toBe(404);
    expect((await call('outsider', 'GET', `/v1/labeling/projects/${projectId}/tasks`)).status).toBe(404);
    expect((await call('ann3', 'GET', '/v1/labeling/projects')).body.data).toEqual([]);
    expect((await call('ann3', 'GET', `/v1/labeling/projects/${projectId}/next`)).status).toBe(404);
    const mine = (await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/tasks`)).body.data;
    const theirs = (await call('ann2', 'GET', `/v1/labeling/projects/${projectId}/tasks`)).body.data;
    expect(mine).toHaveLength(2);
    expect(theirs).toHaveLength(2);
    expect(mine[0].assignments).toBeUndefined();
    expect((await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/tasks/${theirs[0].id}`)).status).toBe(404);
    expect(
      (
        await call('ann1', 'POST', `/v1/labeling/projects/${projectId}/tasks/${theirs[0].id}/submit`, {
          label: { choice: 'positive' },
        })
      ).status,
    ).toBe(404);
    expect((await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/progress`)).status).toBe(403);
    expect((await call('member', 'GET', `/v1/labeling/projects/${projectId}/progress`)).body.tasks.total).toBe(4);
    expect(
      (await call('member', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, { model: 'sim-chat' })).status,
    ).toBe(403);
    expect(
      (
        await call('member', 'POST', `/v1/labeling/projects/${projectId}/tasks/${theirs[0].id}/review`, {
          action: 'accept',
        })
      ).status,
    ).toBe(403);
  });

  it('pre-labels through the gateway with sim-chat: metered, shown as suggestions with the model, never accepted', async () => {
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, { model: 'sim-chat' });
    expect(started.status).toBe(202);
    const job = await waitForLabelingJob('owner', started.body.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      result: { tasks: 4, suggested: 4, failed: 0 },
      progress: { percent: 100 },
    });
    const next = (await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/next`)).body;
    expect(next.suggestions[0]).toMatchObject({
      model: 'sim-chat',
      suggested: true,
      kind: 'label',
      value: { choice: 'positive' },
    });
    expect(next.assignment).toMatchObject({ status: 'pending', label: null });
    const usage = await server.platform.store.db
      .selectFrom('usage_records')
      .select(['model', 'key_id'])
      .where('org_id', '=', orgA)
      .execute();
    expect(usage.filter((record) => record.model === 'sim-chat' && record.key_id === keys.owner!.id)).toHaveLength(4);
    const progress = (await call('owner', 'GET', `/v1/labeling/projects/${projectId}/progress`)).body;
    expect(progress.tasks.accepted).toBe(0);
  });

  it('pre-labels with sim-reasoner, ignoring its reasoning_content', async () => {
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'sim-reasoner',
    });
    const job = await waitForLabelingJob('owner', started.body.id);
    expect(job.result, JSON.stringify(job.result)).toMatchObject({ suggested: 4, failed: 0 });
    const next = (await call('ann2', 'GET', `/v1/labeling/projects/${projectId}/next`)).body;
    expect(next.suggestions.find((suggestion: any) => suggestion.model === 'sim-reasoner')).toMatchObject({
      value: { choice: 'positive' },
      suggested: true,
    });
  });

  it('reads reasoning-model and malformed answers from a fake upstream, counting the unreadable ones', async () => {
    const replies: UpstreamBehaviour[] = [
      {
        kind: 'content',
        content: '<think>Maybe {"label":"negative"}? No.</think>\n{"label": "positive",}',
        reasoning: '{"label":"negative"}',
      },
      { kind: 'content', content: "```json\n{'label': 'Negative'}\n```" },
      { kind: 'content', content: 'Sorry, I cannot classify this.' },
      { kind: 'content', content: '<think>\nlong thoughts', reasoning: 'only reasoning' },
    ];
    answers = (index) => replies[index % replies.length]!;
    upstream.chatCalls = 0;
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'fake-reasoner',
      overwrite: true,
      concurrency: 1,
    });
    const job = await waitForLabelingJob('owner', started.body.id);
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ tasks: 4, suggested: 2, failed: 2, outcome: 'partial' });
    expect(job.result.errors).toHaveLength(2);
    expect(job.result.errors[1].error).toMatch(/inside its reasoning/);
    expect(job.progress.stage).toMatch(/2 of 4 tasks failed/);
    const tasks = (await call('owner', 'GET', `/v1/labeling/projects/${projectId}/tasks`)).body.data;
    const fromModel = (list: any[]) =>
      list.map(
        (task: any) => task.suggestions.find((suggestion: any) => suggestion.model === 'fake-reasoner')?.value ?? null,
      );
    expect(fromModel(tasks)).toEqual([{ choice: 'positive' }, { choice: 'negative' }, null, null]);
    expect(job.result.failedTaskIds).toEqual([tasks[2].id, tasks[3].id]);

    // Retrying only the failed tasks: the others keep their predictions.
    answers = () => ({ kind: 'content', content: '{"label":"negative"}' });
    const retried = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'fake-reasoner',
      taskIds: job.result.failedTaskIds,
    });
    const second = await waitForLabelingJob('owner', retried.body.id);
    expect(second).toMatchObject({
      status: 'succeeded',
      result: { tasks: 2, suggested: 2, failed: 0, outcome: 'complete', failedTaskIds: [] },
    });
    const after = (await call('owner', 'GET', `/v1/labeling/projects/${projectId}/tasks`)).body.data;
    expect(fromModel(after)).toEqual([
      { choice: 'positive' },
      { choice: 'negative' },
      { choice: 'negative' },
      { choice: 'negative' },
    ]);
  });

  it('retries an item through upstream 500s and an open breaker instead of failing the rest at once', async () => {
    // The first six upstream calls fail: the gateway's own tries fail, the breaker opens, the job waits it out.
    upstream.chatCalls = 0;
    answers = (index) =>
      index < 6 ? { kind: 'status', status: 500 } : { kind: 'content', content: '{"label":"positive"}' };
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'fake-reasoner',
      overwrite: true,
      concurrency: 2,
      attempts: 6,
    });
    const job = await waitForLabelingJob('owner', started.body.id);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    expect(job.result).toMatchObject({ tasks: 4, suggested: 4, failed: 0, outcome: 'complete' });
    expect(job.result.retries).toBeGreaterThan(0);
  }, 60_000);

  it('fails a job honestly when every task failed', async () => {
    answers = () => ({ kind: 'content', content: 'I will not answer in JSON.' });
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'fake-reasoner',
      overwrite: true,
    });
    const job = await waitForLabelingJob('owner', started.body.id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/All 4 tasks asked failed.*no JSON/);
  });

  it('refuses an unknown model at once (404, nothing queued)', async () => {
    const before = (await server.platform.services.jobs!.list(orgA)).length;
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'no-such-model',
    });
    expect(started.status).toBe(404);
    expect(started.body.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect((await server.platform.services.jobs!.list(orgA)).length).toBe(before);
  });

  it('answers missing_label and missing_comment with their codes', async () => {
    const next = (await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/next`)).body;
    const submitted = await call('ann1', 'POST', `/v1/labeling/projects/${projectId}/tasks/${next.id}/submit`, {});
    expect(submitted.status).toBe(400);
    expect(submitted.body.error).toMatchObject({ code: 'missing_label', param: 'label' });
    for (const body of [{ action: 'reject' }, { action: 'reject', comment: '  ' }]) {
      const rejected = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/tasks/${next.id}/review`, body);
      expect(rejected.status).toBe(400);
      expect(rejected.body.error).toMatchObject({ code: 'missing_comment', param: 'comment' });
    }
  });

  it('generates QA pairs from document chunks (Easy Dataset style), from a reasoning model and from sim-chat', async () => {
    const created = await call('owner', 'POST', '/v1/labeling/projects', {
      name: 'qa',
      dataset: 'chunks',
      labelSchema: { kind: 'qa_review' },
      annotators: [keys.ann1!.id],
    });
    expect(created.status).toBe(201);
    answers = () => ({
      kind: 'content',
      content:
        '<think>先读文本 {not json}</think>{"pairs": [{"question": "Kaiyuan 是什么？", "answer": "一个开源的大模型云平台。"}, {"question": "What does it meter?", "answer": "Every token."},]}',
      reasoning: 'hidden',
    });
    const started = await call('owner', 'POST', `/v1/labeling/projects/${created.body.id}/generate-qa`, {
      model: 'fake-reasoner',
      pairsPerChunk: 2,
    });
    expect((await waitForLabelingJob('owner', started.body.id)).result).toMatchObject({ suggested: 2, failed: 0 });
    const simulated = await call('owner', 'POST', `/v1/labeling/projects/${created.body.id}/generate-qa`, {
      model: 'sim-chat',
      overwrite: true,
    });
    expect((await waitForLabelingJob('owner', simulated.body.id)).result).toMatchObject({ suggested: 2 });
    const next = (await call('ann1', 'GET', `/v1/labeling/projects/${created.body.id}/next`)).body;
    const generated = next.suggestions.find((suggestion: any) => suggestion.model === 'fake-reasoner');
    expect(generated).toMatchObject({
      kind: 'qa',
      suggested: true,
      value: {
        pairs: [
          { question: 'Kaiyuan 是什么？', answer: '一个开源的大模型云平台。', keep: true },
          { question: 'What does it meter?' },
        ],
      },
    });
    expect(
      next.suggestions.find((suggestion: any) => suggestion.model === 'sim-chat').value.pairs.length,
    ).toBeGreaterThan(0);
    expect(
      (await call('owner', 'POST', `/v1/labeling/projects/${projectId}/generate-qa`, { model: 'sim-chat' })).body.error
        .code,
    ).toBe('wrong_project_kind');
  });

  it('takes a suggestion through submit and review to a downloadable export', async () => {
    const next = (await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/next`)).body;
    const suggestion = next.suggestions.find((candidate: any) => candidate.model === 'sim-chat');
    const submitted = await call('ann1', 'POST', `/v1/labeling/projects/${projectId}/tasks/${next.id}/submit`, {
      label: suggestion.value,
    });
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      assignment: { status: 'submitted', label: suggestion.value },
    });
    const reviewed = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/tasks/${next.id}/review`, {
      action: 'accept',
    });
    expect(reviewed.body).toMatchObject({ status: 'accepted', finalLabel: suggestion.value });
    expect(
      (await call('member', 'POST', `/v1/labeling/projects/${projectId}/exports`, { format: 'classification' })).status,
    ).toBe(403);
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/exports`, {
      format: 'classification',
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ type: 'labeling.export', status: 'queued' });
    const exported = await waitForLabelingJob('owner', started.body.id);
    expect(exported).toMatchObject({
      status: 'succeeded',
      progress: { percent: 100 },
      result: { train: 1, files: ['train.jsonl', 'labels.json'] },
    });
    expect(exported.result.directory).toBeUndefined();
    expect((await call('member', 'GET', `/v1/labeling/jobs/${started.body.id}`)).body.result.train).toBe(1);
    const url = `/v1/labeling/projects/${projectId}/exports/${started.body.id}/train.jsonl`;
    const download = await server.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${keys.owner!.key}` },
    });
    expect(download.statusCode).toBe(200);
    expect(JSON.parse(download.body.trim())).toMatchObject({ id: next.recordId, label: suggestion.value.choice });
    expect((await call('outsider', 'GET', url)).status).toBe(404);
    expect((await call('member', 'GET', url)).status).toBe(403);
    expect(
      (await call('owner', 'GET', `/v1/labeling/projects/${projectId}/exports/${started.body.id}/validation.jsonl`))
        .body.error.code,
    ).toBe('export_file_not_found');
    expect(
      (await call('owner', 'GET', `/v1/labeling/projects/${projectId}/exports/${started.body.id}/..%2F..%2Fkaiyuan.db`))
        .status,
    ).toBe(400);
    const wrongFormat = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/exports`, { format: 'conll' });
    expect(wrongFormat.status).toBe(400);
    expect(wrongFormat.body.error.code).toBe('unsupported_export_format');
  });

  it('serves bulk review, prediction import, task filters and history over HTTP with roles checked', async () => {
    const tasks = (await call('owner', 'GET', `/v1/labeling/projects/${projectId}/tasks`)).body.data;
    const imported = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/predictions`, {
      model: 'external-bert',
      predictions: [
        { recordId: 'r3', label: { choice: 'negative' }, score: 0.3 },
        { recordId: 'r4', label: { choice: 'maybe' } },
      ],
    });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ object: 'labeling.predictions_import', imported: 1 });
    expect(imported.body.rejected).toEqual([expect.objectContaining({ index: 1, code: 'invalid_label' })]);
    expect((await call('member', 'POST', `/v1/labeling/projects/${projectId}/predictions`, imported.body)).status).toBe(
      400,
    );
    const uncertain = await call('member', 'GET', `/v1/labeling/projects/${projectId}/tasks?maxConfidence=0.5`);
    expect(uncertain.body.data.map((task: any) => task.recordId)).toEqual(['r3']);
    expect(uncertain.body.data[0].suggestions.find((item: any) => item.model === 'external-bert').confidence).toBe(0.3);
    const badFilter = await call('member', 'GET', `/v1/labeling/projects/${projectId}/tasks?disagreement=maybe`);
    expect(badFilter.body.error).toMatchObject({ code: 'invalid_value', param: 'disagreement' });

    const bulk = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/review`, {
      action: 'accept',
      rule: 'unanimous',
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body).toMatchObject({ object: 'labeling.bulk_review', action: 'accept', rule: 'unanimous' });
    expect(
      (
        await call('member', 'POST', `/v1/labeling/projects/${projectId}/review`, {
          action: 'accept',
          rule: 'majority',
        })
      ).status,
    ).toBe(403);
    const noComment = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/review`, {
      action: 'reject',
      taskIds: [tasks[0].id],
    });
    expect(noComment.body.error).toMatchObject({ code: 'missing_comment', param: 'comment' });

    const history = await call('member', 'GET', `/v1/labeling/projects/${projectId}/history?limit=5`);
    expect(history.status).toBe(200);
    expect(history.body.data[0]).toMatchObject({ object: 'labeling.label_event' });
    expect((await call('ann1', 'GET', `/v1/labeling/projects/${projectId}/history`)).status).toBe(403);
    const submittedTask = history.body.data.find((event: any) => event.action === 'submit').taskId;
    const taskHistory = await call('owner', 'GET', `/v1/labeling/projects/${projectId}/tasks/${submittedTask}/history`);
    expect(taskHistory.body.data.map((event: any) => event.action)).toContain('submit');
    expect((await call('outsider', 'GET', `/v1/labeling/projects/${projectId}/history`)).status).toBe(404);
  });

  it('cancels a running pre-labeling job', async () => {
    answers = () => ({ kind: 'ok', delayMs: 300 });
    const started = await call('owner', 'POST', `/v1/labeling/projects/${projectId}/prelabel`, {
      model: 'fake-reasoner',
      overwrite: true,
      concurrency: 1,
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await call('owner', 'GET', `/v1/labeling/jobs/${started.body.id}`)).body.status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await call('member', 'POST', `/v1/labeling/jobs/${started.body.id}/cancel`)).status).toBe(403);
    expect((await call('owner', 'POST', `/v1/labeling/jobs/${started.body.id}/cancel`)).body.cancelRequested).toBe(
      true,
    );
    const job = await waitForLabelingJob('owner', started.body.id);
    expect(job.status).toBe('cancelled');
    expect((await call('outsider', 'GET', `/v1/labeling/jobs/${started.body.id}`)).status).toBe(404);
  });
});
