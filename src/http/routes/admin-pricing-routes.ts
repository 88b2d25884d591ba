import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  marginDimensions,
  planSchema,
  priceRuleSchema,
  priceSchema,
  type PriceVersionView,
} from '../../api-contract/pricing.ts';
import { timeInput } from '../../api-contract/values.ts';
import { MarginReports } from '../../billing/margin-report.ts';
import { chargeOf } from '../../billing/pricing/rates.ts';
import type { PriceVersion } from '../../billing/pricing/price-versions.ts';
import { auditActor } from '../../observability/audit-trail.ts';
import { invalidRequest, KaiyuanError } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate, requireRole } from '../auth.ts';
import { listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const nameParams = z.object({ name: z.string().min(1).max(200) });
const noteQuery = z.object({ note: z.string().max(500).optional() });
const versionsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() });
const versionParams = z.object({ id: z.coerce.number().int().positive() });
const quoteBody = z.strictObject({
  model: z.string().min(1),
  planId: z.string().min(1).nullable().default(null),
  orgId: z.string().min(1).nullable().default(null),
  channel: z.string().min(1).nullable().default(null),
  batch: z.boolean().default(false),
  /** When the request finished (epoch ms or ISO time); default now. */
  at: timeInput.optional(),
  usage: z
    .strictObject({
      promptTokens: z.number().int().nonnegative(),
      cachedTokens: z.number().int().nonnegative().default(0),
      cacheWriteTokens: z.number().int().nonnegative().default(0),
      completionTokens: z.number().int().nonnegative().default(0),
      reasoningTokens: z.number().int().nonnegative().default(0),
    })
    .optional(),
});
const reportQuery = z.object({
  from: timeInput,
  to: timeInput,
  by: z.enum(marginDimensions).default('model'),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Versioned prices, plans and pricing rules, and the margin report; operator only. */
export function registerAdminPricingRoutes(app: FastifyInstance, services: AppServices): void {
  const pricing = services.commerce?.pricing;
  if (!pricing) return;
  const onRequest = authenticate(services.authenticator);
  const operator = (request: { principal?: Parameters<typeof requireRole>[0] }) =>
    auditActor(requireRole(request.principal ?? null, []));
  const audit = async (
    actor: string,
    action: string,
    targetType: string,
    targetId: string,
    before: unknown,
    after: unknown,
  ) => services.audit?.record({ actor, action, targetType, targetId, before, after });
  const note = (query: unknown) => parseInput(noteQuery, query).note ?? null;

  app.get('/admin/v1/pricing', { onRequest }, async (request) => {
    operator(request);
    const version = pricing.currentVersion();
    return version
      ? view(version)
      : {
          object: 'price_version',
          id: 0,
          created_at: 0,
          actor: 'config',
          note: null,
          document: pricing.current().document,
        };
  });

  app.get('/admin/v1/pricing/versions', { onRequest }, async (request) => {
    operator(request);
    const { limit } = parseInput(versionsQuery, request.query);
    return listOf((await pricing.versions(limit)).map(view));
  });

  app.get('/admin/v1/pricing/versions/:id', { onRequest }, async (request) => {
    operator(request);
    return view(await pricing.versionById(parseInput(versionParams, request.params).id));
  });

  app.put('/admin/v1/pricing/prices/:name', { onRequest }, async (request) => {
    const actor = operator(request);
    const model = parseInput(nameParams, request.params).name;
    const price = parseInput(priceSchema, request.body);
    const { before, version } = await pricing.setPrice(actor, model, price, note(request.query));
    await audit(actor, 'price.set', 'price', model, before, price);
    return view(version);
  });

  app.delete('/admin/v1/pricing/prices/:name', { onRequest }, async (request) => {
    const actor = operator(request);
    const model = parseInput(nameParams, request.params).name;
    const { before, version } = await pricing.removePrice(actor, model, note(request.query));
    await audit(actor, 'price.delete', 'price', model, before, null);
    return view(version);
  });

  app.put('/admin/v1/pricing/plans/:name', { onRequest }, async (request) => {
    const actor = operator(request);
    const id = parseInput(nameParams, request.params).name;
    const plan = parseInput(planSchema, request.body);
    const { before, version } = await pricing.setPlan(actor, id, plan, note(request.query));
    await audit(actor, 'plan.set', 'plan', id, before, plan);
    return view(version);
  });

  app.delete('/admin/v1/pricing/plans/:name', { onRequest }, async (request) => {
    const actor = operator(request);
    const id = parseInput(nameParams, request.params).name;
    const { before, version } = await pricing.removePlan(actor, id, note(request.query));
    await audit(actor, 'plan.delete', 'plan', id, before, null);
    return view(version);
  });

  app.put('/admin/v1/pricing/rules/:name', { onRequest }, async (request) => {
    const actor = operator(request);
    const id = parseInput(nameParams, request.params).name;
    const body = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    if (body.id !== undefined && body.id !== id)
      throw invalidRequest(`The rule's id '${String(body.id)}' differs from the path's '${id}'.`, 'id');
    const rule = parseInput(priceRuleSchema, { ...body, id });
    const { before, version } = await pricing.setRule(actor, rule, note(request.query));
    await audit(actor, 'price_rule.set', 'price_rule', id, before, rule);
    return view(version);
  });

  app.delete('/admin/v1/pricing/rules/:name', { onRequest }, async (request) => {
    const actor = operator(request);
    const id = parseInput(nameParams, request.params).name;
    const { before, version } = await pricing.removeRule(actor, id, note(request.query));
    await audit(actor, 'price_rule.delete', 'price_rule', id, before, null);
    return view(version);
  });

  /** Explains a price: the rates (per million tokens, billing currency) and the rules that made them, and the charge of a usage. */
  app.post('/admin/v1/pricing/quote', { onRequest }, async (request) => {
    operator(request);
    const input = parseInput(quoteBody, request.body);
    const rules = pricing.current();
    const at = input.at ?? Date.now();
    const quote = rules.quote({ ...input, at });
    if (!quote)
      throw new KaiyuanError('model_not_priced', `The model '${input.model}' has no price.`, {
        status: 404,
        type: 'invalid_request_error',
        param: 'model',
      });
    const perMillion = Object.fromEntries(
      Object.entries(quote.rates).map(([name, rate]) => [name, name === 'request' ? rate / 1e9 : rate / 1000]),
    );
    const charge = input.usage ? chargeOf(quote.rates, input.usage) : null;
    return {
      object: 'price_quote',
      version: rules.versionId,
      currency: rules.currency,
      at,
      rules: quote.rules,
      prices: perMillion,
      chargeNano: charge,
    };
  });

  app.get('/admin/v1/reports/margin', { onRequest }, async (request, reply) => {
    operator(request);
    const reports = services.commerce?.marginReports;
    if (!reports) throw invalidRequest('Margin reports are not available.', null, 'unavailable');
    const query = parseInput(reportQuery, request.query);
    if (query.to <= query.from) throw invalidRequest('`to` must be after `from`.', 'to');
    const report = await reports.report(query);
    if (query.format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="margin-by-${query.by}.csv"`)
        .send(MarginReports.toCsv(report));
    }
    return report;
  });
}

function view(version: PriceVersion): PriceVersionView {
  return {
    object: 'price_version',
    id: version.id,
    created_at: version.createdAt,
    actor: version.actor,
    note: version.note,
    document: version.document,
  };
}
