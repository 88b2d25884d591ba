import type { AuditEntry } from '../api-contract/channels.ts';
import type { Store } from '../store/database.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import { newId } from '../util/ids.ts';

export interface AuditRecord {
  /** Who: `admin-token`, `user:<id>`, `key:<id>`. */
  actor: string;
  /** What, as `<area>.<verb>`: channel.create, channel.update, channel.delete, channel.test, secrets.rotate. */
  action: string;
  targetType: string;
  targetId: string;
  /** The record before and after the change, secrets already masked by the caller. */
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  targetType?: string;
  targetId?: string;
  action?: string;
  /** Entries strictly older than this time (epoch ms): the next page. */
  before?: number;
  limit?: number;
}

/**
 * The append-only trail of operator changes: who did what to which record, with the record
 * before and after. Nothing updates or deletes a row; retention does not touch it.
 */
export class AuditTrail {
  constructor(private readonly store: Store) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.store.db
      .insertInto('audit_log')
      .values({
        id: newId('aud', 16),
        at: Date.now(),
        actor: entry.actor,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        before: entry.before === undefined ? null : JSON.stringify(entry.before),
        after: entry.after === undefined ? null : JSON.stringify(entry.after),
      })
      .execute();
  }

  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    let select = this.store.db.selectFrom('audit_log').selectAll();
    if (query.targetType) select = select.where('target_type', '=', query.targetType);
    if (query.targetId) select = select.where('target_id', '=', query.targetId);
    if (query.action) select = select.where('action', '=', query.action);
    if (query.before !== undefined) select = select.where('at', '<', query.before);
    const rows = await select
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(query.limit ?? 100, 1), 1000))
      .execute();
    return rows.map((row) => ({
      object: 'audit_entry' as const,
      id: row.id,
      at: Number(row.at),
      actor: row.actor,
      action: row.action,
      target_type: row.target_type,
      target_id: row.target_id,
      before: parseJsonColumn<unknown>(row.before, null),
      after: parseJsonColumn<unknown>(row.after, null),
    }));
  }
}

/** The actor name of a caller for the audit trail. */
export function auditActor(principal: { kind: string; userId: string | null; keyId: string | null } | null): string {
  if (!principal) return 'system';
  if (principal.kind === 'admin_token') return 'admin-token';
  if (principal.userId) return `user:${principal.userId}`;
  if (principal.keyId) return `key:${principal.keyId}`;
  return principal.kind;
}
