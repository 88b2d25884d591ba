import { countMessageTokens } from '../../client-apis/anthropic-messages/count-message-tokens.ts';
import { createMessage } from '../../client-apis/anthropic-messages/create-message.ts';
import {
  countTokensRequestSchema,
  messagesRequestSchema,
} from '../../client-apis/anthropic-messages/messages-request-schema.ts';
import { responsesRequestSchema } from '../../client-apis/openai-responses/responses-request-schema.ts';
import type { InferenceAnswer, RequestContext } from '../../inference/inference-service.ts';
import { modelNotFound, notFound } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { chatCompletionSchema, completionSchema, embeddingsSchema } from './inference-schemas.ts';

/** One inference route: path, body schema and the one service call. */
export interface InferenceRoute {
  /** Every front-door route is a POST; the front door hands any other method to Fastify. */
  method: 'POST';
  path: string;
  schema: { body: object };
  /** The shape of error bodies: OpenAI's unless the route speaks Anthropic's protocol. */
  errorShape?: 'anthropic';
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
    schema: chatCompletionSchema,
    call: (services, context, body) => services.inference.chat(context, body),
  },
  {
    method: 'POST',
    path: '/v1/completions',
    schema: completionSchema,
    call: (services, context, body) => services.inference.completion(context, body),
  },
  {
    method: 'POST',
    path: '/v1/embeddings',
    schema: embeddingsSchema,
    call: (services, context, body) => services.inference.embeddings(context, body),
  },
  {
    method: 'POST',
    path: '/v1/messages',
    schema: { body: messagesRequestSchema },
    errorShape: 'anthropic',
    call: (services, context, body) => createMessage(services.inference, context, body),
  },
  {
    method: 'POST',
    path: '/v1/messages/count_tokens',
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
    schema: { body: responsesRequestSchema },
    call: (services, context, body) => {
      if (!services.responses) throw notFound('The Responses API is not enabled on this server.', 'unknown_url');
      return services.responses.create(context, body);
    },
  },
];
