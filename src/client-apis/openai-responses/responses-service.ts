/**
 * The OpenAI Responses API (`POST /v1/responses`, `GET` and `DELETE /v1/responses/{id}`) for any
 * model of the platform: the request is translated to a chat request and served by the inference
 * core like `/v1/chat/completions` — same admission (limits, balance), routing, fallbacks and
 * metering, billed once under the `responses` API — and its answer (whole or streamed) is
 * translated back. Unless `store: false`, the response and the conversation that led to it are
 * kept for the operator's retention period, for the organization only.
 */
import type { Logger } from 'pino';
import type { Principal } from '../../accounts/principal.ts';
import type { InferenceAnswer, InferenceService, RequestContext } from '../../inference/inference-service.ts';
import { estimateUsage } from '../../inference/usage-estimate.ts';
import { invalidRequest, notFound } from '../../util/errors.ts';
import { readChatCompletion, type ChatAnswer } from '../chat-chunk.ts';
import { TranslatingSink } from '../translating-sink.ts';
import { responsesRequestFacts, toChatRequest, type ResponsesRequestFacts } from './convert-responses-request.ts';
import { inputMessages } from './convert-responses-input.ts';
import { assistantMessage, outputItems, responseObject, statusOf } from './response-object.ts';
import type { ResponseStore } from './response-store.ts';
import { ResponsesStreamTranslator } from './responses-stream-translator.ts';

type Json = Record<string, any>;

export class ResponsesService {
  constructor(
    private readonly inference: InferenceService,
    private readonly responses: ResponseStore,
    private readonly logger: Logger,
  ) {}

  /** Creates a response: JSON, or a stream of semantic events when `stream: true`. */
  async create(context: RequestContext, body: Json): Promise<InferenceAnswer> {
    const facts = responsesRequestFacts(body);
    const orgId = organizationOf(context.principal);
    const previous = await this.previousConversation(orgId, body.previous_response_id);
    const conversation = [...previous, ...inputMessages(body.input)];
    const chat = toChatRequest(body, conversation);
    const identity = { id: responseId(context.requestId), createdAt: Math.floor(Date.now() / 1000) };
    const answer = await this.inference.chat({ ...context, clientApi: 'responses' }, chat);
    // The answer is billed by now: a failure to store it is logged, and the client still gets it.
    const store = async (response: Json, result: ChatAnswer) => {
      if (!facts.store) return;
      await this.responses
        .save(orgId, response, [...conversation, assistantMessage(result)])
        .catch((error: unknown) =>
          this.logger.error({ err: error, requestId: context.requestId }, 'storing the response failed'),
        );
    };
    if (answer.kind === 'json') {
      const result = readChatCompletion(answer.json ?? (JSON.parse(answer.text) as Json));
      const response = responseObject(facts, {
        ...identity,
        ...statusOf(result.finishReason),
        output: outputItems(result, facts.summary),
        usage: answer.usage ?? estimateUsage('chat', chat, ''),
        error: null,
      });
      await store(response, result);
      return { kind: 'json', headers: answer.headers, text: JSON.stringify(response) };
    }
    return {
      kind: 'stream',
      headers: answer.headers,
      pipe: (sink) => answer.pipe(new TranslatingSink(sink, this.translator(facts, identity, store))),
    };
  }

  async retrieve(principal: Principal | null, id: string): Promise<Json> {
    const stored = await this.responses.find(organizationOf(principal), id);
    if (!stored) throw responseNotFound(id);
    return stored.response;
  }

  async delete(principal: Principal | null, id: string): Promise<Json> {
    if (!(await this.responses.delete(organizationOf(principal), id))) throw responseNotFound(id);
    return { id, object: 'response', deleted: true };
  }

  private translator(
    facts: ResponsesRequestFacts,
    identity: { id: string; createdAt: number },
    store: (response: Json, result: ChatAnswer) => Promise<void>,
  ): ResponsesStreamTranslator {
    return new ResponsesStreamTranslator(facts, identity, store);
  }

  private async previousConversation(orgId: string, previousId: unknown): Promise<Json[]> {
    if (previousId === undefined || previousId === null) return [];
    const stored = await this.responses.find(orgId, String(previousId));
    if (!stored) {
      throw invalidRequest(
        `Previous response with id '${String(previousId)}' not found.`,
        'previous_response_id',
        'previous_response_not_found',
      );
    }
    return stored.conversation;
  }
}

/** Responses belong to an organization; requests without one (open gateway, admin token) share ''. */
function organizationOf(principal: Principal | null): string {
  return principal?.orgId ?? '';
}

function responseNotFound(id: string) {
  return notFound(`Response with id '${id}' not found.`, 'response_not_found', 'response_id');
}

/** The response id: OpenAI's `resp_` prefix on our request id, so the two can be matched. */
export function responseId(requestId: string): string {
  return `resp_${requestId.replace(/^req_/, '')}`;
}
