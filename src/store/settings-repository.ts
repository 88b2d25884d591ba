import type { Store } from './database.ts';

/** Key-value settings of the platform, shared by all replicas through the store. */
export class SettingsRepository {
  constructor(private readonly store: Store) {}

  async get(key: string): Promise<string | null> {
    const row = await this.store.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    const now = Date.now();
    await this.store.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }

  /** Sets the value only when the key is absent; returns true when this call set it. */
  async setIfAbsent(key: string, value: string): Promise<boolean> {
    const result = await this.store.db
      .insertInto('settings')
      .values({ key, value, updated_at: Date.now() })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
