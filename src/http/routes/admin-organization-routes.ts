import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createOrganizationBody,
  updateOrganizationBody,
  type Organization as OrganizationResource,
} from '../../api-contract/organizations.ts';
import type { Organization } from '../../accounts/organization-repository.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, amountSchema, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';
import { formatAmount } from '../../billing/money.ts';

const params = z.object({ orgId: z.string().min(1) });
/** The threshold arrives in currency units and is kept in nano-units. */
const updateBody = updateOrganizationBody.extend({ lowBalanceThreshold: amountSchema.nullable().optional() });

/** Organizations: the operator manages all; an owner/admin sees and renames its own. */
export function registerAdminOrganizationRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const requireCredential = authenticate(services.authenticator);
  const present = (organization: Organization): OrganizationResource => ({ object: 'organization', ...organization });

  app.get('/admin/v1/organizations', { onRequest: requireCredential }, async (request) => {
    const actor = actorOf(request);
    const organizations = await commerce.accounts.listOrganizations(actor);
    const balances = await commerce.billing.balances(
      actor,
      organizations.map((organization) => organization.id),
    );
    return listOf(
      organizations.map((organization): OrganizationResource => {
        const balance = balances.get(organization.id);
        return balance
          ? { ...present(organization), balance: formatAmount(balance.balance), currency: balance.currency }
          : present(organization);
      }),
    );
  });

  app.post('/admin/v1/organizations', { onRequest: requireCredential }, async (request, reply) => {
    const body = parseInput(createOrganizationBody, request.body);
    const organization = await commerce.accounts.createOrganization(actorOf(request), { ...body, planId: body.plan });
    return reply.code(201).send(present(organization));
  });

  app.get('/admin/v1/organizations/:orgId', { onRequest: requireCredential }, async (request) => {
    const { orgId } = parseInput(params, request.params);
    return present(await commerce.accounts.getOrganization(actorOf(request), orgId));
  });

  app.patch('/admin/v1/organizations/:orgId', { onRequest: requireCredential }, async (request) => {
    const { orgId } = parseInput(params, request.params);
    const { plan, ...changes } = parseInput(updateBody, request.body);
    return present(await commerce.accounts.updateOrganization(actorOf(request), orgId, { ...changes, planId: plan }));
  });
}
