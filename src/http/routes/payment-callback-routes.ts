import type { FastifyInstance } from 'fastify';
import { paymentProviderNames, type PaymentProviderName } from '../../config/payments-schema.ts';
import { callbackPaths } from '../../payments/create-payment-providers.ts';
import type { AppServices } from '../app-services.ts';

/**
 * UNAUTHENTICATED BY DESIGN — payment provider callbacks (Alipay, WeChat Pay, Stripe).
 *
 * These POSTs come from the providers, not from users: they carry no API key, session or CSRF
 * token, and are trusted only through the provider's signature, which covers the exact bytes of
 * the body. So they read the raw body (no JSON parsing) with their own small limit
 * (`payments.callbackBodyLimitKb`) and are exempt from CSRF checks and from "authenticate before
 * reading the body". Whatever fails the signature credits nothing and is logged (payment_events).
 * See docs/operator-guide.md "Taking payments" and decision 011.
 */
export const paymentCallbackRoutePaths: readonly string[] = Object.values(callbackPaths);

export function registerPaymentCallbackRoutes(app: FastifyInstance, services: AppServices): void {
  const payments = services.payments;
  if (!payments) return;
  const bodyLimit = services.config.payments.callbackBodyLimitKb * 1024;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    for (const provider of paymentProviderNames) {
      scope.post(
        callbackPaths[provider],
        { bodyLimit, config: { unauthenticatedCallback: true, bodyBeforeAuthentication: 'verified-by-signature' } },
        async (request, reply) => {
          const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const answer = await payments.handleCallback(provider as PaymentProviderName, {
            headers: request.headers,
            rawBody,
          });
          return reply.code(answer.status).type(answer.contentType).send(answer.body);
        },
      );
    }
  });
}
