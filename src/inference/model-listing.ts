import type { Principal } from '../accounts/principal.ts';
import type { CatalogModel, ModelModalities } from '../api-contract/models.ts';
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
      .filter((model) => isListed(model, principal))
      .map((model) => describeModel(model, priceOf(model.id), revealNames)),
  };
}

export function isVisible(model: ModelEntry, principal: Principal | null): boolean {
  return !principal || principal.allowedModels.length === 0 || principal.allowedModels.includes(model.id);
}

/**
 * Whether /v1/models lists a model for this caller: the caller may use it and some enabled
 * deployment serves it. A model whose deployments are all disabled would only answer "no deployment
 * available", so customers do not see it; the operator still does (with an empty provider list).
 */
export function isListed(model: ModelEntry, principal: Principal | null): boolean {
  if (!isVisible(model, principal)) return false;
  return principal?.role === 'operator' || model.deployments.some((deployment) => deployment.enabled);
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
    modalities: modalitiesOf(model.capabilities),
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

/**
 * What a model takes and gives, from its capabilities: images in with `vision`; vectors out for
 * embedding models, relevance scores for rerank models, text for everything that generates.
 */
export function modalitiesOf(capabilities: readonly string[]): ModelModalities {
  const generates =
    capabilities.length === 0 ||
    capabilities.some((capability) => !['embeddings', 'rerank', 'vision'].includes(capability));
  const output: ModelModalities['output'] = [];
  if (generates) output.push('text');
  if (capabilities.includes('embeddings')) output.push('embedding');
  if (capabilities.includes('rerank')) output.push('score');
  return { input: capabilities.includes('vision') ? ['text', 'image'] : ['text'], output };
}
