import type { Server } from 'node:http';
import type { KaiyuanConfig } from '../config/config-schema.ts';

/**
 * The server's timeouts (defaults in config-schema.ts, listed in docs/security.md): headers and
 * whole requests must arrive in time (else 408 and the connection is closed), idle keep-alive
 * connections are closed, and so is any connection with no traffic either way for too long.
 */
export function applyServerTimeouts(server: Server, settings: KaiyuanConfig['server']): void {
  server.headersTimeout = settings.headersTimeoutMs;
  server.requestTimeout = settings.requestTimeoutMs;
  // Clients (SDKs) keep connections alive; keep them long enough not to race their reuse.
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.setTimeout(settings.idleTimeoutMs, (socket) => socket.destroy());
}
