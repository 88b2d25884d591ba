/** Tenancy: organizations, users, API keys, console sessions (see migrations/0002-accounts.ts). */

export interface OrganizationsTable {
  id: string;
  name: string;
  plan_id: string;
  /** JSON LimitSettings overriding the plan's per-model limits (enterprise custom limits). */
  limits: string;
  /** JSON string[]: residency tags every key of the organization is restricted to (empty: none). */
  residency_tags: string;
  enabled: number;
  created_at: number;
  /** 1 for the operator's own organization: usage recorded, nothing charged (migration 0800). */
  house: number;
  /** Nano-units; a notice goes out when the balance falls below it (null: no notice). */
  low_balance_threshold: number | null;
  low_balance_notified_at: number | null;
}

export interface UsersTable {
  id: string;
  org_id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  role: string;
  password_hash: string;
  /** 1 when the user is a platform operator (all organizations). */
  is_operator: number;
  enabled: number;
  created_at: number;
  /** 1 for users who signed up themselves (sign-up grant after verification or approval). */
  self_registered: number;
  email_verified_at: number | null;
  /** When an operator approved the account (or it was verified by an SMS hook). */
  approved_at: number | null;
  /** The console language the user chose (zh-CN, en): notices by e-mail are written in it (null: both). */
  locale: string | null;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  user_id: string | null;
  name: string;
  /** Role the key acts with in its organization (owner/admin keys may use the admin API). */
  role: string;
  /** The first characters of the key, shown in listings. */
  prefix: string;
  /** SHA-256 hex of the whole key. */
  key_hash: string;
  /** JSON string[]; empty: every model the plan allows. */
  allowed_models: string;
  /** JSON string[]. */
  residency_tags: string;
  rpm: number | null;
  rpd: number | null;
  tpm: number | null;
  tpd: number | null;
  expires_at: number | null;
  enabled: number;
  created_at: number;
  revoked_at: number | null;
  /** 1: the key may send per-request routing overrides (x-kaiyuan-timeout-ms, …). */
  routing_overrides: number;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 hex of the session token. */
  token_hash: string;
  user_id: string;
  expires_at: number;
  created_at: number;
}

export interface AccountsTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
}
