/**
 * The console's side of the API, checked against the shared contract (src/api-contract/) on a real
 * server: every response the console reads is parsed with the contract's strict schema, so a field
 * the server adds, drops, renames or retypes without the contract fails here, and the console's
 * type-check catches the rest. Calls go the way the console makes them: a cookie session with the
 * CSRF header, JSON bodies typed with the contract's input types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as keys from '../src/api-contract/api-keys.ts';
import * as billing from '../src/api-contract/billing.ts';
import * as auth from '../src/api-contract/console-auth.ts';
import * as datasets from '../src/api-contract/datasets.ts';
import * as deployments from '../src/api-contract/deployments.ts';
import { jobSchema, type Job } from '../src/api-contract/jobs.ts';
import * as projects from '../src/api-contract/labeling-projects.ts';
import * as tasks from '../src/api-contract/labeling-tasks.ts';
import { listSchema } from '../src/api-contract/list.ts';
import { catalogModelSchema } from '../src/api-contract/models.ts';
import * as modelSquare from '../src/api-contract/model-square.ts';
import * as organizations from '../src/api-contract/organizations.ts';
import * as signup from '../src/api-contract/signup.ts';
import * as usage from '../src/api-contract/usage.ts';
import type { RunningServer } from '../src/main.ts';
import { startTestServer } from './support/test-server.ts';

let server: RunningServer;
const session = { cookie: '', csrf: '' };

/** The value, when it matches the schema exactly; otherwise a failure that lists every mismatch. */
function expectShape<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success)
    expect.fail(`${what} does not match the contract:\n${z.prettifyError(result.error)}\n${JSON.stringify(value)}`);
  return result.data;
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const isForm = body instanceof FormData;
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
}

/** Calls the API as the console does and parses the answer with the contract's schema. */
async function call<T extends z.ZodType>(schema: T, method: string, path: string, body?: unknown): Promise<z.infer<T>> {
  const response = await send(method, path, body);
  const text = await response.text();
  expect(response.ok, `${method} ${path} answered ${response.status}: ${text}`).toBe(true);
  return expectShape(schema, JSON.parse(text), `${method} ${path}`);
}

function keepSession(response: Response): void {
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
  session.cookie = cookies.join('; ');
  session.csrf = decodeURIComponent(cookies.find((cookie) => cookie.startsWith('ky_csrf='))!.slice('ky_csrf='.length));
}

