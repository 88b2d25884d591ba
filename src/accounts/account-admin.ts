import type { LimitSettings } from '../config/commerce-schema.ts';
import type { PlanCatalog } from '../billing/plan-catalog.ts';
import { auditActor, type AuditTrail } from '../observability/audit-trail.ts';
import type { Store } from '../store/database.ts';
import { forbidden, invalidRequest, notFound } from '../util/errors.ts';
import {
  assertMayGrant,
  assertSameOrg,
  isPlatformOperator,
  listScope,
  managerRoles,
  readerRoles,
  requireOperator,
  requireRoles,
  targetOrg,
} from './access-control.ts';
import { ApiKeyRepository, type ApiKey, type ApiKeyChanges, type NewApiKey } from './api-key-repository.ts';
import type { KaiyuanAuthenticator } from './authenticator.ts';
import { OrganizationRepository, type Organization } from './organization-repository.ts';
import type { PasswordHasher } from './password-hashing.ts';
import type { Principal, Role } from './principal.ts';
import { UserRepository, type User } from './user-repository.ts';

/** A new key as a caller asks for it: the organization defaults to the actor's, the owner is the actor. */
export type CreateKeyInput = Omit<NewApiKey, 'orgId' | 'userId'> & { orgId?: string };

/** Organizations, users and keys as the admin API and the CLI manage them, scoped to the actor. */
export class AccountAdministration {
  readonly organizations: OrganizationRepository;
  readonly users: UserRepository;
  readonly keys: ApiKeyRepository;

  constructor(
    store: Store,
    private readonly plans: PlanCatalog,
    private readonly authenticator: KaiyuanAuthenticator | null,
    private readonly passwords: PasswordHasher,
    /** Where changes are recorded (who, when, before and after); null records nothing. */
    private readonly audit: AuditTrail | null = null,
  ) {
    this.organizations = new OrganizationRepository(store);
    this.users = new UserRepository(store);
    this.keys = new ApiKeyRepository(store);
  }

  async listOrganizations(actor: Principal): Promise<Organization[]> {
    if (isPlatformOperator(actor)) return this.organizations.list();
    return [await this.organizations.get(targetOrg(actor, null))];
  }

  async getOrganization(actor: Principal, orgId: string): Promise<Organization> {
    return this.organizations.get(targetOrg(actor, orgId));
  }

  async createOrganization(
    actor: Principal,
    input: { name: string; planId?: string; limits?: LimitSettings; residencyTags?: string[] },
  ): Promise<Organization> {
    requireOperator(actor);
    const planId = input.planId ?? this.plans.defaultPlanId;
    this.plans.get(planId);
    const created = await this.organizations.create({ ...input, planId });
    await this.record(actor, 'organization.create', 'organization', created.id, undefined, created);
    return created;
  }

  /** Operators change plans, limits and status; an organization's owner/admin may rename it. */
  async updateOrganization(
    actor: Principal,
    orgId: string,
    changes: {
      name?: string;
      planId?: string;
      limits?: LimitSettings;
      residencyTags?: string[];
      enabled?: boolean;
      /** Nano-units; null: no low-balance notice. Owners and admins set it for their organization. */
      lowBalanceThreshold?: number | null;
    },
  ): Promise<Organization> {
    const target = targetOrg(actor, orgId);
    requireRoles(actor, managerRoles);
    const { name, lowBalanceThreshold, ...operatorChanges } = changes;
    if (!isPlatformOperator(actor) && Object.values(operatorChanges).some((value) => value !== undefined)) {
      throw forbidden(
        'Only the platform operator may change plans, limits, residency or status of an organization.',
        'operator_only',
      );
    }
    if (changes.planId) this.plans.get(changes.planId);
    const before = await this.organizations.get(target);
    const updated = await this.organizations.update(target, { name, lowBalanceThreshold, ...operatorChanges });
    this.authenticator?.invalidateAll();
    await this.record(actor, 'organization.update', 'organization', target, before, updated);
    return updated;
  }

  async listUsers(actor: Principal, orgId?: string): Promise<User[]> {
    requireRoles(actor, managerRoles);
    return this.users.listByOrg(listScope(actor, orgId));
  }

  async createUser(
    actor: Principal,
    input: { orgId?: string; email: string; name: string; role: Role; password: string },
  ): Promise<User> {
    requireRoles(actor, managerRoles);
    const orgId = targetOrg(actor, input.orgId);
    await this.organizations.get(orgId);
    assertMayGrant(actor, input.role);
    if (input.password.length < 8)
      throw invalidRequest('The password needs at least 8 characters.', 'password', 'weak_password');
    const created = await this.users.create({
      orgId,
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await this.passwords.hash(input.password),
    });
    await this.record(actor, 'user.create', 'user', created.id, undefined, userView(created));
    return created;
  }

