import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type * as Api from '../../api-contract/billing.ts';
import { adjustmentBody, creditBody, redeemBody, redemptionCodesBody } from '../../api-contract/billing.ts';
import { timeInput } from '../../api-contract/values.ts';
import { formatAmount } from '../../billing/money.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, amountSchema, listOf, presentEntry, signedAmountSchema } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const orgParams = z.object({ orgId: z.string().min(1) });
const creditSchema = z.discriminatedUnion('kind', [
  creditBody.extend({ amount: amountSchema }),
  adjustmentBody.extend({ amount: signedAmountSchema }),
]);
const ledgerQuery = z.object({
  from: timeInput.optional(),
  to: timeInput.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
const codesSchema = redemptionCodesBody.extend({ amount: amountSchema });
const codesQuery = z.object({ batchId: z.string().min(1).optional() });

/** Plans, prices, balances, ledger, top-ups and redemption codes. */
export function registerAdminBillingRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const billing = commerce.billing;
  const requireCredential = authenticate(services.authenticator);

  app.get('/admin/v1/plans', { onRequest: requireCredential }, async (request) => {
    actorOf(request);
    return listOf(billing.plans.list().map((plan): Api.Plan => ({ object: 'plan', ...plan })));
  });

  app.get('/admin/v1/prices', { onRequest: requireCredential }, async (request) => {
    actorOf(request);
    return listOf(
      billing.prices
        .list()
        .map((price): Api.Price => ({ object: 'price', ...price, cachedInput: price.cachedInput ?? price.input })),
    );
  });

  const balance = async (actor: ReturnType<typeof actorOf>, orgId?: string): Promise<Api.Balance> => {
    const view = await billing.balance(actor, orgId);
    return {
      object: 'balance',
      ...view,
      balanceNano: view.balance,
      balance: formatAmount(view.balance),
      spentTotal: formatAmount(view.spentTotal),
    };
  };
  app.get('/admin/v1/balance', { onRequest: requireCredential }, async (request) => balance(actorOf(request)));
  app.get('/admin/v1/organizations/:orgId/balance', { onRequest: requireCredential }, async (request) =>
    balance(actorOf(request), parseInput(orgParams, request.params).orgId),
  );

  app.get('/admin/v1/organizations/:orgId/ledger', { onRequest: requireCredential }, async (request) => {
    const { orgId } = parseInput(orgParams, request.params);
    return listOf(
      (await billing.ledgerEntries(actorOf(request), orgId, parseInput(ledgerQuery, request.query))).map(presentEntry),
    );
  });

  app.post('/admin/v1/organizations/:orgId/top-ups', { onRequest: requireCredential }, async (request, reply) => {
    const { orgId } = parseInput(orgParams, request.params);
    const body = parseInput(creditSchema, request.body);
    const { entry, applied } = await billing.post(actorOf(request), { orgId, ...body });
    const answer: Api.CreditResult = { ...presentEntry(entry), applied };
    return reply.code(applied ? 201 : 200).send(answer);
  });

  app.post('/admin/v1/redemption-codes', { onRequest: requireCredential }, async (request, reply) => {
    const batch = await billing.generateCodes(actorOf(request), parseInput(codesSchema, request.body));
    const answer: Api.RedemptionBatch = {
      object: 'redemption_batch',
      ...batch,
      amountNano: batch.amount,
      amount: formatAmount(batch.amount),
    };
    return reply.code(201).send(answer);
  });

  app.get('/admin/v1/redemption-codes', { onRequest: requireCredential }, async (request) => {
    const { batchId } = parseInput(codesQuery, request.query);
    return listOf(
      (await billing.listCodes(actorOf(request), batchId)).map((code): Api.RedemptionCode => ({
        object: 'redemption_code',
        ...code,
        amount: formatAmount(code.amount),
      })),
    );
  });

  app.post('/admin/v1/redeem', { onRequest: requireCredential }, async (request) => {
    const { code, orgId } = parseInput(redeemBody, request.body);
    return presentEntry(await billing.redeem(actorOf(request), orgId, code));
  });
}
