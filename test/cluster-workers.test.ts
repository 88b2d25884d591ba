import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/database.ts';
import { adminCall, provisionOverHttp, startServerProcess, type ServerProcess } from './support/server-process.ts';

/**
 * `kaiyuan serve --workers 2` without Redis: the primary owns the counters and, on SQLite, writes
 * the metering of every worker (decision 032). Limits and balances hold exactly across the
 * workers, every answer a client received in full is billed exactly once, also when a worker or
 * the primary is killed with kill -9 under load, a dead worker is started again, and workers whose
 * primary died exit instead of serving without it.
 */
let server: ServerProcess | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

const simulator = (latencyMs: number) =>
  `server:\n  host: 127.0.0.1\ndiscovery:\n  enabled: false\nsimulator:\n  enabled: true\n  options:\n    latencyMs: ${latencyMs}\n    tokensPerSecond: 5000\n`;

/** The worker processes of the primary (its Node children running `kaiyuan serve`). */
function workerPids(primaryPid: number): number[] {
  let children: string;
  try {
    children = readFileSync(`/proc/${primaryPid}/task/${primaryPid}/children`, 'utf8').trim();
  } catch {
    return [];
  }
  return (children ? children.split(/\s+/).map(Number) : []).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kaiyuan.js');
    } catch {
      return false;
    }
  });
}

/** How many times the primary said a worker is ready (listening), counted on its output. */
let readyWorkers = 0;

/** Starts `kaiyuan serve --workers 2` and waits until both workers listen. */
async function startTwoWorkers(latencyMs: number): Promise<ServerProcess> {
  readyWorkers = 0;
  const started = await startServerProcess({
    configYaml: simulator(latencyMs),
    environment: { KAIYUAN_WORKERS: '2', LOG_LEVEL: 'info' },
  });
  server = started;
  // The lines so far (start-up output is short), then every later chunk.
  readyWorkers = started.output().split('"msg":"worker ready"').length - 1;
  started.child.stdout!.on('data', (chunk: Buffer) => {
    readyWorkers += chunk.toString().split('"msg":"worker ready"').length - 1;
  });
  expect(await waitFor(() => started.output().includes('with 2 workers') || readyWorkers >= 2, 90_000)).toBe(true);
  expect(workerPids(started.child.pid!)).toHaveLength(2);
  return started;
}

/** Whether a process has used CPU since it started (it served requests) — /proc ticks. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function chat(url: string, key: string, id: string, stream = false, maxTokens = 16) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': id },
    body: JSON.stringify({
      model: 'sim-chat',
      stream,
      max_tokens: maxTokens,
      messages: [{ role: 'user', content: id }],
    }),
    // A request cut by the kill may never be answered: it counts as not completed, and the loop goes on.
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, requestId: response.headers.get('x-request-id'), text };
}

/** Whether a process has ended (gone, or a zombie nobody reaped yet). */
function ended(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
}

