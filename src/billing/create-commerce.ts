import { AuditTrail } from '../observability/audit-trail.ts';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AccountAdministration } from '../accounts/account-admin.ts';
import { ensureAdminToken } from '../accounts/admin-token.ts';
import { KaiyuanAuthenticator } from '../accounts/authenticator.ts';
import { ConsoleAuthService } from '../accounts/console-auth-service.ts';
import { SignInThrottle } from '../accounts/sign-in-throttle.ts';
import { LocalInvalidationBus, RedisInvalidationBus, type InvalidationBus } from '../accounts/invalidation-bus.ts';
import { PasswordHasher } from '../accounts/password-hashing.ts';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { BudgetGuard } from '../limits/budget-guard.ts';
import { MemoryBudgetGuard } from '../limits/memory-budget-guard.ts';
import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import type { AdmissionCounters } from '../limits/combined-counters.ts';
import { ClusterAdmission } from '../cluster/cluster-admission.ts';
import { ClusterBudgetGuard } from '../cluster/cluster-budget-guard.ts';
import { ClusterInvalidationBus } from '../cluster/cluster-invalidation-bus.ts';
import { ClusterRateLimiter } from '../cluster/cluster-rate-limiter.ts';
import { ClusterUsageWriter } from '../cluster/cluster-usage-writer.ts';
import type { PrimaryLink } from '../cluster/primary-link.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import { RedisBudgetGuard } from '../limits/redis-budget-guard.ts';
import { RedisRateLimiter } from '../limits/redis-rate-limiter.ts';
import type { Store } from '../store/database.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import { BillingAdministration } from './billing-admin.ts';
import { BillingGatekeeper, type SettlingUsageWriting } from './billing-gatekeeper.ts';
import { BillingProfiles } from './billing-profiles.ts';
import { Ledger } from './ledger.ts';
import { PlanCatalog } from './plan-catalog.ts';
import { PriceBook } from './price-book.ts';
import { UsageWriter } from './usage-writer.ts';
import type { UsageWriting } from './usage-write.ts';
import { PricingService } from './pricing/pricing-service.ts';
import { MissingExchangeRateError } from './pricing/rule-set.ts';
import { MarginReports } from './margin-report.ts';
import { SignupService } from '../accounts/signup/signup-service.ts';
import { SignUpGuard, siteVerifyCaptcha } from '../accounts/signup/sign-up-guard.ts';
import { createSmtpMailer, type Mailer } from '../accounts/signup/mailer.ts';
import { createProofOfWork } from '../accounts/signup/proof-of-work.ts';
import { loggedMailer, NotificationLog } from '../accounts/signup/notification-log.ts';
import { BalanceNotices } from './balance-notices.ts';
import { toNano } from './money.ts';
import { PackageCatalog } from './packages/package-catalog.ts';
import { PackageSales } from './packages/package-sales.ts';
import { PackageWallets } from './packages/package-wallets.ts';
import { Subscriptions } from './packages/subscriptions.ts';

export interface CommerceOptions {
  store: Store;
  config: KaiyuanConfig;
  logger: Logger;
  /** Shared limits, reservations and cache invalidation across replicas; default config.redis.url. */
  redisUrl?: string | null;
  /** Prefix of every Redis key and channel (tests use a unique one). */
  redisPrefix?: string;
  /** KAIYUAN_ADMIN_TOKEN: sets the admin token instead of generating one. */
  adminToken?: string;
  /** Where a generated admin token is shown once; default: stdout. */
  printAdminToken?: (token: string) => void;
  /** False for the CLI: only the server creates the first admin token. Default true. */
  ensureAdminToken?: boolean;
  /** Hashes console passwords; default scrypt at the production cost (tests pass a cheap one). */
  passwordHasher?: PasswordHasher;
  /** Sends account e-mails; default: SMTP when signup.smtp.url is set, else none. */
  mailer?: Mailer | null;
  /**
   * How often this process looks for low balances and used-up quotas to mail (with a mailer);
   * null: never (commands, tests that run rounds themselves). Default one minute.
   */
  noticesEveryMs?: number | null;
  /**
   * A worker of `kaiyuan serve --workers N`: without Redis, limits, reservations and cache
   * invalidation go through the primary that owns them (docs/decisions/025).
   */
  primary?: PrimaryLink | null;
  /** Metering through another writer than this process's (a worker whose primary writes for it, decision 032). */
  usageWriter?: UsageWriting;
}

