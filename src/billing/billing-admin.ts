import {
  isPlatformOperator,
  listScope,
  managerRoles,
  readerRoles,
  requireOperator,
  requireRoles,
  targetOrg,
} from '../accounts/access-control.ts';
import { OrganizationRepository } from '../accounts/organization-repository.ts';
import type { Principal } from '../accounts/principal.ts';
import type { LimitSettings } from '../config/commerce-schema.ts';
import type { BudgetGuard } from '../limits/budget-guard.ts';
import type { LedgerKind } from '../store/schema/billing-tables.ts';
import { auditActor, type AuditTrail } from '../observability/audit-trail.ts';
import type { Store } from '../store/database.ts';
import { invalidRequest } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import type { BillingProfiles } from './billing-profiles.ts';
import { keyUsageOf, type KeyUsage } from './key-usage.ts';
import { Ledger, type LedgerEntry } from './ledger.ts';
import { formatAmount } from './money.ts';
import { monthlyStatement, type MonthlyStatement } from './monthly-statements.ts';
import type { PlanCatalog } from './plan-catalog.ts';
import type { PriceBook } from './price-book.ts';
import { RedemptionCodes, type RedemptionBatch, type RedemptionCodeInfo } from './redemption-codes.ts';
import type { UsageFilter } from './usage-aggregates.ts';
import { UsageReports, type UsageRecord, type UsageSummaryRow } from './usage-reports.ts';

export type CreditKind = Extract<LedgerKind, 'top_up' | 'refund' | 'adjustment' | 'grant'>;

export interface BalanceView {
  orgId: string;
  currency: string;
  balance: number;
  spentTotal: number;
  planId: string;
  level: string;
  /** Effective per-model limits of the organization: plan × spend level, or its custom limits. */
  limits: LimitSettings;
}

/** Balances, ledger, redemption codes, usage and statements as the admin API and CLI use them. */
export class BillingAdministration {
  readonly ledger: Ledger;
  readonly codes: RedemptionCodes;
  readonly usage: UsageReports;
  private readonly organizations: OrganizationRepository;

  constructor(
    private readonly store: Store,
    readonly plans: PlanCatalog,
    readonly prices: PriceBook,
    private readonly budgets: BudgetGuard | null,
    private readonly profiles: BillingProfiles | null,
    /** Where credits, redemptions and code batches are recorded; null records nothing. */
    private readonly audit: AuditTrail | null = null,
  ) {
    this.ledger = new Ledger(store);
    this.codes = new RedemptionCodes(store);
    this.usage = new UsageReports(store);
    this.organizations = new OrganizationRepository(store);
  }

  async balance(actor: Principal, orgId?: string): Promise<BalanceView> {
    requireRoles(actor, readerRoles);
    const target = targetOrg(actor, orgId);
    const organization = await this.organizations.get(target);
    const snapshot = await this.ledger.balance(target);
    return {
      orgId: target,
      currency: this.prices.currency,
      balance: snapshot.balance,
      spentTotal: snapshot.spentTotal,
      planId: organization.planId,
      level: this.plans.levelFor(snapshot.spentTotal).name,
      limits: this.plans.effectiveLimits(
        this.plans.find(organization.planId) ?? this.plans.get(this.plans.defaultPlanId),
        snapshot.spentTotal,
        organization.limits,
      ),
    };
  }

  /** Per-key use of an organization (last used, this month's requests and spend, today's use). */
  async keyUsage(actor: Principal, orgId?: string): Promise<KeyUsage[]> {
    requireRoles(actor, readerRoles);
    return keyUsageOf(this.store, targetOrg(actor, orgId));
  }

  /** The balances of these organizations (the caller lists only those it may see), in nano-units. */
  async balances(actor: Principal, orgIds: string[]): Promise<Map<string, { balance: number; currency: string }>> {
    requireRoles(actor, readerRoles);
    const visible = actor.role === 'operator' ? orgIds : orgIds.filter((id) => id === actor.orgId);
    const balances = new Map<string, { balance: number; currency: string }>();
    if (visible.length === 0) return balances;
    const rows = await this.store.db
      .selectFrom('org_balances')
      .select(['org_id', 'balance'])
      .where('org_id', 'in', visible)
      .execute();
    for (const row of rows) balances.set(row.org_id, { balance: Number(row.balance), currency: this.prices.currency });
    return balances;
  }

  async ledgerEntries(
    actor: Principal,
    orgId: string | undefined,
    range: { from?: number; to?: number; limit?: number },
  ): Promise<LedgerEntry[]> {
    requireRoles(actor, readerRoles);
    return this.ledger.entries(targetOrg(actor, orgId), range);
  }

