import type { HealthState } from '@kaiyuan/api-contract/deployments.ts';

/** 131072 → "128K", 1000000 → "1M" (binary K for powers of two, as model cards usually write). */
export function formatContextLength(tokens: number): string {
  if (tokens >= 1_000_000 && tokens % 1_000_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens >= 1_024 && tokens % 1_024 === 0) return `${tokens / 1_024}K`;
  if (tokens >= 1_000) return `${Math.round(tokens / 1_000)}K`;
  return String(tokens);
}

/** A price per million tokens with up to four decimals, without trailing zeros. */
export function formatPrice(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? Number(value.toFixed(4)).toString() : '—';
}

export type HealthStatus = 'success' | 'warning' | 'error' | 'default';

const healthStatuses: Record<HealthState, HealthStatus> = {
  healthy: 'success',
  unhealthy: 'error',
  unknown: 'default',
};

/**
 * The health of a deployment (its last active check) as a badge status and a label (the key under
 * `extra.health`). A disabled deployment is no longer checked nor routed to: its last result is
 * stale, so it reads "disabled" whatever that result was.
 */
export function providerHealth(
  health: HealthState,
  enabled = true,
): { status: HealthStatus; label: HealthState | 'disabled' } {
  if (!enabled) return { status: 'default', label: 'disabled' };
  return { status: healthStatuses[health], label: health };
}
