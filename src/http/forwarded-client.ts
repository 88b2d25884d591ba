import type { IncomingMessage } from 'node:http';

type TrustProxy = boolean | readonly string[];

/**
 * The client's address as `server.trustProxy` says to read it: the peer's address when no proxy
 * is trusted; the first `X-Forwarded-For` hop when every hop is trusted; with a list of proxies,
 * the nearest hop that is not one of them (exact addresses; a CIDR range in the list trusts no
 * hop here, and the peer's address is used).
 */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string | null {
  const peer = request.socket.remoteAddress ?? null;
  if (trust === false) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0);
  if (forwarded.length === 0) return peer;
  if (trust === true) return forwarded[0]!;
  const trusted = new Set(trust);
  if (!peer || !trusted.has(peer)) return peer;
  for (let index = forwarded.length - 1; index >= 0; index--) {
    if (!trusted.has(forwarded[index]!)) return forwarded[index]!;
  }
  return forwarded[0]!;
}
