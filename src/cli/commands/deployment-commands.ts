import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { invalidRequest } from '../../util/errors.ts';
import { adminCall, print, printRows, withServer, type ServerOptions } from './admin-client.ts';

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

function parseBoolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidRequest(`Expected true or false, got '${text}'.`);
}
