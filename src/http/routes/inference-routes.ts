import { countMessageTokens } from '../../client-apis/anthropic-messages/count-message-tokens.ts';
import { createMessage } from '../../client-apis/anthropic-messages/create-message.ts';
import {
  countTokensRequestSchema,
  messagesRequestSchema,
} from '../../client-apis/anthropic-messages/messages-request-schema.ts';
import { responsesRequestSchema } from '../../client-apis/openai-responses/responses-request-schema.ts';
import type { ClientApi, Endpoint } from '../../inference/gateway-hooks.ts';
import type { InferenceAnswer, RequestContext } from '../../inference/inference-service.ts';
import { modelNotFound, notFound } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { chatCompletionSchema, completionSchema, embeddingsSchema, rerankSchema } from './inference-schemas.ts';

/** One inference route: path, body schema and the one service call. */
export interface InferenceRoute {
  /** Every front-door route is a POST; the front door hands any other method to Fastify. */
  method: 'POST';
  path: string;
  schema: { body: object };
  /** The shape of error bodies: OpenAI's unless the route speaks Anthropic's protocol. */
  errorShape?: 'anthropic';
  /** How the request log names a request refused before the service saw it (bad credential or body). */
  logAs: { endpoint: Endpoint; clientApi?: ClientApi };
  call(services: AppServices, context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer>;
}

/**
 * The inference routes. They are not registered with Fastify: the front door
 * (`http/inference-front-door.ts`) serves them on node:http in front of it (decision 006),
 * validating with these schemas (ajv, compiled once) and handing the body to the service.
 * The other protocols (Anthropic Messages, OpenAI Responses) translate to the chat service
 * (`client-apis/`, decision 012).
 */
export const inferenceRoutes: readonly InferenceRoute[] = [
  {
    method: 'POST',
    path: '/v1/chat/completions',
    logAs: { endpoint: 'chat' },
    schema: chatCompletionSchema,
    call: (services, context, body) => services.inference.chat(context, body),
  },
  {
    method: 'POST',
    path: '/v1/completions',
    logAs: { endpoint: 'completions' },
    schema: completionSchema,
    call: (services, context, body) => services.inference.completion(context, body),
  },
  {
    method: 'POST',
    path: '/v1/embeddings',
    logAs: { endpoint: 'embeddings' },
    schema: embeddingsSchema,
    call: (services, context, body) => services.inference.embeddings(context, body),
  },
  {
    method: 'POST',
    path: '/v1/messages',
    logAs: { endpoint: 'chat', clientApi: 'messages' },
    schema: { body: messagesRequestSchema },
    errorShape: 'anthropic',
    call: (services, context, body) => createMessage(services.inference, context, body),
  },
  {
    method: 'POST',
    path: '/v1/messages/count_tokens',
    logAs: { endpoint: 'chat', clientApi: 'messages' },
    schema: { body: countTokensRequestSchema },
    errorShape: 'anthropic',
    call: async (services, _context, body) => {
      if (!services.models.get(String(body.model))) throw modelNotFound(String(body.model));
      return { kind: 'json', headers: {}, text: JSON.stringify(countMessageTokens(body)) };
    },
  },
  {
    method: 'POST',
    path: '/v1/responses',
    logAs: { endpoint: 'chat', clientApi: 'responses' },
    schema: { body: responsesRequestSchema },
    call: (services, context, body) => {
      if (!services.responses) throw notFound('The Responses API is not enabled on this server.', 'unknown_url');
      return services.responses.create(context, body);
    },
  },
  {
    method: 'POST',
    path: '/v1/rerank',
    logAs: { endpoint: 'rerank' },
    schema: rerankSchema,
    call: (services, context, body) => services.inference.rerank(context, body),
  },
];
