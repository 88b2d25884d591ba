import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { requestContext, sendAnswer } from '../request-context.ts';
import { chatCompletionSchema, completionSchema, embeddingsSchema } from './inference-schemas.ts';

type Body = Record<string, unknown>;

export function registerInferenceRoutes(app: FastifyInstance, services: AppServices): void {
  const preHandler = authenticate(services.authenticator);
  const inference = services.inference;

  app.post('/v1/chat/completions', { schema: chatCompletionSchema, preHandler }, async (request, reply) => {
    await sendAnswer(reply, await inference.chat(requestContext(request, reply), request.body as Body));
  });

  app.post('/v1/completions', { schema: completionSchema, preHandler }, async (request, reply) => {
    await sendAnswer(reply, await inference.completion(requestContext(request, reply), request.body as Body));
  });

  app.post('/v1/embeddings', { schema: embeddingsSchema, preHandler }, async (request, reply) => {
    await sendAnswer(reply, await inference.embeddings(requestContext(request, reply), request.body as Body));
  });
}
