import type { FastifyInstance } from 'fastify';
import { describeModel, isListed, listModels } from '../../inference/model-listing.ts';
import { seesDeploymentNames } from '../../inference/public-deployment.ts';
import { modelNotFound } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';

export function registerModelRoutes(app: FastifyInstance, services: AppServices): void {
  const requireCredential = authenticate(services.authenticator);
  const priceOf = (model: string) => services.prices?.priceOf(model) ?? null;
  const naming = services.config.routing.deploymentHeaders;

  app.get('/v1/models', { onRequest: requireCredential }, async (request) =>
    listModels(services.models, request.principal, priceOf, naming),
  );

  // Model ids may contain slashes (e.g. Qwen/Qwen3-8B), so the id is the rest of the path.
  app.get('/v1/models/*', { onRequest: requireCredential }, async (request) => {
    const id = (request.params as { '*': string })['*'];
    const model = services.models.get(id);
    if (!model || !isListed(model, request.principal)) throw modelNotFound(id);
    return describeModel(model, priceOf(model.id), seesDeploymentNames(request.principal, naming));
  });
}
