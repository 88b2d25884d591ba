import { signupPolicies, type SignupConfig, type SignupPolicy } from '../../config/signup-schema.ts';
import type { Store } from '../../store/database.ts';
import type { SettingsRepository } from '../../store/settings-repository.ts';
import type { AccountTokenPurpose } from '../../store/schema/signup-tables.ts';
import { KaiyuanError, conflict, forbidden, invalidRequest, notFound } from '../../util/errors.ts';
import { newId, randomBase62 } from '../../util/ids.ts';
import { requireOperator, requireRoles, managerRoles } from '../access-control.ts';
import { OrganizationRepository, type Organization } from '../organization-repository.ts';
import type { PasswordHasher } from '../password-hashing.ts';
import type { Principal } from '../principal.ts';
import { hashSecret } from '../secret-tokens.ts';
import { UserRepository, type User } from '../user-repository.ts';
import { passwordResetMail, verificationMail } from './account-mails.ts';
import type { Mailer } from './mailer.ts';
import type { ProofOfWork } from './proof-of-work.ts';
import { emailDomain, type SignUpGuard } from './sign-up-guard.ts';

const policySetting = 'signup.policy';
const verifyTtlMs = 24 * 3_600_000;
const resetTtlMs = 3_600_000;

/** A grant credited to an organization's balance (the ledger, with the reservations kept in step). */
export type CreditGrant = (grant: {
  orgId: string;
  amount: number;
  idempotencyKey: string;
  description: string;
}) => Promise<{ applied: boolean }>;

export interface SignupDependencies {
  store: Store;
  config: SignupConfig;
  settings: SettingsRepository;
  passwords: PasswordHasher;
  guard: SignUpGuard;
  /** Null without SMTP: accounts wait for the operator's approval. */
  mailer: Mailer | null;
  /** Plan of the new organizations. */
  planId: string;
  /** The console's address in links sent by e-mail. */
  publicUrl: string;
  /** Sign-up grant and invitation rewards in nano-units. */
  grantNano: number;
  inviteeRewardNano: number;
  referrerRewardNano: number;
  creditGrant: CreditGrant;
  /** The self-hosted CAPTCHA, when sign-up asks for a proof of work. */
  proofOfWork?: ProofOfWork | null;
  /** Failures to send e-mail are logged, not shown to the visitor. */
  onMailError?: (error: unknown) => void;
}

export interface RegisterInput {
  email: string;
  password: string;
  name?: string;
  orgName?: string;
  invitationCode?: string;
  captchaResponse?: string;
  ip: string;
}

export interface Registered {
  user: User;
  organization: Organization;
  /** A verification e-mail went out (SMTP configured). */
  verificationSent: boolean;
  /** The invitation counted for rewards (false: no code, or the same-domain rule refused it). */
  referred: boolean;
}

export interface Invitation {
  code: string;
  link: string;
  invited: number;
  rewarded: number;
}

/**
 * Self-service accounts: sign-up under the operator's policy, e-mail verification, password
 * reset, approval by the operator (or an SMS check the operator runs), the sign-up grant credited
 * once per organization when the account is first verified or approved, and invitation codes.
 */
export class SignupService {
  private readonly users: UserRepository;
  private readonly organizations: OrganizationRepository;

  constructor(private readonly deps: SignupDependencies) {
    this.users = new UserRepository(deps.store);
    this.organizations = new OrganizationRepository(deps.store);
  }

  get emailEnabled(): boolean {
    return this.deps.mailer !== null;
  }

  /** The proof of work sign-up asks for (null: none). */
  get proofOfWork(): ProofOfWork | null {
    return this.deps.proofOfWork ?? null;
  }

  get captchaSiteKey(): string | null {
    return this.deps.config.captcha?.siteKey ?? null;
  }

  async policy(): Promise<SignupPolicy> {
    const stored = await this.deps.settings.get(policySetting);
    return (signupPolicies as readonly string[]).includes(stored ?? '')
      ? (stored as SignupPolicy)
      : this.deps.config.policy;
  }

  async setPolicy(actor: Principal, policy: SignupPolicy): Promise<SignupPolicy> {
    requireOperator(actor);
    await this.deps.settings.set(policySetting, policy);
    return policy;
  }

