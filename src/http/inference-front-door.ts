import type { IncomingMessage, ServerResponse } from 'node:http';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Principal } from '../accounts/principal.ts';
import { CancelSource } from '../util/cancel-signal.ts';
import { toKaiyuanError } from '../util/errors.ts';
import { newRequestId } from '../util/ids.ts';
import type { AppServices } from './app-services.ts';
import { knownPrincipal, resolvePrincipal } from './auth.ts';
import { clientAddressReader } from './forwarded-client.ts';
import { validationError, writeErrorToResponse } from './error-response.ts';
import { readJsonBody } from './read-json-body.ts';
import { requestOverrides } from './request-overrides.ts';
import { inferenceRoutes, type InferenceRoute } from './routes/index.ts';
import { sseResponseSink } from './sse-response-sink.ts';

type Body = Record<string, unknown>;

/** A route of the table, its schema compiled. */
interface ServedRoute {
  validate: ValidateFunction;
  call: InferenceRoute['call'];
  errorShape: InferenceRoute['errorShape'];
  logAs: InferenceRoute['logAs'];
}

export interface InferenceFrontDoor {
  /** Serves the request when it is one of the inference routes; false hands it on (to Fastify). */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** From now on answer 503 (the server is shutting down). */
  close(): void;
}

/**
 * Serves the inference routes of the route table (`routes/inference-routes.ts`: `POST
 * /v1/chat/completions`, `/v1/completions`, `/v1/embeddings`) straight on node:http, in front of
 * Fastify: the hot path skips Fastify's routing, hooks, content-type parsing and reply pipeline
 * (decision 006). It keeps their behaviour: the same schemas (ajv), the same credentials, the
 * same one error mapping, `x-request-id` on every answer.
 */
export function createInferenceFrontDoor(services: AppServices): InferenceFrontDoor {
  const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, allErrors: false, useDefaults: false });
  const routes = new Map<string, ServedRoute>(
    inferenceRoutes.map((route) => [
      route.path,
      { validate: ajv.compile(route.schema.body), call: route.call, errorShape: route.errorShape, logAs: route.logAs },
    ]),
  );
  const bodyLimit = Math.round(services.config.server.bodyLimitMb * 1024 * 1024);
  // The client's address is read only for the request log.
  const readClientAddress = services.config.requestLog.enabled
    ? clientAddressReader(services.config.server.trustProxy)
    : null;
  const requestLog = services.requestLogSink ?? null;
  let closing = false;

  /**
   * A request refused before the service saw it (401, a body that is not JSON or breaks the
   * schema, 413) goes to the request log too; the log caps 401 rows (an unauthenticated flood
   * must not fill it) and keeps no credential — the error's fixed message only.
   */
  function logRefusal(
    route: ServedRoute,
    request: IncomingMessage,
    requestId: string,
    clientRequestId: string | null,
    principal: Principal | null,
    body: unknown,
    error: unknown,
    startedAt: number,
  ): void {
    const model = (body as Body | undefined)?.model;
    requestLog!.refused(
      {
        requestId,
        clientRequestId,
        clientIp: readClientAddress ? readClientAddress(request) : null,
        principal,
        clientApi: route.logAs.clientApi,
      },
      route.logAs.endpoint,
      typeof model === 'string' ? model.slice(0, 200) : '',
      toKaiyuanError(error),
      Date.now() - startedAt,
    );
  }

  async function serve(
    route: ServedRoute,
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    clientRequestId: string | null,
  ): Promise<void> {
    const clientGone = new CancelSource();
    // 'close' comes once per response; `on` spares the once-wrapper (the response is dropped after).
    response.on('close', () => {
      if (!response.writableFinished)
        clientGone.abort(new DOMException('The client closed the connection', 'AbortError'));
    });
    const startedAt = requestLog ? Date.now() : 0;
    let principal: Principal | null = null;
    let body: unknown;
    try {
      // The credential first: without a valid one the body is neither read nor parsed (401, connection closed).
      principal =
        knownPrincipal(services.authenticator, request) ?? (await resolvePrincipal(services.authenticator, request));
      body = await readJsonBody(request, bodyLimit);
      if (!route.validate(body)) throw validationError(route.validate.errors ?? []);
    } catch (error) {
      if (requestLog) logRefusal(route, request, requestId, clientRequestId, principal, body, error, startedAt);
      throw error;
    }
    const answer = await route.call(
      services,
      {
        requestId,
        clientRequestId,
        clientIp: readClientAddress ? readClientAddress(request) : null,
        principal,
        signal: clientGone,
        overrides: requestOverrides(request.headers, principal),
      },
      body as Body,
    );
    if (answer.kind === 'json') {
      const headers = answer.headers;
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['x-request-id'] = requestId;
      // With its length known, Node sends the head and the body in one write (not chunked).
      headers['content-length'] = String(Buffer.byteLength(answer.text));
      response.writeHead(200, headers).end(answer.text);
      return;
    }
    await answer.pipe(sseResponseSink(response, requestId));
  }

  function fail(
    request: IncomingMessage,
    response: ServerResponse,
    requestId: string,
    error: unknown,
    route: ServedRoute,
  ): void {
    const extraHeaders: Record<string, string> = { 'x-request-id': requestId };
    // Refused before its body was read (401, 413, …): close the connection instead of reading the rest.
    if (!request.complete) {
      extraHeaders.connection = 'close';
      // Once the answer is out, drop the socket: reading the rest of an unwanted body costs CPU.
      response.once('finish', () => request.socket.destroy());
    }
    const status = writeErrorToResponse(response, error, extraHeaders, route.errorShape, requestId);
    if (status >= 500) services.logger.error({ err: error, requestId }, 'inference request failed');
    if (!response.writableEnded) response.end();
  }

  return {
    handle(request, response) {
      if (request.method !== 'POST') return false;
      const url = request.url ?? '';
      const query = url.indexOf('?');
      const route = routes.get(query === -1 ? url : url.slice(0, query));
      if (!route) return false;
      // Our own id keys the usage record and its ledger debit: a client-chosen id could be reused to
      // make a second request look like a retry of the first. The client's id is echoed and logged.
      const requestId = newRequestId();
      const clientRequestId = clientIdOf(request);
      // Shutting down or reloading: a request that still arrives on an open connection is served in
      // full (the drain waits for it), and the connection is closed after it, so the client's next
      // request opens a new connection to a process that is not stopping.
      if (closing) response.setHeader('connection', 'close');
      if (clientRequestId) response.setHeader('x-client-request-id', clientRequestId);
      serve(route, request, response, requestId, clientRequestId).catch((error: unknown) =>
        fail(request, response, requestId, error, route),
      );
      return true;
    },
    close() {
      closing = true;
    },
  };
}

/** The client's own request id (`x-client-request-id`, or `x-request-id`), at most 128 characters. */
function clientIdOf(request: IncomingMessage): string | null {
  const value = request.headers['x-client-request-id'] ?? request.headers['x-request-id'];
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 128) : null;
}
