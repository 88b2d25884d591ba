import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageRoot } from '../../util/package-root.ts';
import type { AppServices } from '../app-services.ts';

/** Where `npm run build --workspace web` writes the console. */
export const defaultConsoleDirectory = path.join(packageRoot(), 'web', 'dist');

/** Paths that belong to the API: never answered with the console's index.html. */
const apiPrefixes = ['/v1', '/admin', '/console/api', '/healthz', '/readyz', '/metrics'];

/** Content-Security-Policy of the console page: only our own scripts; antd injects its styles inline. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const missingConsolePage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kaiyuan</title></head>
<body style="font-family: sans-serif; margin: 3rem">
<h1>Kaiyuan</h1>
<p>console not built: run npm run build --workspace web</p>
<p>控制台尚未构建：请运行 npm run build --workspace web</p>
<p>The API is available at <code>/v1</code>.</p>
</body></html>
`;

export interface ConsoleStaticOptions {
  /** The built console (defaults to web/dist of this checkout). */
  directory?: string;
}

export function isApiPath(urlPath: string): boolean {
  return apiPrefixes.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

/**
 * Serves the web console at `/`: hashed assets with a one-year immutable cache, other files
 * briefly cached, each in the smallest precompressed encoding the browser accepts, and index.html (never cached) for every other non-API GET, so that the
 * single-page app's own paths survive a reload.
 */
export function registerConsoleStaticRoutes(
  app: FastifyInstance,
  _services?: AppServices,
  options: ConsoleStaticOptions = {},
): void {
  const directory = options.directory ?? defaultConsoleDirectory;
  const indexFile = path.join(directory, 'index.html');

  void app.register(async (scope) => {
    // The build writes .br and .gz beside each text file (web/precompress-plugin.ts): sent as
    // they are to browsers that accept them, never compressed per request.
    // Cache headers are set here, not by the plugin: its fallback from a missing compressed copy
    // to the plain file drops per-call options.
    await scope.register(fastifyStatic, {
      root: directory,
      serve: false,
      decorateReply: true,
      preCompressed: true,
      cacheControl: false,
    });

    const sendIndex = (reply: FastifyReply) => {
      if (!existsSync(indexFile)) {
        return reply
          .code(503)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(missingConsolePage);
      }
      return reply
        .header('cache-control', 'no-cache')
        .header('vary', 'accept-encoding')
        .header('content-security-policy', contentSecurityPolicy)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .sendFile('index.html');
    };

    scope.get('/*', async (request: FastifyRequest, reply: FastifyReply) => {
      const rawPath = request.url.split('?')[0] ?? '/';
      const urlPath = decodePath(rawPath);
      if (urlPath === null || isApiPath(urlPath)) return reply.callNotFound();
      const lastSegment = urlPath.slice(urlPath.lastIndexOf('/') + 1);
      if (!lastSegment.includes('.') || lastSegment === 'index.html') return sendIndex(reply);
      // A file: hashed build assets never change; anything else (favicon) is revalidated hourly.
      const hashed = urlPath.startsWith('/assets/');
      return reply
        .header('x-content-type-options', 'nosniff')
        .header('vary', 'accept-encoding')
        .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
        .sendFile(rawPath.slice(1));
    });
  });
}

function decodePath(rawPath: string): string | null {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return null;
  }
}
