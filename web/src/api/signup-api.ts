import type { List } from '@kaiyuan/api-contract/list.ts';
import type { PlatformUser } from '@kaiyuan/api-contract/organizations.ts';
import type { SignedInAnswer } from '@kaiyuan/api-contract/console-auth.ts';
import type {
  EmailVerified,
  Invitation,
  Ok,
  Package,
  PackageBodyInput,
  PasswordResetInput,
  PurchaseInput,
  PurchaseResult,
  SignedUp,
  SignUpChallenge,
  SignUpInput,
  SignupSettings,
  SignupSettingsInput,
  Subscription,
  VerificationSent,
} from '@kaiyuan/api-contract/signup.ts';
import { requestJson } from './http-client.ts';

export type { Invitation, Package, PlatformUser, SignupSettings, Subscription };

export function signUp(input: SignUpInput): Promise<SignedUp> {
  return requestJson<SignedUp>('/console/api/auth/sign-up', { method: 'POST', body: input });
}

/** A challenge of the self-hosted CAPTCHA (when the auth state says sign-up asks for one). */
export function fetchSignUpChallenge(signal?: AbortSignal): Promise<SignUpChallenge> {
  return requestJson<SignUpChallenge>('/console/api/auth/sign-up-challenge', { signal });
}

export function verifyEmail(token: string): Promise<EmailVerified> {
  return requestJson<EmailVerified>('/console/api/auth/verify-email', { method: 'POST', body: { token } });
}

export function resendVerification(): Promise<VerificationSent> {
  return requestJson<VerificationSent>('/console/api/auth/resend-verification', { method: 'POST', body: {} });
}

export function requestPasswordReset(email: string): Promise<Ok> {
  return requestJson<Ok>('/console/api/auth/password-reset-request', { method: 'POST', body: { email } });
}

export function resetPassword(input: PasswordResetInput): Promise<SignedInAnswer> {
  return requestJson<SignedInAnswer>('/console/api/auth/password-reset', { method: 'POST', body: input });
}

export function fetchSignupSettings(signal?: AbortSignal): Promise<SignupSettings> {
  return requestJson<SignupSettings>('/admin/v1/signup/settings', { signal });
}

export function saveSignupSettings(input: SignupSettingsInput): Promise<SignupSettings> {
  return requestJson<SignupSettings>('/admin/v1/signup/settings', { method: 'PUT', body: input });
}

export async function listPendingUsers(signal?: AbortSignal): Promise<PlatformUser[]> {
  const list = await requestJson<List<PlatformUser>>('/admin/v1/signup/pending', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function approveUser(userId: string): Promise<PlatformUser> {
  return requestJson<PlatformUser>(`/admin/v1/users/${encodeURIComponent(userId)}/approve`, {
    method: 'POST',
    body: { via: 'approval' },
  });
}

export function fetchInvitation(signal?: AbortSignal): Promise<Invitation> {
  return requestJson<Invitation>('/admin/v1/invitation', { signal });
}

export async function listPackages(signal?: AbortSignal): Promise<Package[]> {
  const list = await requestJson<List<Package>>('/admin/v1/packages', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function createPackage(input: PackageBodyInput): Promise<Package> {
  return requestJson<Package>('/admin/v1/packages', { method: 'POST', body: input });
}

export function updatePackage(id: string, input: Partial<PackageBodyInput>): Promise<Package> {
  return requestJson<Package>(`/admin/v1/packages/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

export async function listSubscriptions(signal?: AbortSignal): Promise<Subscription[]> {
  const list = await requestJson<List<Subscription>>('/admin/v1/subscriptions', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

export function purchasePackage(input: PurchaseInput): Promise<PurchaseResult> {
  return requestJson<PurchaseResult>('/admin/v1/subscriptions', { method: 'POST', body: input });
}

export function setAutoRenew(id: string, autoRenew: boolean): Promise<Subscription> {
  return requestJson<Subscription>(`/admin/v1/subscriptions/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { autoRenew },
  });
}
