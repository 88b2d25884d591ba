import { pricingOverlaySchema, type PricingDocument, type PricingOverlay } from '../../api-contract/pricing.ts';
import type { Store } from '../../store/database.ts';
import { parseJsonColumn } from '../../store/json-columns.ts';
import type { PriceVersionsTable } from '../../store/schema/billing-tables.ts';

export interface PriceVersion {
  id: number;
  createdAt: number;
  actor: string;
  note: string | null;
  document: PricingDocument;
  overlay: PricingOverlay;
  fingerprint: string;
}

/** The append-only history of price versions; the newest is the one in force. */
export class PriceVersionRepository {
  constructor(private readonly store: Store) {}

  async latestId(): Promise<number> {
    const row = await this.store.db
      .selectFrom('price_versions')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  async latest(): Promise<PriceVersion | null> {
    const row = await this.store.db
      .selectFrom('price_versions')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? versionFromRow(row) : null;
  }

  async get(id: number): Promise<PriceVersion | null> {
    const row = await this.store.db.selectFrom('price_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? versionFromRow(row) : null;
  }

  async list(limit: number): Promise<PriceVersion[]> {
    const rows = await this.store.db
      .selectFrom('price_versions')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(versionFromRow);
  }

  /** Appends a version after `previousId`; false when another writer appended first (re-read and retry). */
  async append(previousId: number, version: Omit<PriceVersion, 'id'>): Promise<PriceVersion | null> {
    const id = previousId + 1;
    try {
      await this.store.db
        .insertInto('price_versions')
        .values({
          id,
          created_at: version.createdAt,
          actor: version.actor,
          note: version.note,
          document: JSON.stringify(version.document),
          overlay: JSON.stringify(version.overlay),
          fingerprint: version.fingerprint,
        })
        .execute();
    } catch (error) {
      if ((await this.latestId()) >= id) return null;
      throw error;
    }
    return { ...version, id };
  }
}

function versionFromRow(row: PriceVersionsTable): PriceVersion {
  const overlay = pricingOverlaySchema.safeParse(parseJsonColumn(row.overlay, {}));
  return {
    id: Number(row.id),
    createdAt: Number(row.created_at),
    actor: row.actor,
    note: row.note,
    document: parseJsonColumn<PricingDocument>(row.document, {
      timezone: 'Asia/Shanghai',
      prices: {},
      plans: {},
      rules: [],
    }),
    overlay: overlay.success ? overlay.data : { prices: {}, plans: {}, rules: {} },
    fingerprint: row.fingerprint,
  };
}
