import type { BatchEndpoint } from '../api-contract/batches.ts';
import type { InferenceAnswer, InferenceService, RequestContext } from '../inference/inference-service.ts';

export interface BodyProblem {
  message: string;
  param: string;
}

/** What a batch needs to know about one endpoint its lines may target. */
export interface BatchEndpointEntry {
  /** Checks a line's body beyond `model` (checked for every endpoint); null when it is fine. */
  check(body: Record<string, unknown>): BodyProblem | null;
  /** Runs one line through the normal request path. */
  call(inference: InferenceService, context: RequestContext, body: Record<string, unknown>): Promise<InferenceAnswer>;
}

const nonEmptyArray = (value: unknown) => Array.isArray(value) && value.length > 0;
const textOrList = (value: unknown) => typeof value === 'string' || nonEmptyArray(value);

/**
 * The dispatch table of batch lines, keyed by the line's `url`. Serving one more API in batches
 * (`/v1/responses`, `/v1/messages`) is one entry here and its URL in the contract's list.
 */
export const batchEndpointTable: Record<BatchEndpoint, BatchEndpointEntry> = {
  '/v1/chat/completions': {
    check: (body) =>
      nonEmptyArray(body.messages)
        ? null
        : { message: "'messages' must be a non-empty array.", param: 'body.messages' },
    call: (inference, context, body) => inference.chat(context, body),
  },
  '/v1/embeddings': {
    check: (body) =>
      textOrList(body.input)
        ? null
        : { message: "'input' must be a string or a non-empty array.", param: 'body.input' },
    call: (inference, context, body) => inference.embeddings(context, body),
  },
  '/v1/completions': {
    check: (body) =>
      textOrList(body.prompt)
        ? null
        : { message: "'prompt' must be a string or a non-empty array.", param: 'body.prompt' },
    call: (inference, context, body) => inference.completion(context, body),
  },
};

export function isBatchEndpoint(url: unknown): url is BatchEndpoint {
  return typeof url === 'string' && Object.hasOwn(batchEndpointTable, url);
}
