import type { KeyLimits, Principal } from '../accounts/principal.ts';
import type { LimitSettings } from '../config/commerce-schema.ts';
import { dayMs, minuteMs, type LimitCounter } from '../limits/rate-limiter.ts';

const windows = {
  rpm: { kind: 'requests', windowMs: minuteMs, label: 'requests per minute (RPM)' },
  rpd: { kind: 'requests', windowMs: dayMs, label: 'requests per day (RPD)' },
  tpm: { kind: 'tokens', windowMs: minuteMs, label: 'tokens per minute (TPM)' },
  tpd: { kind: 'tokens', windowMs: dayMs, label: 'tokens per day (TPD)' },
} as const;
const names = ['rpm', 'rpd', 'tpm', 'tpd'] as const;

/** A counter without this request's amount: the same for every request of one principal and model. */
type CounterTemplate = Omit<LimitCounter, 'amount'>;

interface CachedTemplates {
  /** The organization's limits the templates were made with (they change with the plan, level, overrides). */
  rpm: number | undefined;
  rpd: number | undefined;
  tpm: number | undefined;
  tpd: number | undefined;
  templates: CounterTemplate[];
}

/**
 * Templates by principal (the authenticator's cached object: a changed key or organization is a new
 * one, and a dropped one takes its entry with it) and model, so that the keys and labels, strings
 * built from four or five parts, are built once instead of on every request.
 */
const cache = new WeakMap<Principal, Map<string, CachedTemplates>>();
/** Models remembered per principal at most (any model name may be asked for). */
const maxModelsPerPrincipal = 64;

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
  const templates = counterTemplates(principal, model, orgLimits);
  const counters: LimitCounter[] = [];
  for (const template of templates) {
    counters.push({
      key: template.key,
      label: template.label,
      kind: template.kind,
      limit: template.limit,
      windowMs: template.windowMs,
      amount: template.kind === 'requests' ? 1 : reservedTokens,
    });
  }
  return counters;
}

function counterTemplates(principal: Principal, model: string, orgLimits: LimitSettings): CounterTemplate[] {
  let byModel = cache.get(principal);
  const cached = byModel?.get(model);
  if (
    cached &&
    cached.rpm === orgLimits.rpm &&
    cached.rpd === orgLimits.rpd &&
    cached.tpm === orgLimits.tpm &&
    cached.tpd === orgLimits.tpd
  )
    return cached.templates;
  const templates = buildTemplates(principal, model, orgLimits);
  if (!byModel) cache.set(principal, (byModel = new Map()));
  else if (byModel.size >= maxModelsPerPrincipal && !byModel.has(model)) byModel.clear();
  byModel.set(model, { rpm: orgLimits.rpm, rpd: orgLimits.rpd, tpm: orgLimits.tpm, tpd: orgLimits.tpd, templates });
  return templates;
}

function buildTemplates(principal: Principal, model: string, orgLimits: LimitSettings): CounterTemplate[] {
  const templates: CounterTemplate[] = [];
  const add = (scope: string, owner: string, limits: KeyLimits | LimitSettings) => {
    for (const name of names) {
      const limit = limits[name];
      if (limit === undefined || limit === null) continue;
      const window = windows[name];
      templates.push({
        key: `${scope}:${name}`,
        label: `${window.label} of ${owner}`,
        kind: window.kind,
        limit,
        windowMs: window.windowMs,
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
  return templates;
}
