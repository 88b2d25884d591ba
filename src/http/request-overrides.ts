import type { IncomingHttpHeaders } from 'node:http';
import type { RequestOverrides } from '../inference/inference-service.ts';

/**
 * What a client may tighten for one request, from its headers: `x-kaiyuan-timeout-ms` (a smaller
 * time budget), `x-kaiyuan-max-attempts` (fewer attempts) and `x-kaiyuan-fallback: none` (no
 * fallback to another model). Values that would loosen the operator's settings are cut to them by
 * the service; malformed values are ignored.
 */
export function requestOverrides(headers: IncomingHttpHeaders): RequestOverrides | undefined {
  const timeout = positiveInteger(headers['x-kaiyuan-timeout-ms']);
  const attempts = positiveInteger(headers['x-kaiyuan-max-attempts']);
  const fallback = headers['x-kaiyuan-fallback'];
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
