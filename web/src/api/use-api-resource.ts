import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface ApiResource<T> {
  data: T | null;
  loading: boolean;
  error: unknown;
  reload(): void;
}

/** Loads something from the API when the dependencies change; aborts stale loads; reload() loads again. */
export function useApiResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  dependencies: DependencyList,
): ApiResource<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // `load` is a new function each render: the caller lists what it depends on instead.
  }, [...dependencies, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, loading, error, reload };
}
