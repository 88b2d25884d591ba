import { z } from 'zod';
import { roles } from './formats.ts';

/** The console's view of the signed-in user. */
export const consoleUserSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  orgId: z.string(),
  orgName: z.string(),
  /** True for platform operators (the first owner): the console shows its admin pages. */
  operator: z.boolean(),
  /** False for a self-registered user whose e-mail is not verified nor the account approved yet. */
  verified: z.boolean(),
});
export type ConsoleUser = z.infer<typeof consoleUserSchema>;

/** GET /console/api/auth/state */
export const authStateSchema = z.strictObject({
  /** True until the first owner is created (first-run setup). */
  needsSetup: z.boolean(),
  user: consoleUserSchema.nullable(),
  /** Who may sign up: open, invite (with an invitation code) or closed. */
  signupPolicy: z.enum(['open', 'invite', 'closed']),
  /** A CAPTCHA site key when sign-up requires one. */
  captchaSiteKey: z.string().nullable(),
  /** Sign-up asks for a proof of work (GET /console/api/auth/sign-up-challenge). */
  signupProofOfWork: z.boolean(),
  /** The public model square is open (`/square`): the sign-in page links to it. */
  modelSquare: z.boolean(),
});
export type AuthState = z.infer<typeof authStateSchema>;

/** The answer of setup and login (the session travels in cookies). */
export const signedInSchema = z.strictObject({ user: consoleUserSchema });
export type SignedInAnswer = z.infer<typeof signedInSchema>;

export const signedOutSchema = z.strictObject({ ok: z.literal(true) });
export type SignedOut = z.infer<typeof signedOutSchema>;

export const setupBody = z
  .object({
    email: z.email().max(200),
    password: z.string().min(8).max(200),
    name: z.string().trim().min(1).max(100),
    orgName: z.string().trim().min(1).max(100),
  })
  .strict();
export type SetupInput = z.input<typeof setupBody>;

export const loginBody = z.object({ email: z.string().min(1).max(200), password: z.string().min(1).max(200) }).strict();
export type LoginInput = z.input<typeof loginBody>;

/** PUT /console/api/me/locale: the signed-in user's console language (notices by e-mail are written in it). */
export const localeBody = z.object({ locale: z.enum(['zh-CN', 'en']) }).strict();
export type LocaleInput = z.input<typeof localeBody>;
