import type { ApiKeyInfo } from '../api-contract/api-keys.ts';
import type { Store } from '../store/database.ts';
import type { ApiKeysTable } from '../store/schema/accounts-tables.ts';
import { notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import { parseStringList } from '../store/json-columns.ts';
import type { KeyLimits, Role } from './principal.ts';
import { generateApiKey, hashSecret, visiblePrefix } from './secret-tokens.ts';

/** An API key as stored (its hash aside): the API's resource without its `object` tag. */
export type ApiKey = Omit<ApiKeyInfo, 'object'>;

export interface NewApiKey {
  orgId: string;
  userId?: string | null;
  name: string;
  /** Default member. */
  role?: Role;
  allowedModels?: string[];
  residencyTags?: string[];
  limits?: KeyLimits;
  expiresAt?: number | null;
  routingOverrides?: boolean;
}

export interface ApiKeyChanges {
  name?: string;
  allowedModels?: string[];
  residencyTags?: string[];
  limits?: KeyLimits;
  expiresAt?: number | null;
  enabled?: boolean;
  routingOverrides?: boolean;
}

export function toApiKey(row: ApiKeysTable): ApiKey {
  const limits: KeyLimits = {};
  if (row.rpm !== null) limits.rpm = Number(row.rpm);
  if (row.rpd !== null) limits.rpd = Number(row.rpd);
  if (row.tpm !== null) limits.tpm = Number(row.tpm);
  if (row.tpd !== null) limits.tpd = Number(row.tpd);
  return {
    id: row.id,
    orgId: row.org_id,
    userId: row.user_id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    allowedModels: parseStringList(row.allowed_models),
    residencyTags: parseStringList(row.residency_tags),
    limits,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    enabled: row.enabled === 1,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    routingOverrides: Number(row.routing_overrides) === 1,
  };
}

export class ApiKeyRepository {
  constructor(private readonly store: Store) {}

  /** Creates a key; the plain key is returned here only and never stored. */
  async create(input: NewApiKey): Promise<{ key: string; apiKey: ApiKey }> {
    const key = generateApiKey();
    const row: ApiKeysTable = {
      id: newId('key'),
      org_id: input.orgId,
      user_id: input.userId ?? null,
      name: input.name,
      role: input.role ?? 'member',
      prefix: visiblePrefix(key),
      key_hash: hashSecret(key),
      allowed_models: JSON.stringify(input.allowedModels ?? []),
      residency_tags: JSON.stringify(input.residencyTags ?? []),
      rpm: input.limits?.rpm ?? null,
      rpd: input.limits?.rpd ?? null,
      tpm: input.limits?.tpm ?? null,
      tpd: input.limits?.tpd ?? null,
      expires_at: input.expiresAt ?? null,
      enabled: 1,
      created_at: Date.now(),
      revoked_at: null,
      routing_overrides: input.routingOverrides ? 1 : 0,
    };
    await this.store.db.insertInto('api_keys').values(row).execute();
    return { key, apiKey: toApiKey(row) };
  }

  async findByHash(keyHash: string): Promise<{ apiKey: ApiKey; keyHash: string } | null> {
    const row = await this.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst();
    return row ? { apiKey: toApiKey(row), keyHash: row.key_hash } : null;
  }

  async findById(id: string): Promise<ApiKey | null> {
    const row = await this.store.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async get(id: string): Promise<ApiKey> {
    const apiKey = await this.findById(id);
    if (!apiKey) throw notFound(`No API key '${id}'.`, 'api_key_not_found');
    return apiKey;
  }

  async hashOf(id: string): Promise<string | null> {
    const row = await this.store.db.selectFrom('api_keys').select('key_hash').where('id', '=', id).executeTakeFirst();
    return row?.key_hash ?? null;
  }

  async listByOrg(orgId: string | null): Promise<ApiKey[]> {
    let query = this.store.db.selectFrom('api_keys').selectAll().orderBy('created_at');
    if (orgId) query = query.where('org_id', '=', orgId);
    return (await query.execute()).map(toApiKey);
  }

  async update(id: string, changes: ApiKeyChanges): Promise<ApiKey> {
    const values: Partial<ApiKeysTable> = {};
    if (changes.name !== undefined) values.name = changes.name;
    if (changes.allowedModels !== undefined) values.allowed_models = JSON.stringify(changes.allowedModels);
    if (changes.residencyTags !== undefined) values.residency_tags = JSON.stringify(changes.residencyTags);
    if (changes.limits !== undefined) {
      values.rpm = changes.limits.rpm ?? null;
      values.rpd = changes.limits.rpd ?? null;
      values.tpm = changes.limits.tpm ?? null;
      values.tpd = changes.limits.tpd ?? null;
    }
    if (changes.expiresAt !== undefined) values.expires_at = changes.expiresAt;
    if (changes.enabled !== undefined) values.enabled = changes.enabled ? 1 : 0;
    if (changes.routingOverrides !== undefined) values.routing_overrides = changes.routingOverrides ? 1 : 0;
    if (Object.keys(values).length > 0)
      await this.store.db.updateTable('api_keys').set(values).where('id', '=', id).execute();
    return this.get(id);
  }

  /** Revokes for good: disabled and marked revoked. */
  async revoke(id: string): Promise<ApiKey> {
    await this.store.db
      .updateTable('api_keys')
      .set({ enabled: 0, revoked_at: Date.now() })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }
}
