import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InferenceAnswer, RequestContext } from '../inference/inference-service.ts';
import { writeErrorToResponse } from './error-response.ts';
import { sseResponseSink } from './sse-response-sink.ts';

/** The service-level context of a request: id, caller, and a signal that fires when the client leaves. */
export function requestContext(request: FastifyRequest, reply: FastifyReply): RequestContext {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new DOMException('The client closed the connection', 'AbortError'));
  });
  return { requestId: request.id, principal: request.principal, signal: controller.signal };
}

/** Sends a JSON answer as its bytes, or takes over the socket to relay a stream. */
export async function sendAnswer(reply: FastifyReply, answer: InferenceAnswer): Promise<void> {
  if (answer.kind === 'json') {
    await reply.code(200).headers(answer.headers).header('content-type', 'application/json; charset=utf-8').send(answer.text);
    return;
  }
  reply.hijack();
  const response = reply.raw;
  response.setHeader('x-request-id', String(reply.request.id));
  try {
    await answer.pipe(sseResponseSink(response));
  } catch (error) {
    // Settling failed before the stream opened (e.g. the store is down): answer with an error, never bill twice.
    writeErrorToResponse(response, error);
    if (!response.writableEnded) response.end();
  }
}
