/** Sign-up, referrals and packages (see migrations/0550-signup.ts and 0560-packages.ts). Money in nano-units. */

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

export interface AccountTokensTable {
  id: string;
  /** SHA-256 hex of the token sent by e-mail. */
  token_hash: string;
  user_id: string;
  purpose: AccountTokenPurpose;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface InvitationCodesTable {
  code: string;
  org_id: string;
  created_at: number;
}

export interface ReferralsTable {
  invitee_org_id: string;
  referrer_org_id: string;
  code: string;
  /** Rewards fixed when the invitee signed up (nano-units). */
  invitee_reward: number;
  referrer_reward: number;
  created_at: number;
  rewarded_at: number | null;
  /** The ledger entry (the invitee's first paid credit) that triggered the rewards. */
  rewarded_by: string | null;
}

export interface PackagesTable {
  id: string;
  name: string;
  price: number;
  /** Credit (nano-units of the billing currency) the package includes. */
  credit: number;
  /** Tokens the package includes. */
  tokens: number;
  validity_days: number;
  /** JSON string[]: models covered (empty: every model the plan allows). */
  models: string;
  /** The plan a purchase moves the organization to (null: unchanged). */
  plan_id: string | null;
  /** JSON LimitSettings applied to the organization while the package is active. */
  limits: string;
  enabled: number;
  created_at: number;
}

export type SubscriptionState = 'active' | 'expired' | 'used_up';

export interface SubscriptionsTable {
  id: string;
  org_id: string;
  package_id: string;
  credit_left: number;
  tokens_left: number;
  starts_at: number;
  expires_at: number;
  auto_renew: number;
  state: SubscriptionState;
  /** Idempotency of the purchase (a retried purchase or paid order buys once). */
  purchase_key: string;
  created_at: number;
}

export interface SignupTables {
  account_tokens: AccountTokensTable;
  invitation_codes: InvitationCodesTable;
  referrals: ReferralsTable;
  packages: PackagesTable;
  subscriptions: SubscriptionsTable;
}
