import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PlatformUser } from '../../api-contract/organizations.ts';
import {
  approveUserBody,
  signupSettingsBody,
  type Invitation,
  type SignupSettings,
} from '../../api-contract/signup.ts';
import { formatAmount, toNano } from '../../billing/money.ts';
import { requireOperator } from '../../accounts/access-control.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const userParams = z.object({ userId: z.string().min(1) });

/** Sign-up policy, accounts waiting for approval, approvals (or SMS verification), invitation links. */
export function registerAdminSignupRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const { signup } = commerce;
  const config = services.config.signup;
  const preHandler = authenticate(services.authenticator);

  const settings = async (): Promise<SignupSettings> => ({
    object: 'signup_settings',
    policy: await signup.policy(),
    emailEnabled: signup.emailEnabled,
    captchaEnabled: config.captcha !== undefined,
    grant: formatAmount(toNano(config.grant)),
  });

  app.get('/admin/v1/signup/settings', { onRequest: preHandler }, async (request) => {
    requireOperator(actorOf(request));
    return settings();
  });

  app.put('/admin/v1/signup/settings', { onRequest: preHandler }, async (request) => {
    await signup.setPolicy(actorOf(request), parseInput(signupSettingsBody, request.body).policy);
    return settings();
  });

  app.get('/admin/v1/signup/pending', { onRequest: preHandler }, async (request) =>
    listOf((await signup.pending(actorOf(request))).map((user): PlatformUser => ({ object: 'user', ...user }))),
  );

  app.post('/admin/v1/users/:userId/approve', { onRequest: preHandler }, async (request) => {
    const { userId } = parseInput(userParams, request.params);
    const { via } = parseInput(approveUserBody, request.body ?? {});
    const { user, granted } = await signup.approve(actorOf(request), userId, via);
    return { object: 'user', ...user, granted };
  });

  app.get('/admin/v1/invitation', { onRequest: preHandler }, async (request): Promise<Invitation> => {
    const invitation = await signup.invitation(actorOf(request));
    return {
      object: 'invitation',
      ...invitation,
      inviteeReward: formatAmount(toNano(config.referral.inviteeReward)),
      referrerReward: formatAmount(toNano(config.referral.referrerReward)),
    };
  });
}
