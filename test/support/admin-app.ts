import Fastify, { type FastifyInstance } from 'fastify';
import type { Commerce } from '../../src/billing/create-commerce.ts';
import type { AppServices } from '../../src/http/app-services.ts';
import { toHttpError } from '../../src/http/error-response.ts';
import { registerAdminBillingRoutes } from '../../src/http/routes/admin-billing-routes.ts';
import { registerAdminKeyRoutes } from '../../src/http/routes/admin-key-routes.ts';
import { registerAdminOrganizationRoutes } from '../../src/http/routes/admin-organization-routes.ts';
import { registerAdminUsageRoutes } from '../../src/http/routes/admin-usage-routes.ts';
import { registerAdminUserRoutes } from '../../src/http/routes/admin-user-routes.ts';
import { registerConsoleAuthRoutes } from '../../src/http/routes/console-auth-routes.ts';

/**
 * A Fastify app with the admin and console-auth routes only, the same error mapping as the
 * server's, over the given commerce services: for `app.inject` tests of those routes.
 */
export async function buildAdminApp(commerce: Commerce): Promise<FastifyInstance> {
  const app = Fastify();
  app.decorateRequest('principal', null);
  app.setErrorHandler((error, _request, reply) => {
    const { status, headers, body } = toHttpError(error);
    void reply.code(status).headers(headers).send(body);
  });
  const services = { authenticator: commerce.authenticator, commerce } as unknown as AppServices;
  registerConsoleAuthRoutes(app, services);
  registerAdminOrganizationRoutes(app, services);
  registerAdminUserRoutes(app, services);
  registerAdminKeyRoutes(app, services);
  registerAdminBillingRoutes(app, services);
  registerAdminUsageRoutes(app, services);
  await app.ready();
  return app;
}
