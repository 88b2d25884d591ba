export interface ChannelsTable {
  id: string;
  name: string;
  /** The upstream protocol: openai-compatible or anthropic. */
  type: string;
  preset: string | null;
  base_url: string | null;
  /** JSON array of the channel's model mappings (public name, upstream id, cost price). */
  models: string;
  /** JSON array of region / residency tags. */
  tags: string;
  weight: number;
  priority: number;
  max_concurrency: number | null;
  /** JSON of partial timeouts in ms. */
  timeouts: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface ChannelKeysTable {
  id: string;
  channel_id: string;
  position: number;
  /** The upstream key sealed with the master key (util/secret-box.ts), bound to `channel:<id>:key:<key id>`. */
  sealed: string;
  /** A masked hint such as `sk-…a1b2`. */
  hint: string;
  /** `active`, or `rejected` after a 401/403/exhausted-quota answer, until a test passes. */
  status: string;
  status_reason: string | null;
  status_at: number | null;
  created_at: number;
}

export interface AuditLogTable {
  id: string;
  at: number;
  /** Who: `admin-token`, `user:<id>`, `cli`. */
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  /** JSON of the record before and after, secrets masked. */
  before: string | null;
  after: string | null;
}

export interface ChannelsTables {
  channels: ChannelsTable;
  channel_keys: ChannelKeysTable;
  audit_log: AuditLogTable;
}
