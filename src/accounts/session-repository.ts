import type { Store } from '../store/database.ts';
import { newId } from '../util/ids.ts';
import { generateSessionToken, hashSecret } from './secret-tokens.ts';

export const sessionLifetimeMs = 14 * 24 * 3600 * 1000;

/** Console sessions: the token goes to the cookie, only its hash to the store. */
export class SessionRepository {
  constructor(private readonly store: Store) {}

  async create(userId: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
    const token = generateSessionToken();
    const expiresAt = now + sessionLifetimeMs;
    await this.store.db
      .insertInto('sessions')
      .values({
        id: newId('sess'),
        token_hash: hashSecret(token),
        user_id: userId,
        expires_at: expiresAt,
        created_at: now,
      })
      .execute();
    return { token, expiresAt };
  }

  async findByHash(tokenHash: string): Promise<{ userId: string; expiresAt: number } | null> {
    const row = await this.store.db
      .selectFrom('sessions')
      .select(['user_id', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? { userId: row.user_id, expiresAt: Number(row.expires_at) } : null;
  }

  async deleteByHash(tokenHash: string): Promise<void> {
    await this.store.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.store.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpired(now = Date.now()): Promise<void> {
    await this.store.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  }
}
