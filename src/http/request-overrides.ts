import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../accounts/principal.ts';
import type { RequestOverrides } from '../inference/inference-service.ts';
import { forbidden } from '../util/errors.ts';

/**
 * What a client may tighten for one request, from its headers: `x-kaiyuan-timeout-ms` (a smaller
 * time budget), `x-kaiyuan-max-attempts` (fewer attempts) and `x-kaiyuan-fallback: none` (no
 * fallback to another model). Values that would loosen the operator's settings are cut to them by
 * the service; malformed values are ignored. Only a principal granted routing overrides may send
 * them (a key with `routingOverrides`, a console session, the admin token; anyone on an open
 * gateway): any other gets 403 `routing_overrides_not_allowed` rather than a silently different
 * request.
 */
export function requestOverrides(
  headers: IncomingHttpHeaders,
  principal: Principal | null = null,
): RequestOverrides | undefined {
  const timeoutHeader = headers['x-kaiyuan-timeout-ms'];
  const attemptsHeader = headers['x-kaiyuan-max-attempts'];
  const fallback = headers['x-kaiyuan-fallback'];
  // The common request sends none of them: three property reads and out.
  if (timeoutHeader === undefined && attemptsHeader === undefined && fallback === undefined) return undefined;
  if (principal !== null && principal.routingOverrides !== true) {
    throw forbidden(
      'This API key may not send routing overrides (x-kaiyuan-timeout-ms, x-kaiyuan-max-attempts, x-kaiyuan-fallback). An owner or admin of the organization can allow it on the key.',
      'routing_overrides_not_allowed',
    );
  }
  const timeout = positiveInteger(timeoutHeader);
  const attempts = positiveInteger(attemptsHeader);
  const noFallback = typeof fallback === 'string' && fallback.trim().toLowerCase() === 'none';
  if (timeout === undefined && attempts === undefined && !noFallback) return undefined;
  return {
    ...(timeout !== undefined ? { budgetMs: timeout } : {}),
    ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
    ...(noFallback ? { noFallback } : {}),
  };
}

function positiveInteger(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value.trim())) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
}
