import type { FastifyInstance } from 'fastify';
import { notFound } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';

/**
 * `GET` and `DELETE /v1/responses/{id}`: a stored response of the caller's organization.
 * (`POST /v1/responses` is an inference route, served by the front door.)
 */
export function registerResponseRoutes(app: FastifyInstance, services: AppServices): void {
  const preHandler = authenticate(services.authenticator);
  const params = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', minLength: 1, maxLength: 128 } },
  } as const;
  const responses = () => {
    if (!services.responses) throw notFound('The Responses API is not enabled on this server.', 'unknown_url');
    return services.responses;
  };

  app.get<{ Params: { id: string } }>(
    '/v1/responses/:id',
    { onRequest: preHandler, schema: { params } },
    async (request) => responses().retrieve(request.principal, request.params.id),
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/responses/:id',
    { onRequest: preHandler, schema: { params } },
    async (request) => responses().delete(request.principal, request.params.id),
  );
}
