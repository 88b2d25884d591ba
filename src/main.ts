import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { sql } from 'kysely';
import type { PasswordHasher } from './accounts/password-hashing.ts';
import type { KaiyuanConfig } from './config/config-schema.ts';
import { loadConfig } from './config/load-config.ts';
import type { AppServices } from './http/app-services.ts';
import { buildApp } from './http/app.ts';
import { createChannels } from './channels/create-channels.ts';
import { PrometheusMetrics } from './inference/prometheus-metrics.ts';
import { openGatekeeper } from './inference/gateway-hooks.ts';
import { InferenceService } from './inference/inference-service.ts';
import { createRoutingState } from './inference/create-routing-state.ts';
import { primaryLink } from './cluster/primary-link.ts';
import { ClusterRequestLogSink } from './cluster/cluster-request-log-sink.ts';
import { ClusterUsageWriter } from './cluster/cluster-usage-writer.ts';
import { primaryWritesMetering } from './cluster/metering-owner.ts';
import { openStore, type Store } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';
import { KaiyuanError } from './util/errors.ts';
import { createLogger } from './util/logger.ts';
import { createCommerce } from './billing/create-commerce.ts';
import { ModelSquareService } from './billing/model-square.ts';
import { SettingsRepository } from './store/settings-repository.ts';
import { createDataWorkbench } from './data/data-workbench.ts';
import { createJobRunner } from './jobs/create-job-runner.ts';
import { createLabelingService } from './labeling/create-labeling.ts';
import { createPayments } from './payments/create-payments.ts';
import { ResponseStore } from './client-apis/openai-responses/response-store.ts';
import { ResponsesService } from './client-apis/openai-responses/responses-service.ts';
import { schedulePackageExpiry } from './billing/packages/package-expiry-job.ts';
import { BatchService, registerBatchJobs } from './batches/batch-service.ts';
import { createRequestLog } from './observability/create-request-log.ts';

export interface PlatformOptions {
  /** The environment the config is read with (default: the process's); unused when `config` is given. */
  environment?: Record<string, string | undefined>;
  cwd?: string;
  /** A config object to use instead of reading kaiyuan.yaml (tests). */
  config?: KaiyuanConfig;
  logger?: Logger;
  /**
   * For a one-off command (CLI) rather than the server: no first-start admin token, no health
   * checks and no polling for model changes (they are read once).
   */
  command?: boolean;
  /** Shards a BullMQ worker of this process runs at once. */
  shardConcurrency?: number;
  /** Console password hashing; default scrypt at the production cost (in-process tests pass a cheap one). */
  passwordHasher?: PasswordHasher;
  /**
   * False for all workers of `kaiyuan serve --workers N` but the first: the work a server does once
   * (resuming queued jobs, supervising batches, package expiry, payment reconciliation) stays with
   * one process. Default true.
   */
  singletonWork?: boolean;
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
  const config = options.config ?? loadConfig(options.environment, options.cwd).config;
  const logger = options.logger ?? createLogger(config.logging.level);
  const primary = options.command ? null : primaryLink();
  const background = !options.command && options.singletonWork !== false;
  // A worker on SQLite leaves metering to the primary, the server's one writer (decision 032); the
  // primary's connection checkpoints the WAL too.
  const meteringLink = primary && primaryWritesMetering(config.database.url) ? primary : null;
  const store = openStore({
    url: config.database.url,
    dataDir: config.dataDir,
    backgroundCheckpoints: !options.command && !meteringLink,
  });
  await migrateToLatest(store);

  const commerce = config.commerce.enabled
    ? await createCommerce({
        store,
        config,
        logger,
        adminToken: config.secrets.adminToken,
        ensureAdminToken: !options.command,
        passwordHasher: options.passwordHasher,
        primary,
        noticesEveryMs: options.command ? null : undefined,
        usageWriter: meteringLink ? new ClusterUsageWriter(meteringLink) : undefined,
      })
    : null;
  const payments = commerce
    ? createPayments({
        store,
        config,
        billing: commerce.billing,
        packages: commerce.packages,
        logger,
        reconcileInBackground: background,
      })
    : null;
  const channels = await createChannels({
    config,
    store,
    logger,
    command: options.command,
    primary,
    hasPrice: commerce ? (model) => commerce.priceLookup.priceOf(model) !== null : undefined,
    hasRateFor: commerce ? (currency) => commerce.pricing.current().hasRateFor(currency) : undefined,
  });
  const models = channels.models;
  const { queue, maxAttempts, budgetMs, backoffBaseMs, backoffMaxMs } = config.routing;
  const retry = { maxAttempts, budgetMs, backoffBaseMs, backoffMaxMs };
  const gatekeeper = commerce?.gatekeeper ?? openGatekeeper;
  const metrics: PrometheusMetrics = new PrometheusMetrics(models, (model): number => inference.queueDepth(model));
  const routingState = await createRoutingState(config.redis.url, logger);
  const requestLog = createRequestLog(
    store,
    config,
    logger,
    meteringLink ? new ClusterRequestLogSink(meteringLink) : undefined,
  );
  const inference: InferenceService = new InferenceService(
    models,
    gatekeeper,
    logger,
    metrics,
    retry,
    queue,
    routingState,
    {
      priceOf: (model) => commerce?.priceLookup.priceOf(model) ?? null,
      cacheAffinity: config.routing.cacheAffinity,
      planFallbacks: commerce ? (planId, model) => commerce.plans.fallbacksFor(planId, model) : undefined,
      deploymentNaming: config.routing.deploymentHeaders,
      requestLog: requestLog.log,
    },
  );
  await channels.start();

