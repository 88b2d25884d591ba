import { listModels, type CatalogModel } from '../../api/models-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

export interface ModelsState {
  models: CatalogModel[];
  loading: boolean;
  error: unknown;
  reload(): void;
}

/** One empty list for every render before the first load, so dependents see a stable value. */
const none: CatalogModel[] = [];

/** Loads GET /v1/models once per mount; reload() fetches again. */
export function useModels(): ModelsState {
  const { data, loading, error, reload } = useApiResource((signal) => listModels(signal), []);
  return { models: data ?? none, loading, error, reload };
}
