/** Balances, ledger, usage, grants, redemption codes (see migrations/0003-billing.ts). Money in nano-units. */

export interface OrgBalancesTable {
  org_id: string;
  balance: number;
  /** Cumulative amount debited for usage (drives spend levels). */
  spent_total: number;
  updated_at: number;
}

/**
 * `payment`: an online payment order credited (idempotency key `payment:<order id>`);
 * `payment_refund`: the part of such a credit given back through the provider (negative).
 */
export type LedgerKind =
  | 'top_up'
  | 'redemption'
  | 'usage_debit'
  | 'refund'
  | 'adjustment'
  | 'grant'
  | 'package_purchase'
  | 'payment'
  | 'payment_refund';

export interface LedgerEntriesTable {
  id: string;
  org_id: string;
  kind: LedgerKind;
  /** Signed: credits positive, debits negative. */
  amount: number;
  balance_after: number;
  idempotency_key: string;
  description: string;
  created_at: number;
}

export interface UsageRecordsTable {
  request_id: string;
  org_id: string | null;
  key_id: string | null;
  user_id: string | null;
  endpoint: string;
  model: string;
  deployment_id: string | null;
  provider: string | null;
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  /** List price of the usage. */
  cost: number;
  /** What was debited from the balance (0 when the grant paid or nothing was billed). */
  charged: number;
  /** balance | grant | none */
  funding: string;
  latency_ms: number;
  ttft_ms: number | null;
  status: string;
  estimated: number;
  error_code: string | null;
  created_at: number;
  /** The batch the request belonged to (priced with the batch discount); null for real-time requests. */
  batch_id?: string | null;
  /** Prompt tokens written to an explicit upstream cache (part of prompt_tokens). */
  cache_write_tokens?: number;
  /** The price version (price_versions.id) that priced the request. */
  price_version?: number | null;
  /** What the upstream charged the operator for it (nano-units of the billing currency); null when unknown. */
  upstream_cost?: number | null;
  /** The organization's plan when it was served. */
  plan_id?: string | null;
  /**
   * The balance after this request's debit: set when the request posted a debit (its ledger entry
   * is this record, decision 045), even one capped to 0; null when it debited nothing.
   */
  balance_after?: number | null;
  /**
   * The request log's own fields, when this record carries its request's log entry (decision 047;
   * `log_http_status` is not null exactly then): the HTTP status the client got, the attempts, the
   * deployments tried (comma-separated), the upstream's error text (operator only), the client's
   * request id and address. Cleared past the request log's retention.
   */
  log_http_status?: number | null;
  log_attempts?: number | null;
  log_deployments_tried?: string | null;
  log_error_detail?: string | null;
  log_client_request_id?: string | null;
  log_client_ip?: string | null;
}

export interface PriceVersionsTable {
  id: number;
  created_at: number;
  /** Who made it: `config` (kaiyuan.yaml at start-up), `admin-token`, `user:<id>`. */
  actor: string;
  note: string | null;
  /** JSON of the effective PricingDocument. */
  document: string;
  /** JSON of the live edits over kaiyuan.yaml (PricingOverlay). */
  overlay: string;
  fingerprint: string;
}

export interface GrantUsageTable {
  org_id: string;
  /** YYYY-MM (UTC). */
  period: string;
  tokens: number;
}

export interface RedemptionCodesTable {
  id: string;
  /** SHA-256 hex of the code. */
  code_hash: string;
  batch_id: string;
  amount: number;
  created_at: number;
  expires_at: number | null;
  redeemed_org_id: string | null;
  redeemed_at: number | null;
}

export interface BillingTables {
  org_balances: OrgBalancesTable;
  /** Ledger entries other than usage debits (those live on their usage records). */
  ledger_entries: LedgerEntriesTable;
  /** The view of every ledger entry: `ledger_entries` and the usage records' debits (read only; migration 0005). */
  ledger: LedgerEntriesTable;
  usage_records: UsageRecordsTable;
  grant_usage: GrantUsageTable;
  redemption_codes: RedemptionCodesTable;
  price_versions: PriceVersionsTable;
}
