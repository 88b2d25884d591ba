import type { Store } from '../store/database.ts';

/** Tells which of the given annotator ids are not users or API keys of the organization. */
export type AnnotatorDirectory = (orgId: string, ids: string[]) => Promise<string[]>;

/** The directory over the accounts tables: an annotator is a user or an API key of the organization. */
export function accountsDirectory(store: Store): AnnotatorDirectory {
  return async (orgId, ids) => {
    if (ids.length === 0) return [];
    const users = await store.db
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
    const keys = await store.db
      .selectFrom('api_keys')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .where('revoked_at', 'is', null)
      .execute();
    const known = new Set([...users, ...keys].map((row) => row.id));
    return ids.filter((id) => !known.has(id));
  };
}
