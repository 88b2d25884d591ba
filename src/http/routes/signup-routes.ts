import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignedIn } from '../../accounts/console-auth-service.ts';
import type { SignedInAnswer } from '../../api-contract/console-auth.ts';
import {
  passwordResetBody,
  passwordResetRequestBody,
  signUpBody,
  verifyEmailBody,
  type EmailVerified,
  type Ok,
  type SignedUp,
  type SignUpChallenge,
  type VerificationSent,
} from '../../api-contract/signup.ts';
import { forbidden, notFound, unauthenticated } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { csrfCookieName, csrfHeaderName, readCookies, sessionCookieName } from '../session-cookies.ts';
import { parseInput } from './parse-input.ts';

type SignIn = (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) => SignedInAnswer;

/**
 * Self-service accounts (JSON, no credential needed): sign-up (signs in at once), e-mail
 * verification, password reset. The same endpoints serve the console and API clients.
 */
export function registerSignupRoutes(app: FastifyInstance, services: AppServices, signIn: SignIn): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const { signup, consoleAuth } = commerce;

  // The self-hosted CAPTCHA: a challenge to solve (send `<challenge>:<nonce>` as captchaResponse).
  app.get('/console/api/auth/sign-up-challenge', async (_request, reply): Promise<SignUpChallenge> => {
    const proofOfWork = signup.proofOfWork;
    if (!proofOfWork) throw notFound('Sign-up asks for no proof of work.', 'proof_of_work_disabled');
    void reply.header('cache-control', 'no-store');
    return { object: 'sign_up_challenge', ...(await proofOfWork.issue()) };
  });

  app.post('/console/api/auth/sign-up', async (request, reply) => {
    const body = parseInput(signUpBody, request.body);
    const registered = await signup.register({ ...body, ip: request.ip });
    const answer = signIn(request, reply, await consoleAuth.startSessionFor(registered.user.id));
    const result: SignedUp = { user: answer.user, verificationSent: registered.verificationSent };
    return reply.code(201).send(result);
  });

  app.post('/console/api/auth/verify-email', async (request): Promise<EmailVerified> => {
    const { token } = parseInput(verifyEmailBody, request.body);
    const { granted } = await signup.verifyEmail(token);
    return { ok: true, granted };
  });

  app.post('/console/api/auth/resend-verification', async (request): Promise<VerificationSent> => {
    const cookies = readCookies(request);
    const user = await consoleAuth.currentUser(cookies[sessionCookieName] ?? null);
    if (!user) throw unauthenticated('Sign in first.', 'not_signed_in');
    if (cookies[csrfCookieName] !== request.headers[csrfHeaderName])
      throw forbidden(
        'Missing or invalid CSRF token: send the ky_csrf cookie value in the x-csrf-token header.',
        'csrf_failed',
      );
    return { sent: await signup.resendVerification(user.id) };
  });

  app.post('/console/api/auth/password-reset-request', async (request): Promise<Ok> => {
    await signup.requestPasswordReset(parseInput(passwordResetRequestBody, request.body).email);
    return { ok: true };
  });

  app.post('/console/api/auth/password-reset', async (request, reply) => {
    const { token, password } = parseInput(passwordResetBody, request.body);
    const userId = await signup.resetPassword(token, password);
    return signIn(request, reply, await consoleAuth.startSessionFor(userId));
  });
}
