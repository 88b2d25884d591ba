import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { channelCreateBody, channelPatchBody, channelTestBody } from '../../api-contract/channels.ts';
import { auditActor } from '../../observability/audit-trail.ts';
import { internalError } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate, requireRole } from '../auth.ts';
import { listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const auditQuery = z.strictObject({
  targetType: z.string().optional(),
  targetId: z.string().optional(),
  action: z.string().optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  format: z.enum(['json', 'jsonl']).default('json'),
});

/** Upstream channels managed at run time, and the audit trail; operator only. */
export function registerAdminChannelRoutes(app: FastifyInstance, services: AppServices): void {
  const preHandler = authenticate(services.authenticator);
  const channels = () => services.channelAdmin ?? unavailable('Channel administration');
  const operator = (principal: Parameters<typeof requireRole>[0]) => requireRole(principal, []);
  const name = (params: unknown) => (params as { name: string }).name;

  app.get('/admin/v1/channels', { onRequest: preHandler }, async (request) => {
    operator(request.principal);
    return listOf(await channels().list());
  });

  app.get('/admin/v1/channels/:name', { onRequest: preHandler }, async (request) => {
    operator(request.principal);
    return channels().get(name(request.params));
  });

  app.post('/admin/v1/channels', { onRequest: preHandler }, async (request, reply) => {
    const actor = auditActor(operator(request.principal));
    const input = parseInput(channelCreateBody, request.body);
    return reply.code(201).send(await channels().create(input, actor));
  });

  app.patch('/admin/v1/channels/:name', { onRequest: preHandler }, async (request) => {
    const actor = auditActor(operator(request.principal));
    return channels().update(name(request.params), parseInput(channelPatchBody, request.body), actor);
  });

  app.delete('/admin/v1/channels/:name', { onRequest: preHandler }, async (request, reply) => {
    const actor = auditActor(operator(request.principal));
    await channels().remove(name(request.params), actor);
    return reply.code(204).send();
  });

  app.post('/admin/v1/channels/:name/test', { onRequest: preHandler }, async (request) => {
    const actor = auditActor(operator(request.principal));
    const { model } = parseInput(channelTestBody, request.body);
    const { keys, ...outcome } = await channels().test(name(request.params), model, actor);
    return { ...outcome, keys: keys.map(({ rejected: _rejected, ...key }) => key) };
  });

  app.get('/admin/v1/audit', { onRequest: preHandler }, async (request, reply) => {
    operator(request.principal);
    const { format, ...query } = parseInput(auditQuery, request.query);
    const entries = await (services.audit ?? unavailable('The audit trail')).list(query);
    if (format === 'jsonl') {
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="kaiyuan-audit.jsonl"')
        .send(entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length ? '\n' : ''));
    }
    return listOf(entries);
  });
}

function unavailable(what: string): never {
  throw internalError(`${what} is not available in this process.`);
}
