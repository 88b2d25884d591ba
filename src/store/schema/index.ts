import type { AccountsTables } from './accounts-tables.ts';
import type { BatchTables } from './batch-tables.ts';
import type { BillingTables } from './billing-tables.ts';
import type { ChannelsTables } from './channels-tables.ts';
import type { CoreTables } from './core-tables.ts';
import type { DataTables } from './data-tables.ts';
import type { LabelingTables } from './labeling-tables.ts';
import type { NotificationTables } from './notification-tables.ts';
import type { PaymentsTables } from './payments-tables.ts';
import type { RequestLogTables } from './request-log-tables.ts';
import type { ResponsesTables } from './responses-tables.ts';
import type { SignupTables } from './signup-tables.ts';

/**
 * The whole database as Kysely sees it. Each area declares its tables in its own file here
 * and adds it to this intersection. Conventions for both SQLite and PostgreSQL:
 * timestamps are epoch milliseconds (bigint), booleans are integers 0/1, JSON is text,
 * money is an integer count of nano-units of the currency (1 CNY = 1e9).
 */
export type Database = CoreTables &
  DataTables &
  AccountsTables &
  BillingTables &
  LabelingTables &
  BatchTables &
  ChannelsTables &
  PaymentsTables &
  ResponsesTables &
  SignupTables &
  NotificationTables &
  RequestLogTables;
