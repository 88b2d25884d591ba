import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, storeKinds } from '../../../test/support/test-store.ts';
import type { Store } from '../../store/database.ts';
import { ResponseStore } from './response-store.ts';

const DAY = 86_400_000;
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describe.each(storeKinds)('stored responses (%s)', (kind) => {
  async function responseStore(clock: { now: number }) {
    const store = await createTestStore(kind);
    stores.push(store);
    return { store, responses: new ResponseStore(store, 30 * DAY, () => clock.now, 0) };
  }

  it('belong to their organization: others neither read nor delete them', async () => {
    const clock = { now: Date.now() };
    const { responses } = await responseStore(clock);
    const conversation = [{ role: 'user', content: 'hi' }];
    await responses.save('org_a', { id: 'resp_1', model: 'sim-chat', status: 'completed' }, conversation);
    expect(await responses.find('org_a', 'resp_1')).toEqual({
      response: { id: 'resp_1', model: 'sim-chat', status: 'completed' },
      conversation,
    });
    expect(await responses.find('org_b', 'resp_1')).toBeNull();
    expect(await responses.delete('org_b', 'resp_1')).toBe(false);
    expect(await responses.delete('org_a', 'resp_1')).toBe(true);
    expect(await responses.find('org_a', 'resp_1')).toBeNull();
    expect(await responses.delete('org_a', 'resp_1')).toBe(false);
  });

  it('are gone after the retention period, and their rows are purged', async () => {
    const clock = { now: Date.now() };
    const { store, responses } = await responseStore(clock);
    await responses.save('org_a', { id: 'resp_old', model: 'm', status: 'completed' }, []);
    clock.now += 30 * DAY - 1;
    expect(await responses.find('org_a', 'resp_old')).not.toBeNull();
    clock.now += 1;
    expect(await responses.find('org_a', 'resp_old')).toBeNull();
    expect(await responses.delete('org_a', 'resp_old')).toBe(false);
    await responses.save('org_a', { id: 'resp_new', model: 'm', status: 'completed' }, []);
    const rows = await store.db.selectFrom('stored_responses').select('id').execute();
    expect(rows.map((row) => row.id)).toEqual(['resp_new']);
  });
});
