import type { FastifyInstance } from 'fastify';
import { generateCsrfToken } from '../../accounts/secret-tokens.ts';
import {
  localeBody,
  loginBody,
  setupBody,
  type AuthState,
  type SignedInAnswer,
  type SignedOut,
} from '../../api-contract/console-auth.ts';
import type { SignedIn } from '../../accounts/console-auth-service.ts';
import { forbidden } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import {
  clearSessionCookies,
  csrfCookieName,
  csrfHeaderName,
  deviceCookieName,
  readCookies,
  setDeviceCookie,
  sessionCookieName,
  setSessionCookies,
} from '../session-cookies.ts';
import { authenticate } from '../auth.ts';
import { actorOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';
import { registerSignupRoutes } from './signup-routes.ts';

/**
 * The console's sign-in (JSON): first-run setup, login, logout, and the current state. Sessions
 * are httpOnly cookies (`ky_session`) with a readable `ky_csrf` cookie for double-submit CSRF.
 */
export function registerConsoleAuthRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const auth = commerce.consoleAuth;

  app.put('/console/api/me/locale', { onRequest: authenticate(services.authenticator) }, async (request) => {
    await auth.setLocale(actorOf(request), parseInput(localeBody, request.body).locale);
    return { ok: true };
  });

  app.get('/console/api/auth/state', async (request, reply): Promise<AuthState> => {
    void reply.header('cache-control', 'no-store');
    const user = await auth.currentUser(readCookies(request)[sessionCookieName] ?? null);
    return {
      needsSetup: user ? false : await auth.needsSetup(),
      user,
      signupPolicy: await commerce.signup.policy(),
      captchaSiteKey: commerce.signup.captchaSiteKey,
      signupProofOfWork: commerce.signup.proofOfWork !== null,
      modelSquare: (await services.square?.enabled()) ?? false,
    };
  });

  const signIn = (
    request: Parameters<typeof setSessionCookies>[0],
    reply: Parameters<typeof setSessionCookies>[1],
    signedIn: SignedIn,
  ): SignedInAnswer => {
    setSessionCookies(request, reply, {
      token: signedIn.sessionToken,
      csrf: generateCsrfToken(),
      expiresAt: signedIn.expiresAt,
    });
    void reply.header('cache-control', 'no-store');
    return { user: signedIn.user };
  };

  registerSignupRoutes(app, services, signIn);

  app.post('/console/api/auth/setup', async (request, reply) =>
    signIn(request, reply, await auth.setup(parseInput(setupBody, request.body))),
  );

  app.post('/console/api/auth/login', async (request, reply) => {
    const { email, password } = parseInput(loginBody, request.body);
    const deviceToken = readCookies(request)[deviceCookieName] ?? null;
    const signedIn = await auth.login(email, password, { address: request.ip, deviceToken });
    const answer = signIn(request, reply, signedIn);
    setDeviceCookie(request, reply, signedIn.deviceToken);
    return answer;
  });

  app.post('/console/api/auth/logout', async (request, reply): Promise<SignedOut> => {
    const cookies = readCookies(request);
    const token = cookies[sessionCookieName] ?? null;
    // Double submit: the header must match the cookie, and an absent cookie matches nothing.
    const csrfCookie = cookies[csrfCookieName];
    if (token && (!csrfCookie || csrfCookie !== request.headers[csrfHeaderName])) {
      throw forbidden(
        'Missing or invalid CSRF token: send the ky_csrf cookie value in the x-csrf-token header.',
        'csrf_failed',
      );
    }
    await auth.logout(token);
    clearSessionCookies(request, reply);
    return { ok: true };
  });
}
