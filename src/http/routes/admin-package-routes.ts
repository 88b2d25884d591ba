import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  packageBody,
  packageChangesBody,
  purchaseBody,
  subscriptionChangesBody,
  type Package,
  type PurchaseResult,
  type Subscription as SubscriptionResource,
} from '../../api-contract/signup.ts';
import { formatAmount, parseAmount } from '../../billing/money.ts';
import type { PackageDefinition, PackageInput } from '../../billing/packages/package-catalog.ts';
import type { Subscription } from '../../billing/packages/subscriptions.ts';
import { invalidRequest } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const idParams = z.object({ id: z.string().min(1) });
const orgQuery = z.object({ orgId: z.string().min(1).optional() });

/** Packages (operator defines, customers list and buy from the balance) and subscriptions. */
export function registerAdminPackageRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const sales = commerce.packages;
  const preHandler = authenticate(services.authenticator);

  app.get('/admin/v1/packages', { onRequest: preHandler }, async (request) =>
    listOf((await sales.list(actorOf(request))).map(presentPackage)),
  );

  app.post('/admin/v1/packages', { onRequest: preHandler }, async (request, reply) => {
    const body = parseInput(packageBody, request.body);
    const created = await sales.create(actorOf(request), toPackageInput(body) as PackageInput);
    return reply.code(201).send(presentPackage(created));
  });

  app.patch('/admin/v1/packages/:id', { onRequest: preHandler }, async (request) => {
    const { id } = parseInput(idParams, request.params);
    const body = parseInput(packageChangesBody, request.body);
    return presentPackage(await sales.update(actorOf(request), id, toPackageInput(body)));
  });

  app.get('/admin/v1/subscriptions', { onRequest: preHandler }, async (request) => {
    const { orgId } = parseInput(orgQuery, request.query);
    return listOf((await sales.listSubscriptions(actorOf(request), orgId)).map(presentSubscription));
  });

  app.post('/admin/v1/subscriptions', { onRequest: preHandler }, async (request, reply) => {
    const body = parseInput(purchaseBody, request.body);
    const { subscription, applied } = await sales.purchase(actorOf(request), body);
    const answer: PurchaseResult = { ...presentSubscription(subscription), applied };
    return reply.code(applied ? 201 : 200).send(answer);
  });

  app.patch('/admin/v1/subscriptions/:id', { onRequest: preHandler }, async (request) => {
    const { id } = parseInput(idParams, request.params);
    const { autoRenew } = parseInput(subscriptionChangesBody, request.body);
    return presentSubscription(await sales.setAutoRenew(actorOf(request), id, autoRenew));
  });
}

function nano(value: string | number, field: string): number {
  const parsed = parseAmount(typeof value === 'number' ? value.toFixed(9) : value);
  if (parsed === null) throw invalidRequest(`${field}: expected an amount in currency units such as "29.90".`, field);
  return parsed;
}

function toPackageInput(body: Partial<z.output<typeof packageBody>>): Partial<PackageInput> {
  const { price, credit, ...rest } = body;
  return {
    ...rest,
    ...(price !== undefined ? { price: nano(price, 'price') } : {}),
    ...(credit !== undefined ? { credit: nano(credit, 'credit') } : {}),
  };
}

function presentPackage(definition: PackageDefinition): Package {
  return {
    object: 'package',
    ...definition,
    price: formatAmount(definition.price),
    priceNano: definition.price,
    credit: formatAmount(definition.credit),
    creditNano: definition.credit,
  };
}

function presentSubscription(subscription: Subscription): SubscriptionResource {
  return {
    object: 'subscription',
    ...subscription,
    creditLeft: formatAmount(subscription.creditLeft),
    creditLeftNano: subscription.creditLeft,
  };
}
