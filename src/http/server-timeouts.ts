import type { Server } from 'node:http';
import type { Socket } from 'node:net';
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
  closeIdleConnections(server, settings.idleTimeoutMs);
}

/** How often connections are looked at: the idle timeout is kept to within this. */
export function idleSweepInterval(idleMs: number): number {
  return Math.max(50, Math.min(idleMs / 4, 10_000));
}

interface Watched {
  /** Bytes read and written at the last sweep that saw them change. */
  bytes: number;
  /** When that sweep ran. */
  activeAt: number;
}

/**
 * Destroys every connection that has moved no byte either way for `idleMs` (within a sweep
 * interval), requests in flight included, as `server.setTimeout(idleMs, destroy)` would. A sweep
 * compares each connection's byte counters with the last one's instead: Node's socket timeout
 * makes a new timer for every request of a keep-alive connection and re-arms it on every read and
 * write, which a request pays for in CPU; the sweep costs nothing per request.
 */
export function closeIdleConnections(server: Server, idleMs: number, now: () => number = Date.now): void {
  const connections = new Map<Socket, Watched>();
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { bytes: 0, activeAt: now() });
    socket.once('close', () => connections.delete(socket));
  });
  const sweep = setInterval(() => {
    const at = now();
    for (const [socket, watched] of connections) {
      const bytes = socket.bytesRead + socket.bytesWritten;
      if (bytes !== watched.bytes) {
        watched.bytes = bytes;
        watched.activeAt = at;
      } else if (at - watched.activeAt >= idleMs) {
        connections.delete(socket);
        socket.destroy();
      }
    }
  }, idleSweepInterval(idleMs));
  sweep.unref();
  server.once('close', () => clearInterval(sweep));
}
