import { pino } from 'pino';
import type { Command } from 'commander';
import { createCommerce } from '../../billing/create-commerce.ts';
import { loadConfig } from '../../config/load-config.ts';
import { formatMinor } from '../../payments/payment-amounts.ts';
import { createPayments } from '../../payments/create-payments.ts';
import type { PaymentService } from '../../payments/payment-service.ts';
import { openStore } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { asCliError } from './command-support.ts';
import { cliActor, parseIntegerOption, printJson, printTable } from './commerce-cli-support.ts';

async function withPayments<T>(work: (payments: PaymentService) => Promise<T>): Promise<T> {
  const { config } = loadConfig();
  const store = openStore({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  const logger = pino({ level: 'silent' });
  let close = async () => {};
  try {
    await migrateToLatest(store);
    const commerce = await createCommerce({ store, config, logger, ensureAdminToken: false });
    close = () => commerce.close();
    const payments = createPayments({
      store,
      config,
      billing: commerce.billing,
      packages: commerce.packages,
      logger,
      reconcileInBackground: false,
    });
    return await work(payments.service);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

/** `kaiyuan payments reconcile | orders`. */
export function registerPaymentCommands(program: Command): void {
  const payments = program
    .command('payments')
    .description('Online top-up: orders and reconciliation with the providers');

  payments
    .command('reconcile')
    .description('Ask the payment providers about open orders: credit what was paid, expire what was not')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const summary = await withPayments((service) => service.reconcile());
      if (options.json) return printJson(summary);
      process.stdout.write(
        `checked ${summary.checked}, credited ${summary.credited}, expired ${summary.expired}, still open ${summary.open}, failed ${summary.failed}\n`,
      );
      if (summary.failed > 0) process.exitCode = 1;
    });

  payments
    .command('orders')
    .description('List payment orders (newest first)')
    .option('--org <id>', 'only this organization')
    .option('--state <state>', 'created | paid | credited | expired | refunded')
    .option('--search <text>', 'an order id, provider trade number or organization id')
    .option('--limit <n>', 'at most this many', parseIntegerOption('limit'))
    .option('--json', 'print JSON')
    .action(async (options: { org?: string; state?: string; search?: string; limit?: number; json?: boolean }) => {
      const orders = await withPayments((service) =>
        service.list(cliActor, {
          orgId: options.org,
          state: options.state as never,
          search: options.search,
          limit: options.limit,
        }),
      );
      if (options.json) return printJson(orders);
      printTable(
        orders.map((order) => ({
          id: order.id,
          org: order.orgId,
          provider: order.provider,
          amount: `${formatMinor(order.amountMinor)} ${order.currency}`,
          state: order.state,
          package: order.packageId ?? '',
          refunded: formatMinor(order.refundedMinor),
          created: new Date(order.createdAt).toISOString(),
        })),
      );
    });
}
