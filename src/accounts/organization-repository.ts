import type * as Api from '../api-contract/organizations.ts';
import type { LimitSettings } from '../config/commerce-schema.ts';
import type { Store } from '../store/database.ts';
import type { OrganizationsTable } from '../store/schema/accounts-tables.ts';
import { conflict, notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import { parseJsonColumn, parseStringList } from '../store/json-columns.ts';

/** An organization (tenant): the API's resource without its `object` tag. */
export type Organization = Omit<Api.Organization, 'object'>;

export interface OrganizationChanges {
  name?: string;
  planId?: string;
  limits?: LimitSettings;
  residencyTags?: string[];
  enabled?: boolean;
  /** Nano-units; null turns the low-balance notice off. */
  lowBalanceThreshold?: number | null;
}

export function toOrganization(row: OrganizationsTable): Organization {
  return {
    id: row.id,
    name: row.name,
    planId: row.plan_id,
    limits: parseJsonColumn<LimitSettings>(row.limits, {}),
    residencyTags: parseStringList(row.residency_tags),
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
    house: row.house === 1,
    lowBalanceThreshold: row.low_balance_threshold === null ? null : Number(row.low_balance_threshold),
  };
}

export class OrganizationRepository {
  constructor(private readonly store: Store) {}

  /** Creates the organization and its zero balance in one transaction; 409 when the name is taken. */
  async create(input: {
    name: string;
    planId: string;
    limits?: LimitSettings;
    residencyTags?: string[];
    /** The operator's own organization (first run): its usage is recorded, not charged. */
    house?: boolean;
  }): Promise<Organization> {
    const now = Date.now();
    const row: OrganizationsTable = {
      id: newId('org'),
      name: input.name,
      plan_id: input.planId,
      limits: JSON.stringify(input.limits ?? {}),
      residency_tags: JSON.stringify(input.residencyTags ?? []),
      enabled: 1,
      created_at: now,
      house: input.house ? 1 : 0,
      low_balance_threshold: null,
      low_balance_notified_at: null,
    };
    if (await this.findByName(input.name))
      throw conflict(`An organization named '${input.name}' already exists.`, 'organization_exists');
    await this.store.db.transaction().execute(async (transaction) => {
      await transaction.insertInto('organizations').values(row).execute();
      await transaction
        .insertInto('org_balances')
        .values({ org_id: row.id, balance: 0, spent_total: 0, updated_at: now })
        .execute();
    });
    return toOrganization(row);
  }

  async findById(id: string): Promise<Organization | null> {
    const row = await this.store.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOrganization(row) : null;
  }

  async findByName(name: string): Promise<Organization | null> {
    const row = await this.store.db.selectFrom('organizations').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toOrganization(row) : null;
  }

  async get(id: string): Promise<Organization> {
    const organization = await this.findById(id);
    if (!organization) throw notFound(`No organization '${id}'.`, 'organization_not_found');
    return organization;
  }

  async list(): Promise<Organization[]> {
    const rows = await this.store.db.selectFrom('organizations').selectAll().orderBy('created_at').execute();
    return rows.map(toOrganization);
  }

  async count(): Promise<number> {
    const row = await this.store.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async update(id: string, changes: OrganizationChanges): Promise<Organization> {
    const values: Partial<OrganizationsTable> = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.planId !== undefined) values.plan_id = changes.planId;
    if (changes.limits !== undefined) values.limits = JSON.stringify(changes.limits);
    if (changes.residencyTags !== undefined) values.residency_tags = JSON.stringify(changes.residencyTags);
    if (changes.enabled !== undefined) values.enabled = changes.enabled ? 1 : 0;
    if (changes.lowBalanceThreshold !== undefined) {
      values.low_balance_threshold = changes.lowBalanceThreshold;
      values.low_balance_notified_at = null;
    }
    if (Object.keys(values).length > 0) {
      if (changes.name !== undefined) {
        const existing = await this.findByName(changes.name);
        if (existing && existing.id !== id)
          throw conflict(`An organization named '${changes.name}' already exists.`, 'organization_exists');
      }
      await this.store.db.updateTable('organizations').set(values).where('id', '=', id).execute();
    }
    return this.get(id);
  }
}
