import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { RateLimiter, LimitCounter } from '../limits/rate-limiter.ts';
import { KaiyuanError } from '../util/errors.ts';
import { addressKey } from './client-address.ts';

/** Per-address limits of the routes a client reaches without a credential (`server.addressLimits`). */
export interface AddressLimitSettings {
  enabled: boolean;
  /** Account routes (sign-up, password reset, e-mail verification, first-start setup), per minute and per hour. */
  accountPerMinute: number;
  accountPerHour: number;
  /** Other routes answered without a credential (public catalog, session state), per minute. */
  publicPerMinute: number;
  /** Payment providers' callbacks (verified by their signatures), per minute: high, but bounded. */
  callbackPerMinute: number;
}

export type AddressLimitClass = 'account' | 'public' | 'callback';

/** Routes that need no limit here: probes, and routes with a throttle of their own (sign-in). */
const exempt = new Set(['/healthz', '/readyz', '/metrics', '/console/api/auth/login']);
const accountRoutes =
  /^\/console\/api\/auth\/(sign-up|setup|verify-email|resend-verification|password-reset(-request)?)$/;

/**
 * Which limit a route answered without a credential gets, or null: the console's static files
 * (`GET` outside the API) and the exempt routes are not limited; routes that authenticate in
 * `onRequest` are limited per key instead (the caller leaves them out).
 */
export function addressLimitClass(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): AddressLimitClass | null {
  const url = route.url ?? '';
  if (exempt.has(url)) return null;
  if (
    (route.config as { bodyBeforeAuthentication?: string } | undefined)?.bodyBeforeAuthentication ===
    'verified-by-signature'
  )
    return 'callback';
  if (accountRoutes.test(url)) return 'account';
  const methods = [route.method].flat();
  const api = url.startsWith('/v1') || url.startsWith('/admin') || url.startsWith('/console/api');
  if (!api && methods.every((method) => method === 'GET' || method === 'HEAD')) return null;
  return 'public';
}

const minute = 60_000;

function countersFor(kind: AddressLimitClass, address: string, settings: AddressLimitSettings): LimitCounter[] {
  const counter = (window: string, limit: number, windowMs: number): LimitCounter => ({
    key: `address:${kind}:${window}:${address}`,
    label: `${kind} requests per ${window === '1m' ? 'minute' : 'hour'} from one address`,
    kind: 'requests',
    limit,
    windowMs,
    amount: 1,
  });
  if (kind === 'account')
    return [counter('1m', settings.accountPerMinute, minute), counter('1h', settings.accountPerHour, 60 * minute)];
  return [counter('1m', kind === 'public' ? settings.publicPerMinute : settings.callbackPerMinute, minute)];
}

/**
 * An `onRequest` hook counting a route's requests per client address (the real client behind the
 * configured trusted proxies: Fastify's `request.ip`) in the shared rate limiter — Redis when set,
 * so the limit holds across replicas. Over the limit: 429 with Retry-After at once, before the
 * body is read.
 */
export function addressLimitHook(kind: AddressLimitClass, limiter: RateLimiter, settings: AddressLimitSettings) {
  return async function limitByAddress(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    let result;
    try {
      result = await limiter.acquire(countersFor(kind, addressKey(request.ip), settings));
    } catch (error) {
      // The shared counters are unreachable (Redis down): serve rather than refuse everyone.
      request.log.warn({ err: error }, 'per-address limit unavailable; request let through');
      return;
    }
    if (result.allowed) return;
    throw new KaiyuanError('too_many_requests_from_address', 'Too many requests from your address; try again later.', {
      status: 429,
      type: 'rate_limit_error',
      retryAfterMs: result.retryAfterMs,
    });
  };
}
