import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { KaiyuanConfig } from './config/config-schema.ts';
import { loadConfig } from './config/load-config.ts';
import type { AppServices } from './http/app-services.ts';
import { buildApp } from './http/app.ts';
import { findCard } from './config/model-catalog.ts';
import { buildModelRegistry } from './inference/build-model-registry.ts';
import { discoverLocalProviders } from './inference/local-discovery.ts';
import { HealthChecker } from './inference/health-checker.ts';
import { ModelAdmin } from './inference/model-admin.ts';
import { PrometheusMetrics } from './inference/prometheus-metrics.ts';
import { openGatekeeper } from './inference/gateway-hooks.ts';
import { InferenceService } from './inference/inference-service.ts';
import { buildProviders } from './inference/provider-registry.ts';
import { providerPresets } from './providers/presets/index.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';
import { createLogger } from './util/logger.ts';

type Environment = Record<string, string | undefined>;

export interface PlatformOptions {
  environment?: Environment;
  cwd?: string;
  /** A config object to use instead of reading kaiyuan.yaml (tests). */
  config?: KaiyuanConfig;
  logger?: Logger;
}

export interface Platform {
  config: KaiyuanConfig;
  store: Store;
  logger: Logger;
  services: AppServices;
  close(): Promise<void>;
}

/** The composition root: config → store → services. Nothing else lives here. */
export async function createPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const environment = options.environment ?? process.env;
  const config = options.config ?? loadConfig(environment, options.cwd).config;
  const logger = options.logger ?? createLogger(config.logging.level);
  const store = openStore({ url: config.database.url, dataDir: config.dataDir });
  await migrateToLatest(store);

  const providers = buildProviders(config, environment, providerPresets);
  const local = await discoverLocalProviders(config, new Set(providers.map((provider) => provider.name)), logger);
  providers.push(...local.providers);
  const { circuit, queue, healthCheck, ...retry } = config.routing;
  const registryInputs = { config, providers, findCard, circuit, discovered: local.discovered };
  const models = buildModelRegistry(registryInputs);
  const gatekeeper = openGatekeeper;
  const metrics: PrometheusMetrics = new PrometheusMetrics(models, (model): number => inference.queueDepth(model));
  const inference: InferenceService = new InferenceService(models, gatekeeper, logger, metrics, retry, queue);
  const modelAdmin = new ModelAdmin(store, models, registryInputs, logger);
  await modelAdmin.start();
  const healthChecker = new HealthChecker(models, healthCheck, logger);
  if (healthCheck.enabled) healthChecker.start();

  const services: AppServices = {
    config,
    store,
    logger,
    models,
    inference,
    authenticator: null,
    prices: null,
    modelAdmin,
    metrics,
    readinessChecks: [{ name: 'store', check: async () => void (await sql`select 1`.execute(store.db)) }],
  };
  const closers: Array<() => Promise<void>> = [
    () => store.close(),
    async () => modelAdmin.stop(),
    async () => healthChecker.stop(),
  ];
  return {
    config,
    store,
    logger,
    services,
    close: async () => {
      for (const close of closers.reverse()) await close().catch((error) => logger.warn({ err: error }, 'close failed'));
    },
  };
}

export interface RunningServer {
  app: FastifyInstance;
  platform: Platform;
  logger: Logger;
  /** Base URL the server listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: PlatformOptions = {}): Promise<RunningServer> {
  const platform = await createPlatform(options);
  const app = await buildApp(platform.services);
  const { host, port } = platform.config.server;
  const address = await app.listen({ host, port });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  platform.logger.info(
    { url, store: platform.store.description, models: platform.services.models.list().map((model) => model.id) },
    `Kaiyuan is listening on ${url}`,
  );
  return {
    app,
    platform,
    logger: platform.logger,
    url,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}
