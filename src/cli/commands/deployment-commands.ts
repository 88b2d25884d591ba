import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { KaiyuanError, invalidRequest } from '../../util/errors.ts';
import { adminServer } from '../cli-settings.ts';

interface ServerOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/**
 * `kaiyuan deployments list|set` and `kaiyuan models apply|remove`: live deployment state and
 * run-time changes through the admin API of a running server (live state lives in the server).
 */
export function registerDeploymentCommands(program: Command): void {
  const deployments = program
    .command('deployments')
    .description('Deployments of models and their live state (talks to a running server)');
  withServer(
    deployments.command('list').description('List deployments with health, circuit, latency and error rate'),
  ).action(async (options: ServerOptions) => {
    const { data } = (await adminCall(options, 'GET', '/admin/v1/deployments')) as { data: Array<Record<string, any>> };
    if (options.json) return print(data);
    const rows = data.map((deployment) => [
      deployment.id,
      deployment.enabled ? 'on' : 'off',
      deployment.health,
      deployment.circuit,
      `${deployment.inflight}`,
      deployment.ttft_ewma_ms === null ? '-' : `${deployment.ttft_ewma_ms} ms`,
      `${(deployment.error_rate * 100).toFixed(1)}%`,
      (deployment.tags ?? []).join(','),
    ]);
    printRows(['deployment', 'enabled', 'health', 'circuit', 'inflight', 'ttft', 'errors', 'tags'], rows);
  });

  withServer(
    deployments.command('set <id>').description('Change a deployment at run time (takes effect without a restart)'),
  )
    .option('--enabled <bool>', 'true or false', parseBoolean)
    .option('--weight <n>', 'routing weight', Number)
    .option('--priority <n>', 'failover priority (lower first)', Number)
    .option('--max-concurrency <n>', 'most calls in flight (0: no limit)', Number)
    .action(
      async (
        id: string,
        options: ServerOptions & { enabled?: boolean; weight?: number; priority?: number; maxConcurrency?: number },
      ) => {
        const patch: Record<string, unknown> = {};
        if (options.enabled !== undefined) patch.enabled = options.enabled;
        if (options.weight !== undefined) patch.weight = options.weight;
        if (options.priority !== undefined) patch.priority = options.priority;
        if (options.maxConcurrency !== undefined)
          patch.maxConcurrency = options.maxConcurrency === 0 ? null : options.maxConcurrency;
        if (Object.keys(patch).length === 0)
          throw invalidRequest('Nothing to change: give --enabled, --weight, --priority or --max-concurrency.');
        print(await adminCall(options, 'PATCH', `/admin/v1/deployments/${encodeURIComponent(id)}`, patch));
      },
    );

  const models = program.command('models').description('Run-time model configuration (talks to a running server)');
  withServer(
    models
      .command('apply <id>')
      .description('Create or replace a model from a YAML/JSON file shaped like a `models:` entry of kaiyuan.yaml'),
  )
    .requiredOption('--file <path>', 'the model definition')
    .action(async (id: string, options: ServerOptions & { file: string }) => {
      let definition: unknown;
      try {
        definition = parseYaml(readFileSync(options.file, 'utf8'));
      } catch (error) {
        throw invalidRequest(`Cannot read ${options.file}: ${(error as Error).message}`);
      }
      print(await adminCall(options, 'PUT', `/admin/v1/models/${encodeURIComponent(id)}`, definition));
    });
  withServer(
    models.command('remove <id>').description('Drop the run-time configuration of a model (back to kaiyuan.yaml)'),
  ).action(async (id: string, options: ServerOptions) => {
    await adminCall(options, 'DELETE', `/admin/v1/models/${encodeURIComponent(id)}`);
    process.stdout.write(`removed the run-time configuration of '${id}'\n`);
  });
}

function withServer(command: Command): Command {
  return command
    .option('--url <url>', 'server URL (default KAIYUAN_URL, else http://127.0.0.1:<server.port>)')
    .option('--token <token>', 'admin token (default KAIYUAN_ADMIN_TOKEN)')
    .option('--json', 'print JSON');
}

async function adminCall(options: ServerOptions, method: string, path: string, body?: unknown): Promise<unknown> {
  const { url: base, token } = adminServer(options);
  let response: Response;
  try {
    response = await fetch(new URL(path, base), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new KaiyuanError(
      'server_unreachable',
      `Cannot reach the Kaiyuan server at ${base}: ${(error as Error).message}`,
      { status: 503, type: 'server_error' },
    );
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let parsed: any = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { error: { message: text } };
  }
  if (!response.ok)
    throw new KaiyuanError(
      parsed?.error?.code ?? 'admin_call_failed',
      `${response.status}: ${parsed?.error?.message ?? text}`,
      { status: response.status, type: 'server_error' },
    );
  return parsed;
}

function parseBoolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidRequest(`Expected true or false, got '${text}'.`);
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function printRows(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  process.stdout.write(`${[line(headers), ...rows.map(line)].join('\n')}\n`);
}
