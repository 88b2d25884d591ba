import type { ModelProvider } from '../../api/models-api.ts';

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

/** The health of a deployment as a badge status and a label; unknown shapes show as text. */
export function providerHealth(provider: ModelProvider): { status: HealthStatus; label: string } | null {
  const raw = provider.health;
  if (raw === undefined || raw === null) return null;
  const label = typeof raw === 'string' ? raw : typeof raw.status === 'string' ? raw.status : JSON.stringify(raw);
  const lower = label.toLowerCase();
  if (['healthy', 'ok', 'up', 'closed'].includes(lower)) return { status: 'success', label };
  if (['degraded', 'half-open', 'half_open', 'slow'].includes(lower)) return { status: 'warning', label };
  if (['unhealthy', 'down', 'open', 'failed', 'error'].includes(lower)) return { status: 'error', label };
  return { status: 'default', label };
}
