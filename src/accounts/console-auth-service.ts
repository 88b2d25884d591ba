import type { ConsoleUser } from '../api-contract/console-auth.ts';
import type { Store } from '../store/database.ts';
import { KaiyuanError, conflict, invalidRequest, unauthenticated } from '../util/errors.ts';
import type { KaiyuanAuthenticator } from './authenticator.ts';
import type { Principal } from './principal.ts';
import { OrganizationRepository } from './organization-repository.ts';
import type { PasswordHasher } from './password-hashing.ts';
import { hashSecret } from './secret-tokens.ts';
import { SessionRepository } from './session-repository.ts';
import type { SignInClient, SignInThrottle } from './sign-in-throttle.ts';
import { UserRepository, type User } from './user-repository.ts';

export interface SignedIn {
  user: ConsoleUser;
  sessionToken: string;
  expiresAt: number;
}

/** First-run setup, sign-in and sign-out of the console (HTTP-free; the routes set the cookies). */
export class ConsoleAuthService {
  private readonly organizations: OrganizationRepository;
  private readonly users: UserRepository;
  private readonly sessions: SessionRepository;
  private setupRunning = false;

  constructor(
    store: Store,
    private readonly authenticator: KaiyuanAuthenticator,
    private readonly passwords: PasswordHasher,
    private readonly defaultPlanId: string,
    private readonly throttle: SignInThrottle,
    private readonly operatorPlanId = 'enterprise',
  ) {
    this.organizations = new OrganizationRepository(store);
    this.users = new UserRepository(store);
    this.sessions = new SessionRepository(store);
  }
  /** Remembers the console language of a signed-in user (their notices by e-mail are written in it). */
  async setLocale(principal: Principal, locale: 'zh-CN' | 'en'): Promise<void> {
    if (!principal.userId) throw invalidRequest('Only a signed-in user has a console language.', null, 'user_required');
    await this.users.setLocale(principal.userId, locale);
  }

  async needsSetup(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** The user of a session token, or null. */
  async currentUser(sessionToken: string | null): Promise<ConsoleUser | null> {
    if (!sessionToken) return null;
    const session = await this.sessions.findByHash(hashSecret(sessionToken));
    if (!session || session.expiresAt <= Date.now()) return null;
    const user = await this.users.findById(session.userId);
    return user?.enabled ? this.consoleUser(user) : null;
  }

  /** Creates the first organization and its owner (a platform operator); only while no user exists. */
  async setup(input: { email: string; password: string; name: string; orgName: string }): Promise<SignedIn> {
    if (input.password.length < 8)
      throw invalidRequest('The password needs at least 8 characters.', 'password', 'weak_password');
    if (this.setupRunning || !(await this.needsSetup()))
      throw conflict('The platform is already set up; sign in instead.', 'already_set_up');
    this.setupRunning = true;
    try {
      const passwordHash = await this.passwords.hash(input.password);
      if (!(await this.needsSetup()))
        throw conflict('The platform is already set up; sign in instead.', 'already_set_up');
      const organization =
        (await this.organizations.findByName(input.orgName)) ??
        (await this.organizations.create({
          name: input.orgName,
          planId: this.operatorPlanId || this.defaultPlanId,
          house: true,
        }));
      const user = await this.users.create({
        orgId: organization.id,
        email: input.email,
        name: input.name,
        role: 'owner',
        passwordHash,
        isOperator: true,
      });
      return this.startSession(user);
    } finally {
      this.setupRunning = false;
    }
  }

  /**
   * Verifies the password with the slow KDF; unknown emails cost the same time (no enumeration).
   * Every attempt first takes a slot of the sign-in throttle (429 with Retry-After when none is
   * left), so concurrent guesses cannot outrun the count. A success also returns a device token:
   * the browser that holds it is exempt from the account-wide limit (see SignInThrottle).
   */
  async login(email: string, password: string, client: SignInClient): Promise<SignedIn & { deviceToken: string }> {
    const taken = await this.throttle.begin(email, client);
    const user = await this.users.findByEmail(email);
    const valid = await this.passwords.verify(password, user?.passwordHash ?? (await this.passwords.decoyHash()));
    if (!user || !valid || !user.enabled) throw unauthenticated('Incorrect email or password.', 'invalid_credentials');
    await this.throttle.succeeded(taken);
    const signedIn = await this.startSession(user);
    return { ...signedIn, deviceToken: await this.throttle.deviceTokenFor(email) };
  }

  async logout(sessionToken: string | null): Promise<void> {
    if (!sessionToken) return;
    const hash = hashSecret(sessionToken);
    await this.sessions.deleteByHash(hash);
    this.authenticator.invalidate(hash);
  }

  /** Signs a user in without a password (right after sign-up or a password reset). */
  async startSessionFor(userId: string): Promise<SignedIn> {
    const user = await this.users.findById(userId);
    if (!user?.enabled) throw unauthenticated('The account is disabled.', 'invalid_credentials');
    return this.startSession(user);
  }

  private async startSession(user: User): Promise<SignedIn> {
    // Housekeeping on the (rare, slow anyway) sign-in path.
    await this.sessions.deleteExpired();
    const { token, expiresAt } = await this.sessions.create(user.id);
    return { user: await this.consoleUser(user), sessionToken: token, expiresAt };
  }

  private async consoleUser(user: User): Promise<ConsoleUser> {
    const organization = await this.organizations.findById(user.orgId);
    if (!organization)
      throw new KaiyuanError('organization_not_found', 'The user has no organization.', {
        status: 500,
        type: 'server_error',
      });
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      orgId: organization.id,
      orgName: organization.name,
      operator: user.isOperator,
      verified: !user.selfRegistered || user.emailVerifiedAt !== null || user.approvedAt !== null,
    };
  }
}
