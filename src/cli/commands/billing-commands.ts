import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatAmount } from '../../billing/money.ts';
import {
  cliActor,
  findOrganization,
  parseAmountOption,
  parseIntegerOption,
  parseTimeOption,
  printJson,
  printTable,
  withCommerce,
} from './commerce-cli-support.ts';

interface UsageOptions {
  org?: string;
  from?: number;
  to?: number;
  key?: string;
  model?: string;
  limit?: number;
}

function usageOptions(command: Command): Command {
  return command
    .option('--org <name>', 'only this organization')
    .option('--from <time>', 'from (ISO date or epoch ms, inclusive)', parseTimeOption)
    .option('--to <time>', 'to (exclusive)', parseTimeOption)
    .option('--key <id>', 'only this API key id')
    .option('--model <model>', 'only this model')
    .option('--limit <n>', 'at most this many records', parseIntegerOption('limit'));
}

/** `kaiyuan plans`, `topups`, `balance`, `redeem-codes`, `redeem`, `usage`, `statement`. */
export function registerBillingCommands(program: Command): void {
  program
    .command('plans')
    .description('List the plans (defaults merged with kaiyuan.yaml commerce.plans)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const plans = commerce.plans.list();
        if (options.json) return printJson(plans);
        printTable(
          plans.map((plan) => ({
            id: plan.id,
            name: plan.name,
            freeTierOnly: plan.freeTierOnly,
            grantTokens: plan.monthlyGrantTokens,
            payAsYouGo: plan.payAsYouGo,
            priority: plan.priority,
            limits: plan.limits,
          })),
        );
      });
    });

  program
    .command('topups')
    .description('Credit an organization (top-up), idempotent by --idempotency-key')
    .command('add')
    .requiredOption('--org <name>', 'organization')
    .requiredOption('--amount <units>', 'amount in currency units, e.g. 100 or 12.50', parseAmountOption)
    .option('--kind <kind>', 'top_up, refund or grant', 'top_up')
    .option('--idempotency-key <key>', 'e.g. the payment or invoice id: a retried call credits once')
    .option('--description <text>', 'ledger description')
    .action(
      async (options: {
        org: string;
        amount: number;
        kind: 'top_up' | 'refund' | 'grant';
        idempotencyKey?: string;
        description?: string;
      }) => {
        await withCommerce(async (commerce) => {
          const organization = await findOrganization(commerce, options.org);
          const { entry, applied } = await commerce.billing.post(cliActor, {
            orgId: organization.id,
            kind: options.kind,
            amount: options.amount,
            idempotencyKey: options.idempotencyKey,
            description: options.description,
          });
          process.stdout.write(
            `${applied ? 'credited' : 'already credited'} ${formatAmount(entry.amount)} ${commerce.prices.currency} to '${organization.name}'; balance ${formatAmount(entry.balanceAfter)}\n`,
          );
        });
      },
    );

  program
    .command('balance')
    .requiredOption('--org <name>', 'organization')
    .option('--json', 'print JSON')
    .action(async (options: { org: string; json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const view = await commerce.billing.balance(cliActor, (await findOrganization(commerce, options.org)).id);
        if (options.json) return printJson(view);
        process.stdout.write(
          `${formatAmount(view.balance)} ${view.currency} (plan ${view.planId}, level ${view.level}, spent ${formatAmount(view.spentTotal)})\n`,
        );
      });
    });

  const codes = program.command('redeem-codes').description('Redemption codes');
  codes
    .command('generate')
    .requiredOption('--count <n>', 'how many codes', parseIntegerOption('count'))
    .requiredOption('--amount <units>', 'value of each code in currency units', parseAmountOption)
    .option('--expires <time>', 'expiry (ISO date or epoch ms)', parseTimeOption)
    .option('--json', 'print JSON')
    .action(async (options: { count: number; amount: number; expires?: number; json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const batch = await commerce.billing.generateCodes(cliActor, {
          count: options.count,
          amount: options.amount,
          expiresAt: options.expires ?? null,
        });
        if (options.json) return printJson(batch);
        process.stdout.write(
          `${batch.codes.join('\n')}\n(batch ${batch.batchId}: ${batch.codes.length} codes of ${formatAmount(batch.amount)} ${commerce.prices.currency}; shown only now)\n`,
        );
      });
    });
  codes
    .command('list')
    .option('--batch <id>', 'only this batch')
    .action(async (options: { batch?: string }) => {
      await withCommerce(async (commerce) => {
        const list = await commerce.billing.listCodes(cliActor, options.batch);
        printTable(
          list.map((code) => ({
            id: code.id,
            batch: code.batchId,
            amount: formatAmount(code.amount),
            redeemedBy: code.redeemedOrgId,
            redeemedAt: code.redeemedAt ? new Date(code.redeemedAt).toISOString() : '',
          })),
        );
      });
    });

  program
    .command('redeem <code>')
    .description('Redeem a code for an organization')
    .requiredOption('--org <name>', 'organization')
    .action(async (code: string, options: { org: string }) => {
      await withCommerce(async (commerce) => {
        const organization = await findOrganization(commerce, options.org);
        const entry = await commerce.billing.redeem(cliActor, organization.id, code);
        process.stdout.write(
          `redeemed ${formatAmount(entry.amount)} for '${organization.name}'; balance ${formatAmount(entry.balanceAfter)}\n`,
        );
      });
    });

  const usage = program.command('usage').description('Usage records, exports and statements');
  usageOptions(usage.command('list'))
    .option('--json', 'print JSON')
    .action(async (options: UsageOptions & { json?: boolean }) => {
      await withCommerce(async (commerce) => {
        const orgId = options.org ? (await findOrganization(commerce, options.org)).id : undefined;
        const records = await commerce.billing.listUsage(cliActor, {
          orgId,
          from: options.from,
          to: options.to,
          keyId: options.key,
          model: options.model,
          limit: options.limit ?? 50,
        });
        if (options.json) return printJson(records);
        printTable(
          records.map((record) => ({
            time: new Date(record.createdAt).toISOString(),
            request: record.requestId,
            model: record.model,
            status: record.status,
            prompt: record.promptTokens,
            completion: record.completionTokens,
            cost: formatAmount(record.cost),
            charged: formatAmount(record.charged),
          })),
        );
      });
    });
  usageOptions(usage.command('export'))
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: UsageOptions & { format: 'csv' | 'json'; out?: string }) => {
      await withCommerce(async (commerce) => {
        const orgId = options.org ? (await findOrganization(commerce, options.org)).id : undefined;
        const text = await commerce.billing.exportUsage(cliActor, options.format === 'json' ? 'json' : 'csv', {
          orgId,
          from: options.from,
          to: options.to,
          keyId: options.key,
          model: options.model,
          limit: options.limit,
        });
        if (options.out) writeFileSync(options.out, text);
        else process.stdout.write(text);
      });
    });
  usage
    .command('statement')
    .requiredOption('--org <name>', 'organization')
    .requiredOption('--month <YYYY-MM>', 'month (UTC)')
    .action(async (options: { org: string; month: string }) => {
      await withCommerce(async (commerce) =>
        printJson(
          await commerce.billing.statement(cliActor, (await findOrganization(commerce, options.org)).id, options.month),
        ),
      );
    });
}
