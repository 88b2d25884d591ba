import type { InferenceAnswer, InferenceService, RequestContext } from '../../inference/inference-service.ts';
import { chatCompletionSchema, completionSchema, embeddingsSchema, rerankSchema } from './inference-schemas.ts';

/** One inference route: path, body schema and the one service call. */
export interface InferenceRoute {
  /** Every front-door route is a POST; the front door hands any other method to Fastify. */
  method: 'POST';
  path: string;
  schema: { body: object };
  call(inference: InferenceService, context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer>;
}

/**
 * The inference routes. They are not registered with Fastify: the front door
 * (`http/inference-front-door.ts`) serves them on node:http in front of it (decision 006),
 * validating with these schemas (ajv, compiled once) and handing the body to the service.
 */
export const inferenceRoutes: readonly InferenceRoute[] = [
  {
    method: 'POST',
    path: '/v1/chat/completions',
    schema: chatCompletionSchema,
    call: (inference, context, body) => inference.chat(context, body),
  },
  {
    method: 'POST',
    path: '/v1/completions',
    schema: completionSchema,
    call: (inference, context, body) => inference.completion(context, body),
  },
  {
    method: 'POST',
    path: '/v1/embeddings',
    schema: embeddingsSchema,
    call: (inference, context, body) => inference.embeddings(context, body),
  },
  {
    method: 'POST',
    path: '/v1/rerank',
    schema: rerankSchema,
    call: (inference, context, body) => inference.rerank(context, body),
  },
];
