/**
 * Stored responses, scoped to their organization and kept until the operator's retention ends:
 * what `previous_response_id` continues from and `GET/DELETE /v1/responses/{id}` read.
 */
import type { Store } from '../../store/database.ts';

type Json = Record<string, any>;

export interface StoredResponse {
  response: Json;
  conversation: Json[];
}

export class ResponseStore {
  private lastPurge = 0;

  constructor(
    private readonly store: Store,
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
    /** Expired rows are deleted at most this often (reads skip them at once). */
    private readonly purgeEveryMs = 60_000,
  ) {}

  async save(orgId: string, response: Json, conversation: Json[]): Promise<void> {
    const now = this.now();
    await this.store.db
      .insertInto('stored_responses')
      .values({
        id: String(response.id),
        org_id: orgId,
        model: String(response.model),
        status: String(response.status),
        response: JSON.stringify(response),
        conversation: JSON.stringify(conversation),
        created_at: now,
        expires_at: now + this.retentionMs,
      })
      .execute();
    await this.purgeExpired(now);
  }

  async find(orgId: string, id: string): Promise<StoredResponse | null> {
    const row = await this.store.db
      .selectFrom('stored_responses')
      .select(['response', 'conversation'])
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
    if (!row) return null;
    return { response: JSON.parse(row.response) as Json, conversation: JSON.parse(row.conversation) as Json[] };
  }

  /** Deletes the organization's response; false when it has none of that id. */
  async delete(orgId: string, id: string): Promise<boolean> {
    const result = await this.store.db
      .deleteFrom('stored_responses')
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .where('expires_at', '>', this.now())
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes responses past their retention; returns how many. */
  async purgeExpired(now = this.now()): Promise<number> {
    if (now - this.lastPurge < this.purgeEveryMs) return 0;
    this.lastPurge = now;
    const result = await this.store.db.deleteFrom('stored_responses').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
