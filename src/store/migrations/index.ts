import type { Migration } from 'kysely';
import { migration0001Core } from './0001-core.ts';
import { migration0002Accounts } from './0002-accounts.ts';
import { migration0003Billing } from './0003-billing.ts';
import { migration0004SqliteClusteredBilling } from './0004-sqlite-clustered-billing.ts';
import { migration0050ManagedModels } from './0050-managed-models.ts';
import { migration0100DataWorkbench } from './0100-data-workbench.ts';
import { migration0110JobPayloadVersion } from './0110-job-payload-version.ts';
import { migration0200Labeling } from './0200-labeling.ts';
import { migration0600StoredResponses } from './0600-stored-responses.ts';

/**
 * All migrations, by name; names sort in the order they run. Each area owns its files:
 * 0001–0099 core, accounts and billing; 0100–0199 data workbench; 0200–0299 labeling; 0600–0629 stored responses (Responses API).
 */
export const migrations: Record<string, Migration> = {
  '0001-core': migration0001Core,
  '0002-accounts': migration0002Accounts,
  '0003-billing': migration0003Billing,
  '0004-sqlite-clustered-billing': migration0004SqliteClusteredBilling,
  '0050-managed-models': migration0050ManagedModels,
  '0100-data-workbench': migration0100DataWorkbench,
  '0110-job-payload-version': migration0110JobPayloadVersion,
  '0200-labeling': migration0200Labeling,
  '0600-stored-responses': migration0600StoredResponses,
};