/** Everything accounts, limits and billing offer the rest of the platform. */
export interface Commerce {
  authenticator: KaiyuanAuthenticator;
  gatekeeper: BillingGatekeeper;
  accounts: AccountAdministration;
  billing: BillingAdministration;
  consoleAuth: ConsoleAuthService;
  plans: PlanCatalog;
  prices: PriceBook;
  usageWriter: UsageWriting;
  /** Versioned prices, plans and pricing rules (admin edits, the version in force). */
  pricing: PricingService;
  marginReports: MarginReports;
  signup: SignupService;
  /** Notices sent (account e-mails), for the operator's and each organization's log. */
  notifications: NotificationLog;
  /** Low-balance and quota notices by e-mail; null without a mailer (no SMTP). */
  notices: BalanceNotices | null;
  packages: PackageSales;
  subscriptions: Subscriptions;
  /** Prices as /v1/models shows them (AppServices.prices). */
  priceLookup: {
    priceOf(
      model: string,
    ): { input: number; cachedInput: number; output: number; currency: string; freeTier: boolean } | null;
  };
  redis: Redis | null;
  /** The shared rate limiter (Redis when set): per-address limits of unauthenticated routes count in it too. */
  limiter: RateLimiter;
  /** Waits for queued usage writes, then closes Redis connections. */
  close(): Promise<void>;
}