  async register(input: RegisterInput): Promise<Registered> {
    const policy = await this.policy();
    if (policy === 'closed')
      throw forbidden('Sign-up is closed on this platform; ask the operator for an account.', 'signup_closed');
    const code = input.invitationCode?.trim() || null;
    const inviter = code ? await this.inviterOf(code) : null;
    if (code && !inviter)
      throw invalidRequest('The invitation code is not valid.', 'invitationCode', 'invalid_invitation');
    if (policy === 'invite' && !inviter)
      throw forbidden('Sign-up needs an invitation code on this platform.', 'invitation_required');
    if (input.password.length < 8)
      throw invalidRequest('The password needs at least 8 characters.', 'password', 'weak_password');
    await this.deps.guard.check({ email: input.email, ip: input.ip, captchaResponse: input.captchaResponse });
    if (await this.users.findByEmail(input.email))
      throw conflict('An account with this e-mail address exists; sign in or reset the password.', 'user_exists');

    const email = input.email.trim().toLowerCase();
    const passwordHash = await this.deps.passwords.hash(input.password);
    const organization = await this.createOrganization(input.orgName?.trim() || email.split('@')[0]!);
    const user = await this.users.create({
      orgId: organization.id,
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      role: 'owner',
      passwordHash,
      selfRegistered: true,
    });
    const referred = inviter ? await this.recordReferral(inviter, organization.id, email, code!) : false;
    const verificationSent = await this.sendVerification(user);
    return { user, organization, verificationSent, referred };
  }

  /** Sends (again) the verification e-mail of a signed-in, unverified user. */
  async resendVerification(userId: string): Promise<boolean> {
    const user = await this.users.get(userId);
    if (user.emailVerifiedAt !== null) return false;
    return this.sendVerification(user);
  }

  /** Verifies the e-mail address of a token's user; credits the sign-up grant the first time. */
  async verifyEmail(token: string): Promise<{ userId: string; granted: boolean }> {
    const userId = await this.consumeToken(token, 'verify_email');
    const now = Date.now();
    await this.users.markVerified(userId, 'email_verified_at', now);
    return { userId, granted: await this.grantFor(userId, 'e-mail verified') };
  }

  /** Marks a self-registered account approved (operator) or verified by SMS (operator's hook); credits the grant. */
  async approve(actor: Principal, userId: string, via: 'approval' | 'sms'): Promise<{ user: User; granted: boolean }> {
    requireOperator(actor);
    await this.users.get(userId);
    await this.users.markVerified(userId, 'approved_at', Date.now());
    const granted = await this.grantFor(userId, via === 'sms' ? 'phone verified by SMS' : 'approved by the operator');
    return { user: await this.users.get(userId), granted };
  }

  async pending(actor: Principal): Promise<User[]> {
    requireOperator(actor);
    return this.users.listUnverified();
  }

  /** Starts a password reset; answers the same whether the address exists or not. */
  async requestPasswordReset(email: string): Promise<void> {
    const mailer = this.deps.mailer;
    if (!mailer)
      throw new KaiyuanError(
        'email_not_configured',
        'E-mail is not set up on this platform; ask the operator to reset your password.',
        {
          status: 503,
          type: 'server_error',
        },
      );
    const user = await this.users.findByEmail(email);
    if (!user?.enabled) return;
    const token = await this.issueToken(user.id, 'reset_password', resetTtlMs);
    await this.send(() =>
      mailer.send({
        ...passwordResetMail(user.email, this.link('reset-password', token)),
        kind: 'reset_password',
        orgId: user.orgId,
      }),
    );
  }

  async resetPassword(token: string, password: string): Promise<string> {
    if (password.length < 8)
      throw invalidRequest('The password needs at least 8 characters.', 'password', 'weak_password');
    const userId = await this.consumeToken(token, 'reset_password');
    await this.users.update(userId, { passwordHash: await this.deps.passwords.hash(password) });
    // Receiving the reset link proves the address too.
    if (await this.users.markVerified(userId, 'email_verified_at', Date.now()))
      await this.grantFor(userId, 'e-mail verified');
    return userId;
  }

  /** The organization's invitation code and link (created on first use), with its counts. */
  async invitation(actor: Principal): Promise<Invitation> {
    requireRoles(actor, managerRoles);
    const orgId = actor.orgId;
    if (!orgId)
      throw invalidRequest(
        "Invitations belong to an organization; use an organization's account.",
        null,
        'organization_required',
      );
    let row = await this.deps.store.db
      .selectFrom('invitation_codes')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    if (!row) {
      await this.deps.store.db
        .insertInto('invitation_codes')
        .values({ code: randomBase62(10), org_id: orgId, created_at: Date.now() })
        .onConflict((conflictClause) => conflictClause.column('org_id').doNothing())
        .execute();
      row = await this.deps.store.db
        .selectFrom('invitation_codes')
        .selectAll()
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow();
    }
    const referrals = await this.deps.store.db
      .selectFrom('referrals')
      .select(['rewarded_at'])
      .where('referrer_org_id', '=', orgId)
      .execute();
    return {
      code: row.code,
      link: `${this.deps.publicUrl}/sign-up?invite=${row.code}`,
      invited: referrals.length,
      rewarded: referrals.filter((referral) => referral.rewarded_at !== null).length,
    };
  }

