import type { Logger } from 'pino';
import type { ChannelCreate, ChannelModel, ChannelPatch, ChannelView } from '../api-contract/channels.ts';
import type { Deployment } from '../inference/deployment.ts';
import type { ModelEntry } from '../inference/model-registry.ts';
import { findPreset, providerPresets } from '../providers/presets/index.ts';
import type { Store } from '../store/database.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import type { AuditTrail } from '../observability/audit-trail.ts';
import { conflict, forbidden, invalidRequest, notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import type { SecretBox } from '../util/secret-box.ts';
import type { RegistryInputs } from './build-model-registry.ts';
import { openChannelKey, sealChannelKeys } from './channel-keys.ts';
import {
  channelDeployments,
  channelModelEntry,
  channelProvider,
  type OpenedKey,
  type PublishedChannel,
} from './channel-publisher.ts';
import { ChannelRepository, type StoredChannel, type StoredChannelKey } from './channel-repository.ts';
import { testChannel, type ChannelTestOutcome } from './channel-tester.ts';
import { baseChannelView, liveChannelView, publicChannel } from './channel-views.ts';
import type { ModelComposer } from './model-composer.ts';
import type { ProviderInstance } from './provider-registry.ts';

const VERSION_KEY = 'channels.version';

export interface ChannelAdminOptions {
  store: Store;
  composer: ModelComposer;
  /** The registry inputs; live channels join `inputs.providers` so `models apply` can name them. */
  inputs: RegistryInputs;
  /** The providers of kaiyuan.yaml, presets, discovery and the simulator: read-only channels. */
  baseProviders: readonly ProviderInstance[];
  /** The secret box; resolved on first use (a missing master key is an error only when a key is stored). */
  secretBox: () => SecretBox;
  audit: AuditTrail;
  logger: Logger;
  /** Tells the other replicas at once (control-plane bus); they also poll the version. */
  notify?: () => void;
  /** Called after live channels were republished (rebuilds run-time models that name them). */
  onPublished?: () => void;
  /** Whether a model has a public price (refuses publishing an unpriced model); absent: no check. */
  hasPrice?: (model: string) => boolean;
  /** Whether a cost price in this currency can be turned into the billing currency (a rate is configured). */
  hasRateFor?: (currency: 'CNY' | 'USD') => boolean;
}

/**
 * Upstream channels managed at run time (decision 015): stored with their keys sealed, published
 * to the request path on this replica at once and on the others through the control-plane bus
 * (Redis pub/sub when configured) or, at the latest, the next poll of the version.
 */
export class ChannelAdmin {
  private readonly repository: ChannelRepository;
  private readonly settings: SettingsRepository;
  private published = new Map<string, PublishedChannel>();
  private broken = new Map<string, string>();
  private appliedVersion = '';
  private syncing: Promise<void> | null = null;
  private pending = false;

  constructor(private readonly options: ChannelAdminOptions) {
    this.repository = new ChannelRepository(options.store);
    this.settings = new SettingsRepository(options.store);
  }

  get repositoryForSecrets(): ChannelRepository {
    return this.repository;
  }

  /** Every channel: the live ones, then the read-only ones of the config, presets and discovery. */
  async list(): Promise<ChannelView[]> {
    const live = await this.repository.list();
    const keys = await this.repository.keys();
    const views = live.map((channel) =>
      liveChannelView(
        channel,
        keys.filter((key) => key.channelId === channel.id),
        this.deploymentsOf(channel.name),
        this.broken.get(channel.name) ?? null,
      ),
    );
    for (const instance of this.options.baseProviders) {
      views.push(baseChannelView(instance, this.options.composer.ownDeploymentsOf(instance.name)));
    }
    return views;
  }

  async get(name: string): Promise<ChannelView> {
    const view = (await this.list()).find((channel) => channel.name === name);
    if (!view) throw notFound(`There is no channel '${name}'.`, 'channel_not_found', 'name');
    return view;
  }

  async create(input: ChannelCreate, actor: string): Promise<ChannelView> {
    if (this.baseNames().has(input.name) || (await this.repository.findByName(input.name))) {
      throw conflict(`A channel named '${input.name}' exists already; choose another name.`, 'channel_exists');
    }
    const now = Date.now();
    const channel: StoredChannel = {
      id: newId('ch', 16),
      name: input.name,
      type: input.type ?? 'openai-compatible',
      preset: input.preset ?? null,
      baseUrl: input.baseUrl ?? null,
      models: input.models,
      tags: input.tags ?? [],
      weight: input.weight,
      priority: input.priority,
      maxConcurrency: input.maxConcurrency ?? null,
      timeouts: input.timeouts ?? {},
      enabled: input.enabled,
      createdAt: now,
      updatedAt: now,
    };
    this.validate(channel);
    const keys = input.apiKeys.length > 0 ? sealChannelKeys(this.box(), channel.id, input.apiKeys) : [];
    await this.repository.insert(channel, keys);
    await this.changed();
    const view = await this.get(channel.name);
    await this.options.audit.record({
      actor,
      action: 'channel.create',
      targetType: 'channel',
      targetId: channel.name,
      after: publicChannel(view),
    });
    return view;
  }

  async update(name: string, patch: ChannelPatch, actor: string): Promise<ChannelView> {
    const channel = await this.requireLive(name);
    const before = publicChannel(await this.get(name));
    const next: StoredChannel = {
      ...channel,
      type: patch.type ?? channel.type,
      preset: patch.preset === undefined ? channel.preset : patch.preset,
      baseUrl: patch.baseUrl === undefined ? channel.baseUrl : patch.baseUrl,
      models: patch.models ?? channel.models,
      tags: patch.tags ?? channel.tags,
      weight: patch.weight ?? channel.weight,
      priority: patch.priority ?? channel.priority,
      maxConcurrency: patch.maxConcurrency === undefined ? channel.maxConcurrency : patch.maxConcurrency,
      timeouts: patch.timeouts ?? channel.timeouts,
      enabled: patch.enabled ?? channel.enabled,
      updatedAt: Date.now(),
    };
    this.validate(next);
    const existing = await this.repository.keys(channel.id);
    const removeIds = patch.apiKeys ? existing.map((key) => key.id) : (patch.removeKeys ?? []);
    for (const id of patch.removeKeys ?? []) {
      if (!existing.some((key) => key.id === id))
        throw notFound(`The channel '${name}' has no key '${id}'.`, 'channel_key_not_found', 'removeKeys');
    }
    const added = [...(patch.apiKeys ?? []), ...(patch.addApiKeys ?? [])];
    const start = Math.max(-1, ...existing.map((key) => key.position)) + 1;
    const add = added.length > 0 ? sealChannelKeys(this.box(), channel.id, added, start) : [];
    await this.repository.update(next, { add, removeIds });
    await this.changed();
    const view = await this.get(name);
    await this.options.audit.record({
      actor,
      action: 'channel.update',
      targetType: 'channel',
      targetId: name,
      before,
      after: publicChannel(view),
    });
    return view;
  }

  async remove(name: string, actor: string): Promise<void> {
    const channel = await this.requireLive(name);
    const before = publicChannel(await this.get(name));
    await this.repository.delete(channel.id);
    await this.changed();
    await this.options.audit.record({ actor, action: 'channel.delete', targetType: 'channel', targetId: name, before });
  }

  /**
   * A real small request through every key of the channel (and its model list); a key that
   * passes is put back into rotation.
   */
  async test(name: string, model: string | undefined, actor: string): Promise<ChannelTestOutcome> {
    const channel = await this.requireLive(name);
    const keys = await this.repository.keys(channel.id);
    const opened = this.openKeys(channel, keys);
    const outcome = await testChannel(channel, opened, model);
    let restored = 0;
    for (const result of outcome.keys) {
      const key = keys.find((candidate) => candidate.id === result.id);
      if (key && result.ok && key.status === 'rejected') {
        await this.repository.setKeyStatus(key.id, 'active', null);
        restored++;
      } else if (key && !result.ok && result.rejected && key.status === 'active') {
        await this.repository.setKeyStatus(key.id, 'rejected', result.error);
        restored++;
      }
    }
    if (restored > 0) await this.changed();
    await this.options.audit.record({
      actor,
      action: 'channel.test',
      targetType: 'channel',
      targetId: name,
      after: { ok: outcome.ok, latency_ms: outcome.latency_ms, error: outcome.error },
    });
    return outcome;
  }

  /** Applies the stored channels when another replica (or this one) changed them. */
  async sync(): Promise<void> {
    // One sync at a time; a request for another while one runs runs once more after it.
    if (this.syncing) {
      this.pending = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.pending = false;
        const version = (await this.settings.get(VERSION_KEY)) ?? '';
        if (version === this.appliedVersion && this.appliedVersion !== '') continue;
        await this.republish();
        this.appliedVersion = version;
      } while (this.pending);
    })().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  /** The stored channel, or a readable error (a channel of kaiyuan.yaml is read-only). */
  private async requireLive(name: string): Promise<StoredChannel> {
    const channel = await this.repository.findByName(name);
    if (channel) return channel;
    if (this.baseNames().has(name)) {
      throw forbidden(
        `The channel '${name}' is defined by kaiyuan.yaml, a preset key or discovery and is read-only here; change it there (or its models with \`kaiyuan models apply\`).`,
        'channel_read_only',
        'name',
      );
    }
    throw notFound(`There is no channel '${name}'.`, 'channel_not_found', 'name');
  }

  private validate(channel: StoredChannel): void {
    if (channel.preset !== null) {
      const preset = findPreset(channel.preset);
      if (!preset) {
        throw invalidRequest(
          `Unknown preset '${channel.preset}'; known: ${Object.keys(providerPresets).sort().join(', ')}.`,
          'preset',
          'unknown_preset',
        );
      }
      channel.type = preset.protocol;
    }
    if (!channel.baseUrl && !channel.preset) {
      throw invalidRequest('A channel needs a baseUrl (or a preset that has one).', 'baseUrl');
    }
    const names = new Set<string>();
    for (const model of channel.models) {
      if (names.has(model.name))
        throw invalidRequest(`The model '${model.name}' is listed twice.`, 'models', 'duplicate_model');
      names.add(model.name);
      if (model.cost && this.options.hasRateFor && !this.options.hasRateFor(model.cost.currency)) {
        throw invalidRequest(
          `The cost price of '${model.name}' is in ${model.cost.currency}, which has no exchange rate: set commerce.exchangeRates.${model.cost.currency} in kaiyuan.yaml, or give the cost in the billing currency.`,
          'models',
          'missing_exchange_rate',
        );
      }
      if (this.options.hasPrice && !this.options.composer.ownEntry(model.name) && !this.options.hasPrice(model.name)) {
        throw invalidRequest(
          `The model '${model.name}' is not published yet and has no price: give it a price (commerce.prices in kaiyuan.yaml, or --price-input/--price-output) or map the channel to a priced model.`,
          'models',
          'model_without_price',
        );
      }
    }
  }

  /** Records a change: bump the version, republish here, tell the other replicas. */
  private async changed(): Promise<void> {
    await this.settings.set(VERSION_KEY, `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    await this.sync();
    this.options.notify?.();
  }

  private async republish(): Promise<void> {
    const { inputs, composer, logger } = this.options;
    const channels = await this.repository.list();
    const keys = await this.repository.keys();
    const previousDeployments = new Map(
      [...this.published.values()]
        .flatMap((entry) => entry.deployments)
        .map((deployment) => [deployment.id, deployment]),
    );
    const next = new Map<string, PublishedChannel>();
    const broken = new Map<string, string>();
    const baseNames = this.baseNames();
    for (const channel of channels) {
      if (baseNames.has(channel.name)) {
        broken.set(channel.name, `shadowed by the provider '${channel.name}' of kaiyuan.yaml, which wins`);
        logger.warn(
          { channel: channel.name },
          'a live channel has the name of a provider of kaiyuan.yaml; the file wins',
        );
        continue;
      }
      try {
        const opened = this.openKeys(
          channel,
          keys.filter((key) => key.channelId === channel.id),
        );
        const { instance, keys: pooled } = channelProvider(channel, opened, (key, reason) =>
          this.keyRejected(channel, key.id, key.hint, reason),
        );
        const commerce = inputs.config.commerce;
        const deployments = channelDeployments(channel, instance, inputs.circuit, previousDeployments, (currency) =>
          currency === commerce.currency ? 1 : (commerce.exchangeRates[currency] ?? 1),
        );
        next.set(channel.name, { channel, instance, keys: pooled, deployments });
      } catch (error) {
        broken.set(channel.name, (error as Error).message);
        logger.error({ channel: channel.name, err: error }, 'a live channel cannot be published');
      }
    }
    // Swap the live providers in the inputs that run-time models are built from.
    const providers = inputs.providers as ProviderInstance[];
    for (let index = providers.length - 1; index >= 0; index--)
      if (providers[index]!.source === 'live') providers.splice(index, 1);
    for (const entry of next.values()) providers.push(entry.instance);

    const byModel = new Map<string, Deployment[]>();
    for (const entry of next.values()) {
      for (const deployment of entry.deployments) {
        const list = byModel.get(deployment.model) ?? [];
        list.push(deployment);
        byModel.set(deployment.model, list);
      }
    }
    const entries = new Map<string, ModelEntry>();
    for (const [model, deployments] of byModel) entries.set(model, channelModelEntry(inputs, model, deployments));
    composer.setChannels(byModel, entries);
    const old = this.published;
    this.published = next;
    this.broken = broken;
    this.options.onPublished?.();
    // Connection pools of replaced providers close once their calls in flight are done.
    for (const entry of old.values()) {
      const timer = setTimeout(() => void entry.instance.close?.().catch(() => undefined), 60_000);
      timer.unref();
    }
  }

  private keyRejected(channel: StoredChannel, keyId: string, hint: string, reason: string): void {
    this.options.logger.warn({ channel: channel.name, key: hint, reason }, 'the upstream refused a key of a channel');
    void this.repository.setKeyStatus(keyId, 'rejected', reason).catch(() => undefined);
  }

  private openKeys(channel: StoredChannel, keys: StoredChannelKey[]): OpenedKey[] {
    if (keys.length === 0) return [];
    const box = this.box();
    return keys.map((key) => ({ key, secret: openChannelKey(box, key) }));
  }

  private box(): SecretBox {
    return this.options.secretBox();
  }

  private baseNames(): Set<string> {
    return new Set(this.options.baseProviders.map((provider) => provider.name));
  }

  private deploymentsOf(name: string): Deployment[] {
    return this.published.get(name)?.deployments ?? [];
  }
}

export type { ChannelModel };
