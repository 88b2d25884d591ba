import { ApiKeyRepository } from '../../accounts/api-key-repository.ts';
import { sessionPrincipal } from '../../accounts/authenticator.ts';
import { OrganizationRepository } from '../../accounts/organization-repository.ts';
import type { Principal } from '../../accounts/principal.ts';
import { UserRepository } from '../../accounts/user-repository.ts';
import type { Store } from '../../store/database.ts';
import { forbidden } from '../../util/errors.ts';

/** Who started a background job (stored in its payload). */
export interface JobStarter {
  userId: string | null;
  keyId: string | null;
}

/**
 * The principal a background job calls the gateway as, so its requests are limited, metered and
 * billed to the organization like the starter's own: the user (as a console session would be),
 * the API key (with its model, limit and residency restrictions), or — for the CLI operator — the
 * organization itself. Re-read at run time: a disabled user, revoked key or disabled organization stops the job.
 */
export async function jobPrincipal(store: Store, orgId: string, starter: JobStarter): Promise<Principal> {
  const organization = await new OrganizationRepository(store).findById(orgId);
  if (!organization?.enabled)
    throw forbidden('The organization of this job is missing or disabled.', 'organization_disabled');
  if (starter.userId) {
    const user = await new UserRepository(store).findById(starter.userId);
    if (!user?.enabled || user.orgId !== orgId)
      throw forbidden('The user who started this job is disabled or gone.', 'user_disabled');
    return sessionPrincipal(user, organization);
  }
  const base: Principal = {
    kind: 'session',
    orgId: organization.id,
    orgName: organization.name,
    role: 'owner',
    userId: null,
    keyId: null,
    planId: organization.planId,
    allowedModels: [],
    keyLimits: {},
    allowedRegions: organization.residencyTags,
  };
  if (!starter.keyId) return base;
  const key = await new ApiKeyRepository(store).findById(starter.keyId);
  if (
    !key ||
    !key.enabled ||
    key.revokedAt !== null ||
    key.orgId !== orgId ||
    (key.expiresAt !== null && key.expiresAt <= Date.now())
  ) {
    throw forbidden('The API key that started this job was revoked or has expired.', 'key_revoked');
  }
  return {
    ...base,
    kind: 'api_key',
    role: key.role,
    keyId: key.id,
    allowedModels: key.allowedModels,
    keyLimits: key.limits,
    allowedRegions: key.residencyTags.length > 0 ? key.residencyTags : organization.residencyTags,
  };
}
