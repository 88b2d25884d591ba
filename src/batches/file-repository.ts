import type { Store } from '../store/database.ts';
import type { FilesTable } from '../store/schema/batch-tables.ts';

export type StoredFile = Omit<FilesTable, 'content'>;

const metadataColumns = [
  'id',
  'org_id',
  'purpose',
  'filename',
  'bytes',
  'line_count',
  'created_at',
  'expires_at',
] as const;

/** Files of `/v1/files`, scoped to their organization; their text lives in the store with them. */
export class FileRepository {
  constructor(private readonly store: Store) {}

  async create(file: FilesTable): Promise<StoredFile> {
    await this.store.db.insertInto('files').values(file).execute();
    const { content: _content, ...metadata } = file;
    return metadata;
  }

  async get(orgId: string, id: string): Promise<StoredFile | null> {
    const row = await this.store.db
      .selectFrom('files')
      .select(metadataColumns)
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return row ? normalize(row) : null;
  }

  async content(orgId: string, id: string): Promise<string | null> {
    const row = await this.store.db
      .selectFrom('files')
      .select('content')
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return row?.content ?? null;
  }

  /** Newest first, after the cursor (a file id) when given; one more than `limit` says there are more. */
  async list(orgId: string, options: { after?: string; limit: number; purpose?: string }): Promise<StoredFile[]> {
    let query = this.store.db
      .selectFrom('files')
      .select(metadataColumns)
      .where('org_id', '=', orgId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.purpose) query = query.where('purpose', '=', options.purpose);
    if (options.after) {
      const cursor = await this.get(orgId, options.after);
      if (cursor)
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', cursor.created_at),
            eb.and([eb('created_at', '=', cursor.created_at), eb('id', '<', cursor.id)]),
          ]),
        );
    }
    return (await query.execute()).map(normalize);
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const result = await this.store.db
      .deleteFrom('files')
      .where('id', '=', id)
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Bytes all files of the organization take (the storage quota counts them). */
  async bytesUsed(orgId: string): Promise<number> {
    const row = await this.store.db
      .selectFrom('files')
      .select((eb) => eb.fn.sum<number>('bytes').as('total'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  }

  /** Removes files whose expiry passed; returns how many. */
  async deleteExpired(now: number): Promise<number> {
    const result = await this.store.db
      .deleteFrom('files')
      .where('expires_at', 'is not', null)
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function normalize(row: StoredFile): StoredFile {
  return {
    ...row,
    bytes: Number(row.bytes),
    created_at: Number(row.created_at),
    expires_at: row.expires_at === null ? null : Number(row.expires_at),
  };
}
