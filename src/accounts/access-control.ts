import { forbidden, invalidRequest, notFound, unauthenticated } from '../util/errors.ts';
import type { Principal, Role } from './principal.ts';

/**
 * Tenant scoping of the admin API. The operator (admin token or an operator user) acts on every
 * organization; anyone else only on their own, and another organization's things are reported as
 * not found (their existence is not revealed).
 */
export const managerRoles: readonly Role[] = ['owner', 'admin'];
export const readerRoles: readonly Role[] = ['owner', 'admin', 'member'];

export function isPlatformOperator(actor: Principal): boolean {
  return actor.role === 'operator';
}

export function requireActor(actor: Principal | null): Principal {
  if (!actor) throw unauthenticated('Authentication required.', 'missing_api_key');
  return actor;
}

export function requireOperator(actor: Principal): void {
  if (!isPlatformOperator(actor)) throw forbidden('Only the platform operator may do this.', 'operator_only');
}

export function requireRoles(actor: Principal, roles: readonly Role[]): void {
  if (isPlatformOperator(actor) || roles.includes(actor.role as Role)) return;
  throw forbidden(`This action needs one of the roles: ${roles.join(', ')}.`);
}

/** The organization an action targets: the operator names it (or acts on its own); others get their own. */
export function targetOrg(actor: Principal, requested: string | null | undefined): string {
  if (isPlatformOperator(actor)) {
    const orgId = requested ?? actor.orgId;
    if (!orgId) throw invalidRequest('Name the organization (orgId) this action is for.', 'orgId', 'missing_org');
    return orgId;
  }
  if (!actor.orgId) throw forbidden('This credential belongs to no organization.');
  if (requested && requested !== actor.orgId)
    throw notFound(`No organization '${requested}'.`, 'organization_not_found');
  return actor.orgId;
}

/** The organization filter of a listing: operator sees all unless it names one. */
export function listScope(actor: Principal, requested: string | null | undefined): string | null {
  if (isPlatformOperator(actor)) return requested ?? null;
  return targetOrg(actor, requested);
}

/** Throws not found unless the actor may see a thing of `orgId`. */
export function assertSameOrg(actor: Principal, orgId: string, what: string, id: string): void {
  if (isPlatformOperator(actor) || actor.orgId === orgId) return;
  throw notFound(`No ${what} '${id}'.`, `${what.replaceAll(' ', '_')}_not_found`);
}

const roleRank: Record<string, number> = { annotator: 0, member: 1, admin: 2, owner: 3, operator: 4 };

/** Nobody grants a role above their own (an admin cannot make owners). */
export function assertMayGrant(actor: Principal, role: Role): void {
  if ((roleRank[role] ?? 0) > (roleRank[actor.role] ?? 0))
    throw forbidden(`A ${actor.role} cannot grant the role '${role}'.`, 'role_too_high', 'role');
}
