import { useCallback, useEffect, useState } from 'react';
import { listModels, type CatalogModel } from '../../api/models-api.ts';

export interface ModelsState {
  models: CatalogModel[];
  loading: boolean;
  error: unknown;
  reload(): void;
}

/** Loads GET /v1/models once per mount; reload() fetches again. */
export function useModels(): ModelsState {
  const [models, setModels] = useState<CatalogModel[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listModels(controller.signal)
      .then((list) => {
        setModels(list);
        setError(null);
      })
      .catch((caught: unknown) => {
        if ((caught as Error).name !== 'AbortError') setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { models, loading, error, reload };
}
