import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/database.ts';
import { provisionOverHttp, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { createTestDatabaseUrl, dropTestDatabase, storeKinds } from './support/test-store.ts';

let server: ServerProcess | null = null;
const databases: string[] = [];
afterAll(async () => {
  await server?.kill();
  for (const url of databases) await dropTestDatabase(url);
});

/** One request; resolves with Kaiyuan's id of it when the client received the whole answer, null otherwise. */
async function oneRequest(url: string, key: string, id: string, stream: boolean): Promise<string | null> {
  try {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-request-id': id },
      body: JSON.stringify({ model: 'sim-chat', stream, messages: [{ role: 'user', content: `count me ${id}` }] }),
    });
    const text = await response.text();
    const requestId = response.headers.get('x-request-id');
    if (response.status !== 200 || response.headers.get('x-client-request-id') !== id) return null;
    if (stream) return text.trimEnd().endsWith('data: [DONE]') ? requestId : null;
    return JSON.parse(text).usage ? requestId : null;
  } catch {
    return null;
  }
}

describe.each(storeKinds)('kill -9 under load on %s', (kind) => {
  it('loses and duplicates no usage record of a completed response', async () => {
    const databaseUrl = kind === 'postgres' ? await createTestDatabaseUrl() : undefined;
    if (databaseUrl) databases.push(databaseUrl);
    server = await startServerProcess({ environment: databaseUrl ? { DATABASE_URL: databaseUrl } : {} });
    const { key, orgId } = await provisionOverHttp(server.url, { name: 'load', balance: 1000 });
    const completed: string[] = [];
    const started: string[] = [];
    let stop = false;
    let counter = 0;
    const worker = async () => {
      while (!stop) {
        const id = `req_kill_${process.pid}_${counter++}`;
        started.push(id);
        const done = await oneRequest(server!.url, key, id, counter % 2 === 0);
        if (done) completed.push(done);
      }
    };
    const workers = Array.from({ length: 16 }, () => worker());
    // Killed under load: after 2.5 s and once more than 20 answers are complete, however busy the
    // machine (a slow start under a loaded CI must not make the kill come before the load).
    const loadedAt = Date.now() + 2_500;
    const givesUpAt = Date.now() + 15_000;
    while ((Date.now() < loadedAt || completed.length <= 20) && Date.now() < givesUpAt)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await server.kill();
    stop = true;
    await Promise.all(workers);
    expect(completed.length).toBeGreaterThan(20);
    expect(started.length).toBeGreaterThan(completed.length);

    const store = openStore({ url: databaseUrl, dataDir: server.dataDir });
    try {
      const records = await store.db.selectFrom('usage_records').select(['request_id', 'charged', 'status']).execute();
      const byId = new Map(records.map((record) => [record.request_id, record]));
      const missing = completed.filter((id) => !byId.has(id));
      expect(missing).toEqual([]);
      expect(byId.size).toBe(records.length);
      for (const id of completed) expect(byId.get(id)!.status).toBe('completed');
      // Every charged record has exactly one debit and the balance is the sum of the ledger.
      const debits = await store.db
        .selectFrom('ledger')
        .select(['idempotency_key', 'amount'])
        .where('kind', '=', 'usage_debit')
        .execute();
      expect(debits.length).toBe(records.filter((record) => Number(record.charged) > 0).length);
      expect(new Set(debits.map((debit) => debit.idempotency_key)).size).toBe(debits.length);
      const entries = await store.db.selectFrom('ledger').select('amount').where('org_id', '=', orgId).execute();
      const balance = await store.db
        .selectFrom('org_balances')
        .select('balance')
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
      expect(entries.reduce((sum, entry) => sum + Number(entry.amount), 0)).toBe(Number(balance.balance));
      const charged = records.reduce((sum, record) => sum + Number(record.charged), 0);
      expect(Number(balance.balance)).toBe(1000 * 1e9 - charged);
    } finally {
      await store.close();
    }
  }, 90_000);
});
