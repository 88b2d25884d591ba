import type {
  AuthState,
  ConsoleUser,
  LoginInput,
  SetupInput,
  SignedInAnswer,
  SignedOut,
} from '@kaiyuan/api-contract/console-auth.ts';
import { requestJson } from './http-client.ts';

export type { AuthState, ConsoleUser };

export function fetchAuthState(): Promise<AuthState> {
  return requestJson<AuthState>('/console/api/auth/state');
}

export function setupOwner(input: SetupInput): Promise<SignedInAnswer> {
  return requestJson<SignedInAnswer>('/console/api/auth/setup', { method: 'POST', body: input });
}

export function signIn(email: string, password: string): Promise<SignedInAnswer> {
  const body: LoginInput = { email, password };
  return requestJson<SignedInAnswer>('/console/api/auth/login', { method: 'POST', body });
}

export function signOut(): Promise<SignedOut> {
  return requestJson<SignedOut>('/console/api/auth/logout', { method: 'POST', body: {} });
}

/** Remembers the signed-in user's console language on the server (their notices by e-mail use it). */
export function saveLocale(locale: 'zh-CN' | 'en'): Promise<unknown> {
  return requestJson('/console/api/me/locale', { method: 'PUT', body: { locale } });
}
