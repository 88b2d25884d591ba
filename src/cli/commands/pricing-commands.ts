import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { MarginReport, PriceVersionView } from '../../api-contract/pricing.ts';
import { MarginReports } from '../../billing/margin-report.ts';
import { invalidRequest } from '../../util/errors.ts';
import { adminCall, print, printRows, withServer, type ServerOptions } from './admin-client.ts';

interface PriceOptions extends ServerOptions {
  input?: number;
  cachedInput?: number;
  cacheWrite?: number;
  output?: number;
  reasoning?: number;
  requestFee?: number;
  currency: 'CNY' | 'USD';
  freeTier?: boolean;
  note?: string;
}

interface DocumentOptions extends ServerOptions {
  file?: string;
  body?: string;
  note?: string;
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');
const withNote = (url: string, note?: string) => (note ? `${url}?note=${encodeURIComponent(note)}` : url);

/**
 * `kaiyuan prices …` (list, set, remove, versions, rule set|remove, plan set|remove) and
 * `kaiyuan report margin`: the versioned prices, plans and rules, and the operator's margins, of
 * a running server. Prices are per million tokens in currency units.
 */
export function registerPricingCommands(program: Command): void {
  const prices = program
    .command('prices')
    .description('Prices, plans and pricing rules: every change is a new version (talks to a running server)');

  withServer(prices.command('list').description('The prices and rules in force')).action(
    async (options: ServerOptions) => {
      const version = (await adminCall(options, 'GET', '/admin/v1/pricing')) as PriceVersionView;
      if (options.json) return print(version);
      process.stdout.write(
        `price version ${version.id} (${version.actor}${version.note ? `: ${version.note}` : ''})\n`,
      );
      printRows(
        ['model', 'input', 'cached', 'cache write', 'output', 'reasoning', 'per request', 'currency', 'free tier'],
        Object.entries(version.document.prices).map(([model, price]) => [
          model,
          String(price.input),
          String(price.cachedInput ?? price.input),
          String(price.cacheWrite ?? price.input),
          String(price.output),
          String(price.reasoning ?? price.output),
          String(price.request ?? 0),
          price.currency,
          price.freeTier ? 'yes' : 'no',
        ]),
      );
      if (version.document.rules.length > 0) {
        process.stdout.write('\n');
        printRows(
          ['rule', 'applies', 'when', 'set', 'multiply'],
          version.document.rules.map((rule) => [
            rule.id,
            rule.applies,
            JSON.stringify(rule.when),
            rule.set ? JSON.stringify(rule.set) : '-',
            rule.multiply === undefined ? '-' : JSON.stringify(rule.multiply),
          ]),
        );
      }
    },
  );

  withPriceOptions(withServer(prices.command('set <model>').description("Set a model's list price (a new version)")))
    .option('--currency <code>', 'CNY or USD', 'CNY')
    .option('--free-tier', 'usable on free-tier plans')
    .option('--note <text>', 'why (kept with the version)')
    .action(async (model: string, options: PriceOptions) => {
      const body = priceBody(options as unknown as Record<string, unknown>, '--');
      if (!body) throw invalidRequest('Give --input and --output (per million tokens).', 'input');
      const version = (await adminCall(
        options,
        'PUT',
        withNote(`/admin/v1/pricing/prices/${path(model)}`, options.note),
        { ...body, freeTier: Boolean(options.freeTier) },
      )) as PriceVersionView;
      if (options.json) return print(version);
      process.stdout.write(`price of '${model}' set: version ${version.id}\n`);
    });

  withServer(prices.command('remove <model>').description("Remove a model's price (a new version)"))
    .option('--note <text>', 'why')
    .action(async (model: string, options: ServerOptions & { note?: string }) => {
      const version = (await adminCall(
        options,
        'DELETE',
        withNote(`/admin/v1/pricing/prices/${path(model)}`, options.note),
      )) as PriceVersionView;
      process.stdout.write(`price of '${model}' removed: version ${version.id}\n`);
    });

  withServer(prices.command('versions').description('The price versions, newest first'))
    .option('--limit <n>', 'how many', Number)
    .action(async (options: ServerOptions & { limit?: number }) => {
      const { data } = (await adminCall(
        options,
        'GET',
        `/admin/v1/pricing/versions${options.limit ? `?limit=${options.limit}` : ''}`,
      )) as { data: PriceVersionView[] };
      if (options.json) return print(data);
      printRows(
        ['version', 'created', 'actor', 'note'],
        data.map((version) => [
          String(version.id),
          new Date(version.created_at).toISOString(),
          version.actor,
          version.note ?? '',
        ]),
      );
    });

  for (const [kind, noun] of [
    ['rule', 'rules'],
    ['plan', 'plans'],
  ] as const) {
    const group = prices
      .command(kind)
      .description(kind === 'rule' ? 'Pricing rules' : 'Plans (limits, grants, allowed models)');
    withDocument(
      withServer(group.command('set <id>').description(`Create or replace a ${kind} from JSON (a new version)`)),
    ).action(async (id: string, options: DocumentOptions) => {
      const version = (await adminCall(
        options,
        'PUT',
        withNote(`/admin/v1/pricing/${noun}/${path(id)}`, options.note),
        readDocument(options),
      )) as PriceVersionView;
      process.stdout.write(`${kind} '${id}' set: version ${version.id}\n`);
    });
    withServer(group.command('remove <id>').description(`Remove a ${kind} (a new version)`))
      .option('--note <text>', 'why')
      .action(async (id: string, options: ServerOptions & { note?: string }) => {
        const version = (await adminCall(
          options,
          'DELETE',
          withNote(`/admin/v1/pricing/${noun}/${path(id)}`, options.note),
        )) as PriceVersionView;
        process.stdout.write(`${kind} '${id}' removed: version ${version.id}\n`);
      });
  }

  const report = program.command('report').description('Operator reports (talks to a running server)');
  withServer(report.command('margin').description('Revenue, upstream cost and gross margin over a period'))
    .requiredOption('--from <time>', 'start (ISO date or time, or epoch ms), inclusive')
    .requiredOption('--to <time>', 'end, exclusive')
    .option('--by <dimension>', 'day, model, channel, plan or organization', 'model')
    .option('--csv', 'print CSV')
    .action(async (options: ServerOptions & { from: string; to: string; by: string; csv?: boolean }) => {
      const query = new URLSearchParams({ from: options.from, to: options.to, by: options.by });
      const result = (await adminCall(options, 'GET', `/admin/v1/reports/margin?${query}`)) as MarginReport;
      if (options.json) return print(result);
      if (options.csv) return void process.stdout.write(MarginReports.toCsv(result));
      printRows(
        [result.by, 'requests', 'tokens', 'cache hit', 'revenue', 'upstream cost', 'margin', 'margin %'],
        [...result.lines, result.totals].map((line) => [
          line.key,
          String(line.requests),
          String(line.prompt_tokens + line.completion_tokens),
          `${(line.cache_hit_ratio * 100).toFixed(1)}%`,
          line.revenue,
          line.upstream_cost,
          line.gross_margin,
          line.margin_percent === null ? '-' : `${line.margin_percent}%`,
        ]),
      );
      process.stdout.write(
        `\n${result.currency}; free tier: ${result.free_tier.requests} requests, upstream cost ${result.free_tier.upstream_cost}; ` +
          `converted ${result.conversion.converted} of ${result.conversion.free_organizations} free organizations` +
          `${result.negative_margin.length ? `; below cost: ${result.negative_margin.map((item) => item.model).join(', ')}` : ''}\n`,
      );
    });
}

/** The price options shared by `prices set` and `channels add` (with a prefix there: --price-input …). */
export function withPriceOptions(command: Command, prefix = ''): Command {
  const flag = (name: string) => `--${prefix}${name} <n>`;
  return command
    .option(flag('input'), 'per million input tokens', Number)
    .option(flag('cached-input'), 'per million cached input tokens (default: input)', Number)
    .option(flag('cache-write'), 'per million tokens written to a cache (default: input)', Number)
    .option(flag('output'), 'per million output tokens', Number)
    .option(flag('reasoning'), 'per million reasoning tokens (default: output)', Number)
    .option(flag('request-fee'), 'a fee per request', Number);
}

/** A price body from the options (null when none is given); refuses half a price or a negative one. */
export function priceBody(
  options: Record<string, unknown> & { currency?: string },
  flagPrefix: string,
  keyPrefix = '',
): Record<string, unknown> | null {
  const key = (name: string) => (keyPrefix ? `${keyPrefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
  const names = ['input', 'cachedInput', 'cacheWrite', 'output', 'reasoning', 'requestFee'] as const;
  const body: Record<string, unknown> = {};
  for (const name of names) {
    const value = options[key(name)];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw invalidRequest(`${flagPrefix}${kebab(key(name))}: expected a price of 0 or more.`, name);
    body[name === 'requestFee' ? 'request' : name] = value;
  }
  if (Object.keys(body).length === 0) return null;
  if (body.input === undefined || body.output === undefined)
    throw invalidRequest(
      `Give both ${flagPrefix}${kebab(key('input'))} and ${flagPrefix}${kebab(key('output'))}.`,
      'input',
    );
  return { ...body, currency: options.currency ?? 'CNY' };
}

function withDocument(command: Command): Command {
  return command
    .option('--file <path>', 'a JSON file')
    .option('--body <json>', 'the JSON itself')
    .option('--note <text>', 'why (kept with the version)');
}

function readDocument(options: DocumentOptions): unknown {
  const text = options.file ? readFileSync(options.file, 'utf8') : options.body;
  if (!text) throw invalidRequest('Give --file PATH or --body JSON.', 'file');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequest(`Not JSON: ${(error as Error).message}`, 'file');
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
