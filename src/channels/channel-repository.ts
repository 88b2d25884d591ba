import type { ChannelModel } from '../api-contract/channels.ts';
import type { Store } from '../store/database.ts';
import { parseJsonColumn, parseStringList } from '../store/json-columns.ts';
import type { ChannelKeysTable, ChannelsTable } from '../store/schema/channels-tables.ts';

/** A live channel as stored (its keys apart, sealed). */
export interface StoredChannel {
  id: string;
  name: string;
  type: 'openai-compatible' | 'anthropic';
  preset: string | null;
  baseUrl: string | null;
  models: ChannelModel[];
  tags: string[];
  weight: number;
  priority: number;
  maxConcurrency: number | null;
  timeouts: Record<string, number>;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** An upstream key of a channel: only its sealed form and a masked hint are stored. */
export interface StoredChannelKey {
  id: string;
  channelId: string;
  position: number;
  sealed: string;
  hint: string;
  status: 'active' | 'rejected';
  statusReason: string | null;
  statusAt: number | null;
}

export type ChannelFields = Omit<StoredChannel, 'id' | 'createdAt' | 'updatedAt'>;

/**
 * The store of live channels and their sealed keys. It never sees a key in plain text: callers
 * seal before they write (channel-keys.ts), so this module is the pattern for any stored secret.
 */
export class ChannelRepository {
  constructor(private readonly store: Store) {}

  async list(): Promise<StoredChannel[]> {
    const rows = await this.store.db.selectFrom('channels').selectAll().orderBy('name').execute();
    return rows.map(channelFromRow);
  }

  async findByName(name: string): Promise<StoredChannel | null> {
    const row = await this.store.db.selectFrom('channels').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? channelFromRow(row) : null;
  }

  async keys(channelId?: string): Promise<StoredChannelKey[]> {
    let query = this.store.db.selectFrom('channel_keys').selectAll();
    if (channelId) query = query.where('channel_id', '=', channelId);
    const rows = await query.orderBy('channel_id').orderBy('position').execute();
    return rows.map(keyFromRow);
  }

  async insert(channel: StoredChannel, keys: StoredChannelKey[]): Promise<void> {
    await this.store.db.transaction().execute(async (transaction) => {
      await transaction.insertInto('channels').values(rowOf(channel)).execute();
      if (keys.length > 0) await transaction.insertInto('channel_keys').values(keys.map(keyRowOf)).execute();
    });
  }

  /** Replaces the channel's fields; `keys` (when given) adds and removes keys in the same transaction. */
  async update(channel: StoredChannel, keys?: { add: StoredChannelKey[]; removeIds: string[] }): Promise<void> {
    await this.store.db.transaction().execute(async (transaction) => {
      const { id, created_at: _created, ...fields } = rowOf(channel);
      await transaction.updateTable('channels').set(fields).where('id', '=', id).execute();
      if (keys?.removeIds.length)
        await transaction
          .deleteFrom('channel_keys')
          .where('channel_id', '=', id)
          .where('id', 'in', keys.removeIds)
          .execute();
      if (keys?.add.length) await transaction.insertInto('channel_keys').values(keys.add.map(keyRowOf)).execute();
    });
  }

  async delete(id: string): Promise<boolean> {
    return this.store.db.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('channel_keys').where('channel_id', '=', id).execute();
      const result = await transaction.deleteFrom('channels').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async setKeyStatus(keyId: string, status: StoredChannelKey['status'], reason: string | null): Promise<void> {
    await this.store.db
      .updateTable('channel_keys')
      .set({ status, status_reason: reason, status_at: Date.now() })
      .where('id', '=', keyId)
      .execute();
  }

  /** Writes a key's new sealed form (master-key rotation). */
  async reseal(keyId: string, sealed: string): Promise<void> {
    await this.store.db.updateTable('channel_keys').set({ sealed }).where('id', '=', keyId).execute();
  }
}

function channelFromRow(row: ChannelsTable): StoredChannel {
  return {
    id: row.id,
    name: row.name,
    type: row.type === 'anthropic' ? 'anthropic' : 'openai-compatible',
    preset: row.preset,
    baseUrl: row.base_url,
    models: parseJsonColumn<ChannelModel[]>(row.models, []),
    tags: parseStringList(row.tags),
    weight: Number(row.weight),
    priority: Number(row.priority),
    maxConcurrency: row.max_concurrency === null ? null : Number(row.max_concurrency),
    timeouts: parseJsonColumn<Record<string, number>>(row.timeouts, {}),
    enabled: Number(row.enabled) === 1,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function rowOf(channel: StoredChannel): ChannelsTable {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    preset: channel.preset,
    base_url: channel.baseUrl,
    models: JSON.stringify(channel.models),
    tags: JSON.stringify(channel.tags),
    weight: channel.weight,
    priority: channel.priority,
    max_concurrency: channel.maxConcurrency,
    timeouts: JSON.stringify(channel.timeouts),
    enabled: channel.enabled ? 1 : 0,
    created_at: channel.createdAt,
    updated_at: channel.updatedAt,
  };
}

function keyFromRow(row: ChannelKeysTable): StoredChannelKey {
  return {
    id: row.id,
    channelId: row.channel_id,
    position: Number(row.position),
    sealed: row.sealed,
    hint: row.hint,
    status: row.status === 'rejected' ? 'rejected' : 'active',
    statusReason: row.status_reason,
    statusAt: row.status_at === null ? null : Number(row.status_at),
  };
}

function keyRowOf(key: StoredChannelKey): ChannelKeysTable {
  return {
    id: key.id,
    channel_id: key.channelId,
    position: key.position,
    sealed: key.sealed,
    hint: key.hint,
    status: key.status,
    status_reason: key.statusReason,
    status_at: key.statusAt,
    created_at: Date.now(),
  };
}
