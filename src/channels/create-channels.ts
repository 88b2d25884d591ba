import type { Logger } from 'pino';
import { LocalInvalidationBus, RedisInvalidationBus, type InvalidationBus } from '../accounts/invalidation-bus.ts';
import { ClusterInvalidationBus } from '../cluster/cluster-invalidation-bus.ts';
import type { PrimaryLink } from '../cluster/primary-link.ts';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import { secretBoxFromConfig } from '../config/master-key.ts';
import { findCard } from '../config/model-catalog.ts';
import type { ModelRegistry } from '../inference/model-registry.ts';
import { AuditTrail } from '../observability/audit-trail.ts';
import type { Store } from '../store/database.ts';
import { invalidRequest } from '../util/errors.ts';
import type { SecretBox } from '../util/secret-box.ts';
import { buildModelRegistry, type RegistryInputs } from './build-model-registry.ts';
import { ChannelAdmin } from './channel-admin.ts';
import { HealthChecker } from './health-checker.ts';
import { discoverLocalProviders } from './local-discovery.ts';
import { ModelAdmin } from './model-admin.ts';
import { ModelComposer } from './model-composer.ts';
import { buildProviders } from './provider-registry.ts';

export interface ChannelsOptions {
  config: KaiyuanConfig;
  store: Store;
  logger: Logger;
  /** A one-off CLI command: stored model changes are read once, no polling, no health checks. */
  command?: boolean;
  /** A worker of `kaiyuan serve --workers N` without Redis: control-plane changes reach the other workers through the primary. */
  primary?: PrimaryLink | null;
  /** Whether a model has a public price; channels refuse to publish an unpriced model (absent: no check). */
  hasPrice?: (model: string) => boolean;
  /** Whether cost prices in a currency can be converted to the billing currency. */
  hasRateFor?: (currency: 'CNY' | 'USD') => boolean;
}

/** The control plane as the rest of the platform sees it. */
export interface Channels {
  /** What the request path reads (inference/model-registry.ts). */
  models: ModelRegistry;
  /** Run-time model and deployment changes (admin API, CLI). */
  modelAdmin: ModelAdmin;
  /** Live upstream channels (admin API, CLI, console). */
  channelAdmin: ChannelAdmin;
  /** The append-only trail of operator changes. */
  audit: AuditTrail;
  /** Applies the stored changes; a server then keeps polling them and runs health checks. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const pollIntervalMs = 2_000;

/**
 * The control plane: upstream providers from the config, its keys and the presets, local engines
 * found by discovery, live channels from the store, the models and deployments built from them
 * and published to the request path, run-time changes shared by every replica (a notice on the
 * control-plane bus — Redis pub/sub with `redis.url` — and a poll of the versions as a backstop),
 * and health checks of idle deployments.
 */
export async function createChannels(options: ChannelsOptions): Promise<Channels> {
  const { config, store, logger } = options;
  const providers = buildProviders(config);
  const local = await discoverLocalProviders(config, new Set(providers.map((provider) => provider.name)), logger);
  providers.push(...local.providers);
  const inputs: RegistryInputs = {
    config,
    providers,
    findCard,
    circuit: config.routing.circuit,
    discovered: local.discovered,
  };
  const models = buildModelRegistry(inputs);
  const composer = new ModelComposer(models);
  const bus: InvalidationBus =
    config.redis.url && !options.command
      ? new RedisInvalidationBus(config.redis.url, `${config.jobs.queuePrefix}:control-plane-changed`)
      : options.primary && !options.command
        ? new ClusterInvalidationBus(options.primary, 'control-plane-changed')
        : new LocalInvalidationBus();
  const notify = () => bus.publish(`${process.pid}:${Date.now()}`);
  const audit = new AuditTrail(store);
  const modelAdmin = new ModelAdmin(store, models, composer, inputs, logger, notify);
  const channelAdmin = new ChannelAdmin({
    store,
    composer,
    inputs,
    baseProviders: [...providers],
    secretBox: lazySecretBox(config),
    audit,
    logger,
    notify,
    onPublished: () => modelAdmin.reapply(),
    hasPrice: options.hasPrice,
    hasRateFor: options.hasRateFor,
  });
  const healthChecker = new HealthChecker(models, config.routing.healthCheck, logger);
  const syncAll = async () => {
    await channelAdmin.sync();
    await modelAdmin.sync();
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    models,
    modelAdmin,
    channelAdmin,
    audit,
    async start() {
      await syncAll();
      if (options.command) return;
      bus.subscribe(() => void syncAll().catch((error) => logger.warn({ err: error }, 'control-plane sync failed')));
      timer = setInterval(
        () => void syncAll().catch((error) => logger.warn({ err: error }, 'control-plane sync failed')),
        pollIntervalMs,
      );
      timer.unref();
      if (config.routing.healthCheck.enabled) healthChecker.start();
    },
    async stop() {
      if (timer) clearInterval(timer);
      healthChecker.stop();
      await bus.close();
    },
  };
}

/**
 * The secret box, made on first use. With a shared database (`database.url`) the master key must
 * be configured: a key file generated by one replica would not open secrets on another.
 */
function lazySecretBox(config: KaiyuanConfig): () => SecretBox {
  let box: SecretBox | null = null;
  return () => {
    if (box) return box;
    if (config.database.url && !config.secrets.masterKey) {
      throw invalidRequest(
        'Storing upstream keys with a shared database (DATABASE_URL) needs KAIYUAN_MASTER_KEY on every replica, so all of them open what one sealed; generate one with `kaiyuan secrets generate-key`.',
        'apiKeys',
        'master_key_required',
      );
    }
    box = secretBoxFromConfig(config);
    return box;
  };
}
