import type { Logger } from 'pino';
import type { Mailer, OutgoingMail } from '../accounts/signup/mailer.ts';
import type { Store } from '../store/database.ts';
import { grantPeriod } from './billing-profiles.ts';
import { formatAmount } from './money.ts';
import { lowBalanceMail, moneyText, normalizeLocale, quotaMail, type NoticeLocale } from './notice-mails.ts';
import type { PlanCatalog } from './plan-catalog.ts';

/** Shares of the monthly free grant at which a quota notice goes out (the highest reached wins). */
export const quotaLevels = [80, 100] as const;

export interface BalanceNoticesDeps {
  store: Store;
  /** The logged mailer (every send lands in the notification log). */
  mailer: Mailer;
  plans: PlanCatalog;
  currency: string;
  /** The console's public address (links in the mails). */
  publicUrl: string;
  logger: Logger;
}

export interface NoticeRound {
  lowBalance: number;
  rearmed: number;
  quota: number;
}

interface Recipient {
  email: string;
  locale: NoticeLocale;
}

/**
 * Low-balance and quota notices by e-mail, one per crossing. Every replica may run a round: the
 * conditional update of `low_balance_notified_at` (low balance) or the insert of a notice mark
 * (quota) decides which one sends, so each crossing is mailed once. A balance back above the
 * threshold re-arms the notice; a changed threshold re-arms it too (organization-repository.ts).
 * Nothing is claimed when no mail could go out: the next round tries again.
 */
export class BalanceNotices {
  constructor(private readonly deps: BalanceNoticesDeps) {}

  async runOnce(now = Date.now()): Promise<NoticeRound> {
    const round: NoticeRound = { lowBalance: 0, rearmed: 0, quota: 0 };
    await this.lowBalance(now, round);
    await this.quotas(now, round);
    return round;
  }

  private async lowBalance(now: number, round: NoticeRound): Promise<void> {
    const db = this.deps.store.db;
    const rows = await db
      .selectFrom('organizations')
      .leftJoin('org_balances', 'org_balances.org_id', 'organizations.id')
      .select([
        'organizations.id as id',
        'organizations.name as name',
        'organizations.low_balance_threshold as threshold',
        'organizations.low_balance_notified_at as notifiedAt',
        'org_balances.balance as balance',
      ])
      .where('organizations.low_balance_threshold', 'is not', null)
      .where('organizations.enabled', '=', 1)
      .where('organizations.house', '=', 0)
      .execute();
    for (const row of rows) {
      const threshold = Number(row.threshold);
      const balance = Number(row.balance ?? 0);
      if (balance >= threshold) {
        if (row.notifiedAt === null) continue;
        const rearmed = await db
          .updateTable('organizations')
          .set({ low_balance_notified_at: null })
          .where('id', '=', row.id)
          .where('low_balance_notified_at', '=', row.notifiedAt)
          .executeTakeFirst();
        round.rearmed += Number(rearmed.numUpdatedRows);
        continue;
      }
      if (row.notifiedAt !== null) continue;
      // The claim: of all replicas, the one whose update finds the notice still armed sends it.
      const claimed = await db
        .updateTable('organizations')
        .set({ low_balance_notified_at: now })
        .where('id', '=', row.id)
        .where('low_balance_notified_at', 'is', null)
        .where('low_balance_threshold', '=', threshold)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const link = `${this.deps.publicUrl}/billing`;
      const sent = await this.send(row.id, 'low_balance', (recipient) =>
        lowBalanceMail(recipient.email, recipient.locale, {
          organization: row.name,
          balance: moneyText(formatAmount(balance), this.deps.currency),
          threshold: moneyText(formatAmount(threshold), this.deps.currency),
          link,
        }),
      );
      if (sent > 0) round.lowBalance++;
      else
        await db
          .updateTable('organizations')
          .set({ low_balance_notified_at: null })
          .where('id', '=', row.id)
          .where('low_balance_notified_at', '=', now)
          .execute();
    }
  }

  /** The monthly free grant of plans that have one: 80 % and 100 % used, once each per month. */
  private async quotas(now: number, round: NoticeRound): Promise<void> {
    const granting = this.deps.plans.list().filter((plan) => plan.monthlyGrantTokens > 0);
    if (granting.length === 0) return;
    const grants = new Map(granting.map((plan) => [plan.id, plan.monthlyGrantTokens]));
    const period = grantPeriod(now);
    const db = this.deps.store.db;
    const rows = await db
      .selectFrom('grant_usage')
      .innerJoin('organizations', 'organizations.id', 'grant_usage.org_id')
      .select(['organizations.id as id', 'organizations.name as name', 'organizations.plan_id as planId', 'tokens'])
      .where('grant_usage.period', '=', period)
      .where('organizations.plan_id', 'in', [...grants.keys()])
      .where('organizations.enabled', '=', 1)
      .where('organizations.house', '=', 0)
      .execute();
    for (const row of rows) {
      const quota = grants.get(row.planId)!;
      const used = Number(row.tokens);
      const percent = Math.floor((used / quota) * 100);
      const level = [...quotaLevels].reverse().find((candidate) => percent >= candidate);
      if (level === undefined) continue;
      const key = `quota:${row.id}:${period}:${level}`;
      const inserted = await db
        .insertInto('notice_marks')
        .values({ key, org_id: row.id, created_at: now })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      // Reaching 100 % first (one big request) makes the 80 % notice moot.
      for (const lower of quotaLevels.filter((candidate) => candidate < level))
        await db
          .insertInto('notice_marks')
          .values({ key: `quota:${row.id}:${period}:${lower}`, org_id: row.id, created_at: now })
          .onConflict((conflict) => conflict.column('key').doNothing())
          .execute();
      const sent = await this.send(row.id, 'quota', (recipient) =>
        quotaMail(recipient.email, recipient.locale, {
          organization: row.name,
          percent: Math.min(percent, 100),
          used: Math.min(used, quota),
          quota,
          period,
          link: `${this.deps.publicUrl}/dashboard`,
        }),
      );
      if (sent > 0) round.quota++;
      else await db.deleteFrom('notice_marks').where('key', '=', key).execute();
    }
  }

  /** Mails the organization's owners and admins; returns how many mails went out. */
  private async send(orgId: string, kind: string, mail: (recipient: Recipient) => OutgoingMail): Promise<number> {
    const users = await this.deps.store.db
      .selectFrom('users')
      .select(['email', 'locale'])
      .where('org_id', '=', orgId)
      .where('enabled', '=', 1)
      .where('role', 'in', ['owner', 'admin'])
      .execute();
    let sent = 0;
    for (const user of users) {
      try {
        await this.deps.mailer.send({
          ...mail({ email: user.email, locale: normalizeLocale(user.locale) }),
          kind,
          orgId,
        });
        sent++;
      } catch (error) {
        // The notification log has the failure; the round goes on with the next recipient.
        this.deps.logger.warn({ err: error, orgId, kind }, 'sending a notice failed');
      }
    }
    return sent;
  }
}
