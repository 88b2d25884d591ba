import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { newRequestId } from '../util/ids.ts';
import type { AppServices } from './app-services.ts';
import { toHttpError } from './error-response.ts';
import { createInferenceFrontDoor } from './inference-front-door.ts';
import { lazyChildLoggerFactory } from './lazy-child-logger.ts';
import { registerRoutes } from './routes/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on authenticated routes. */
    principal: import('../accounts/principal.ts').Principal | null;
  }
}

/** Builds the Fastify app: one error mapping, request ids, routes. Listening is the caller's job. */
export async function buildApp(services: AppServices): Promise<FastifyInstance> {
  const frontDoor = createInferenceFrontDoor(services);
  const app = Fastify({
    // The inference routes are served in front of Fastify (decision 006); everything else is Fastify's.
    serverFactory: (fastifyHandler) => {
      const server = createServer((request, response) => {
        if (!frontDoor.handle(request, response)) fastifyHandler(request, response);
      });
      // Clients (SDKs) keep connections alive; keep them long enough not to race their reuse.
      server.keepAliveTimeout = 65_000;
      return server;
    },
    loggerInstance: services.logger as FastifyBaseLogger,
    // One structured line per inference request is written by the service; no per-request framework lines.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: Math.round(services.config.server.bodyLimitMb * 1024 * 1024),
    trustProxy: services.config.server.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => newRequestId(),
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  app.decorateRequest('principal', null);
  app.addHook('preClose', (done) => {
    frontDoor.close();
    done();
  });

  // A callback hook, not an async one: it runs on every request, and an async hook costs a promise
  // and its resolution per request for a header assignment.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const { status, headers, body, error: mapped } = toHttpError(error);
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
