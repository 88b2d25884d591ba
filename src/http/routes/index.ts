import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerInferenceRoutes } from './inference-routes.ts';
import { registerModelRoutes } from './model-routes.ts';
import { registerConsoleStaticRoutes } from './console-static-routes.ts';

/** Every route module, in one list. Each file is thin: schema, auth, one service call. */
export async function registerRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  registerHealthRoutes(app, services);
  registerModelRoutes(app, services);
  registerInferenceRoutes(app, services);
  registerConsoleStaticRoutes(app, services);
}
