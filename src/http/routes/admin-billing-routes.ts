import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatAmount } from '../../billing/money.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import {
  actorOf,
  amountSchema,
  listOf,
  parseInput,
  presentEntry,
  signedAmountSchema,
  timeSchema,
} from './admin-route-support.ts';

const orgParams = z.object({ orgId: z.string().min(1) });
const creditSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.enum(['top_up', 'refund', 'grant']).default('top_up'),
      amount: amountSchema,
      idempotencyKey: z.string().min(1).max(200).optional(),
      description: z.string().max(500).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('adjustment'),
      amount: signedAmountSchema,
      idempotencyKey: z.string().min(1).max(200).optional(),
      description: z.string().max(500).optional(),
    })
    .strict(),
]);
const ledgerQuery = z.object({
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const codesSchema = z
  .object({
    count: z.number().int().min(1).max(10_000),
    amount: amountSchema,
    expiresAt: timeSchema.nullable().optional(),
  })
  .strict();
const codesQuery = z.object({ batchId: z.string().min(1).optional() });
const redeemSchema = z.object({ code: z.string().trim().min(4).max(64), orgId: z.string().min(1).optional() }).strict();

/** Plans, prices, balances, ledger, top-ups and redemption codes. */
export function registerAdminBillingRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const billing = commerce.billing;
  const preHandler = authenticate(services.authenticator);

  app.get('/admin/v1/plans', { preHandler }, async (request) => {
    actorOf(request);
    return listOf(billing.plans.list().map((plan) => ({ object: 'plan', ...plan })));
  });

  app.get('/admin/v1/prices', { preHandler }, async (request) => {
    actorOf(request);
    return listOf(
      billing.prices
        .list()
        .map((price) => ({ object: 'price', ...price, cachedInput: price.cachedInput ?? price.input })),
    );
  });

  const balance = async (actor: ReturnType<typeof actorOf>, orgId?: string) => {
    const view = await billing.balance(actor, orgId);
    return {
      object: 'balance',
      ...view,
      balanceNano: view.balance,
      balance: formatAmount(view.balance),
      spentTotal: formatAmount(view.spentTotal),
    };
  };
  app.get('/admin/v1/balance', { preHandler }, async (request) => balance(actorOf(request)));
  app.get('/admin/v1/organizations/:orgId/balance', { preHandler }, async (request) =>
    balance(actorOf(request), parseInput(orgParams, request.params).orgId),
  );

  app.get('/admin/v1/organizations/:orgId/ledger', { preHandler }, async (request) => {
    const { orgId } = parseInput(orgParams, request.params);
    return listOf(
      (await billing.ledgerEntries(actorOf(request), orgId, parseInput(ledgerQuery, request.query))).map(presentEntry),
    );
  });

  app.post('/admin/v1/organizations/:orgId/top-ups', { preHandler }, async (request, reply) => {
    const { orgId } = parseInput(orgParams, request.params);
    const body = parseInput(creditSchema, request.body);
    const { entry, applied } = await billing.post(actorOf(request), { orgId, ...body });
    return reply.code(applied ? 201 : 200).send({ ...presentEntry(entry), applied });
  });

  app.post('/admin/v1/redemption-codes', { preHandler }, async (request, reply) => {
    const batch = await billing.generateCodes(actorOf(request), parseInput(codesSchema, request.body));
    return reply
      .code(201)
      .send({ object: 'redemption_batch', ...batch, amountNano: batch.amount, amount: formatAmount(batch.amount) });
  });

  app.get('/admin/v1/redemption-codes', { preHandler }, async (request) => {
    const { batchId } = parseInput(codesQuery, request.query);
    return listOf(
      (await billing.listCodes(actorOf(request), batchId)).map((code) => ({
        object: 'redemption_code',
        ...code,
        amount: formatAmount(code.amount),
      })),
    );
  });

  app.post('/admin/v1/redeem', { preHandler }, async (request) => {
    const { code, orgId } = parseInput(redeemSchema, request.body);
    return presentEntry(await billing.redeem(actorOf(request), orgId, code));
  });
}
