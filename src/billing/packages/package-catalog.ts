import type { LimitSettings } from '../../config/commerce-schema.ts';
import type { Store } from '../../store/database.ts';
import { parseJsonColumn, parseStringList } from '../../store/json-columns.ts';
import type { PackagesTable } from '../../store/schema/signup-tables.ts';
import { invalidRequest, notFound } from '../../util/errors.ts';
import { newId } from '../../util/ids.ts';

/** A package customers buy: a price for included tokens and/or credit, valid for some days. */
export interface PackageDefinition {
  id: string;
  name: string;
  /** Price in nano-units of the billing currency. */
  price: number;
  /** Included credit (nano-units), spent at list price on covered models. */
  credit: number;
  /** Included tokens (prompt + completion) on covered models. */
  tokens: number;
  validityDays: number;
  /** Covered models; empty: every model the plan allows. */
  models: string[];
  /** Plan the organization moves to when buying (an upgrade takes effect at once); null: unchanged. */
  planId: string | null;
  /** Limits applied to the organization while the package is active (over the plan's). */
  limits: LimitSettings;
  enabled: boolean;
  createdAt: number;
}

export type PackageInput = Omit<PackageDefinition, 'id' | 'createdAt' | 'enabled'> & { enabled?: boolean };

export function toPackage(row: PackagesTable): PackageDefinition {
  return {
    id: row.id,
    name: row.name,
    price: Number(row.price),
    credit: Number(row.credit),
    tokens: Number(row.tokens),
    validityDays: Number(row.validity_days),
    models: parseStringList(row.models),
    planId: row.plan_id,
    limits: parseJsonColumn<LimitSettings>(row.limits, {}),
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
  };
}

/** The operator's package catalog. */
export class PackageCatalog {
  constructor(
    private readonly store: Store,
    private readonly planExists: (planId: string) => boolean,
  ) {}

  async create(input: PackageInput): Promise<PackageDefinition> {
    this.check(input);
    const row: PackagesTable = {
      id: newId('pkg'),
      name: input.name,
      price: input.price,
      credit: input.credit,
      tokens: input.tokens,
      validity_days: input.validityDays,
      models: JSON.stringify(input.models),
      plan_id: input.planId,
      limits: JSON.stringify(input.limits),
      enabled: input.enabled === false ? 0 : 1,
      created_at: Date.now(),
    };
    await this.store.db.insertInto('packages').values(row).execute();
    return toPackage(row);
  }

  async update(id: string, changes: Partial<PackageInput>): Promise<PackageDefinition> {
    const current = await this.get(id);
    const next = { ...current, ...changes };
    this.check(next);
    await this.store.db
      .updateTable('packages')
      .set({
        name: next.name,
        price: next.price,
        credit: next.credit,
        tokens: next.tokens,
        validity_days: next.validityDays,
        models: JSON.stringify(next.models),
        plan_id: next.planId,
        limits: JSON.stringify(next.limits),
        enabled: next.enabled ? 1 : 0,
      })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  async find(id: string): Promise<PackageDefinition | null> {
    const row = await this.store.db.selectFrom('packages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPackage(row) : null;
  }

  async get(id: string): Promise<PackageDefinition> {
    const found = await this.find(id);
    if (!found) throw notFound(`No package '${id}'.`, 'package_not_found');
    return found;
  }

  /** Every package (operator) or only those on sale (customers). */
  async list(options: { enabledOnly?: boolean } = {}): Promise<PackageDefinition[]> {
    let query = this.store.db.selectFrom('packages').selectAll().orderBy('price').orderBy('created_at');
    if (options.enabledOnly) query = query.where('enabled', '=', 1);
    return (await query.execute()).map(toPackage);
  }

  private check(input: PackageInput): void {
    if (input.credit === 0 && input.tokens === 0 && !input.planId)
      throw invalidRequest('A package includes tokens, credit or a plan.', 'tokens', 'empty_package');
    if (input.planId && !this.planExists(input.planId))
      throw invalidRequest(`No plan '${input.planId}'.`, 'planId', 'plan_not_found');
  }
}
