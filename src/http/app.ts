import { addressLimitClass, addressLimitHook } from './address-limits.ts';
import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { newRequestId } from '../util/ids.ts';
import type { AppServices } from './app-services.ts';
import { invalidRequest } from '../util/errors.ts';
import { authenticatesBeforeBody } from './auth.ts';
import { toHttpError } from './error-response.ts';
import { parseJson, storedJsonLimits } from './read-json-body.ts';
import { applyServerTimeouts } from './server-timeouts.ts';
import { createInferenceFrontDoor } from './inference-front-door.ts';
import { lazyChildLoggerFactory } from './lazy-child-logger.ts';
import { registerRoutes } from './routes/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on authenticated routes. */
    principal: import('../accounts/principal.ts').Principal | null;
  }
  interface FastifyInstance {
    /** Every route Fastify serves (method and URL pattern), for the fuzz test and the docs. */
    routeTable: ReadonlyArray<{ method: string; url: string }>;
    /**
     * Starts a drain before the server closes: inference answers from now on close their
     * connection, so that busy keep-alive clients move to another process (a reload of workers).
     */
    announceClose(): void;
  }
  interface FastifyContextConfig {
    /**
     * A route that must read its body before it can authenticate the sender, because the body is
     * the credential: a payment provider's callback verified by the signature over its body. Such
     * a route keeps its own `bodyLimit`; every other route that does not authenticate in onRequest
     * reads at most `server.preAuthBodyLimitKb` (docs/security.md).
     */
    bodyBeforeAuthentication?: 'verified-by-signature';
  }
}

/** Builds the Fastify app: one error mapping, request ids, routes. Listening is the caller's job. */
export async function buildApp(services: AppServices): Promise<FastifyInstance> {
  const frontDoor = createInferenceFrontDoor(services);
  const bodyLimit = Math.round(services.config.server.bodyLimitMb * 1024 * 1024);
  const preAuthBodyLimit = Math.round(services.config.server.preAuthBodyLimitKb * 1024);
  const addressLimits = services.config.server.addressLimits;
  const addressLimiter = services.addressLimiter ?? new MemoryRateLimiter();
  const app = Fastify({
    // The inference routes are served in front of Fastify (decision 006); everything else is Fastify's.
    serverFactory: (fastifyHandler) => {
      // Timeouts are checked on this interval; keep it well below the headers timeout.
      const connectionsCheckingInterval = Math.min(30_000, Math.max(250, services.config.server.headersTimeoutMs / 4));
      const server = createServer({ connectionsCheckingInterval }, (request, response) => {
        if (!frontDoor.handle(request, response)) fastifyHandler(request, response);
      });
      applyServerTimeouts(server, services.config.server);
      return server;
    },
    loggerInstance: services.logger as FastifyBaseLogger,
    // One structured line per inference request is written by the service; no per-request framework lines.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit,
    trustProxy: services.config.server.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => newRequestId(),
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  app.decorateRequest('principal', null);

  // Authenticate before the body: a route whose onRequest hooks do not authenticate reads at most
  // the small pre-auth limit, unless it is verified by a signature over its body (and says so).
  const routeTable: Array<{ method: string; url: string }> = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
    const hooks = [route.onRequest ?? []].flat() as Array<{ [authenticatesBeforeBody]?: true }>;
    if (hooks.some((hook) => hook[authenticatesBeforeBody])) return;
    // Answered without a credential: counted per client address first (sign-up floods, scraping).
    const limitClass = addressLimits.enabled ? addressLimitClass(route) : null;
    if (limitClass !== null)
      route.onRequest = [
        addressLimitHook(limitClass, addressLimiter, addressLimits),
        ...hooks,
      ] as typeof route.onRequest;
    if (route.config?.bodyBeforeAuthentication === 'verified-by-signature') return;
    route.bodyLimit = Math.min(route.bodyLimit ?? bodyLimit, preAuthBodyLimit);
  });
  // JSON bodies: depth-checked before parsing, and free of text the stores cannot keep.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJson(text as string, storedJsonLimits));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.decorate('announceClose', () => frontDoor.close());
  app.addHook('preClose', (done) => {
    frontDoor.close();
    done();
  });

  // A callback hook, not an async one: it runs on every request, and an async hook costs a promise
  // and its resolution per request for a header assignment.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    // Query strings and path parameters reach the store too: no NUL in them either.
    if (request.url.includes('%00') || request.url.includes('\0')) {
      done(invalidRequest('The URL contains a NUL character (%00).', null, 'invalid_text'));
      return;
    }
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, headers, body, error: mapped } = toHttpError(error);
    // Refused before its body was read (401, 413, …): close the connection instead of reading the rest.
    if (!request.raw.complete) {
      headers.connection = 'close';
      // Once the answer is out, drop the socket: reading the rest of an unwanted body costs CPU.
      reply.raw.once('finish', () => request.raw.socket.destroy());
    }
    if (status >= 500) request.log.error({ err: error, code: mapped.code, requestId: request.id }, mapped.message);
    else request.log.debug({ code: mapped.code, requestId: request.id }, mapped.message);
    void reply.code(status).headers(headers).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({
      error: {
        message: `Unknown request URL: ${request.method} ${request.url.split('?')[0]}. Please check the URL for typos.`,
        type: 'invalid_request_error',
        param: null,
        code: 'unknown_url',
      },
    });
  });

  await registerRoutes(app, services);
  return app;
}
