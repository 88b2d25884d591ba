import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../accounts/principal.ts';
import { forbidden, unauthenticated } from '../util/errors.ts';
import type { Authenticator } from './app-services.ts';
import { sessionCredentials, type RequestHead } from './session-cookies.ts';

/** Extracts the bearer token of `Authorization: Bearer …` (also accepts `x-api-key`). */
export function bearerToken(request: RequestHead): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match ? match[1]!.trim() : null;
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : null;
}

/**
 * The principal of a request whose bearer credential the authenticator knows without a lookup,
 * else undefined (then `resolvePrincipal`, which also makes every refusal): spares the inference
 * path its promises for the common case, a cached API key.
 */
export function knownPrincipal(authenticator: Authenticator | null, request: RequestHead): Principal | undefined {
  if (!authenticator?.knownPrincipal) return undefined;
  const token = bearerToken(request);
  return token ? authenticator.knownPrincipal(token) : undefined;
}

/**
 * The principal of a request: an API key or the admin token (bearer), else a console session
 * cookie (CSRF-checked on state changes). Throws 401 when there is no usable credential. With no
 * authenticator configured, requests pass with a null principal (open gateway).
 */
export async function resolvePrincipal(
  authenticator: Authenticator | null,
  request: RequestHead,
): Promise<Principal | null> {
  if (!authenticator) return null;
  const token = bearerToken(request);
  const session = token || !authenticator.authenticateSession ? null : sessionCredentials(request);
  if (session) {
    const principal = await authenticator.authenticateSession!(session);
    if (!principal) throw unauthenticated('Your console session has expired; sign in again.', 'invalid_session');
    return principal;
  }
  if (!token) {
    throw unauthenticated(
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      'missing_api_key',
    );
  }
  const principal = await authenticator.authenticate(token);
  if (!principal)
    throw unauthenticated('Incorrect API key provided, or the key was revoked or has expired.', 'invalid_api_key');
  return principal;
}

/** Marks the hooks that authenticate a request before its body is read (see `app.ts`, onRoute). */
export const authenticatesBeforeBody = Symbol('authenticatesBeforeBody');

/**
 * An onRequest hook that requires a valid credential and sets request.principal. As onRequest it
 * runs before Fastify reads the body: a request without a valid key or session is answered 401
 * without its body being read or parsed (routes use it as `{ onRequest: requireCredential }`).
 */
export function authenticate(authenticator: Authenticator | null) {
  const hook = async function authenticateHook(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    request.principal = await resolvePrincipal(authenticator, request);
  };
  return Object.assign(hook, { [authenticatesBeforeBody]: true as const });
}

/** Throws 403 unless the principal is the platform operator or has one of the roles. */
export function requireRole(principal: Principal | null, roles: readonly Role[]): Principal {
  if (!principal) throw unauthenticated('Authentication required.', 'missing_api_key');
  if (principal.role === 'operator' || roles.includes(principal.role)) return principal;
  throw forbidden(`This action needs one of the roles: ${roles.join(', ')}.`);
}
