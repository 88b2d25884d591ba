import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUserBody, updateUserBody, type PlatformUser } from '../../api-contract/organizations.ts';
import type { User } from '../../accounts/user-repository.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const listQuery = z.object({ orgId: z.string().min(1).optional() });
const params = z.object({ userId: z.string().min(1) });

/** Users of an organization (owner/admin), or of any (operator). Passwords never leave the store. */
export function registerAdminUserRoutes(app: FastifyInstance, services: AppServices): void {
  const commerce = services.commerce;
  if (!commerce) return;
  const requireCredential = authenticate(services.authenticator);
  const present = (user: User): PlatformUser => ({ object: 'user', ...user });

  app.get('/admin/v1/users', { onRequest: requireCredential }, async (request) => {
    const { orgId } = parseInput(listQuery, request.query);
    return listOf((await commerce.accounts.listUsers(actorOf(request), orgId)).map(present));
  });

  app.post('/admin/v1/users', { onRequest: requireCredential }, async (request, reply) => {
    const body = parseInput(createUserBody, request.body);
    return reply.code(201).send(present(await commerce.accounts.createUser(actorOf(request), body)));
  });

  app.patch('/admin/v1/users/:userId', { onRequest: requireCredential }, async (request) => {
    const { userId } = parseInput(params, request.params);
    return present(
      await commerce.accounts.updateUser(actorOf(request), userId, parseInput(updateUserBody, request.body)),
    );
  });
}
