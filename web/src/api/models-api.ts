import { requestJson } from './http-client.ts';

export interface ModelPricing {
  input: number;
  /** Absent when cached input costs the same as input. */
  cached_input?: number;
  output: number;
  currency: string;
  unit: 'per_million_tokens';
  free_tier: boolean;
}

export interface ModelProvider {
  deployment: string;
  provider: string;
  upstream_model: string;
  tags: string[];
  health?: string | { status?: string; [key: string]: unknown };
  /** Circuit breaker state of the deployment (closed, open, half-open), when the server reports it. */
  circuit?: string;
}

export interface CatalogModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  name?: string | null;
  description?: string | null;
  context_length?: number | null;
  capabilities?: string[];
  license?: string | null;
  pricing?: ModelPricing | null;
  providers?: ModelProvider[];
}

interface ModelList {
  object: 'list';
  data: CatalogModel[];
}

export async function listModels(signal?: AbortSignal): Promise<CatalogModel[]> {
  const list = await requestJson<ModelList>('/v1/models', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** True when the model can answer chat completions (no capabilities listed counts as chat). */
export function isChatModel(model: CatalogModel): boolean {
  const capabilities = model.capabilities ?? [];
  return capabilities.length === 0 || capabilities.includes('chat');
}
