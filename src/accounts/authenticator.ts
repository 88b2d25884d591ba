import type { Store } from '../store/database.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import { forbidden } from '../util/errors.ts';
import { adminTokenSetting } from './admin-token.ts';
import { ApiKeyRepository } from './api-key-repository.ts';
import { ExpiringCache } from '../util/expiring-cache.ts';
import { LocalInvalidationBus, type InvalidationBus } from './invalidation-bus.ts';
import { OrganizationRepository } from './organization-repository.ts';
import type { Principal } from './principal.ts';
import { hashSecret, looksLikeApiKey, safeEqual } from './secret-tokens.ts';
import { SessionRepository } from './session-repository.ts';
import { UserRepository } from './user-repository.ts';

/** What the HTTP layer reads from a cookie-authenticated request (no framework types). */
export interface SessionCredentials {
  sessionToken: string;
  /** Value of the non-httpOnly `ky_csrf` cookie. */
  csrfCookie: string | null;
  /** Value of the `x-csrf-token` header. */
  csrfHeader: string | null;
  method: string;
}

interface CachedCredential {
  principal: Principal | null;
  /** Key expiry or session expiry, checked on every use (exact, unlike the cache TTL). */
  expiresAt: number | null;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
export const credentialCacheTtlMs = 1000;

/**
 * Resolves API keys, the admin token and console sessions to principals. Lookups are cached for
 * at most one second; revocations also drop the entry at once on this replica and, through the
 * invalidation bus (Redis pub/sub when configured), on every other.
 */
export class KaiyuanAuthenticator {
  private readonly cache = new ExpiringCache<CachedCredential>(credentialCacheTtlMs);
  private readonly adminHash = new ExpiringCache<string | null>(credentialCacheTtlMs, 1);
  private readonly keys: ApiKeyRepository;
  private readonly organizations: OrganizationRepository;
  private readonly sessions: SessionRepository;
  private readonly users: UserRepository;
  private readonly settings: SettingsRepository;

  constructor(
    store: Store,
    private readonly bus: InvalidationBus = new LocalInvalidationBus(),
  ) {
    this.keys = new ApiKeyRepository(store);
    this.organizations = new OrganizationRepository(store);
    this.sessions = new SessionRepository(store);
    this.users = new UserRepository(store);
    this.settings = new SettingsRepository(store);
    bus.subscribe((message) => (message === '*' ? this.cache.clear() : this.cache.delete(message)));
  }

  /** A bearer credential: an API key or the admin token. */
  async authenticate(token: string): Promise<Principal | null> {
    if (looksLikeApiKey(token)) {
      const hash = hashSecret(token);
      const cached = await this.cache.get(hash, () => this.loadKey(hash));
      return usable(cached);
    }
    const adminHash = await this.adminHash.get('admin', () => this.settings.get(adminTokenSetting));
    if (adminHash && safeEqual(hashSecret(token), adminHash)) return adminPrincipal;
    return null;
  }

  /**
   * The principal of an API key whose lookup is cached and usable, without a promise: the
   * inference path's common case. Undefined for anything else (unknown, revoked or expired keys,
   * the admin token, a lookup not finished): `authenticate` then answers.
   */
  knownPrincipal(token: string): Principal | undefined {
    if (!looksLikeApiKey(token)) return undefined;
    const cached = this.cache.peek(hashSecret(token));
    return cached === undefined ? undefined : (usable(cached.value) ?? undefined);
  }

  /** A console session cookie; state-changing methods must pass the double-submit CSRF check. */
  async authenticateSession(credentials: SessionCredentials): Promise<Principal | null> {
    const hash = hashSecret(credentials.sessionToken);
    const principal = usable(await this.cache.get(hash, () => this.loadSession(hash)));
    if (!principal) return null;
    if (!safeMethods.has(credentials.method.toUpperCase())) {
      const { csrfCookie, csrfHeader } = credentials;
      if (!csrfCookie || !csrfHeader || !safeEqual(csrfCookie, csrfHeader)) {
        throw forbidden(
          'Missing or invalid CSRF token: send the ky_csrf cookie value in the x-csrf-token header.',
          'csrf_failed',
        );
      }
    }
    return principal;
  }

  /** Drops a cached key or session (by its hash) on every replica. */
  invalidate(secretHash: string): void {
    this.bus.publish(secretHash);
  }

  /** Drops every cached credential on every replica (org or user changes). */
  invalidateAll(): void {
    this.bus.publish('*');
  }

  private async loadKey(hash: string): Promise<CachedCredential> {
    const found = await this.keys.findByHash(hash);
    if (!found || !safeEqual(found.keyHash, hash)) return { principal: null, expiresAt: null };
    const { apiKey } = found;
    if (!apiKey.enabled || apiKey.revokedAt !== null) return { principal: null, expiresAt: null };
    const organization = await this.organizations.findById(apiKey.orgId);
    if (!organization?.enabled) return { principal: null, expiresAt: null };
    return {
      expiresAt: apiKey.expiresAt,
      principal: {
        kind: 'api_key',
        orgId: organization.id,
        orgName: organization.name,
        role: apiKey.role,
        userId: apiKey.userId,
        keyId: apiKey.id,
        planId: organization.planId,
        allowedModels: apiKey.allowedModels,
        keyLimits: apiKey.limits,
        allowedRegions: apiKey.residencyTags.length > 0 ? apiKey.residencyTags : organization.residencyTags,
        routingOverrides: apiKey.routingOverrides,
        house: organization.house === true,
      },
    };
  }

  private async loadSession(hash: string): Promise<CachedCredential> {
    const session = await this.sessions.findByHash(hash);
    if (!session) return { principal: null, expiresAt: null };
    const user = await this.users.findById(session.userId);
    if (!user?.enabled) return { principal: null, expiresAt: null };
    const organization = await this.organizations.findById(user.orgId);
    if (!organization?.enabled) return { principal: null, expiresAt: null };
    return { expiresAt: session.expiresAt, principal: sessionPrincipal(user, organization) };
  }
}

export function sessionPrincipal(
  user: { id: string; role: Principal['role']; isOperator: boolean },
  organization: { id: string; name: string; planId: string; residencyTags: string[] },
): Principal {
  return {
    kind: 'session',
    orgId: organization.id,
    orgName: organization.name,
    role: user.isOperator ? 'operator' : user.role,
    userId: user.id,
    keyId: null,
    planId: organization.planId,
    allowedModels: [],
    keyLimits: {},
    allowedRegions: organization.residencyTags,
    routingOverrides: true,
  };
}

function usable(cached: CachedCredential): Principal | null {
  if (!cached.principal) return null;
  if (cached.expiresAt !== null && cached.expiresAt <= Date.now()) return null;
  return cached.principal;
}

export const adminPrincipal: Principal = Object.freeze({
  kind: 'admin_token',
  orgId: null,
  orgName: null,
  role: 'operator',
  userId: null,
  keyId: null,
  planId: null,
  allowedModels: [],
  keyLimits: {},
  allowedRegions: [],
  routingOverrides: true,
}) as Principal;
