import type { KeyLimits, Principal } from '../accounts/principal.ts';
import type { LimitSettings } from '../config/commerce-schema.ts';
import { dayMs, minuteMs, type LimitCounter } from '../limits/rate-limiter.ts';

const windows = {
  rpm: { kind: 'requests', windowMs: minuteMs, label: 'requests per minute (RPM)' },
  rpd: { kind: 'requests', windowMs: dayMs, label: 'requests per day (RPD)' },
  tpm: { kind: 'tokens', windowMs: minuteMs, label: 'tokens per minute (TPM)' },
  tpd: { kind: 'tokens', windowMs: dayMs, label: 'tokens per day (TPD)' },
} as const;

/**
 * The counters one request consumes: the API key's own limits, then the organization's limits
 * for the model. Tokens consume the reservation (prompt estimate + max output).
 */
export function limitCounters(
  principal: Principal,
  model: string,
  orgLimits: LimitSettings,
  reservedTokens: number,
): LimitCounter[] {
  const counters: LimitCounter[] = [];
  const add = (scope: string, owner: string, limits: KeyLimits | LimitSettings) => {
    for (const name of ['rpm', 'rpd', 'tpm', 'tpd'] as const) {
      const limit = limits[name];
      if (limit === undefined || limit === null) continue;
      const window = windows[name];
      counters.push({
        key: `${scope}:${name}`,
        label: `${window.label} of ${owner}`,
        kind: window.kind,
        limit,
        windowMs: window.windowMs,
        amount: window.kind === 'requests' ? 1 : reservedTokens,
      });
    }
  };
  if (principal.keyId) add(`k:${principal.keyId}`, 'this API key', principal.keyLimits);
  if (principal.orgId)
    add(
      `o:${principal.orgId}:${model}`,
      `organization '${principal.orgName ?? principal.orgId}' for model '${model}'`,
      orgLimits,
    );
  return counters;
}
