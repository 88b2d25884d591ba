import { z } from 'zod';
import { keyLimitsSchema } from './api-keys.ts';
import { consoleUserSchema } from './console-auth.ts';
import { amountInput } from './values.ts';

/** Self-service sign-up, verification, password reset, invitations (console and API). */

export const signupPolicySchema = z.enum(['open', 'invite', 'closed']);

/** POST /console/api/auth/sign-up */
export const signUpBody = z
  .object({
    email: z.email().max(200),
    password: z.string().min(8).max(200),
    name: z.string().trim().max(100).optional(),
    orgName: z.string().trim().max(100).optional(),
    invitationCode: z.string().trim().max(40).optional(),
    captchaResponse: z.string().max(4000).optional(),
  })
  .strict();
export type SignUpInput = z.input<typeof signUpBody>;

/**
 * GET /console/api/auth/sign-up-challenge: the self-hosted CAPTCHA. Find a decimal nonce such that
 * SHA-256(`<challenge>:<nonce>`) starts with `difficulty` zero bits; sign up with
 * `captchaResponse: "<challenge>:<nonce>"` before `expiresAt` (each challenge once).
 */
export const signUpChallengeSchema = z.strictObject({
  object: z.literal('sign_up_challenge'),
  challenge: z.string(),
  difficulty: z.number().int(),
  expiresAt: z.number(),
});
export type SignUpChallenge = z.infer<typeof signUpChallengeSchema>;

export const signedUpSchema = z.strictObject({
  user: consoleUserSchema,
  /** A verification e-mail was sent (false without SMTP: the operator approves the account). */
  verificationSent: z.boolean(),
});
export type SignedUp = z.infer<typeof signedUpSchema>;

/** POST /console/api/auth/verify-email */
export const verifyEmailBody = z.object({ token: z.string().min(10).max(200) }).strict();
export const emailVerifiedSchema = z.strictObject({
  ok: z.literal(true),
  /** The sign-up grant was credited now (false: already credited, or no grant configured). */
  granted: z.boolean(),
});
export type EmailVerified = z.infer<typeof emailVerifiedSchema>;

/** POST /console/api/auth/resend-verification */
export const verificationSentSchema = z.strictObject({ sent: z.boolean() });
export type VerificationSent = z.infer<typeof verificationSentSchema>;

/** POST /console/api/auth/password-reset-request (answers the same for unknown addresses). */
export const passwordResetRequestBody = z.object({ email: z.email().max(200) }).strict();
/** POST /console/api/auth/password-reset (signs in). */
export const passwordResetBody = z
  .object({ token: z.string().min(10).max(200), password: z.string().min(8).max(200) })
  .strict();
export type PasswordResetInput = z.input<typeof passwordResetBody>;
export const okSchema = z.strictObject({ ok: z.literal(true) });
export type Ok = z.infer<typeof okSchema>;

/** GET / PUT /admin/v1/signup/settings (operator). */
export const signupSettingsSchema = z.strictObject({
  object: z.literal('signup_settings'),
  policy: signupPolicySchema,
  /** SMTP is configured: new accounts verify by e-mail. */
  emailEnabled: z.boolean(),
  captchaEnabled: z.boolean(),
  /** The sign-up grant, in currency units. */
  grant: z.string(),
});
export type SignupSettings = z.infer<typeof signupSettingsSchema>;
export const signupSettingsBody = z.object({ policy: signupPolicySchema }).strict();
export type SignupSettingsInput = z.input<typeof signupSettingsBody>;

/** POST /admin/v1/users/:userId/approve — `sms` when the operator's SMS check verified the user. */
export const approveUserBody = z.object({ via: z.enum(['approval', 'sms']).default('approval') }).strict();
export type ApproveUserInput = z.input<typeof approveUserBody>;

/** GET /admin/v1/invitation: the organization's invitation code and link. */
export const invitationSchema = z.strictObject({
  object: z.literal('invitation'),
  code: z.string(),
  link: z.string(),
  /** Organizations that signed up with the code. */
  invited: z.number(),
  /** Of those, how many paid (both sides rewarded). */
  rewarded: z.number(),
  inviteeReward: z.string(),
  referrerReward: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** A package (amounts as decimal strings in currency units; `…Nano` integer nano-units). */
export const packageSchema = z.strictObject({
  object: z.literal('package'),
  id: z.string(),
  name: z.string(),
  price: z.string(),
  priceNano: z.number(),
  credit: z.string(),
  creditNano: z.number(),
  tokens: z.number(),
  validityDays: z.number(),
  models: z.array(z.string()),
  planId: z.string().nullable(),
  limits: keyLimitsSchema,
  enabled: z.boolean(),
  createdAt: z.number(),
});
export type Package = z.infer<typeof packageSchema>;

const packageFields = {
  name: z.string().trim().min(1).max(100),
  price: amountInput,
  credit: amountInput,
  tokens: z.number().int().nonnegative().max(1e15),
  validityDays: z.number().int().min(1).max(3660),
  models: z.array(z.string().min(1)).max(200),
  planId: z.string().min(1).nullable(),
  limits: keyLimitsSchema,
  enabled: z.boolean(),
};

export const packageBody = z
  .object({
    ...packageFields,
    credit: packageFields.credit.default(0),
    tokens: packageFields.tokens.default(0),
    models: packageFields.models.default([]),
    planId: packageFields.planId.default(null),
    limits: keyLimitsSchema.default({}),
    enabled: packageFields.enabled.default(true),
  })
  .strict();
export type PackageBodyInput = z.input<typeof packageBody>;
/** PATCH /admin/v1/packages/:id: only the fields sent change. */
export const packageChangesBody = z.object(packageFields).partial().strict();

export const subscriptionSchema = z.strictObject({
  object: z.literal('subscription'),
  id: z.string(),
  orgId: z.string(),
  packageId: z.string(),
  packageName: z.string(),
  creditLeft: z.string(),
  creditLeftNano: z.number(),
  tokensLeft: z.number(),
  startsAt: z.number(),
  expiresAt: z.number(),
  autoRenew: z.boolean(),
  state: z.enum(['active', 'expired', 'used_up']),
  createdAt: z.number(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;

/** POST /admin/v1/subscriptions: buy a package from the balance. */
export const purchaseBody = z
  .object({
    packageId: z.string().min(1),
    orgId: z.string().min(1).optional(),
    autoRenew: z.boolean().default(false),
    /** A retried purchase with the same key buys once. */
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();
export type PurchaseInput = z.input<typeof purchaseBody>;
export const purchaseResultSchema = subscriptionSchema.extend({ applied: z.boolean() });
export type PurchaseResult = z.infer<typeof purchaseResultSchema>;

export const subscriptionChangesBody = z.object({ autoRenew: z.boolean() }).strict();
