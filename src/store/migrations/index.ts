import type { Migration } from 'kysely';
import { migration0001Core } from './0001-core.ts';
import { migration0002Accounts } from './0002-accounts.ts';
import { migration0003Billing } from './0003-billing.ts';
import { migration0004SqliteClusteredBilling } from './0004-sqlite-clustered-billing.ts';
import { migration0005UsageDebitsOnUsageRecords } from './0005-usage-debits-on-usage-records.ts';
import { migration0050ManagedModels } from './0050-managed-models.ts';
import { migration0100DataWorkbench } from './0100-data-workbench.ts';
import { migration0110JobPayloadVersion } from './0110-job-payload-version.ts';
import { migration0200Labeling } from './0200-labeling.ts';
import { migration0300Channels } from './0300-channels.ts';
import { migration0500Payments } from './0500-payments.ts';
import { migration0550Signup } from './0550-signup.ts';
import { migration0560Packages } from './0560-packages.ts';
import { migration0600StoredResponses } from './0600-stored-responses.ts';
import { migration0630FilesAndBatches } from './0630-files-and-batches.ts';
import { migration0700PriceVersions } from './0700-price-versions.ts';
import { migration0710RequestLog } from './0710-request-log.ts';
import { migration0711RequestLogOnUsageRecords } from './0711-request-log-on-usage-records.ts';
import { migration0740PackageOrders } from './0740-package-orders.ts';
import { migration0741NotificationLog } from './0741-notification-log.ts';
import { migration0760KeyRoutingOverrides } from './0760-key-routing-overrides.ts';
import { migration0780LabelingHistory } from './0780-labeling-history.ts';
import { migration0800ConsoleOrganizations } from './0800-console-organizations.ts';
import { migration0920Notices } from './0920-notices.ts';

/**
 * All migrations, by name; names sort in the order they run. Each area owns its range:
 * 0001–0099 core, accounts, billing and hardening; 0100–0199 data workbench; 0200–0299 labeling;
 * 0300–0349 channels; 0350–0399 routing; 0500–0549 payments; 0550–0599 sign-up and packages;
 * 0600–0629 stored responses (Responses API); 0630–0659 files and batches; 0700–0709 pricing
 * rules and margins; 0710–0719 request log; 0740–0749 package orders and the notification log; 0760–0769 routing
 * (per-key permissions); 0780–0789 labeling history and predictions; 0800–0809 console (house organization,
 * low-balance notices); 0920–0929 notices by e-mail (user language, quota notice marks).
 */
export const migrations: Record<string, Migration> = {
  '0001-core': migration0001Core,
  '0002-accounts': migration0002Accounts,
  '0003-billing': migration0003Billing,
  '0004-sqlite-clustered-billing': migration0004SqliteClusteredBilling,
  '0005-usage-debits-on-usage-records': migration0005UsageDebitsOnUsageRecords,
  '0050-managed-models': migration0050ManagedModels,
  '0100-data-workbench': migration0100DataWorkbench,
  '0110-job-payload-version': migration0110JobPayloadVersion,
  '0200-labeling': migration0200Labeling,
  '0300-channels': migration0300Channels,
  '0500-payments': migration0500Payments,
  '0550-signup': migration0550Signup,
  '0560-packages': migration0560Packages,
  '0600-stored-responses': migration0600StoredResponses,
  '0630-files-and-batches': migration0630FilesAndBatches,
  '0700-price-versions': migration0700PriceVersions,
  '0710-request-log': migration0710RequestLog,
  '0711-request-log-on-usage-records': migration0711RequestLogOnUsageRecords,
  '0740-package-orders': migration0740PackageOrders,
  '0741-notification-log': migration0741NotificationLog,
  '0760-key-routing-overrides': migration0760KeyRoutingOverrides,
  '0780-labeling-history': migration0780LabelingHistory,
  '0800-console-organizations': migration0800ConsoleOrganizations,
  '0920-notices': migration0920Notices,
};
