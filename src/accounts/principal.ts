/** Who is calling: resolved once per request by the auth hook, from an API key, a session or the admin token. */

import type { KeyLimits } from '../api-contract/api-keys.ts';
import type { Role } from '../api-contract/formats.ts';

export type { KeyLimits, Role };

export interface Principal {
  kind: 'api_key' | 'session' | 'admin_token';
  /** The organization (tenant) every action is scoped to; null only for the platform admin token. */
  orgId: string | null;
  orgName: string | null;
  /** Role within the organization; the admin token acts as platform operator. */
  role: Role | 'operator';
  userId: string | null;
  keyId: string | null;
  planId: string | null;
  /** Models this key may use; empty means all models the plan allows. */
  allowedModels: readonly string[];
  keyLimits: KeyLimits;
  /** Residency policy: only deployments carrying one of these tags (empty: no restriction). */
  allowedRegions: readonly string[];
  /**
   * May send per-request routing overrides (x-kaiyuan-timeout-ms, …): a key granted it. Console
   * sessions and the admin token may; an API key without the grant gets 403.
   */
  routingOverrides?: boolean;
  /** The operator's own (house) organization: usage recorded, nothing charged or limited by plan. */
  house?: boolean;
}

export function isOperator(principal: Principal): boolean {
  return principal.role === 'operator';
}
