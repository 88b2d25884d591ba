import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';

export function registerHealthRoutes(app: FastifyInstance, services: AppServices): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, string> = { config: 'ok' };
    let ready = true;
    for (const readiness of services.readinessChecks) {
      try {
        await readiness.check();
        checks[readiness.name] = 'ok';
      } catch (error) {
        ready = false;
        checks[readiness.name] = `failed: ${(error as Error).message}`;
      }
    }
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
