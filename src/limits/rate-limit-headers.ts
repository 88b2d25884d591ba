import type { CounterState } from './rate-limiter.ts';

/** OpenAI-style duration: `1s`, `6m0s`, `20ms`, `1h2m3s`. */
export function formatResetDuration(ms: number): string {
  if (ms < 1000) {
    const milliseconds = Math.max(0, Math.ceil(ms));
    return (shortDurations[milliseconds] ??= `${milliseconds}ms`);
  }
  const totalSeconds = Math.ceil(ms / 1000);
  if (totalSeconds <= maxRememberedSeconds) return (secondDurations[totalSeconds] ??= spelled(totalSeconds));
  return spelled(totalSeconds);
}

/**
 * Durations as spelled, remembered: every admitted request sends two, and within a window they take
 * one of at most 1,000 values under a second and one per second beyond (a day's are remembered).
 */
const shortDurations: string[] = [];
const secondDurations: string[] = [];
const maxRememberedSeconds = 86_400;

function spelled(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** Whether `counter` leaves fewer requests or tokens than `best` (on a tie: has the shorter window). */
function tighter(counter: CounterState, best: CounterState | null): boolean {
  if (best === null) return true;
  const remaining = counter.limit - counter.used;
  const bestRemaining = best.limit - best.used;
  return remaining < bestRemaining || (remaining === bestRemaining && counter.windowMs < best.windowMs);
}

/**
 * `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` from the tightest counter of each kind
 * (the one with the fewest remaining; on a tie, the shorter window). Runs on every admitted request:
 * one pass over the counters, and the common case (both kinds limited) is one object literal.
 */
export function rateLimitHeaders(counters: readonly CounterState[]): Record<string, string> {
  let requests: CounterState | null = null;
  let tokens: CounterState | null = null;
  for (const counter of counters) {
    if (counter.kind === 'requests') {
      if (tighter(counter, requests)) requests = counter;
    } else if (tighter(counter, tokens)) tokens = counter;
  }
  if (requests !== null && tokens !== null) {
    return {
      'x-ratelimit-limit-requests': String(requests.limit),
      'x-ratelimit-remaining-requests': String(Math.max(0, requests.limit - requests.used)),
      'x-ratelimit-reset-requests': formatResetDuration(requests.resetMs),
      'x-ratelimit-limit-tokens': String(tokens.limit),
      'x-ratelimit-remaining-tokens': String(Math.max(0, tokens.limit - tokens.used)),
      'x-ratelimit-reset-tokens': formatResetDuration(tokens.resetMs),
    };
  }
  const headers: Record<string, string> = {};
  if (requests !== null) {
    headers['x-ratelimit-limit-requests'] = String(requests.limit);
    headers['x-ratelimit-remaining-requests'] = String(Math.max(0, requests.limit - requests.used));
    headers['x-ratelimit-reset-requests'] = formatResetDuration(requests.resetMs);
  }
  if (tokens !== null) {
    headers['x-ratelimit-limit-tokens'] = String(tokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, tokens.limit - tokens.used));
    headers['x-ratelimit-reset-tokens'] = formatResetDuration(tokens.resetMs);
  }
  return headers;
}
