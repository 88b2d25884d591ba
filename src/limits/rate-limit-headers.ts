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

/**
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` from the tightest counter of each kind
 * (the one with the fewest remaining; on a tie, the shorter window).
 */
export function rateLimitHeaders(counters: readonly CounterState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const kind of ['requests', 'tokens'] as const) {
    let tightest: CounterState | null = null;
    for (const counter of counters) {
      if (counter.kind !== kind) continue;
      const remaining = counter.limit - counter.used;
      const best = tightest ? tightest.limit - tightest.used : Infinity;
      if (remaining < best || (remaining === best && tightest && counter.windowMs < tightest.windowMs)) tightest = counter;
    }
    if (!tightest) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(tightest.limit);
    headers[`x-ratelimit-remaining-${kind}`] = String(Math.max(0, tightest.limit - tightest.used));
    headers[`x-ratelimit-reset-${kind}`] = formatResetDuration(tightest.resetMs);
  }
  return headers;
}
