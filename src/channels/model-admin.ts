import type { Logger } from 'pino';
import type { DeploymentPatch } from '../api-contract/deployments.ts';
import { modelConfigSchema, type ModelConfig } from '../config/config-schema.ts';
import type { Store } from '../store/database.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import { invalidRequest, notFound } from '../util/errors.ts';
import { modelEntryFromConfig, type RegistryInputs } from './build-model-registry.ts';
import { describeDeployment, type Deployment } from '../inference/deployment.ts';
import type { ModelEntry } from '../inference/model-registry.ts';
import type { ModelComposer } from './model-composer.ts';
import type { PublishedModels } from './published-models.ts';

const VERSION_KEY = 'models.version';

/**
 * Models and deployments changed at run time (admin API, CLI). Changes are stored, applied to
 * this process at once and announced to the other replicas (create-channels.ts: the control-plane
 * bus, and a poll of the version as a backstop); live state (circuit, latency) of unchanged
 * deployments is kept.
 */
export class ModelAdmin {
  private readonly settings: SettingsRepository;
  /** Entries as the config file, presets and discovery made them, for reverting a managed model. */
  private readonly baseEntries = new Map<string, ModelEntry>();
  /** The stored run-time definitions, rebuilt when the providers they name change (live channels). */
  private readonly managed = new Map<string, ModelConfig>();
  private appliedVersion = '';

  constructor(
    private readonly store: Store,
    private readonly registry: PublishedModels,
    private readonly composer: ModelComposer,
    private readonly inputs: RegistryInputs,
    private readonly logger: Logger,
    /** Tells the other replicas at once (control-plane bus); they also poll the version. */
    private readonly notify: () => void = () => undefined,
  ) {
    this.settings = new SettingsRepository(store);
    for (const entry of registry.list()) this.baseEntries.set(entry.id, entry);
  }

  listDeployments() {
    return this.registry.deployments().map(describeDeployment);
  }

  getDeployment(id: string) {
    return describeDeployment(this.requireDeployment(id));
  }

  async upsertModel(id: string, raw: unknown): Promise<ModelEntry> {
    const parsed = modelConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.');
      throw invalidRequest(
        `Invalid model configuration${field ? ` at '${field}'` : ''}: ${issue.message}`,
        field || null,
        'invalid_model_config',
      );
    }
    const entry = this.build(id, parsed.data);
    await this.save(id, parsed.data);
    this.managed.set(id, parsed.data);
    this.apply(entry);
    return this.registry.get(id) ?? entry;
  }

  async deleteModel(id: string): Promise<void> {
    const result = await this.store.db.deleteFrom('managed_models').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0)
      throw notFound(`The model '${id}' has no run-time configuration to delete.`, 'model_not_found', 'model');
    await this.bumpVersion();
    this.managed.delete(id);
    this.revert(id);
  }

  async updateDeployment(id: string, patch: DeploymentPatch) {
    const deployment = this.requireDeployment(id);
    if (this.composer.isChannelDeployment(deployment)) {
      throw invalidRequest(
        `The deployment '${id}' belongs to the live channel '${deployment.providerName}': change it with PATCH /admin/v1/channels/${deployment.providerName}.`,
        'id',
        'channel_deployment',
      );
    }
    const model = this.composer.ownEntry(deployment.model)!;
    const config = configOf(model);
    const index = model.deployments.indexOf(deployment);
    config.deployments[index] = {
      ...config.deployments[index]!,
      ...definedOnly(patch),
      id: deployment.id,
    } as ModelConfig['deployments'][number];
    const entry = await this.upsertModel(model.id, config);
    return describeDeployment(entry.deployments[index]!);
  }

  /** Applies stored changes when another process changed them. */
  async sync(): Promise<void> {
    const version = (await this.settings.get(VERSION_KEY)) ?? '';
    if (version === this.appliedVersion) return;
    const rows = await this.store.db.selectFrom('managed_models').selectAll().execute();
    this.managed.clear();
    for (const row of rows) {
      try {
        this.managed.set(row.id, modelConfigSchema.parse(JSON.parse(row.config)));
      } catch (error) {
        this.logger.error({ err: error, model: row.id }, 'stored model configuration cannot be read');
      }
    }
    this.reapply();
    for (const id of this.composer.ownIds())
      if (!this.managed.has(id) && this.baseEntries.get(id) !== this.composer.ownEntry(id)) this.revert(id);
    this.appliedVersion = version;
  }

  /** Rebuilds the run-time models (after the providers they may name changed: live channels). */
  reapply(): void {
    for (const [id, config] of this.managed) {
      try {
        this.apply(this.build(id, config));
      } catch (error) {
        this.logger.error({ err: error, model: id }, 'stored model configuration cannot be applied');
      }
    }
  }

  private build(id: string, config: ModelConfig): ModelEntry {
    try {
      return modelEntryFromConfig(this.inputs, id, config);
    } catch (error) {
      throw invalidRequest((error as Error).message, 'deployments', 'invalid_model_config');
    }
  }

  /** Puts the entry in the registry, keeping live state of deployments that kept their id. */
  private apply(entry: ModelEntry): void {
    const previous = this.composer.ownEntry(entry.id);
    const states = new Map(previous?.deployments.map((deployment) => [deployment.id, deployment.state]) ?? []);
    for (const deployment of entry.deployments) {
      const state = states.get(deployment.id);
      if (state) deployment.state = state;
    }
    this.composer.setOwn(entry);
  }

  private revert(id: string): void {
    const base = this.baseEntries.get(id);
    if (base) this.composer.setOwn(base);
    else this.composer.deleteOwn(id);
  }

  private async save(id: string, config: ModelConfig): Promise<void> {
    const json = JSON.stringify(config);
    const now = Date.now();
    await this.store.db
      .insertInto('managed_models')
      .values({ id, config: json, updated_at: now })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ config: json, updated_at: now }))
      .execute();
    await this.bumpVersion();
  }

  private async bumpVersion(): Promise<void> {
    const version = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    await this.settings.set(VERSION_KEY, version);
    this.appliedVersion = version;
    this.notify();
  }

  private requireDeployment(id: string): Deployment {
    const deployment = this.registry.findDeployment(id);
    if (!deployment) throw notFound(`There is no deployment '${id}'.`, 'deployment_not_found');
    return deployment;
  }
}

/** The config entry that reproduces a registry entry, to edit and store. */
function configOf(model: ModelEntry): ModelConfig {
  return {
    strategy: model.strategy,
    name: model.name,
    contextLength: model.contextLength ?? undefined,
    capabilities: [...model.capabilities],
    license: model.license ?? undefined,
    fallbacks: [...(model.fallbacks ?? [])],
    fallbackToPricier: model.fallbackToPricier ?? false,
    deployments: model.deployments.map((deployment) => ({
      id: deployment.id,
      provider: deployment.providerName,
      model: deployment.upstreamModel,
      weight: deployment.weight,
      priority: deployment.priority,
      tags: [...deployment.tags],
      cost: deployment.cost ?? undefined,
      maxConcurrency: deployment.maxConcurrency ?? undefined,
      timeouts: { ...deployment.timeouts },
      ...(deployment.retry ? { retry: deployment.retry } : {}),
      enabled: deployment.enabled,
    })),
  };
}

function definedOnly(patch: DeploymentPatch): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined) result[key] = value === null ? undefined : value;
  return result;
}
