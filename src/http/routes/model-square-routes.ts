import type { FastifyInstance } from 'fastify';
import type { ModelSquare, ModelSquareSettings, SquareModel } from '../../api-contract/model-square.ts';
import { modelSquareSettingsBody } from '../../api-contract/model-square.ts';
import { requireOperator } from '../../accounts/access-control.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

/**
 * The public model square: read-only, no credential (counted per client address like every
 * credential-less route, see address-limits.ts), public fields only. The operator turns it on or off.
 */
export function registerModelSquareRoutes(app: FastifyInstance, services: AppServices): void {
  const square = services.square;
  if (!square) return;
  const preHandler = authenticate(services.authenticator);

  app.get('/console/api/square/models', async (_request, reply): Promise<ModelSquare> => {
    const result = await square.list();
    void reply.header('cache-control', 'public, max-age=30');
    return result;
  });

  // Model ids may contain slashes (e.g. Qwen/Qwen3-8B), so the id is the rest of the path.
  app.get('/console/api/square/models/*', async (request, reply): Promise<SquareModel> => {
    const result = await square.get((request.params as { '*': string })['*']);
    void reply.header('cache-control', 'public, max-age=30');
    return result;
  });

  const settings = async (): Promise<ModelSquareSettings> => ({
    object: 'model_square_settings',
    enabled: await square.enabled(),
  });

  app.get('/admin/v1/model-square/settings', { onRequest: preHandler }, async (request) => {
    requireOperator(actorOf(request));
    return settings();
  });

  app.put('/admin/v1/model-square/settings', { onRequest: preHandler }, async (request) => {
    await square.setEnabled(actorOf(request), parseInput(modelSquareSettingsBody, request.body).enabled);
    return settings();
  });
}
