import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requestLogQuerySchema } from '../../api-contract/request-log.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const requestParams = z.object({ requestId: z.string().min(1).max(200) });

/**
 * The request log: every API request with its outcome, filtered; one request's rows (and bodies
 * when kept). The operator sees all organizations; others their own, without operator-only fields.
 */
export function registerAdminRequestLogRoutes(app: FastifyInstance, services: AppServices): void {
  const reader = services.requestLog;
  if (!reader || !services.commerce) return;
  const requireCredential = authenticate(services.authenticator);

  app.get('/admin/v1/request-log', { onRequest: requireCredential }, async (request) =>
    listOf(await reader.list(actorOf(request), parseInput(requestLogQuerySchema, request.query))),
  );

  app.get('/admin/v1/request-log/:requestId', { onRequest: requireCredential }, async (request) => {
    const { requestId } = parseInput(requestParams, request.params);
    return listOf(await reader.get(actorOf(request), requestId));
  });
}
