import type { FastifyInstance } from 'fastify';
import { deploymentPatchBody } from '../../api-contract/deployments.ts';
import { routingOverview } from '../../inference/routing-overview.ts';
import { internalError } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate, requireRole } from '../auth.ts';
import { listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

/** Models and deployments with their live state; operator only (admin token or a platform operator). */
export function registerAdminDeploymentRoutes(app: FastifyInstance, services: AppServices): void {
  const requireCredential = authenticate(services.authenticator);
  const admin = () => services.modelAdmin ?? failUnavailable();
  const operator = (principal: Parameters<typeof requireRole>[0]) => requireRole(principal, []);

  app.get('/admin/v1/deployments', { onRequest: requireCredential }, async (request) => {
    operator(request.principal);
    return listOf(admin().listDeployments());
  });

  // The console's routing view: breakers, health and fallbacks of every model in one answer.
  app.get('/admin/v1/routing', { onRequest: requireCredential }, async (request) => {
    operator(request.principal);
    return routingOverview(
      services.models,
      services.commerce?.plans?.list() ?? [],
      services.config.routing,
      services.config.redis.url ? 'redis' : 'memory',
    );
  });

  app.get('/admin/v1/deployments/:id', { onRequest: requireCredential }, async (request) => {
    operator(request.principal);
    return admin().getDeployment((request.params as { id: string }).id);
  });

  app.patch('/admin/v1/deployments/:id', { onRequest: requireCredential }, async (request) => {
    operator(request.principal);
    const patch = parseInput(deploymentPatchBody, request.body);
    return admin().updateDeployment((request.params as { id: string }).id, patch);
  });

  app.put('/admin/v1/models/*', { onRequest: requireCredential }, async (request) => {
    operator(request.principal);
    const id = (request.params as { '*': string })['*'];
    const entry = await admin().upsertModel(id, request.body);
    return { id: entry.id, deployments: entry.deployments.map((deployment) => admin().getDeployment(deployment.id)) };
  });

  app.delete('/admin/v1/models/*', { onRequest: requireCredential }, async (request, reply) => {
    operator(request.principal);
    await admin().deleteModel((request.params as { '*': string })['*']);
    return reply.code(204).send();
  });
}

function failUnavailable(): never {
  throw internalError('Model administration is not available in this process.');
}
