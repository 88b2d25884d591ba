import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MonthlyStatement } from '../../api-contract/billing.ts';
import type * as Api from '../../api-contract/usage.ts';
import { timeInput } from '../../api-contract/values.ts';
import { formatAmount } from '../../billing/money.ts';
import type { UsageRecord } from '../../billing/usage-reports.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const filterSchema = z.object({
  orgId: z.string().min(1).optional(),
  from: timeInput.optional(),
  to: timeInput.optional(),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  status: z.enum(['completed', 'client_disconnected', 'failed_midway', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});
const exportSchema = filterSchema.extend({ format: z.enum(['csv', 'json']).default('csv') });
const summarySchema = filterSchema.extend({ bucket: z.enum(['hour', 'day']).default('day') });
const statementParams = z.object({ orgId: z.string().min(1), month: z.string().regex(/^\d{4}-\d{2}$/) });

function presentUsage(record: UsageRecord): Api.UsageRecord {
  return {
    object: 'usage_record',
    ...record,
    costNano: record.cost,
    chargedNano: record.charged,
    cost: formatAmount(record.cost),
    charged: formatAmount(record.charged),
  };
}

/** Usage records (filter by time, key, model), exports as CSV or JSON, monthly statements. */
export function registerAdminUsageRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const billing = commerce.billing;
  const requireCredential = authenticate(services.authenticator);

  app.get('/admin/v1/usage', { onRequest: requireCredential }, async (request) =>
    listOf((await billing.listUsage(actorOf(request), parseInput(filterSchema, request.query))).map(presentUsage)),
  );

  app.get('/admin/v1/usage/summary', { onRequest: requireCredential }, async (request) => {
    const { bucket, ...filter } = parseInput(summarySchema, request.query);
    const rows = await billing.usageSummary(actorOf(request), bucket, filter);
    return listOf(
      rows.map((row): Api.UsageSummaryRow => ({
        ...row,
        costNano: row.cost,
        chargedNano: row.charged,
        cost: formatAmount(row.cost),
        charged: formatAmount(row.charged),
      })),
    );
  });

  app.get('/admin/v1/usage/export', { onRequest: requireCredential }, async (request, reply) => {
    const { format, ...filter } = parseInput(exportSchema, request.query);
    const body = await billing.exportUsage(actorOf(request), format, filter);
    const stamp = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="kaiyuan-usage-${stamp}.${format}"`)
      .send(body);
  });

  app.get('/admin/v1/organizations/:orgId/statements/:month', { onRequest: requireCredential }, async (request) => {
    const { orgId, month } = parseInput(statementParams, request.params);
    const statement = await billing.statement(actorOf(request), orgId, month);
    const answer: MonthlyStatement = {
      object: 'statement',
      ...statement,
      openingBalance: formatAmount(statement.openingBalance),
      closingBalance: formatAmount(statement.closingBalance),
      totalCost: formatAmount(statement.totalCost),
      totalCharged: formatAmount(statement.totalCharged),
      ledgerTotals: Object.fromEntries(
        Object.entries(statement.ledgerTotals).map(([kind, amount]) => [kind, formatAmount(amount)]),
      ),
      usage: statement.usage.map((line) => ({
        ...line,
        cost: formatAmount(line.cost),
        charged: formatAmount(line.charged),
      })),
    };
    return answer;
  });
}