/** Builds the commerce services over a migrated store (see docs/billing.md). */
export async function createCommerce(options: CommerceOptions): Promise<Commerce> {
  const { store, config, logger } = options;
  const redisUrl = options.redisUrl === undefined ? config.redis.url : options.redisUrl;
  const prefix = options.redisPrefix ?? 'kaiyuan:';
  const plans = new PlanCatalog(config.commerce);
  const prices = new PriceBook(config.commerce);
  // Currencies never mix without a configured rate: a cost price of kaiyuan.yaml in a currency
  // without one stops the start, naming the rate (live channels are checked when saved).
  for (const [model, settings] of Object.entries(config.models)) {
    for (const deployment of settings.deployments) {
      const currency = deployment.cost?.currency;
      if (currency && !prices.rules.hasRateFor(currency))
        throw new MissingExchangeRateError(
          currency,
          config.commerce.currency,
          `the cost of '${model}' on '${deployment.provider}'`,
        );
    }
  }

  let redis: Redis | null = null;
  let bus: InvalidationBus;
  let pricesBus: InvalidationBus;
  let limiter: RateLimiter;
  let budgets: BudgetGuard;
  // Counters and budgets in the primary (decision 039): admission in one call, settlement with the write.
  let admission: AdmissionCounters | undefined;
  let settlingUsage: SettlingUsageWriting | undefined;
  if (redisUrl) {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis error (limits and reservations)'));
    bus = new RedisInvalidationBus(redisUrl, `${prefix}credentials-invalidated`);
    pricesBus =
      options.ensureAdminToken === false
        ? new LocalInvalidationBus()
        : new RedisInvalidationBus(redisUrl, `${prefix}prices-changed`);
    limiter = new RedisRateLimiter(redis, `${prefix}rl:`);
    budgets = new RedisBudgetGuard(redis, `${prefix}budget:`);
  } else if (options.primary) {
    bus = new ClusterInvalidationBus(options.primary, 'credentials-invalidated');
    pricesBus = new ClusterInvalidationBus(options.primary, 'prices-changed');
    limiter = new ClusterRateLimiter(options.primary);
    const clusterBudgets = new ClusterBudgetGuard(options.primary);
    budgets = clusterBudgets;
    admission = new ClusterAdmission(options.primary, clusterBudgets);
    // The primary writes the metering too (SQLite): it applies the settlement once the write has committed.
    if (options.usageWriter instanceof ClusterUsageWriter) settlingUsage = options.usageWriter;
  } else {
    bus = new LocalInvalidationBus();
    pricesBus = new LocalInvalidationBus();
    limiter = new MemoryRateLimiter();
    budgets = new MemoryBudgetGuard();
  }

  const authenticator = new KaiyuanAuthenticator(store, bus);
  const { created } =
    options.ensureAdminToken === false
      ? { created: null }
      : await ensureAdminToken(new SettingsRepository(store), options.adminToken);
  if (created) {
    const print =
      options.printAdminToken ??
      ((token: string) => process.stdout.write(`\nKaiyuan admin token (shown once, store it safely):\n  ${token}\n\n`));
    print(created);
  }

  const pricing = new PricingService(store, config.commerce, prices, plans, () =>
    pricesBus.publish(`${process.pid}:${Date.now()}`),
  );
  let pricesPoll: NodeJS.Timeout | null = null;
  if (options.ensureAdminToken === false) {
    // Commands read the prices in force; only a server appends the version of a changed kaiyuan.yaml.
    await pricing.sync();
  } else {
    await pricing.start();
    const sync = () => void pricing.sync().catch((error) => logger.warn({ err: error }, 'price version sync failed'));
    pricesBus.subscribe(sync);
    pricesPoll = setInterval(sync, 2_000);
    pricesPoll.unref();
  }

  const ledger = new Ledger(store);
  const profiles = new BillingProfiles(store);
  const usageWriter = options.usageWriter ?? new UsageWriter(store);
  const wallets = new PackageWallets(store);
  const gatekeeper = new BillingGatekeeper({
    plans,
    prices,
    profiles,
    limiter,
    budgets,
    ledger,
    usage: usageWriter,
    estimateMargin: config.commerce.estimateMargin,
    packages: wallets,
    admission,
    settlingUsage,
    grantUsed: async (orgId, period) => {
      const row = await store.db
        .selectFrom('grant_usage')
        .select('tokens')
        .where('org_id', '=', orgId)
        .where('period', '=', period)
        .executeTakeFirst();
      return Number(row?.tokens ?? 0);
    },
  });

  const passwords = options.passwordHasher ?? new PasswordHasher();
  const audit = new AuditTrail(store);
  const billing = new BillingAdministration(store, plans, prices, budgets, profiles, audit);
  const balanceChanged = async (orgId: string, delta: number) => {
    const key = `balance:${orgId}`;
    budgets.begin(key);
    await budgets.commit(key, 0, -delta).catch(() => undefined);
  };
  const signupConfig = config.signup;
  const notifications = new NotificationLog(store);
  const transport =
    options.mailer !== undefined
      ? options.mailer
      : signupConfig.smtp.url
        ? createSmtpMailer(signupConfig.smtp.url, signupConfig.smtp.from)
        : null;
  const mailer =
    transport &&
    loggedMailer(transport, notifications, (error) =>
      logger.warn({ err: error }, 'writing the notification log failed'),
    );
  const publicUrl = (signupConfig.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/+$/, '');
  const notices = mailer
    ? new BalanceNotices({ store, mailer, plans, currency: config.commerce.currency, publicUrl, logger })
    : null;
  const noticesEveryMs = options.noticesEveryMs === undefined ? 60_000 : options.noticesEveryMs;
  let noticesTimer: NodeJS.Timeout | null = null;
  if (notices && noticesEveryMs !== null) {
    let running = false;
    noticesTimer = setInterval(() => {
      if (running) return;
      running = true;
      notices
        .runOnce()
        .catch((error: unknown) => logger.warn({ err: error }, 'a round of balance and quota notices failed'))
        .finally(() => (running = false));
    }, noticesEveryMs);
    noticesTimer.unref();
  }
  const proofOfWork = signupConfig.captcha
    ? null
    : createProofOfWork(signupConfig.proofOfWork, new SettingsRepository(store), limiter);
  const signup = new SignupService({
    store,
    config: signupConfig,
    settings: new SettingsRepository(store),
    passwords,
    guard: new SignUpGuard(
      signupConfig,
      limiter,
      signupConfig.captcha
        ? siteVerifyCaptcha(signupConfig.captcha.verifyUrl, signupConfig.captcha.secret)
        : (proofOfWork?.verifier() ?? null),
    ),
    proofOfWork,
    mailer,
    planId: plans.get(signupConfig.plan ?? plans.defaultPlanId).id,
    publicUrl,
    grantNano: toNano(signupConfig.grant),
    inviteeRewardNano: toNano(signupConfig.referral.inviteeReward),
    referrerRewardNano: toNano(signupConfig.referral.referrerReward),
    creditGrant: async (grant) => {
      const { entry, applied } = await billing.ledger.post({ ...grant, kind: 'grant' });
      if (applied) await balanceChanged(grant.orgId, entry.amount);
      return { applied };
    },
    onMailError: (error) => logger.warn({ err: error }, 'sending an account e-mail failed'),
  });
  const subscriptions = new Subscriptions(store, {
    balanceChanged,
    organizationChanged: (orgId) => {
      profiles.forget(orgId);
      wallets.forget(orgId);
    },
  });
  return {
    authenticator,
    gatekeeper,
    limiter,
    accounts: new AccountAdministration(store, plans, authenticator, passwords, audit),
    billing,
    signup,
    notifications,
    notices,
    packages: new PackageSales(new PackageCatalog(store, (planId) => plans.find(planId) !== null), subscriptions),
    subscriptions,
    consoleAuth: new ConsoleAuthService(
      store,
      authenticator,
      passwords,
      plans.defaultPlanId,
      new SignInThrottle(limiter, new SettingsRepository(store)),
    ),
    plans,
    prices,
    usageWriter,
    pricing,
    marginReports: new MarginReports(store, config.commerce.currency, config.commerce.timezone),
    priceLookup: {
      priceOf(model: string) {
        const price = prices.priceOf(model);
        return (
          price && {
            input: price.input,
            cachedInput: price.cachedInput ?? price.input,
            output: price.output,
            currency: price.currency,
            freeTier: price.freeTier,
          }
        );
      },
    },
    redis,
    async close() {
      if (pricesPoll) clearInterval(pricesPoll);
      if (noticesTimer) clearInterval(noticesTimer);
      await usageWriter.drain();
      await Promise.all([limiter.close(), budgets.close(), bus.close(), pricesBus.close()]);
      mailer?.close();
      redis?.disconnect();
    },
  };
}
