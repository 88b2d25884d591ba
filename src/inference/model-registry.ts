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
  deployments: Deployment[];
  /** Where the model came from: the config file, a hosted preset, local discovery, the simulator. */
  source: 'config' | 'preset' | 'discovery' | 'simulator';
}

/**
 * The live set of models. Lookups are a Map get on the hot path; replacing an entry takes
 * effect for the next request without a restart (admin changes, discovery).
 */
export class ModelRegistry {
  private readonly entries = new Map<string, ModelEntry>();

  constructor(entries: Iterable<ModelEntry> = []) {
    for (const entry of entries) this.entries.set(entry.id, entry);
  }

  get(id: string): ModelEntry | undefined {
    return this.entries.get(id);
  }

  list(): ModelEntry[] {
    return [...this.entries.values()].sort((left, right) => left.id.localeCompare(right.id));
  }

  set(entry: ModelEntry): void {
    this.entries.set(entry.id, entry);
  }

  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  /** Every deployment of every model. */
  deployments(): Deployment[] {
    return [...this.entries.values()].flatMap((entry) => entry.deployments);
  }

  findDeployment(id: string): Deployment | undefined {
    return this.deployments().find((deployment) => deployment.id === id);
  }
}
