import type { List } from '@kaiyuan/api-contract/list.ts';
import type { CatalogModel, ModelPricing } from '@kaiyuan/api-contract/models.ts';
import { requestJson } from './http-client.ts';

export type { CatalogModel, ModelPricing };

export async function listModels(signal?: AbortSignal): Promise<CatalogModel[]> {
  const list = await requestJson<List<CatalogModel>>('/v1/models', { signal });
  return Array.isArray(list?.data) ? list.data : [];
}

/** True when the model can answer chat completions (no capabilities listed counts as chat). */
export function isChatModel(model: CatalogModel): boolean {
  return model.capabilities.length === 0 || model.capabilities.includes('chat');
}
