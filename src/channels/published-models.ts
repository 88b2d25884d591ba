import type { Deployment } from '../inference/deployment.ts';
import type { ModelEntry, ModelRegistry } from '../inference/model-registry.ts';

/**
 * The models the control plane publishes to the request path (inference/model-registry.ts).
 * Lookups are a Map get on the hot path; replacing an entry takes effect for the next request
 * without a restart (admin changes, other replicas' changes, discovery).
 */
export class PublishedModels implements ModelRegistry {
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

  deployments(): Deployment[] {
    return [...this.entries.values()].flatMap((entry) => entry.deployments);
  }

  /** Publishes the entry, replacing the model's previous one. */
  set(entry: ModelEntry): void {
    this.entries.set(entry.id, entry);
  }

  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  findDeployment(id: string): Deployment | undefined {
    return this.deployments().find((deployment) => deployment.id === id);
  }
}