  async updateUser(
    actor: Principal,
    userId: string,
    changes: { name?: string; role?: Role; enabled?: boolean; password?: string },
  ): Promise<User> {
    requireRoles(actor, managerRoles);
    const user = await this.users.get(userId);
    assertSameOrg(actor, user.orgId, 'user', userId);
    if (changes.role) assertMayGrant(actor, changes.role);
    assertMayGrant(actor, user.role);
    if (changes.password !== undefined && changes.password.length < 8)
      throw invalidRequest('The password needs at least 8 characters.', 'password', 'weak_password');
    const updated = await this.users.update(userId, {
      name: changes.name,
      role: changes.role,
      enabled: changes.enabled,
      passwordHash: changes.password === undefined ? undefined : await this.passwords.hash(changes.password),
    });
    this.authenticator?.invalidateAll();
    const action = changes.role !== undefined && changes.role !== user.role ? 'user.role_change' : 'user.update';
    await this.record(actor, action, 'user', userId, userView(user), {
      ...userView(updated),
      ...(changes.password !== undefined ? { password: '(changed)' } : {}),
    });
    return updated;
  }

  /** Owners and admins see every key of their organization; members only the keys they created. */
  async listKeys(actor: Principal, orgId?: string): Promise<ApiKey[]> {
    requireRoles(actor, readerRoles);
    const keys = await this.keys.listByOrg(listScope(actor, orgId));
    return this.isManager(actor) ? keys : keys.filter((key) => key.userId !== null && key.userId === actor.userId);
  }

  async getKey(actor: Principal, keyId: string): Promise<ApiKey> {
    requireRoles(actor, readerRoles);
    const key = await this.keys.get(keyId);
    assertSameOrg(actor, key.orgId, 'API key', keyId);
    if (!this.isManager(actor) && !(actor.userId !== null && key.userId === actor.userId))
      throw notFound(`No API key '${keyId}'.`, 'api_key_not_found');
    return key;
  }

  async createKey(actor: Principal, input: CreateKeyInput): Promise<{ key: string; apiKey: ApiKey }> {
    requireRoles(actor, readerRoles);
    const orgId = targetOrg(actor, input.orgId);
    await this.organizations.get(orgId);
    const role = input.role ?? 'member';
    assertMayGrant(actor, role);
    if (input.routingOverrides) assertMayGrantOverrides(actor);
    if (input.expiresAt !== undefined && input.expiresAt !== null && input.expiresAt <= Date.now()) {
      throw invalidRequest('expiresAt lies in the past.', 'expiresAt');
    }
    const created = await this.keys.create({ ...input, orgId, role, userId: actor.userId });
    await this.record(actor, 'api_key.create', 'api_key', created.apiKey.id, undefined, created.apiKey);
    return created;
  }

  async updateKey(actor: Principal, keyId: string, changes: ApiKeyChanges): Promise<ApiKey> {
    const before = await this.getKey(actor, keyId);
    if (changes.routingOverrides !== undefined) assertMayGrantOverrides(actor);
    const updated = await this.keys.update(keyId, changes);
    await this.invalidateKey(keyId);
    await this.record(actor, 'api_key.update', 'api_key', keyId, before, updated);
    return updated;
  }

  async revokeKey(actor: Principal, keyId: string): Promise<ApiKey> {
    const before = await this.getKey(actor, keyId);
    const revoked = await this.keys.revoke(keyId);
    await this.invalidateKey(keyId);
    await this.record(actor, 'api_key.revoke', 'api_key', keyId, before, revoked);
    return revoked;
  }

  private async record(
    actor: Principal,
    action: string,
    targetType: string,
    targetId: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await this.audit?.record({ actor: auditActor(actor), action, targetType, targetId, before, after });
  }

  private isManager(actor: Principal): boolean {
    return isPlatformOperator(actor) || managerRoles.includes(actor.role as Role);
  }

  private async invalidateKey(keyId: string): Promise<void> {
    const hash = await this.keys.hashOf(keyId);
    if (hash) this.authenticator?.invalidate(hash);
  }
}

/** Routing overrides are granted by the organization's owners and admins (and the operator), not by members. */
function assertMayGrantOverrides(actor: Principal): void {
  if (isPlatformOperator(actor) || managerRoles.includes(actor.role as Role)) return;
  throw forbidden('Only owners and admins may grant a key routing overrides.', 'permission_denied', 'routingOverrides');
}

/** A user as the audit trail keeps it: never the password hash. */
function userView(user: User): User {
  const { passwordHash: _hash, ...view } = user as User & { passwordHash?: string };
  return view;
}
