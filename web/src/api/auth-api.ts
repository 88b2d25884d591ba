import { requestJson } from './http-client.ts';

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: string;
  orgId: string;
  orgName: string;
  /** True for platform operators (the first owner); they see the Admin pages. */
  operator?: boolean;
}

export interface AuthState {
  needsSetup: boolean;
  user: ConsoleUser | null;
}

export interface SetupInput {
  email: string;
  password: string;
  name: string;
  orgName: string;
}

export function fetchAuthState(): Promise<AuthState> {
  return requestJson<AuthState>('/console/api/auth/state');
}

export function setupOwner(input: SetupInput): Promise<unknown> {
  return requestJson('/console/api/auth/setup', { method: 'POST', body: input });
}

export function signIn(email: string, password: string): Promise<unknown> {
  return requestJson('/console/api/auth/login', { method: 'POST', body: { email, password } });
}

export function signOut(): Promise<unknown> {
  return requestJson('/console/api/auth/logout', { method: 'POST', body: {} });
}
