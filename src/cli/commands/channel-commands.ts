import type { Command } from 'commander';
import type { ChannelModel, ChannelTestResult, ChannelView } from '../../api-contract/channels.ts';
import { invalidRequest } from '../../util/errors.ts';
import { secretFromEnvironment } from '../cli-settings.ts';
import { adminCall, print, printRows, withServer, type ServerOptions } from './admin-client.ts';
import { priceBody, withPriceOptions } from './pricing-commands.ts';

interface AddOptions extends ServerOptions {
  name: string;
  type?: string;
  preset?: string;
  baseUrl?: string;
  apiKeyEnv: string[];
  apiKeyStdin?: boolean;
  model: string[];
  tag: string[];
  costInput?: number;
  costCachedInput?: number;
  costOutput?: number;
  currency: 'CNY' | 'USD';
  weight?: number;
  priority?: number;
  maxConcurrency?: number;
  priceInput?: number;
  priceOutput?: number;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `kaiyuan channels add|list|test|disable|enable|remove`: upstream channels of a running server.
 * Upstream keys never go on the command line: `--api-key-env` names a variable, `--api-key-stdin`
 * reads them (one a line) from standard input.
 */
export function registerChannelCommands(program: Command): void {
  const channels = program
    .command('channels')
    .description('Upstream channels: connections, keys, model mapping, cost prices (talks to a running server)');

  withPriceOptions(
    withServer(channels.command('add').description('Add a channel; it serves at once on every replica')),
    'price-',
  )
    .requiredOption('--name <name>', 'channel name')
    .option('--type <type>', 'openai-compatible (default) or anthropic')
    .option('--preset <preset>', 'a preset that fills base URL, auth and quirks (deepseek, siliconflow, vllm, …)')
    .option('--base-url <url>', 'the upstream base URL, e.g. https://api.example.com/v1')
    .option(
      '--api-key-env <variable>',
      'environment variable holding an upstream key (repeat for more keys)',
      collect,
      [],
    )
    .option('--api-key-stdin', 'read upstream keys from standard input, one a line')
    .option(
      '--model <public=upstream>',
      'a model the channel serves (repeat); upstream id defaults to the public name',
      collect,
      [],
    )
    .option('--tag <tag>', 'region / residency tag (repeat)', collect, [])
    .option('--cost-input <n>', 'what the upstream charges per million input tokens, in currency units', Number)
    .option('--cost-cached-input <n>', 'per million cached input tokens', Number)
    .option('--cost-output <n>', 'per million output tokens', Number)
    .option('--currency <code>', 'currency of the cost and list prices (CNY or USD)', 'CNY')
    .option('--weight <n>', 'routing weight', Number)
    .option('--priority <n>', 'failover priority (lower first)', Number)
    .option('--max-concurrency <n>', 'most calls in flight', Number)
    .action(async (options: AddOptions) => {
      const apiKeys = await readKeys(options);
      const models = parseModels(options);
      // --price-*: the public list price of the channel's models, set first (a new price version) so they publish priced.
      const price = priceBody(options as unknown as Record<string, unknown>, '--', 'price');
      if (price) {
        for (const model of models)
          await adminCall(
            options,
            'PUT',
            `/admin/v1/pricing/prices/${encodeURIComponent(model.name)}?note=${encodeURIComponent(`channels add ${options.name}`)}`,
            {
              ...price,
              freeTier: false,
            },
          );
      }
      const body = {
        name: options.name,
        ...(options.type ? { type: options.type } : {}),
        ...(options.preset ? { preset: options.preset } : {}),
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        apiKeys,
        models,
        ...(options.tag.length ? { tags: options.tag } : {}),
        ...(options.weight !== undefined ? { weight: options.weight } : {}),
        ...(options.priority !== undefined ? { priority: options.priority } : {}),
        ...(options.maxConcurrency !== undefined ? { maxConcurrency: options.maxConcurrency } : {}),
      };
      const channel = (await adminCall(options, 'POST', '/admin/v1/channels', body)) as ChannelView;
      if (options.json) return print(channel);
      process.stdout.write(
        `added channel '${channel.name}': ${channel.models.map((model) => model.name).join(', ')}; keys ${channel.keys.map((key) => key.hint).join(', ') || '(none)'}\n`,
      );
    });

  withServer(channels.command('list').description('List channels with live state')).action(
    async (options: ServerOptions) => {
      const { data } = (await adminCall(options, 'GET', '/admin/v1/channels')) as { data: ChannelView[] };
      if (options.json) return print(data);
      printRows(
        ['channel', 'source', 'enabled', 'models', 'keys', 'circuit', 'ttft', 'errors'],
        data.map((channel) => [
          channel.name,
          channel.read_only ? `${channel.source} (read-only)` : channel.source,
          channel.enabled ? 'on' : 'off',
          channel.models.map((model) => model.name).join(',') || '-',
          channel.keys.map((key) => (key.status === 'active' ? key.hint : `${key.hint}!`)).join(',') || '-',
          channel.state.circuit,
          channel.state.ttft_ewma_ms === null ? '-' : `${channel.state.ttft_ewma_ms} ms`,
          `${(channel.state.error_rate * 100).toFixed(1)}%`,
        ]),
      );
    },
  );

  withServer(channels.command('test <name>').description('Send a small real request through every key'))
    .option('--model <name>', 'the model to test (default the first)')
    .action(async (name: string, options: ServerOptions & { model?: string }) => {
      const result = (await adminCall(options, 'POST', `/admin/v1/channels/${encodeURIComponent(name)}/test`, {
        ...(options.model ? { model: options.model } : {}),
      })) as ChannelTestResult;
      if (options.json) return print(result);
      process.stdout.write(
        result.ok
          ? `ok: ${result.model} answered in ${result.latency_ms} ms; upstream models: ${(result.upstream_models ?? []).slice(0, 10).join(', ') || '(no list)'}\n`
          : `failed: ${result.error?.message ?? 'unknown error'}\n`,
      );
      for (const key of result.keys) process.stdout.write(`  key ${key.hint}: ${key.ok ? 'ok' : key.error}\n`);
      if (!result.ok) process.exitCode = 1;
    });

  for (const [verb, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    withServer(
      channels
        .command(`${verb} <name>`)
        .description(`${verb === 'disable' ? 'Stop' : 'Resume'} serving through a channel`),
    ).action(async (name: string, options: ServerOptions) => {
      await adminCall(options, 'PATCH', `/admin/v1/channels/${encodeURIComponent(name)}`, { enabled });
      process.stdout.write(`${verb}d channel '${name}'\n`);
    });
  }

  withServer(channels.command('remove <name>').description('Delete a channel (its keys are deleted with it)')).action(
    async (name: string, options: ServerOptions) => {
      await adminCall(options, 'DELETE', `/admin/v1/channels/${encodeURIComponent(name)}`);
      process.stdout.write(`removed channel '${name}'\n`);
    },
  );
}

async function readKeys(options: AddOptions): Promise<string[]> {
  const keys: string[] = [];
  for (const variable of options.apiKeyEnv) {
    const value = secretFromEnvironment(variable)?.trim();
    if (!value) throw invalidRequest(`The environment variable ${variable} (--api-key-env) is not set.`, 'api-key-env');
    keys.push(value);
  }
  if (options.apiKeyStdin) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    keys.push(
      ...text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0),
    );
  }
  return keys;
}