async function finished(path: string): Promise<Job> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const job = await call(jobSchema, 'GET', path);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} did not finish`);
}

describe('the API as the console reads it matches the shared contract', () => {
  const owner = { email: 'owner@example.com', password: 'correct horse battery', name: 'Owner', orgName: 'Contract' };
  let orgId = '';
  let userId = '';
  let datasetId = '';
  let apiKey = '';

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('console sign-in: state, setup, login, logout', async () => {
    expect(await call(auth.authStateSchema, 'GET', '/console/api/auth/state')).toEqual({
      needsSetup: true,
      user: null,
      signupPolicy: 'closed',
      captchaSiteKey: null,
      signupProofOfWork: false,
      modelSquare: true,
    });
    const setup = await send('POST', '/console/api/auth/setup', owner satisfies auth.SetupInput);
    const signedIn = expectShape(auth.signedInSchema, await setup.json(), 'setup');
    keepSession(setup);
    expect(await call(auth.signedOutSchema, 'POST', '/console/api/auth/logout', {})).toEqual({ ok: true });
    const login = await send('POST', '/console/api/auth/login', {
      email: owner.email,
      password: owner.password,
    } satisfies auth.LoginInput);
    expectShape(auth.signedInSchema, await login.json(), 'login');
    keepSession(login);
    const state = await call(auth.authStateSchema, 'GET', '/console/api/auth/state');
    expect(state.user).toMatchObject({ email: owner.email, operator: true, role: 'owner' });
    orgId = signedIn.user.orgId;
    userId = signedIn.user.id;
    // The console language, kept for notices by e-mail.
    const locale = await send('PUT', '/console/api/me/locale', { locale: 'en' } satisfies auth.LocaleInput);
    expect(locale.status).toBe(200);
    const stored = await server.platform.store.db
      .selectFrom('users')
      .select('locale')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(stored.locale).toBe('en');
    expect((await send('PUT', '/console/api/me/locale', { locale: 'fr' })).status).toBe(400);
  });

  it('the public model square', async () => {
    const square = await call(modelSquare.modelSquareSchema, 'GET', '/console/api/square/models');
    expect(square.data.map((model) => model.id)).toContain('sim-chat');
    const settings = await call(modelSquare.modelSquareSettingsSchema, 'GET', '/admin/v1/model-square/settings');
    expect(settings.enabled).toBe(true);
  });

  it('models and deployments', async () => {
    const models = await call(listSchema(catalogModelSchema), 'GET', '/v1/models');
    expect(models.data.map((model) => model.id)).toContain('sim-chat');
    const list = await call(listSchema(deployments.deploymentViewSchema), 'GET', '/admin/v1/deployments');
    const patch: deployments.DeploymentPatch = { enabled: true };
    const id = encodeURIComponent(list.data[0]!.id);
    await call(deployments.deploymentViewSchema, 'PATCH', `/admin/v1/deployments/${id}`, patch);
  });

  it('API keys, organizations and users', async () => {
    const created = await call(keys.createdApiKeySchema, 'POST', '/admin/v1/keys', {
      name: 'contract',
      limits: { rpm: 600 },
      expiresAt: null,
    } satisfies keys.CreateKeyInput);
    apiKey = created.key;
    await call(listSchema(keys.apiKeySchema), 'GET', '/admin/v1/keys');
    const update: keys.UpdateKeyInput = { allowedModels: [], enabled: true };
    await call(keys.apiKeySchema, 'PATCH', `/admin/v1/keys/${created.id}`, update);

    const other = await call(organizations.organizationSchema, 'POST', '/admin/v1/organizations', {
      name: 'Second',
    } satisfies organizations.CreateOrganizationInput);
    await call(organizations.organizationSchema, 'PATCH', `/admin/v1/organizations/${other.id}`, {
      enabled: true,
    } satisfies organizations.UpdateOrganizationInput);
    await call(listSchema(organizations.organizationSchema), 'GET', '/admin/v1/organizations');

    const user = await call(organizations.userSchema, 'POST', '/admin/v1/users', {
      orgId: other.id,
      email: 'member@example.com',
      name: 'Member',
      role: 'member',
      password: 'member password',
    } satisfies organizations.CreateUserInput);
    await call(organizations.userSchema, 'PATCH', `/admin/v1/users/${user.id}`, {
      role: 'admin',
    } satisfies organizations.UpdateUserInput);
    await call(listSchema(organizations.userSchema), 'GET', '/admin/v1/users');
  });

  it('plans, prices, balance, ledger, statements, redemption codes and usage', async () => {
    await call(listSchema(billing.planSchema), 'GET', '/admin/v1/plans');
    await call(listSchema(billing.priceSchema), 'GET', '/admin/v1/prices');
    await call(billing.creditResultSchema, 'POST', `/admin/v1/organizations/${orgId}/top-ups`, {
      kind: 'top_up',
      amount: '25',
      description: 'contract test',
      idempotencyKey: 'contract-1',
    } satisfies billing.CreditInput);
    const balance = await call(billing.balanceSchema, 'GET', '/admin/v1/balance');
    expect(balance.balanceNano).toBeGreaterThan(0);

    const chat = await send(
      'POST',
      '/v1/chat/completions',
      { model: 'sim-chat', messages: [{ role: 'user', content: 'metered' }] },
      { authorization: `Bearer ${apiKey}` },
    );
    expect(chat.status).toBe(200);
    await chat.text();

    const batch = await call(billing.redemptionBatchSchema, 'POST', '/admin/v1/redemption-codes', {
      count: 1,
      amount: '1.50',
    } satisfies billing.RedemptionCodesInput);
    await call(billing.ledgerEntrySchema, 'POST', '/admin/v1/redeem', {
      code: batch.codes[0]!,
    } satisfies billing.RedeemInput);
    await call(listSchema(billing.redemptionCodeSchema), 'GET', '/admin/v1/redemption-codes');
    const ledger = await call(listSchema(billing.ledgerEntrySchema), 'GET', `/admin/v1/organizations/${orgId}/ledger`);
    // The first-run organization is the operator's own (house) organization: its usage is not charged.
    expect(ledger.data.map((entry) => entry.kind).sort()).toEqual(['redemption', 'top_up']);

    const range = `from=0&to=${Date.now() + 60_000}`;
    const records = await call(listSchema(usage.usageRecordSchema), 'GET', `/admin/v1/usage?${range}`);
    expect(records.data).toHaveLength(1);
    await call(listSchema(usage.usageSummaryRowSchema), 'GET', `/admin/v1/usage/summary?${range}`);
    const month = new Date().toISOString().slice(0, 7);
    const statement = await call(
      billing.monthlyStatementSchema,
      'GET',
      `/admin/v1/organizations/${orgId}/statements/${month}`,
    );
    expect(statement.usage.map((line) => line.model)).toEqual(['sim-chat']);
  });

  it('datasets: create, import, recipe run, versions, records and jobs', async () => {
    const dataset = await call(datasets.datasetSchema, 'POST', '/v1/datasets', {
      name: 'contract-set',
      description: 'two documents',
    } satisfies datasets.CreateDatasetInput);
    datasetId = dataset.id;
    await call(listSchema(datasets.datasetSchema), 'GET', '/v1/datasets');

    const form = new FormData();
    const lines = ['Kaiyuan meters every token.', 'Kaiyuan meters every token.', '开源的大模型云平台。'];
    form.append('file', new Blob([lines.map((text) => JSON.stringify({ text })).join('\n')]), 'docs.jsonl');
    const imported = await call(jobSchema, 'POST', `/v1/datasets/${datasetId}/imports`, form);
    expect((await finished(`/v1/jobs/${imported.id}`)).status).toBe('succeeded');

    const run = await call(jobSchema, 'POST', `/v1/datasets/${datasetId}/runs`, {
      recipe: 'operators:\n  - normalize\n  - exact_dedup\n',
    } satisfies datasets.RunRecipeInput);
    expect((await finished(`/v1/jobs/${run.id}`)).status).toBe('succeeded');
    await call(jobSchema, 'POST', `/v1/jobs/${run.id}/cancel`, {});

    const detail = await call(datasets.datasetDetailSchema, 'GET', `/v1/datasets/${datasetId}`);
    expect(detail.versions.map((version) => version.kind)).toEqual(['import', 'recipe']);
    const version = await call(datasets.datasetVersionSchema, 'GET', `/v1/datasets/${datasetId}/versions/2`);
    expect(version.statistics.map((step) => step.dropped)).toEqual([0, 1]);
    expect(version.samples?.length).toBeGreaterThan(0);
    const page = await call(
      datasets.recordPageSchema,
      'GET',
      `/v1/datasets/${datasetId}/versions/2/records?offset=0&limit=10`,
    );
    expect(page.total).toBe(2);

    const exportJob = await call(jobSchema, 'POST', `/v1/datasets/${datasetId}/versions/2/exports`, {
      format: 'openai',
      validationRatio: 0.5,
    } satisfies datasets.ExportDatasetInput);
    const exported = expectShape(
      datasets.datasetExportResultSchema,
      (await finished(`/v1/jobs/${exportJob.id}`)).result,
      'dataset export result',
    );
    expect(exported).toMatchObject({
      version: 2,
      rejected: 2,
      files: ['train.jsonl', 'validation.jsonl', 'rejected.jsonl'],
    });
    const rejected = await send('GET', `/v1/datasets/${datasetId}/exports/${exportJob.id}/files/rejected.jsonl`);
    expect((await rejected.text()).trim().split('\n')).toHaveLength(2);
  });

  it('labeling: project, pre-labeling job, queue, submit, skip, review, reports and export', async () => {
    const project = await call(projects.labelingProjectSchema, 'POST', '/v1/labeling/projects', {
      name: 'contract-labels',
      dataset: datasetId,
      labelSchema: { kind: 'classification', labels: ['metering', 'platform'] },
      annotators: [userId],
    } satisfies projects.CreateProjectInput);
    const path = `/v1/labeling/projects/${project.id}`;
    await call(listSchema(projects.labelingProjectSchema), 'GET', '/v1/labeling/projects');
    await call(projects.labelingProjectSchema, 'GET', path);

    const prelabel = await call(jobSchema, 'POST', `${path}/prelabel`, {
      model: 'sim-chat',
    } satisfies projects.AssistInput);
    await finished(`/v1/labeling/jobs/${prelabel.id}`);
    await call(jobSchema, 'POST', `/v1/labeling/jobs/${prelabel.id}/cancel`, {});

    const first = await call(tasks.nextTaskSchema, 'GET', `${path}/next`);
    if (first.id === null) throw new Error('the queue is empty');
    await call(listSchema(tasks.taskViewSchema), 'GET', `${path}/tasks?status=open&limit=100`);
    const label: tasks.LabelInput = { label: { choice: 'metering' }, offsets: 'utf16' };
    expect((await call(tasks.taskViewSchema, 'POST', `${path}/tasks/${first.id}/submit`, label)).status).toBe(
      'submitted',
    );
    const second = await call(tasks.taskViewSchema, 'GET', `${path}/next`);
    await call(tasks.taskViewSchema, 'POST', `${path}/tasks/${second.id}/skip`, {});
    // The skipped task comes back once nothing else is left.
    expect((await call(tasks.nextTaskSchema, 'GET', `${path}/next`)).id).toBe(second.id);

    const submitted = await call(listSchema(tasks.taskViewSchema), 'GET', `${path}/tasks?status=submitted`);
    const review: tasks.ReviewInput = { action: 'accept' };
    const reviewed = await call(
      tasks.labelingTaskSchema,
      'POST',
      `${path}/tasks/${submitted.data[0]!.id}/review`,
      review,
    );
    expect(reviewed.finalLabel).toEqual({ choice: 'metering' });

    await call(projects.progressReportSchema, 'GET', `${path}/progress`);
    await call(projects.agreementReportSchema, 'GET', `${path}/agreement`);
    const exportJob = await call(jobSchema, 'POST', `${path}/exports`, {
      format: 'classification',
    } satisfies projects.LabelingExportInput);
    const exported = expectShape(
      projects.labelingExportResultSchema,
      (await finished(`/v1/labeling/jobs/${exportJob.id}`)).result,
      'labeling export result',
    );
    expect(exported.train).toBe(1);
    expect((await send('GET', `${path}/exports/${exportJob.id}/${exported.files[0]}`)).status).toBe(200);
  });
  it('sign-up settings, pending accounts, invitations, packages and subscriptions', async () => {
    const settings = await call(signup.signupSettingsSchema, 'PUT', '/admin/v1/signup/settings', {
      policy: 'open',
    } satisfies signup.SignupSettingsInput);
    expect(settings).toMatchObject({ policy: 'open', emailEnabled: false });
    await call(signup.signupSettingsSchema, 'GET', '/admin/v1/signup/settings');
    const visitor = await fetch(`${server.url}/console/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'visitor@example.net', password: 'visitor password' } satisfies signup.SignUpInput),
    });
    const signedUp = expectShape(signup.signedUpSchema, await visitor.json(), 'sign-up');
    const pending = await call(listSchema(organizations.userSchema), 'GET', '/admin/v1/signup/pending');
    expect(pending.data.map((user) => user.id)).toEqual([signedUp.user.id]);
    await call(signup.invitationSchema, 'GET', '/admin/v1/invitation');

    const created = await call(signup.packageSchema, 'POST', '/admin/v1/packages', {
      name: 'Starter',
      price: '1.50',
      tokens: 100000,
      validityDays: 30,
    } satisfies signup.PackageBodyInput);
    await call(signup.packageSchema, 'PATCH', `/admin/v1/packages/${created.id}`, { enabled: true });
    await call(listSchema(signup.packageSchema), 'GET', '/admin/v1/packages');
    await send('POST', `/admin/v1/organizations/${orgId}/top-ups`, { kind: 'top_up', amount: '5' });
    const bought = await call(signup.purchaseResultSchema, 'POST', '/admin/v1/subscriptions', {
      packageId: created.id,
      orgId,
    } satisfies signup.PurchaseInput);
    await call(signup.subscriptionSchema, 'PATCH', `/admin/v1/subscriptions/${bought.id}`, { autoRenew: true });
    await call(listSchema(signup.subscriptionSchema), 'GET', `/admin/v1/subscriptions?orgId=${orgId}`);
  });
});
