import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';

/** Prometheus exposition at /metrics (scrape it from inside your network). */
export function registerMetricsRoutes(app: FastifyInstance, services: AppServices): void {
  app.get('/metrics', async (_request, reply) => {
    if (!services.metrics) return reply.code(404).send('metrics are disabled\n');
    const { contentType, text } = await services.metrics.render();
    return reply.header('content-type', contentType).send(text);
  });
}
