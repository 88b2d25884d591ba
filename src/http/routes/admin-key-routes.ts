import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createKeyBody,
  updateKeyBody,
  type CreatedApiKey,
  type KeyUsage as KeyUsageResource,
} from '../../api-contract/api-keys.ts';
import { formatAmount } from '../../billing/money.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf, presentKey } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const listQuery = z.object({ orgId: z.string().min(1).optional() });
const params = z.object({ keyId: z.string().min(1) });

/** API keys: create (the key is in this one response only), list, change limits, revoke. */
export function registerAdminKeyRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const requireCredential = authenticate(services.authenticator);

  app.get('/admin/v1/keys', { onRequest: requireCredential }, async (request) => {
    const { orgId } = parseInput(listQuery, request.query);
    return listOf((await commerce.accounts.listKeys(actorOf(request), orgId)).map(presentKey));
  });

  app.get('/admin/v1/keys/usage', { onRequest: requireCredential }, async (request) => {
    const { orgId } = parseInput(listQuery, request.query);
    const currency = commerce.billing.prices.currency;
    return listOf(
      (await commerce.billing.keyUsage(actorOf(request), orgId)).map((usage): KeyUsageResource => ({
        object: 'api_key.usage',
        ...usage,
        spendThisMonth: formatAmount(usage.spendThisMonth),
        currency,
      })),
    );
  });

  app.post('/admin/v1/keys', { onRequest: requireCredential }, async (request, reply) => {
    const body = parseInput(createKeyBody, request.body);
    const { key, apiKey } = await commerce.accounts.createKey(actorOf(request), {
      ...body,
      name: body.name ?? 'API key',
    });
    const created: CreatedApiKey = { ...presentKey(apiKey), key };
    return reply.code(201).send(created);
  });

  app.get('/admin/v1/keys/:keyId', { onRequest: requireCredential }, async (request) => {
    const { keyId } = parseInput(params, request.params);
    return presentKey(await commerce.accounts.getKey(actorOf(request), keyId));
  });

  app.patch('/admin/v1/keys/:keyId', { onRequest: requireCredential }, async (request) => {
    const { keyId } = parseInput(params, request.params);
    return presentKey(
      await commerce.accounts.updateKey(actorOf(request), keyId, parseInput(updateKeyBody, request.body)),
    );
  });

  app.delete('/admin/v1/keys/:keyId', { onRequest: requireCredential }, async (request) => {
    const { keyId } = parseInput(params, request.params);
    return presentKey(await commerce.accounts.revokeKey(actorOf(request), keyId));
  });
}