/** `--model public=upstream` with the cost prices (currency units) turned into integer minor units. */
function parseModels(options: AddOptions): ChannelModel[] {
  if (options.model.length === 0) throw invalidRequest('Name at least one model: --model PUBLIC=UPSTREAM.', 'model');
  const minor = (value: number | undefined, flag: string) => {
    if (value === undefined) return undefined;
    if (!Number.isFinite(value) || value < 0) throw invalidRequest(`${flag}: expected a price of 0 or more.`, flag);
    return Math.round(value * 100);
  };
  const input = minor(options.costInput, '--cost-input');
  const output = minor(options.costOutput, '--cost-output');
  const cachedInput = minor(options.costCachedInput, '--cost-cached-input');
  if ((input === undefined) !== (output === undefined))
    throw invalidRequest('Give both --cost-input and --cost-output (or neither).', 'cost-input');
  return options.model.map((text) => {
    const [name, upstream] = text.split('=', 2) as [string, string | undefined];
    if (!name) throw invalidRequest(`--model: expected PUBLIC=UPSTREAM, got '${text}'.`, 'model');
    return {
      name,
      ...(upstream ? { upstream } : {}),
      ...(input !== undefined && output !== undefined
        ? { cost: { currency: options.currency, input, output, ...(cachedInput !== undefined ? { cachedInput } : {}) } }
        : {}),
    };
  });
}
