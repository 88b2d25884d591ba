import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, limitsBodySchema, listOf, parseInput } from './admin-route-support.ts';

const createSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    plan: z.string().min(1).optional(),
    limits: limitsBodySchema.optional(),
    residencyTags: z.array(z.string().min(1)).optional(),
  })
  .strict();
const updateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    plan: z.string().min(1),
    limits: limitsBodySchema,
    residencyTags: z.array(z.string().min(1)),
    enabled: z.boolean(),
  })
  .partial()
  .strict();
const params = z.object({ orgId: z.string().min(1) });

/** Organizations: the operator manages all; an owner/admin sees and renames its own. */
export function registerAdminOrganizationRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const preHandler = authenticate(services.authenticator);
  const present = (organization: object) => ({ object: 'organization', ...organization });

  app.get('/admin/v1/organizations', { preHandler }, async (request) =>
    listOf((await commerce.accounts.listOrganizations(actorOf(request))).map(present)),
  );

  app.post('/admin/v1/organizations', { preHandler }, async (request, reply) => {
    const body = parseInput(createSchema, request.body);
    const organization = await commerce.accounts.createOrganization(actorOf(request), { ...body, planId: body.plan });
    return reply.code(201).send(present(organization));
  });

  app.get('/admin/v1/organizations/:orgId', { preHandler }, async (request) => {
    const { orgId } = parseInput(params, request.params);
    return present(await commerce.accounts.getOrganization(actorOf(request), orgId));
  });

  app.patch('/admin/v1/organizations/:orgId', { preHandler }, async (request) => {
    const { orgId } = parseInput(params, request.params);
    const { plan, ...changes } = parseInput(updateSchema, request.body);
    return present(await commerce.accounts.updateOrganization(actorOf(request), orgId, { ...changes, planId: plan }));
  });
}
