/**
 * `POST /v1/messages` for any model of the platform: the Anthropic request is translated to a chat
 * request and served by the inference core like `/v1/chat/completions` — same admission (limits,
 * balance), routing, fallbacks and metering, billed once under the `messages` API — and its answer
 * (whole or streamed) is translated back.
 */
import type { InferenceAnswer, InferenceService, RequestContext } from '../../inference/inference-service.ts';
import { messagesText, quickTokenEstimate } from '../../inference/token-estimate.ts';
import { estimateUsage } from '../../inference/usage-estimate.ts';
import { TranslatingSink } from '../translating-sink.ts';
import { messagesRequestFacts, toChatRequest } from './convert-messages-request.ts';
import { toAnthropicMessage } from './convert-chat-completion.ts';
import { MessagesStreamTranslator } from './messages-stream-translator.ts';

/** Idle time after which a streamed answer gets a `ping` event. */
const PING_INTERVAL_MS = 10_000;

export async function createMessage(
  inference: InferenceService,
  context: RequestContext,
  body: Record<string, unknown>,
): Promise<InferenceAnswer> {
  const facts = messagesRequestFacts(body);
  const chat = toChatRequest(body);
  const id = messageId(context.requestId);
  const answer = await inference.chat({ ...context, clientApi: 'messages' }, chat);
  // Anthropic's SDKs read the request id from `request-id`.
  const headers = { ...answer.headers, 'request-id': context.requestId };
  if (answer.kind === 'json') {
    const completion = answer.json ?? (JSON.parse(answer.text) as Record<string, unknown>);
    const usage = answer.usage ?? estimateUsage('chat', chat, '');
    return { kind: 'json', headers, text: JSON.stringify(toAnthropicMessage(completion, usage, facts, id)) };
  }
  const estimate = quickTokenEstimate(messagesText(chat.messages));
  return {
    kind: 'stream',
    headers,
    pipe: (sink) =>
      answer.pipe(
        new TranslatingSink(sink, new MessagesStreamTranslator(facts, id, estimate), {
          keepAliveMs: PING_INTERVAL_MS,
          headers: { 'request-id': context.requestId },
        }),
      ),
  };
}

/** The message id: Anthropic's `msg_` prefix on our request id, so the two can be matched. */
export function messageId(requestId: string): string {
  return `msg_${requestId.replace(/^req_/, '')}`;
}
