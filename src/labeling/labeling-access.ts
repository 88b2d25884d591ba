import type { Principal, Role } from '../accounts/principal.ts';
import { forbidden, unauthenticated } from '../util/errors.ts';

/**
 * Who may do what in labeling:
 * - owner, admin: create and delete projects, manage annotators, review, export, run model assistance;
 * - member: read projects, tasks, progress and agreement; label items assigned to them;
 * - annotator: only the projects they are in and only the items assigned to them.
 */
export const managerRoles: readonly Role[] = ['owner', 'admin'];
export const readerRoles: readonly Role[] = ['owner', 'admin', 'member'];

export interface Actor {
  principal: Principal;
  orgId: string;
  /** The id work is assigned to: the user, or the API key for keys not tied to a user. */
  annotatorId: string | null;
}

export function actorOf(principal: Principal | null): Actor {
  if (!principal) throw unauthenticated('Authentication required.', 'missing_api_key');
  if (!principal.orgId) throw forbidden('Labeling needs a credential of an organization.', 'organization_required');
  return { principal, orgId: principal.orgId, annotatorId: principal.userId ?? principal.keyId };
}

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.principal.role === 'operator' || roles.includes(actor.principal.role);
}

export function requireLabelingRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, roles)) throw forbidden(`This action needs one of the roles: ${roles.join(', ')}.`);
}

export function requireAnnotatorId(actor: Actor): string {
  if (!actor.annotatorId)
    throw forbidden('This credential is not a user or key that work can be assigned to.', 'not_an_annotator');
  return actor.annotatorId;
}
