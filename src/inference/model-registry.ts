import type { Capability, RoutingStrategy } from '../config/config-schema.ts';
import type { Deployment } from './deployment.ts';

/** A model as clients see it: metadata for /v1/models plus the deployments that serve it. */
export interface ModelEntry {
  id: string;
  name: string;
  ownedBy: string;
  created: number;
  contextLength: number | null;
  capabilities: readonly Capability[];
  license: string | null;
  parameters: string | null;
  description: string | null;
  strategy: RoutingStrategy;
  /** Models to fall back to, in order (empty: none). */
  fallbacks?: readonly string[];
  /** Whether a fallback may be pricier than this model. */
  fallbackToPricier?: boolean;
  deployments: Deployment[];
  /** Where the model came from: the config file, a hosted preset, local discovery, the simulator. */
  source: 'config' | 'preset' | 'discovery' | 'simulator' | 'channel';
}

/**
 * The seam between the control plane and the request path: the models and their deployments as
 * `channels/` last published them, which `inference/` routes over. The request path only reads
 * it — a Map lookup per request, never the store. The control plane replaces a model's entry as a
 * whole when it changes, so a request sees the old entry or the new one, never a mix; the live
 * state of a deployment (circuit, latency, in-flight calls) is the request path's to update.
 */
export interface ModelRegistry {
  get(id: string): ModelEntry | undefined;
  /** Every model, sorted by id. */
  list(): ModelEntry[];
  /** Every deployment of every model. */
  deployments(): Deployment[];
}
