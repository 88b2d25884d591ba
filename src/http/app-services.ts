import type { Logger } from 'pino';
import type { Principal } from '../accounts/principal.ts';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import type { ModelRegistry } from '../inference/model-registry.ts';
import type { Store } from '../store/database.ts';

/** Resolves a bearer credential (API key, admin token) to a principal; null when unknown. */
export interface Authenticator {
  authenticate(token: string): Promise<Principal | null>;
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
}
