import type { Command } from 'commander';
import { rotateAdminToken } from '../../accounts/admin-token.ts';
import type { Role } from '../../accounts/principal.ts';
import { SettingsRepository } from '../../store/settings-repository.ts';
import { invalidRequest } from '../../util/errors.ts';
import { secretFromEnvironment } from '../cli-settings.ts';
import {
  cliActor,
  findOrganization,
  parseIntegerOption,
  printJson,
  printTable,
  withCommerce,
} from './commerce-cli-support.ts';

/** `kaiyuan orgs …`, `kaiyuan users …`, `kaiyuan admin-token rotate`. */
export function registerOrganizationCommands(program: Command): void {
  const orgs = program.command('orgs').description('Organizations (tenants)');

  orgs
    .command('list')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const list = await commerce.accounts.listOrganizations(cliActor);
        if (options.json) return printJson(list);
        printTable(
          list.map((org) => ({
            id: org.id,
            name: org.name,
            plan: org.planId,
            enabled: org.enabled,
            limits: org.limits,
            residency: org.residencyTags.join(','),
          })),
        );
      });
    });

  orgs
    .command('create <name>')
    .option('--plan <plan>', 'plan (default: commerce.defaultPlan)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { plan?: string; json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const organization = await commerce.accounts.createOrganization(cliActor, { name, planId: options.plan });
        if (options.json) printJson(organization);
        else
          process.stdout.write(
            `created organization '${organization.name}' (${organization.id}) on plan '${organization.planId}'\n`,
          );
      });
    });

  orgs
    .command('update <name>')
    .description('Change plan, custom limits (enterprise), residency or status')
    .option('--plan <plan>', 'new plan')
    .option('--rpm <n>', 'custom requests per minute per model', parseIntegerOption('rpm'))
    .option('--rpd <n>', 'custom requests per day per model', parseIntegerOption('rpd'))
    .option('--tpm <n>', 'custom tokens per minute per model', parseIntegerOption('tpm'))
    .option('--tpd <n>', 'custom tokens per day per model', parseIntegerOption('tpd'))
    .option('--residency <tags>', 'comma-separated deployment tags every key is restricted to')
    .option('--disable', 'disable the organization (its keys stop working)')
    .option('--enable', 'enable it again')
    .action(
      async (
        name: string,
        options: {
          plan?: string;
          rpm?: number;
          rpd?: number;
          tpm?: number;
          tpd?: number;
          residency?: string;
          disable?: boolean;
          enable?: boolean;
        },
      ) => {
        await withCommerce(async (commerce) => {
          const organization = await findOrganization(commerce, name);
          const custom = Object.fromEntries(
            Object.entries({ rpm: options.rpm, rpd: options.rpd, tpm: options.tpm, tpd: options.tpd }).filter(
              ([, value]) => value !== undefined,
            ),
          );
          const updated = await commerce.accounts.updateOrganization(cliActor, organization.id, {
            planId: options.plan,
            limits: Object.keys(custom).length > 0 ? { ...organization.limits, ...custom } : undefined,
            residencyTags:
              options.residency === undefined
                ? undefined
                : options.residency
                    .split(',')
                    .map((tag) => tag.trim())
                    .filter(Boolean),
            enabled: options.disable ? false : options.enable ? true : undefined,
          });
          printJson(updated);
        });
      },
    );

  const users = program.command('users').description('Console users of organizations');
  users
    .command('list')
    .option('--org <name>', 'only this organization')
    .option('--json', 'print JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const orgId = options.org ? (await findOrganization(commerce, options.org)).id : undefined;
        const list = await commerce.accounts.listUsers(cliActor, orgId);
        if (options.json) return printJson(list);
        printTable(
          list.map((user) => ({
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            org: user.orgId,
            operator: user.isOperator,
            enabled: user.enabled,
          })),
        );
      });
    });

  users
    .command('create')
    .requiredOption('--org <name>', 'organization')
    .requiredOption('--email <email>', 'sign-in email')
    .option('--name <name>', 'display name')
    .option('--role <role>', 'owner, admin, member or annotator', 'member')
    .option('--password-env <variable>', 'environment variable holding the password', 'KAIYUAN_USER_PASSWORD')
    .action(async (options: { org: string; email: string; name?: string; role: Role; passwordEnv: string }) => {
      const password = secretFromEnvironment(options.passwordEnv);
      if (!password)
        throw invalidRequest(
          `Set the password in the environment variable ${options.passwordEnv} (it is not taken on the command line).`,
        );
      await withCommerce(async (commerce) => {
        const organization = await findOrganization(commerce, options.org);
        const user = await commerce.accounts.createUser(cliActor, {
          orgId: organization.id,
          email: options.email,
          name: options.name ?? options.email,
          role: options.role,
          password,
        });
        process.stdout.write(`created user ${user.email} (${user.id}) as ${user.role} of '${organization.name}'\n`);
      });
    });

  program
    .command('admin-token')
    .description('Admin token of the platform')
    .command('rotate')
    .description('Replace the admin token with a new one and print it once')
    .action(async () => {
      await withCommerce(async (_commerce, store) => {
        process.stdout.write(`${await rotateAdminToken(new SettingsRepository(store))}\n`);
      });
    });
}
