import type { Command } from 'commander';
import type { Commerce } from '../../billing/create-commerce.ts';
import { formatAmount } from '../../billing/money.ts';
import type { PackageDefinition } from '../../billing/packages/package-catalog.ts';
import { signupPolicies, type SignupPolicy } from '../../config/signup-schema.ts';
import { invalidRequest, notFound } from '../../util/errors.ts';
import { newId } from '../../util/ids.ts';
import {
  cliActor,
  findOrganization,
  parseAmountOption,
  parseIntegerOption,
  printJson,
  printTable,
  withCommerce,
} from './commerce-cli-support.ts';

const packageRow = (pack: PackageDefinition) => ({
  id: pack.id,
  name: pack.name,
  price: formatAmount(pack.price),
  tokens: pack.tokens,
  credit: formatAmount(pack.credit),
  days: pack.validityDays,
  plan: pack.planId ?? '',
  models: pack.models.join(',') || '(all)',
  onSale: pack.enabled,
});

/** A user by id or e-mail address. */
async function findUser(commerce: Commerce, idOrEmail: string) {
  const users = commerce.accounts.users;
  const user = idOrEmail.includes('@') ? await users.findByEmail(idOrEmail) : await users.findById(idOrEmail);
  if (!user) throw notFound(`No user '${idOrEmail}'.`, 'user_not_found');
  return user;
}

/** `kaiyuan signup policy|pending|approve`: self-service sign-up administered from the shell. */
function registerSignupCommands(program: Command): void {
  const signup = program.command('signup').description('Self-service sign-up: policy and accounts awaiting approval');

  signup
    .command('policy [policy]')
    .description(`Show the sign-up policy, or set it (${signupPolicies.join(' | ')}); takes effect at once`)
    .action(async (policy: string | undefined) => {
      if (policy !== undefined && !signupPolicies.includes(policy as SignupPolicy))
        throw invalidRequest(`The policy is one of ${signupPolicies.join(', ')}; got '${policy}'.`, 'policy');
      const current = await withCommerce(async (commerce) =>
        policy ? commerce.signup.setPolicy(cliActor, policy as SignupPolicy) : commerce.signup.policy(),
      );
      process.stdout.write(`sign-up policy: ${current}\n`);
    });

  signup
    .command('pending')
    .description('Accounts neither e-mail verified nor approved (their sign-up grant waits)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const users = await withCommerce((commerce) => commerce.signup.pending(cliActor));
      if (options.json) return printJson(users);
      printTable(
        users.map((user) => ({
          id: user.id,
          email: user.email,
          org: user.orgId,
          created: new Date(user.createdAt).toISOString(),
        })),
      );
    });

  signup
    .command('approve <user>')
    .description('Approve an account (id or e-mail): credits its sign-up grant once')
    .option('--sms', 'record it as verified by SMS rather than approved by the operator')
    .action(async (user: string, options: { sms?: boolean }) => {
      const result = await withCommerce(async (commerce) => {
        const found = await findUser(commerce, user);
        return commerce.signup.approve(cliActor, found.id, options.sms ? 'sms' : 'approval');
      });
      process.stdout.write(
        `${result.user.email} approved${result.granted ? '; sign-up grant credited' : ' (the grant was credited before)'}\n`,
      );
    });
}

interface CreatePackageOptions {
  price: number;
  days: number;
  tokens?: number;
  credit?: number;
  models?: string;
  plan?: string;
  offSale?: boolean;
  json?: boolean;
}

/** `kaiyuan packages list|create|enable|disable|grant|subscriptions`. */
function registerPackageCommands(program: Command): void {
  const packages = program.command('packages').description('Packages (prepaid tokens or credit for some days)');

  packages
    .command('list')
    .description('Every package, on sale or not')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withCommerce((commerce) => commerce.packages.list(cliActor));
      if (options.json) return printJson(list);
      printTable(list.map(packageRow));
    });

  packages
    .command('create <name>')
    .description('Define a package; customers buy it from the balance or by online payment')
    .requiredOption('--price <amount>', 'price in currency units, e.g. 29.90', parseAmountOption)
    .requiredOption('--days <n>', 'validity in days', parseIntegerOption('days'))
    .option('--tokens <n>', 'included tokens on the covered models', parseIntegerOption('tokens'))
    .option('--credit <amount>', 'included credit in currency units', parseAmountOption)
    .option('--models <list>', 'covered models, comma-separated (default: every model the plan allows)')
    .option('--plan <id>', 'plan the buyer moves to at once')
    .option('--off-sale', 'create it without putting it on sale')
    .option('--json', 'print JSON')
    .action(async (name: string, options: CreatePackageOptions) => {
      const created = await withCommerce((commerce) =>
        commerce.packages.create(cliActor, {
          name,
          price: options.price,
          credit: options.credit ?? 0,
          tokens: options.tokens ?? 0,
          validityDays: options.days,
          models: (options.models ?? '')
            .split(',')
            .map((model) => model.trim())
            .filter(Boolean),
          planId: options.plan ?? null,
          limits: {},
          enabled: !options.offSale,
        }),
      );
      if (options.json) return printJson(created);
      process.stdout.write(`package ${created.id} '${created.name}' created (${formatAmount(created.price)})\n`);
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    packages
      .command(`${verb} <id>`)
      .description(
        enabled ? 'Put a package on sale' : 'Take a package off sale (subscriptions already bought keep running)',
      )
      .action(async (id: string) => {
        const updated = await withCommerce((commerce) => commerce.packages.update(cliActor, id, { enabled }));
        process.stdout.write(`package ${updated.id} '${updated.name}' ${enabled ? 'on sale' : 'off sale'}\n`);
      });
  }

  packages
    .command('grant <id>')
    .description('Give an organization a package without charging it (idempotent by --idempotency-key)')
    .requiredOption('--org <name>', 'the organization (name or id)')
    .option('--idempotency-key <key>', 'a repeated grant with the same key gives once')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { org: string; idempotencyKey?: string; json?: boolean }) => {
      const result = await withCommerce(async (commerce) => {
        const organization = await findOrganization(commerce, options.org);
        return commerce.subscriptions.purchase(organization.id, id, {
          idempotencyKey: `grant:${options.idempotencyKey ?? newId('grant')}`,
          funding: 'paid',
        });
      });
      if (options.json) return printJson(result);
      const { subscription } = result;
      process.stdout.write(
        result.applied
          ? `granted '${subscription.packageName}' to ${subscription.orgId}: subscription ${subscription.id} until ${new Date(subscription.expiresAt).toISOString()}\n`
          : `already granted with this key: subscription ${subscription.id}\n`,
      );
    });

  packages
    .command('subscriptions')
    .description("An organization's packages, newest first")
    .requiredOption('--org <name>', 'the organization (name or id)')
    .option('--json', 'print JSON')
    .action(async (options: { org: string; json?: boolean }) => {
      const list = await withCommerce(async (commerce) => {
        const organization = await findOrganization(commerce, options.org);
        return commerce.packages.listSubscriptions(cliActor, organization.id);
      });
      if (options.json) return printJson(list);
      printTable(
        list.map((subscription) => ({
          id: subscription.id,
          package: subscription.packageName,
          state: subscription.state,
          tokensLeft: subscription.tokensLeft,
          creditLeft: formatAmount(subscription.creditLeft),
          expires: new Date(subscription.expiresAt).toISOString(),
        })),
      );
    });
}

/** Sign-up administration and packages from the shell (the operator's view; payment orders: `kaiyuan payments orders`). */
export function registerSignupAndPackageCommands(program: Command): void {
  registerSignupCommands(program);
  registerPackageCommands(program);
}
