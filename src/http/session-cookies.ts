import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionCredentials } from '../accounts/authenticator.ts';

/** What credential parsing reads of a request: Fastify's request and Node's IncomingMessage both fit. */
export interface RequestHead {
  headers: IncomingHttpHeaders;
  method?: string;
}

/** The console's cookies: the httpOnly session and its readable double-submit CSRF companion. */
export const sessionCookieName = 'ky_session';
export const csrfCookieName = 'ky_csrf';
export const csrfHeaderName = 'x-csrf-token';
/** Proof of an earlier successful sign-in from this browser (exempts it from the account-wide sign-in limit). */
export const deviceCookieName = 'ky_device';
const deviceCookieMaxAgeSeconds = 365 * 24 * 3600;

export function readCookies(request: RequestHead): Record<string, string> {
  const header = request.headers.cookie;
  const cookies: Record<string, string> = {};
  if (typeof header !== 'string') return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (!(name in cookies)) {
      try {
        cookies[name] = decodeURIComponent(value);
      } catch {
        cookies[name] = value;
      }
    }
  }
  return cookies;
}

/** The session credentials of a request, or null when it carries no session cookie. */
export function sessionCredentials(request: RequestHead): SessionCredentials | null {
  const cookies = readCookies(request);
  const sessionToken = cookies[sessionCookieName];
  if (!sessionToken) return null;
  const header = request.headers[csrfHeaderName];
  return {
    sessionToken,
    csrfCookie: cookies[csrfCookieName] ?? null,
    csrfHeader: typeof header === 'string' ? header : null,
    method: request.method ?? 'GET',
  };
}

function attributes(request: FastifyRequest, expiresAt: number | null): string {
  const parts = ['Path=/', 'SameSite=Lax'];
  if (request.protocol === 'https') parts.push('Secure');
  if (expiresAt === null) parts.push('Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  else
    parts.push(
      `Max-Age=${Math.max(0, Math.floor((expiresAt - Date.now()) / 1000))}`,
      `Expires=${new Date(expiresAt).toUTCString()}`,
    );
  return parts.join('; ');
}

export function setSessionCookies(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; csrf: string; expiresAt: number },
): void {
  const common = attributes(request, session.expiresAt);
  appendCookies(reply, [
    `${sessionCookieName}=${encodeURIComponent(session.token)}; ${common}; HttpOnly`,
    `${csrfCookieName}=${encodeURIComponent(session.csrf)}; ${common}`,
  ]);
}

export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  appendCookies(reply, [
    `${deviceCookieName}=${encodeURIComponent(token)}; Path=/console/api/auth; SameSite=Strict; Max-Age=${deviceCookieMaxAgeSeconds}; HttpOnly${secure}`,
  ]);
}

/** Fastify appends set-cookie values to those already set. */
function appendCookies(reply: FastifyReply, cookies: string[]): void {
  void reply.header('set-cookie', cookies);
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const common = attributes(request, null);
  void reply.header('set-cookie', [`${sessionCookieName}=; ${common}; HttpOnly`, `${csrfCookieName}=; ${common}`]);
}
