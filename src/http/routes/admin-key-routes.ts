import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, limitsBodySchema, listOf, parseInput, presentKey, timeSchema } from './admin-route-support.ts';

const keyFields = {
  name: z.string().trim().min(1).max(100),
  allowedModels: z.array(z.string().min(1)),
  residencyTags: z.array(z.string().min(1)),
  limits: limitsBodySchema,
  expiresAt: timeSchema.nullable(),
};
const createSchema = z
  .object({
    orgId: z.string().min(1).optional(),
    role: z.enum(['owner', 'admin', 'member', 'annotator']).optional(),
    ...keyFields,
  })
  .partial({ allowedModels: true, residencyTags: true, limits: true, expiresAt: true, name: true })
  .strict();
const updateSchema = z
  .object({ ...keyFields, enabled: z.boolean() })
  .partial()
  .strict();
const listQuery = z.object({ orgId: z.string().min(1).optional() });
const params = z.object({ keyId: z.string().min(1) });

/** API keys: create (the key is in this one response only), list, change limits, revoke. */
export function registerAdminKeyRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const preHandler = authenticate(services.authenticator);

  app.get('/admin/v1/keys', { preHandler }, async (request) => {
    const { orgId } = parseInput(listQuery, request.query);
    return listOf((await commerce.accounts.listKeys(actorOf(request), orgId)).map(presentKey));
  });

  app.post('/admin/v1/keys', { preHandler }, async (request, reply) => {
    const body = parseInput(createSchema, request.body);
    const { key, apiKey } = await commerce.accounts.createKey(actorOf(request), {
      ...body,
      name: body.name ?? 'API key',
    });
    return reply.code(201).send({ ...presentKey(apiKey), key });
  });

  app.get('/admin/v1/keys/:keyId', { preHandler }, async (request) => {
    const { keyId } = parseInput(params, request.params);
    return presentKey(await commerce.accounts.getKey(actorOf(request), keyId));
  });

  app.patch('/admin/v1/keys/:keyId', { preHandler }, async (request) => {
    const { keyId } = parseInput(params, request.params);
    return presentKey(
      await commerce.accounts.updateKey(actorOf(request), keyId, parseInput(updateSchema, request.body)),
    );
  });

  app.delete('/admin/v1/keys/:keyId', { preHandler }, async (request) => {
    const { keyId } = parseInput(params, request.params);
    return presentKey(await commerce.accounts.revokeKey(actorOf(request), keyId));
  });
}
