import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

type TrustProxy = boolean | readonly string[];

/**
 * A reader of the client's address under `server.trustProxy`, with the rules Fastify applies to
 * `request.ip` (the same library): the peer's address when no proxy is trusted; the furthest
 * `X-Forwarded-For` hop when every hop is trusted; with a list of proxies (addresses, CIDR ranges
 * or `loopback` / `linklocal` / `uniquelocal`), the nearest hop that is not one of them. For the
 * inference front door, which serves requests outside Fastify.
 */
export function clientAddressReader(trust: TrustProxy): (request: IncomingMessage) => string | null {
  if (trust === false) return (request) => request.socket.remoteAddress ?? null;
  const trusted = trust === true ? () => true : proxyAddr.compile([...trust]);
  return (request) => (request.socket.remoteAddress ? proxyAddr(request, trusted) : null);
}