  // Background jobs (in-process, or BullMQ with redis.url; jobs.workerInServer false leaves them to `kaiyuan worker`).
  const jobs = createJobRunner(store, config, logger, {
    shardConcurrency: options.shardConcurrency,
    resumeQueued: background,
  });
  requestLog.startPruning(jobs, !options.command);
  const dataWorkbench = createDataWorkbench(store, config, logger, jobs);
  const labeling = createLabelingService(store, config, jobs, inference, dataWorkbench, { models });
  const packageExpiry = commerce
    ? schedulePackageExpiry(
        jobs,
        { subscriptions: commerce.subscriptions, fallbackPlanId: config.signup.plan ?? config.commerce.defaultPlan },
        {
          schedule: background,
          onError: (error) => logger.warn({ err: error }, 'queueing the package expiry job failed'),
        },
      )
    : null;
  const responseStore = new ResponseStore(store, config.responses.retentionDays * 86_400_000);
  const responses = new ResponsesService(inference, responseStore, logger);
  const batches = new BatchService(store, config.batches, jobs, logger);
  registerBatchJobs(batches, jobs, inference, config.batches, logger);
  if (jobs.kind === 'in-process' || config.jobs.workerInServer) await jobs.startWorkers();
  // The server resumes batches whose runner is gone (a restart, a crashed worker); commands do not.
  if (background) batches.startSupervision();

  const services: AppServices = {
    config,
    store,
    logger,
    models,
    inference,
    authenticator: commerce?.authenticator ?? null,
    prices: commerce?.priceLookup ?? null,
    commerce: commerce ?? undefined,
    square: commerce
      ? new ModelSquareService({
          models,
          plans: commerce.plans,
          rules: () => commerce.pricing.current(),
          settings: new SettingsRepository(store),
          signupPolicy: () => commerce.signup.policy(),
          signupPlanId: commerce.plans.get(config.signup.plan ?? commerce.plans.defaultPlanId).id,
        })
      : undefined,
    addressLimiter: commerce?.limiter,
    modelAdmin: channels.modelAdmin,
    channelAdmin: channels.channelAdmin,
    audit: channels.audit,
    requestLog: requestLog.reader,
    requestLogSink: requestLog.log,
    metrics,
    dataWorkbench,
    jobs,
    labeling,
    payments: payments?.service,
    responses,
    batches,
    readinessChecks: [{ name: 'store', check: async () => void (await sql`select 1`.execute(store.db)) }],
  };
  const closers: Array<() => Promise<void>> = [
    () => store.close(),
    () => requestLog.close(),
    async () => packageExpiry?.stop(),
    async () => commerce?.close(),
    async () => payments?.close(),
    () => channels.stop(),
    () => routingState.close(),
    () => jobs.close(),
    () => batches.close(),
  ];
  return {
    config,
    store,
    logger,
    services,
    close: async () => {
      for (const close of closers.reverse())
        await close().catch((error) => logger.warn({ err: error }, 'close failed'));
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
  const { host, port, shutdownGraceMs } = platform.config.server;
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    // Nothing is served: release everything the platform started (jobs, health checks) and say why.
    await platform.close();
    throw listenError(error, host, port);
  }
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
    /**
     * Graceful shutdown: stop accepting (new requests get 503), let answers in flight (streams)
     * finish for up to `server.shutdownGraceMs`, cut what is left, then flush metering and close
     * the store.
     */
    close: async () => {
      const deadline = setTimeout(() => app.server.closeAllConnections(), shutdownGraceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
      }
      await platform.close();
    },
  };
}

/** A failed listen as one readable line: a taken port is the usual cause. */
function listenError(error: unknown, host: string, port: number): KaiyuanError {
  const code = (error as { code?: string }).code;
  const message =
    code === 'EADDRINUSE'
      ? `Port ${port} on ${host} is already in use (another Kaiyuan or another program listens there); stop it or set PORT to a free port.`
      : code === 'EACCES'
        ? `Not allowed to listen on ${host}:${port}; use a port above 1023 or run with the needed permission.`
        : `Could not listen on ${host}:${port}: ${(error as Error).message}`;
  return new KaiyuanError('listen_failed', message, { status: 500, type: 'server_error', cause: error });
}
