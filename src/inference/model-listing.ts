import type { Principal } from '../accounts/principal.ts';
import type { CatalogModel } from '../api-contract/models.ts';
import type { List } from '../api-contract/list.ts';
import type { ModelEntry, ModelRegistry } from './model-registry.ts';
import { publicDeploymentNames, seesDeploymentNames, type DeploymentNaming } from './public-deployment.ts';

export interface ListedPrice {
  input: number;
  cachedInput: number;
  output: number;
  currency: string;
  freeTier: boolean;
}

/**
 * The /v1/models view: OpenAI's `model` object plus catalog metadata (context length,
 * capabilities, license, pricing) and the deployments serving it, as Together and OpenRouter list them.
 */
export function listModels(
  registry: ModelRegistry,
  principal: Principal | null,
  priceOf: (model: string) => ListedPrice | null,
  naming: DeploymentNaming = 'opaque',
): List<CatalogModel> {
  const revealNames = seesDeploymentNames(principal, naming);
  return {
    object: 'list',
    data: registry
      .list()
      .filter((model) => isVisible(model, principal))
      .map((model) => describeModel(model, priceOf(model.id), revealNames)),
  };
}

export function isVisible(model: ModelEntry, principal: Principal | null): boolean {
  return !principal || principal.allowedModels.length === 0 || principal.allowedModels.includes(model.id);
}

/** A model as /v1/models shows it; `revealNames` (the operator) shows the deployments' real names, else their pseudonyms. */
export function describeModel(model: ModelEntry, price: ListedPrice | null, revealNames = false): CatalogModel {
  return {
    id: model.id,
    object: 'model',
    created: model.created,
    owned_by: model.ownedBy,
    name: model.name,
    context_length: model.contextLength,
    capabilities: model.capabilities,
    license: model.license,
    parameters: model.parameters,
    description: model.description,
    pricing: price
      ? {
          input: price.input,
          cached_input: price.cachedInput,
          output: price.output,
          currency: price.currency,
          unit: 'per_million_tokens',
          free_tier: price.freeTier,
        }
      : null,
    providers: model.deployments
      .filter((deployment) => deployment.enabled)
      .map((deployment) => ({
        ...publicDeploymentNames(deployment, revealNames),
        upstream_model: deployment.upstreamModel,
        tags: deployment.tags,
        health: deployment.state.health,
        circuit: deployment.state.circuit.state,
      })),
  };
}
