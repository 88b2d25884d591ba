import type { Command } from 'commander';
import type { Role } from '../../accounts/principal.ts';
import {
  cliActor,
  findOrganization,
  parseIntegerOption,
  parseTimeOption,
  printJson,
  printTable,
  withCommerce,
} from './commerce-cli-support.ts';

interface CreateOptions {
  org: string;
  plan?: string;
  name: string;
  role: Role;
  models?: string;
  rpm?: number;
  rpd?: number;
  tpm?: number;
  tpd?: number;
  expires?: number;
  routingOverrides?: boolean;
  json?: boolean;
}

/** `kaiyuan keys create|list|revoke`. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys of organizations');

  keys
    .command('create')
    .description(
      'Create an API key (shown once). Creates the organization when it does not exist; --plan sets its plan.',
    )
    .requiredOption('--org <name>', 'organization name (or id)')
    .option('--plan <plan>', 'plan of the organization (free, pro, enterprise, …)')
    .option('--name <name>', 'name of the key', 'cli')
    .option('--role <role>', 'role the key acts with: owner, admin, member', 'member')
    .option('--models <list>', 'comma-separated models the key may use (default: all the plan allows)')
    .option('--rpm <n>', 'requests per minute of this key', parseIntegerOption('rpm'))
    .option('--rpd <n>', 'requests per day', parseIntegerOption('rpd'))
    .option('--tpm <n>', 'tokens per minute', parseIntegerOption('tpm'))
    .option('--tpd <n>', 'tokens per day', parseIntegerOption('tpd'))
    .option('--expires <time>', 'expiry (ISO date or epoch ms)', parseTimeOption)
    .option('--routing-overrides', 'allow the key to send routing overrides (x-kaiyuan-timeout-ms, …)')
    .option('--json', 'print JSON')
    .action(async (options: CreateOptions) => {
      await withCommerce(async (commerce) => {
        let organization = await commerce.accounts.organizations.findByName(options.org);
        let createdOrganization = false;
        if (!organization) {
          organization = await commerce.accounts.createOrganization(cliActor, {
            name: options.org,
            planId: options.plan,
          });
          createdOrganization = true;
        } else if (options.plan && options.plan !== organization.planId) {
          organization = await commerce.accounts.updateOrganization(cliActor, organization.id, {
            planId: options.plan,
          });
          process.stderr.write(
            `kaiyuan: organization '${organization.name}' is now on plan '${organization.planId}'\n`,
          );
        }
        const limits = { rpm: options.rpm, rpd: options.rpd, tpm: options.tpm, tpd: options.tpd };
        const { key, apiKey } = await commerce.accounts.createKey(cliActor, {
          orgId: organization.id,
          name: options.name,
          role: options.role,
          allowedModels: options.models
            ? options.models
                .split(',')
                .map((model) => model.trim())
                .filter(Boolean)
            : [],
          limits: Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)),
          expiresAt: options.expires ?? null,
          routingOverrides: options.routingOverrides === true,
        });
        const result = {
          key,
          id: apiKey.id,
          prefix: apiKey.prefix,
          name: apiKey.name,
          role: apiKey.role,
          org: organization.name,
          orgId: organization.id,
          plan: organization.planId,
          createdOrganization,
        };
        if (options.json) printJson(result);
        else
          process.stdout.write(
            `${key}\n(key ${apiKey.id} of organization '${organization.name}' on plan '${organization.planId}'; shown only now)\n`,
          );
      });
    });

  keys
    .command('list')
    .description('List API keys (never the keys themselves)')
    .option('--org <name>', 'only this organization')
    .option('--json', 'print JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const orgId = options.org ? (await findOrganization(commerce, options.org)).id : undefined;
        const list = await commerce.accounts.listKeys(cliActor, orgId);
        if (options.json) return printJson(list);
        printTable(
          list.map((key) => ({
            id: key.id,
            prefix: `${key.prefix}…`,
            name: key.name,
            org: key.orgId,
            role: key.role,
            enabled: key.enabled,
            revoked: key.revokedAt !== null,
            expires: key.expiresAt ? new Date(key.expiresAt).toISOString() : '',
            limits: key.limits,
          })),
        );
      });
    });

  keys
    .command('revoke <id>')
    .description('Revoke an API key (stops working within a second on every replica)')
    .action(async (id: string) => {
      await withCommerce(async (commerce) => {
        const key = await commerce.accounts.revokeKey(cliActor, id);
        process.stdout.write(`revoked ${key.id} (${key.prefix}…)\n`);
      });
    });
}