/** Sends chat requests from 16 loops until stopped; collects the ids of answers received whole. */
function chatUnderLoad(url: string, key: string, prefix: string) {
  const completed: string[] = [];
  let stop = false;
  let counter = 0;
  let failures = 0;
  const loop = async () => {
    while (!stop) {
      const id = `${prefix}-${counter++}`;
      const stream = counter % 2 === 0;
      try {
        const answer = await chat(url, key, id, stream);
        const whole = stream ? answer.text.trimEnd().endsWith('data: [DONE]') : answer.text.includes('"usage"');
        if (answer.status === 200 && whole && answer.requestId) completed.push(answer.requestId);
        else failures++;
      } catch {
        failures++;
        // Nothing listens (the primary is gone): do not spin.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const loops = Array.from({ length: 16 }, () => loop());
  return {
    completed,
    failures: () => failures,
    async stop() {
      stop = true;
      await Promise.all(loops);
    },
  };
}

/** Every answer received whole billed exactly once; every debit once; balance = top-ups − charges. */
async function expectBilledExactlyOnce(dataDir: string, orgId: string, completed: string[], topUp: number) {
  const store = openStore({ dataDir });
  try {
    const records = await store.db.selectFrom('usage_records').select(['request_id', 'charged', 'status']).execute();
    const byId = new Map(records.map((record) => [record.request_id, record]));
    expect(byId.size).toBe(records.length);
    expect(completed.filter((id) => !byId.has(id))).toEqual([]);
    for (const id of completed) expect(byId.get(id)!.status).toBe('completed');
    const entries = await store.db
      .selectFrom('ledger')
      .select(['idempotency_key', 'kind', 'amount'])
      .where('org_id', '=', orgId)
      .execute();
    const debits = entries.filter((entry) => entry.kind === 'usage_debit');
    expect(debits.length).toBe(records.filter((record) => Number(record.charged) > 0).length);
    expect(new Set(debits.map((debit) => debit.idempotency_key)).size).toBe(debits.length);
    const balance = await store.db
      .selectFrom('org_balances')
      .select('balance')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow();
    const charged = records.reduce((sum, record) => sum + Number(record.charged), 0);
    expect(Number(balance.balance)).toBe(topUp * 1e9 - charged);
    expect(entries.reduce((sum, entry) => sum + Number(entry.amount), 0)).toBe(Number(balance.balance));
  } finally {
    await store.close();
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('kaiyuan serve --workers 2 (counters in the primary)', () => {
  it('keeps a key’s request limit exact across both workers', async () => {
    server = await startTwoWorkers(5);
    const pids = workerPids(server.child.pid!);
    expect(pids).toHaveLength(2);
    const { key } = await provisionOverHttp(server.url, { name: 'limited', balance: 100, limits: { rpm: 25 } });
    const before = pids.map(cpuTicks);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, index) => chat(server!.url, key, `limit-${index}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(25);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    // Both workers took part (connections are handed to them in turn).
    pids.forEach((pid, index) => expect(cpuTicks(pid)).toBeGreaterThan(before[index]!));
  }, 150_000);

  it('never lets concurrent requests on two workers reserve more than the balance', async () => {
    // A slow upstream keeps every admitted request's hold in place while the others arrive.
    server = await startTwoWorkers(1500);
    // 0.01 CNY holds at most 4 reservations of 1,000 output tokens at 2 CNY per million (plus the prompt):
    // both workers together, not 4 each.
    const { key, orgId } = await provisionOverHttp(server.url, { name: 'thin', balance: 0.01 });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => chat(server!.url, key, `hold-${index}`, false, 1000)),
    );
    const admitted = answers.filter((answer) => answer.status === 200).length;
    const refused = answers.filter((answer) => answer.status === 402).length;
    expect(admitted + refused).toBe(40);
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeLessThanOrEqual(4);
    await server.stop();
    const store = openStore({ dataDir: server.dataDir });
    try {
      const balance = await store.db
        .selectFrom('org_balances')
        .select('balance')
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect(Number(balance.balance)).toBeGreaterThanOrEqual(0);
      const records = await store.db.selectFrom('usage_records').select(['request_id', 'charged']).execute();
      const charged = records.reduce((sum, record) => sum + Number(record.charged), 0);
      expect(Number(balance.balance)).toBe(0.01 * 1e9 - charged);
      // Exactly one charged record per answered request.
      expect(records.filter((record) => Number(record.charged) > 0)).toHaveLength(admitted);
    } finally {
      await store.close();
    }
  }, 150_000);

  it('bills every completed answer exactly once when a worker is killed with kill -9 under load, and starts it again', async () => {
    server = await startTwoWorkers(5);
    const primaryPid = server.child.pid!;
    const [victim] = workerPids(primaryPid);
    const { key, orgId } = await provisionOverHttp(server.url, { name: 'load', plan: 'enterprise', balance: 1000 });
    const completed: string[] = [];
    let stop = false;
    let counter = 0;
    let failures = 0;
    const loop = async () => {
      while (!stop) {
        const id = `kill-${counter++}`;
        const stream = counter % 2 === 0;
        try {
          const answer = await chat(server!.url, key, id, stream);
          const whole = stream ? answer.text.trimEnd().endsWith('data: [DONE]') : answer.text.includes('"usage"');
          if (answer.status === 200 && whole && answer.requestId) completed.push(answer.requestId);
          else failures++;
        } catch {
          failures++;
        }
      }
    };
    const loops = Array.from({ length: 16 }, () => loop());
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    execFileSync('kill', ['-9', String(victim)]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    stop = true;
    await Promise.all(loops);
    expect(completed.length).toBeGreaterThan(10);
    // The primary starts a new worker in the dead one's place, and it serves.
    expect(await waitFor(() => readyWorkers >= 3, 90_000)).toBe(true);
    expect(workerPids(primaryPid).filter((pid) => pid !== victim)).toHaveLength(2);
    const after = await chat(server.url, key, 'after-restart');
    expect(after.status).toBe(200);
    completed.push(after.requestId!);
    await server.stop();
    await expectBilledExactlyOnce(server.dataDir, orgId, completed, 1000);
  }, 300_000);

  it('bills every received answer exactly once when the primary is killed with kill -9 under load; its workers exit', async () => {
    server = await startTwoWorkers(5);
    const dataDir = server.dataDir;
    const workers = workerPids(server.child.pid!);
    const { key, orgId } = await provisionOverHttp(server.url, { name: 'primary', plan: 'enterprise', balance: 1000 });
    const traffic = chatUnderLoad(server.url, key, 'primary-kill');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const beforeKill = traffic.completed.length;
    await server.kill();
    server = null;
    // Without the owner of their counters and of metering, the workers stop serving and exit.
    const exited = await waitFor(() => workers.every(ended), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await traffic.stop();
    expect(exited).toBe(true);
    expect(beforeKill).toBeGreaterThan(10);
    expect(traffic.failures()).toBeGreaterThan(0);

    // Started again on the same data: it serves, and the books balance.
    server = await startServerProcess({
      configYaml: simulator(5),
      environment: { KAIYUAN_WORKERS: '2' },
      dataDir,
    });
    const after = await chat(server.url, key, 'after-primary-restart');
    expect(after.status).toBe(200);
    const completed = [...traffic.completed, after.requestId!];
    await server.stop();
    server = null;
    await expectBilledExactlyOnce(dataDir, orgId, completed, 1000);
  }, 300_000);

  it('revokes a key on every worker within a second and reloads on SIGHUP without failing requests', async () => {
    server = await startTwoWorkers(5);
    const { key, orgId } = await provisionOverHttp(server.url, { name: 'revoke', plan: 'enterprise', balance: 10 });
    expect((await chat(server.url, key, 'before')).status).toBe(200);
    // Reload under light load: every request is answered.
    let stop = false;
    const statuses: number[] = [];
    const loops = Array.from({ length: 4 }, async () => {
      let index = 0;
      while (!stop)
        statuses.push((await chat(server!.url, key, `reload-${index++}`).catch(() => ({ status: 0 }))).status);
    });
    const oldPids = workerPids(server.child.pid!);
    process.kill(server.child.pid!, 'SIGHUP');
    // A bridge worker, then new workers for slots 1 and 2, the old ones and the bridge retired.
    const replaced = await waitFor(() => {
      const now = workerPids(server!.child.pid!);
      return readyWorkers >= 5 && now.length === 2 && now.every((pid) => !oldPids.includes(pid));
    }, 240_000);
    stop = true;
    await Promise.all(loops);
    expect(replaced).toBe(true);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // A revocation made through one worker holds on both at once (not only after their 1-s credential cache).
    const { data: keys } = (await adminCall(server.url, 'GET', `/admin/v1/keys?orgId=${orgId}`)) as {
      data: Array<{ id: string }>;
    };
    expect(keys).toHaveLength(1);
    await Promise.all(Array.from({ length: 8 }, (_, index) => chat(server!.url, key, `warm-${index}`)));
    await adminCall(server.url, 'DELETE', `/admin/v1/keys/${keys[0]!.id}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const afterRevoke = await Promise.all(
      Array.from({ length: 8 }, (_, index) => chat(server!.url, key, `revoked-${index}`)),
    );
    expect(afterRevoke.map((answer) => answer.status)).toEqual(Array(8).fill(401));
  }, 300_000);
});
