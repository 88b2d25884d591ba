import type { CounterState } from './rate-limiter.ts';

/** OpenAI-style duration: `1s`, `6m0s`, `20ms`, `1h2m3s`. */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const totalSeconds = Math.ceil(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** The header names per kind, built once: this runs on every admitted request. */
const headerNames = (['requests', 'tokens'] as const).map((kind) => ({
  kind,
  limitName: `x-ratelimit-limit-${kind}`,
  remainingName: `x-ratelimit-remaining-${kind}`,
  resetName: `x-ratelimit-reset-${kind}`,
}));

/**
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` from the tightest counter of each kind
 * (the one with the fewest remaining; on a tie, the shorter window).
 */
export function rateLimitHeaders(counters: readonly CounterState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { kind, limitName, remainingName, resetName } of headerNames) {
    let tightest: CounterState | null = null;
    for (const counter of counters) {
      if (counter.kind !== kind) continue;
      const remaining = counter.limit - counter.used;
      const best = tightest ? tightest.limit - tightest.used : Infinity;
      if (remaining < best || (remaining === best && tightest && counter.windowMs < tightest.windowMs))
        tightest = counter;
    }
    if (!tightest) continue;
    headers[limitName] = String(tightest.limit);
    headers[remainingName] = String(Math.max(0, tightest.limit - tightest.used));
    headers[resetName] = formatResetDuration(tightest.resetMs);
  }
  return headers;
}