  /**
   * Operator credits and corrections. `idempotencyKey` makes a retried call a no-op
   * (a missing key gets a fresh one, i.e. no retry protection).
   */
  async post(
    actor: Principal,
    input: { orgId: string; kind: CreditKind; amount: number; idempotencyKey?: string; description?: string },
  ): Promise<{ entry: LedgerEntry; applied: boolean }> {
    requireOperator(actor);
    await this.organizations.get(input.orgId);
    if (!Number.isInteger(input.amount) || input.amount === 0)
      throw invalidRequest('amount must be a non-zero integer of nano-units.', 'amount');
    if (input.kind !== 'adjustment' && input.amount < 0)
      throw invalidRequest(`A ${input.kind} must be positive; use an adjustment to debit.`, 'amount');
    const result = await this.withBudget(input.orgId, () =>
      this.ledger.post({
        orgId: input.orgId,
        kind: input.kind,
        amount: input.amount,
        idempotencyKey: input.idempotencyKey
          ? `${input.kind}:${input.orgId}:${input.idempotencyKey}`
          : `${input.kind}:${newId('op')}`,
        description: input.description ?? input.kind.replace('_', '-'),
      }),
    );
    if (result.applied) {
      await this.audit?.record({
        actor: auditActor(actor),
        action: `billing.${input.kind}`,
        targetType: 'organization',
        targetId: input.orgId,
        after: auditedEntry(result.entry),
      });
    }
    return result;
  }

  async redeem(actor: Principal, orgId: string | undefined, code: string): Promise<LedgerEntry> {
    requireRoles(actor, managerRoles);
    const target = targetOrg(actor, orgId);
    const entry = (
      await this.withBudget(target, async () => ({ entry: await this.codes.redeem(target, code), applied: true }))
    ).entry;
    // The code itself is a bearer secret: only the ledger entry is recorded.
    await this.audit?.record({
      actor: auditActor(actor),
      action: 'billing.redemption',
      targetType: 'organization',
      targetId: target,
      after: auditedEntry(entry),
    });
    return entry;
  }

  async generateCodes(
    actor: Principal,
    input: { count: number; amount: number; expiresAt?: number | null },
  ): Promise<RedemptionBatch> {
    requireOperator(actor);
    const batch = await this.codes.generate(input);
    await this.audit?.record({
      actor: auditActor(actor),
      action: 'billing.codes_generate',
      targetType: 'redemption_batch',
      targetId: batch.batchId,
      after: { count: input.count, amount: formatAmount(input.amount), expiresAt: input.expiresAt ?? null },
    });
    return batch;
  }

  async listCodes(actor: Principal, batchId?: string): Promise<RedemptionCodeInfo[]> {
    requireOperator(actor);
    return this.codes.list(batchId);
  }

  async listUsage(actor: Principal, filter: Omit<UsageFilter, 'orgId'> & { orgId?: string }): Promise<UsageRecord[]> {
    requireRoles(actor, readerRoles);
    return this.usage.list({ ...filter, orgId: listScope(actor, filter.orgId) });
  }

  async usageSummary(
    actor: Principal,
    bucket: 'hour' | 'day',
    filter: Omit<UsageFilter, 'orgId'> & { orgId?: string },
  ): Promise<UsageSummaryRow[]> {
    requireRoles(actor, readerRoles);
    return this.usage.summary({ ...filter, orgId: listScope(actor, filter.orgId) }, bucket);
  }

  async exportUsage(
    actor: Principal,
    format: 'csv' | 'json',
    filter: Omit<UsageFilter, 'orgId'> & { orgId?: string },
  ): Promise<string> {
    requireRoles(actor, readerRoles);
    const scoped = { ...filter, orgId: listScope(actor, filter.orgId) };
    return format === 'csv' ? this.usage.exportCsv(scoped) : this.usage.exportJson(scoped);
  }

  async statement(actor: Principal, orgId: string | undefined, month: string): Promise<MonthlyStatement> {
    requireRoles(actor, readerRoles);
    return monthlyStatement(this.store, targetOrg(actor, orgId), month, this.prices.currency);
  }

  canSeeAll(actor: Principal): boolean {
    return isPlatformOperator(actor);
  }

  /**
   * Keeps the balance reservations of this process in step with a credit or debit written to the
   * store (also by other services in their own transactions, such as payment orders).
   */
  async withBudget<T extends { entry: LedgerEntry; applied: boolean }>(
    orgId: string,
    write: () => Promise<T>,
  ): Promise<T> {
    const key = `balance:${orgId}`;
    this.budgets?.begin(key);
    let delta = 0;
    try {
      const result = await write();
      if (result.applied) delta = result.entry.amount;
      return result;
    } finally {
      await this.budgets?.commit(key, 0, -delta).catch(() => undefined);
      this.profiles?.forget(orgId);
    }
  }
}

/** A ledger entry as the audit trail keeps it: amounts as decimal strings. */
function auditedEntry(entry: LedgerEntry) {
  return {
    entryId: entry.id,
    kind: entry.kind,
    amount: formatAmount(entry.amount),
    balanceAfter: formatAmount(entry.balanceAfter),
    description: entry.description,
  };
}