  private async inviterOf(code: string): Promise<string | null> {
    const row = await this.deps.store.db
      .selectFrom('invitation_codes')
      .select('org_id')
      .where('code', '=', code)
      .executeTakeFirst();
    return row?.org_id ?? null;
  }

  /**
   * Records who invited the new organization, with the rewards as configured now. Refused for
   * rewards (the sign-up still stands) when the invitee's e-mail domain is one of the inviting
   * organization's users' domains, unless it is a public webmail domain.
   */
  private async recordReferral(
    referrerOrgId: string,
    inviteeOrgId: string,
    email: string,
    code: string,
  ): Promise<boolean> {
    const domain = emailDomain(email);
    const publicDomains = new Set(this.deps.config.referral.publicDomains.map((entry) => entry.toLowerCase()));
    if (!publicDomains.has(domain)) {
      const inviters = await this.users.listByOrg(referrerOrgId);
      if (inviters.some((inviter) => emailDomain(inviter.email) === domain)) return false;
    }
    await this.deps.store.db
      .insertInto('referrals')
      .values({
        invitee_org_id: inviteeOrgId,
        referrer_org_id: referrerOrgId,
        code,
        invitee_reward: this.deps.inviteeRewardNano,
        referrer_reward: this.deps.referrerRewardNano,
        created_at: Date.now(),
        rewarded_at: null,
        rewarded_by: null,
      })
      .execute();
    return true;
  }

  private async createOrganization(wanted: string): Promise<Organization> {
    const base = wanted.slice(0, 80);
    for (let attempt = 0; attempt < 5; attempt++) {
      const name = attempt === 0 ? base : `${base}-${randomBase62(5).toLowerCase()}`;
      if (await this.organizations.findByName(name)) continue;
      try {
        return await this.organizations.create({ name, planId: this.deps.planId });
      } catch (error) {
        if (!(error instanceof KaiyuanError) || error.code !== 'organization_exists') throw error;
      }
    }
    throw conflict('Could not choose a free organization name; try another.', 'organization_exists');
  }

  /** Credits the sign-up grant of the user's organization (once per organization, whoever verifies first). */
  private async grantFor(userId: string, cause: string): Promise<boolean> {
    const user = await this.users.get(userId);
    if (!user.selfRegistered || this.deps.grantNano <= 0) return false;
    const { applied } = await this.deps.creditGrant({
      orgId: user.orgId,
      amount: this.deps.grantNano,
      idempotencyKey: `signup-grant:${user.orgId}`,
      description: `Sign-up grant: ${cause} (${user.email}, ${user.id})`,
    });
    return applied;
  }

  private async sendVerification(user: User): Promise<boolean> {
    const mailer = this.deps.mailer;
    if (!mailer) return false;
    const token = await this.issueToken(user.id, 'verify_email', verifyTtlMs);
    return this.send(() =>
      mailer.send({
        ...verificationMail(user.email, this.link('verify-email', token)),
        kind: 'verify_email',
        orgId: user.orgId,
      }),
    );
  }

  private async send(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (error) {
      this.deps.onMailError?.(error);
      return false;
    }
  }

  private link(page: string, token: string): string {
    return `${this.deps.publicUrl}/${page}?token=${token}`;
  }

  private async issueToken(userId: string, purpose: AccountTokenPurpose, ttlMs: number): Promise<string> {
    const token = randomBase62(40);
    const now = Date.now();
    await this.deps.store.db
      .insertInto('account_tokens')
      .values({
        id: newId('tok'),
        token_hash: hashSecret(token),
        user_id: userId,
        purpose,
        expires_at: now + ttlMs,
        used_at: null,
        created_at: now,
      })
      .execute();
    return token;
  }

  /** Uses a one-time token (compare-and-set on used_at); 400 when unknown, used, expired or for another purpose. */
  private async consumeToken(token: string, purpose: AccountTokenPurpose): Promise<string> {
    const now = Date.now();
    const row = await this.deps.store.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    const invalid = invalidRequest(
      purpose === 'verify_email'
        ? 'The verification link is invalid or has expired; ask for a new one.'
        : 'The password reset link is invalid or has expired; ask for a new one.',
      'token',
      'invalid_token',
    );
    if (!row || row.purpose !== purpose || row.used_at !== null || Number(row.expires_at) <= now) throw invalid;
    const used = await this.deps.store.db
      .updateTable('account_tokens')
      .set({ used_at: now })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw invalid;
    const user = await this.users.findById(row.user_id);
    if (!user) throw notFound('The account no longer exists.', 'user_not_found');
    return row.user_id;
  }
}
