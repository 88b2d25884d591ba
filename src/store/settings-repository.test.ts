import { afterEach, describe, expect, it } from 'vitest';
import { createTestStore, storeKinds } from '../../test/support/test-store.ts';
import type { Store } from './database.ts';
import { SettingsRepository } from './settings-repository.ts';

describe.each(storeKinds)('SettingsRepository on %s', (kind) => {
  let store: Store;
  afterEach(async () => store?.close());

  it('sets, overwrites and reads values; setIfAbsent keeps the first', async () => {
    store = await createTestStore(kind);
    const settings = new SettingsRepository(store);
    expect(await settings.get('a')).toBeNull();
    await settings.set('a', '1');
    await settings.set('a', '2');
    expect(await settings.get('a')).toBe('2');
    expect(await settings.setIfAbsent('b', 'first')).toBe(true);
    expect(await settings.setIfAbsent('b', 'second')).toBe(false);
    expect(await settings.get('b')).toBe('first');
  });
});
