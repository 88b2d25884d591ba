import type { Logger } from 'pino';
import type { BillingAdministration } from '../billing/billing-admin.ts';
import type { PackageCatalog } from '../billing/packages/package-catalog.ts';
import type { Subscriptions } from '../billing/packages/subscriptions.ts';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import { secretBoxFromConfig } from '../config/master-key.ts';
import type { Store } from '../store/database.ts';
import { PaymentService } from './payment-service.ts';
import { PaymentSettings } from './payment-settings.ts';

export interface Payments {
  service: PaymentService;
  /** Stops the reconciliation timer. */
  close(): void;
}

/**
 * The payment service over the store and billing; the server (not a one-off command) also asks
 * the providers about open orders every `payments.reconcileIntervalSeconds`.
 */
export function createPayments(options: {
  store: Store;
  config: KaiyuanConfig;
  billing: BillingAdministration;
  /** Packages sold by payment order. */
  packages?: { catalog: PackageCatalog; subscriptions: Subscriptions } | null;
  logger: Logger;
  reconcileInBackground: boolean;
}): Payments {
  const { store, config, billing, logger } = options;
  const settings = new PaymentSettings(store, config.payments, () => secretBoxFromConfig(config));
  const service = new PaymentService({
    store,
    config: config.payments,
    currency: config.commerce.currency,
    settings,
    billing,
    packages: options.packages,
    logger,
  });
  let timer: NodeJS.Timeout | null = null;
  const seconds = config.payments.reconcileIntervalSeconds;
  if (options.reconcileInBackground && seconds > 0) {
    let running = false;
    timer = setInterval(() => {
      if (running) return;
      running = true;
      service
        .reconcile()
        .then((summary) => {
          if (summary.credited + summary.expired + summary.failed > 0) logger.info(summary, 'payments reconciled');
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'payments reconciliation failed'))
        .finally(() => {
          running = false;
        });
    }, seconds * 1000);
    timer.unref();
  }
  return {
    service,
    close: () => {
      if (timer) clearInterval(timer);
    },
  };
}
