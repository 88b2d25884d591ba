import type { Deployment } from '../inference/deployment.ts';
import type { ModelEntry } from '../inference/model-registry.ts';
import type { PublishedModels } from './published-models.ts';

/**
 * Publishes every model as one entry (decision 015): the model's own definition — kaiyuan.yaml,
 * a preset, discovery, or a run-time `models apply` over them — plus the deployments that live
 * channels add to it. A model only live channels serve is published from their metadata. Each
 * publish replaces the entry whole, so a request sees the old entry or the new one.
 */
export class ModelComposer {
  private readonly own = new Map<string, ModelEntry>();
  private channelDeployments = new Map<string, Deployment[]>();
  private channelEntries = new Map<string, ModelEntry>();

  constructor(private readonly registry: PublishedModels) {
    for (const entry of registry.list()) this.own.set(entry.id, entry);
  }

  /** The model's own entry (without channel deployments). */
  ownEntry(id: string): ModelEntry | undefined {
    return this.own.get(id);
  }

  ownIds(): string[] {
    return [...this.own.keys()];
  }

  setOwn(entry: ModelEntry): void {
    this.own.set(entry.id, entry);
    this.publish(entry.id);
  }

  deleteOwn(id: string): void {
    this.own.delete(id);
    this.publish(id);
  }

  /** Whether a deployment was added by a live channel (edited through the channel, not the model). */
  isChannelDeployment(deployment: Deployment): boolean {
    return this.channelDeployments.get(deployment.model)?.includes(deployment) ?? false;
  }

  /** The deployments of the models' own entries on one provider (a channel of kaiyuan.yaml or a preset). */
  ownDeploymentsOf(provider: string): Deployment[] {
    return [...this.own.values()].flatMap((entry) =>
      entry.deployments.filter((deployment) => deployment.providerName === provider),
    );
  }

  channelDeploymentsOf(channel: string): Deployment[] {
    return [...this.channelDeployments.values()].flat().filter((deployment) => deployment.providerName === channel);
  }

  /** Replaces every live channel's deployments, and the entries of models only channels serve. */
  setChannels(deployments: Map<string, Deployment[]>, entries: Map<string, ModelEntry>): void {
    const touched = new Set([...this.channelDeployments.keys(), ...deployments.keys()]);
    this.channelDeployments = deployments;
    this.channelEntries = entries;
    for (const id of touched) this.publish(id);
  }

  private publish(id: string): void {
    const own = this.own.get(id);
    const extra = this.channelDeployments.get(id) ?? [];
    if (!own && extra.length === 0) this.registry.delete(id);
    else if (!own) this.registry.set({ ...this.channelEntries.get(id)!, deployments: extra });
    else if (extra.length === 0) this.registry.set(own);
    else this.registry.set({ ...own, deployments: [...own.deployments, ...extra] });
  }
}
