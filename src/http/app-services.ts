import type { PricingService } from '../billing/pricing/pricing-service.ts';
import type { MarginReports } from '../billing/margin-report.ts';
import type { PlanFallbacks } from '../inference/routing-overview.ts';
import type { RateLimiter } from '../limits/rate-limiter.ts';
import type { Logger } from 'pino';
import type { KaiyuanAuthenticator, SessionCredentials } from '../accounts/authenticator.ts';
import type { Principal } from '../accounts/principal.ts';
import type { AccountAdministration } from '../accounts/account-admin.ts';
import type { ConsoleAuthService } from '../accounts/console-auth-service.ts';
import type { SignupService } from '../accounts/signup/signup-service.ts';
import type { PackageSales } from '../billing/packages/package-sales.ts';
import type { NotificationLog } from '../accounts/signup/notification-log.ts';
import type { Subscriptions } from '../billing/packages/subscriptions.ts';
import type { BillingAdministration } from '../billing/billing-admin.ts';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import type { ChannelAdmin } from '../channels/channel-admin.ts';
import type { ModelAdmin } from '../channels/model-admin.ts';
import type { AuditTrail } from '../observability/audit-trail.ts';
import type { RequestLogReader } from '../observability/request-log-reader.ts';
import type { RequestLogSink } from '../inference/request-log-sink.ts';
import type { ModelRegistry } from '../inference/model-registry.ts';
import type { PrometheusMetrics } from '../inference/prometheus-metrics.ts';
import type { Store } from '../store/database.ts';
import type { DataWorkbench } from '../data/data-workbench.ts';
import type { JobRunner } from '../jobs/job-types.ts';
import type { LabelingService } from '../labeling/labeling-service.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { ResponsesService } from '../client-apis/openai-responses/responses-service.ts';
import type { ModelSquareService } from '../billing/model-square.ts';
import type { BatchService } from '../batches/batch-service.ts';

/** Resolves a bearer credential (API key, admin token) to a principal; null when unknown. */
export interface Authenticator {
  authenticate(token: string): Promise<Principal | null>;
  /** The principal of a bearer credential known without a lookup (cached), else undefined: then `authenticate`. */
  knownPrincipal?(token: string): Principal | undefined;
  /**
   * Resolves a console session cookie (used when a request has no bearer credential); throws 403
   * `csrf_failed` when a state-changing request lacks the matching x-csrf-token header.
   */
  authenticateSession?(credentials: SessionCredentials): Promise<Principal | null>;
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Prices of a model per million tokens, as the price book has them. */
export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
  currency: string;
  freeTier: boolean;
}

export interface PriceLookup {
  priceOf(model: string): ModelPrice | null;
}

/** Everything the HTTP layer may call. Built by main.ts; routes receive it and call services only. */
export interface AppServices {
  config: KaiyuanConfig;
  store: Store;
  logger: Logger;
  models: ModelRegistry;
  inference: InferenceService;
  /** Null runs /v1 without authentication (benchmark floor and core tests only). */
  authenticator: Authenticator | null;
  readinessChecks: ReadinessCheck[];
  /** Prices shown in /v1/models; null when no price book is loaded. */
  prices: PriceLookup | null;
  /** Run-time model and deployment changes (admin API). */
  modelAdmin?: ModelAdmin;
  /** Live upstream channels (admin API, console). */
  channelAdmin?: ChannelAdmin;
  /** The append-only trail of operator changes. */
  audit?: AuditTrail;
  /** The request log (GET /admin/v1/request-log). */
  requestLog?: RequestLogReader;
  /** Where the front door reports requests refused before the service saw them (401, 400); null: no log. */
  requestLogSink?: RequestLogSink | null;
  /** Prometheus metrics for GET /metrics. */
  metrics?: PrometheusMetrics;
  /** Accounts, billing and console sign-in (admin API, console auth routes); absent when not wired. */
  commerce?: CommerceServices;
  /** Data workbench (/v1/datasets…, /v1/jobs…); absent when not wired. */
  dataWorkbench?: DataWorkbench;
  /** Background jobs (in-process or BullMQ). */
  jobs?: JobRunner;
  /** Labeling projects, review, agreement, model assistance (/v1/labeling…); absent when not wired. */
  labeling?: LabelingService;
  /** Online top-up: orders, provider callbacks, refunds, receipts; absent without commerce. */
  payments?: PaymentService;
  /** The OpenAI Responses API (/v1/responses) with its stored responses; absent when not wired. */
  responses?: ResponsesService;
  /** Files and batches (/v1/files…, /v1/batches…); absent when not wired. */
  batches?: BatchService;
  /** The public model square (GET /console/api/square/models); absent without commerce. */
  square?: ModelSquareService;
  /** Counters of the per-address limits of unauthenticated routes (shared: Redis when set); default in memory. */
  addressLimiter?: RateLimiter;
}

/** What the admin and console-auth routes call (built by billing/create-commerce.ts). */
export interface CommerceServices {
  /** The same authenticator as AppServices.authenticator (API keys, admin token, sessions). */
  authenticator: KaiyuanAuthenticator;
  accounts: AccountAdministration;
  billing: BillingAdministration;
  consoleAuth: ConsoleAuthService;
  signup: SignupService;
  packages: PackageSales;
  subscriptions: Subscriptions;
  /** Versioned prices, plans and pricing rules; absent when not wired. */
  pricing?: PricingService;
  /** Operator economics (margin reports); absent when not wired. */
  marginReports?: MarginReports;
  /** The notices sent (account e-mails). */
  notifications: NotificationLog;
  /** The plans (their fallback lists show in the routing view). */
  plans?: { list(): PlanFallbacks[] };
}
