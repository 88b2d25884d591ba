import { z } from 'zod';

/**
 * Self-service sign-up, e-mail, invitations and abuse limits (the `signup:` section of
 * kaiyuan.yaml). The policy set here is the start value; operators change it at run time in the
 * console (stored in the settings table).
 */

export const signupPolicies = ['open', 'invite', 'closed'] as const;
export type SignupPolicy = (typeof signupPolicies)[number];

const amount = z.number().nonnegative();

export const signupSchema = z
  .object({
    /** open: anyone; invite: only with an invitation code; closed: only the operator creates accounts. */
    policy: z.enum(signupPolicies).default('closed'),
    /** Plan of self-registered organizations (default: commerce.defaultPlan). */
    plan: z.string().min(1).optional(),
    /** Credit (currency units) given once the account is verified or approved. */
    grant: amount.default(0),
    /** The console's public address, used in links sent by e-mail (e.g. https://ai.example.com). */
    publicUrl: z.string().url().optional(),
    /** Outgoing e-mail (nodemailer). Without it, accounts stay unverified until the operator approves them. */
    smtp: z
      .object({
        /** smtp://user:password@host:587 or smtps://…; a secret. */
        url: z.string().min(1).optional(),
        from: z.string().min(3).default('Kaiyuan <no-reply@localhost>'),
      })
      .strict()
      .default({ from: 'Kaiyuan <no-reply@localhost>' }),
    /** Invitations: both sides get a credit (currency units) when the invitee's organization first pays. */
    referral: z
      .object({
        inviteeReward: amount.default(0),
        referrerReward: amount.default(0),
        /** Webmail domains two unrelated people share; invitations inside any other one domain earn nothing. */
        publicDomains: z
          .array(z.string().min(1))
          .default([
            'gmail.com',
            'outlook.com',
            'hotmail.com',
            'yahoo.com',
            'icloud.com',
            'qq.com',
            '163.com',
            '126.com',
            'sina.com',
            'foxmail.com',
            'aliyun.com',
          ]),
      })
      .strict()
      .prefault({}),
    /** Sign-up attempts per IP address and hour (shared through Redis when set). 0: unlimited. */
    perIpPerHour: z.number().int().nonnegative().default(5),
    /** Refuse addresses at known disposable-mail domains; `extraBlockedDomains` adds more. */
    blockDisposableDomains: z.boolean().default(true),
    extraBlockedDomains: z.array(z.string().min(1)).default([]),
    /**
     * CAPTCHA hook: a siteverify URL (hCaptcha, Turnstile, reCAPTCHA or your own) receiving
     * `secret` and `response` form fields and answering `{"success": true}`.
     */
    captcha: z
      .object({ verifyUrl: z.string().url(), secret: z.string().min(1), siteKey: z.string().min(1).optional() })
      .strict()
      .optional(),
    /**
     * The self-hosted CAPTCHA (used when no `captcha` hook is set): the console proves about
     * 2^difficulty SHA-256 hashes of work before signing up (16 ≈ a second in a browser); 0: off.
     */
    proofOfWork: z
      .object({
        difficulty: z.number().int().min(0).max(28).default(0),
        /** How long a challenge may be solved and used (once). */
        ttlSeconds: z.number().int().min(30).max(3600).default(300),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type SignupConfig = z.infer<typeof signupSchema>;
