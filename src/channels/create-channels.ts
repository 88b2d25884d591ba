import type { Logger } from 'pino';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import { findCard } from '../config/model-catalog.ts';
import type { ModelRegistry } from '../inference/model-registry.ts';
import type { Store } from '../store/database.ts';
import { buildModelRegistry, type RegistryInputs } from './build-model-registry.ts';
import { HealthChecker } from './health-checker.ts';
import { discoverLocalProviders } from './local-discovery.ts';
import { ModelAdmin } from './model-admin.ts';
import { buildProviders } from './provider-registry.ts';

export interface ChannelsOptions {
  config: KaiyuanConfig;
  store: Store;
  logger: Logger;
  /** A one-off CLI command: stored model changes are read once, no polling, no health checks. */
  command?: boolean;
}

/** The control plane as the rest of the platform sees it. */
export interface Channels {
  /** What the request path reads (inference/model-registry.ts). */
  models: ModelRegistry;
  /** Run-time model and deployment changes (admin API, CLI). */
  modelAdmin: ModelAdmin;
  /** Applies the stored changes; a server then keeps polling them and runs health checks. */
  start(): Promise<void>;
  stop(): void;
}

/**
 * The control plane: upstream providers from the config, its keys and the presets, local engines
 * found by discovery, the models and deployments built from them and published to the request
 * path, run-time changes stored and shared by every replica, and health checks of idle deployments.
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
  const modelAdmin = new ModelAdmin(store, models, inputs, logger);
  const healthChecker = new HealthChecker(models, config.routing.healthCheck, logger);
  return {
    models,
    modelAdmin,
    async start() {
      if (options.command) return modelAdmin.sync();
      await modelAdmin.start();
      if (config.routing.healthCheck.enabled) healthChecker.start();
    },
    stop() {
      modelAdmin.stop();
      healthChecker.stop();
    },
  };
}
