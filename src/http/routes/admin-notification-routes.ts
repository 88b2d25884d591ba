import type { FastifyInstance } from 'fastify';
import { listScope, managerRoles, requireRoles } from '../../accounts/access-control.ts';
import { notificationQuery, type Notification } from '../../api-contract/notifications.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

/** The notification log: the operator sees every notice, owners and admins their organization's. */
export function registerAdminNotificationRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const preHandler = authenticate(services.authenticator);

  app.get('/admin/v1/notifications', { onRequest: preHandler }, async (request) => {
    const actor = actorOf(request);
    requireRoles(actor, managerRoles);
    const query = parseInput(notificationQuery, request.query);
    const entries = await commerce.notifications.list({ ...query, orgId: listScope(actor, query.orgId) });
    return listOf(entries.map((entry): Notification => ({ object: 'notification', ...entry })));
  });
}
