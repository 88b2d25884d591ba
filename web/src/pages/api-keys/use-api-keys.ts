import { useCallback, useEffect, useState } from 'react';
import { listKeys, type ApiKeyInfo } from '../../api/admin-keys-api.ts';

export function useApiKeys() {
  const [keys, setKeys] = useState<ApiKeyInfo[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listKeys(controller.signal)
      .then((list) => {
        setKeys([...list].sort((a, b) => b.createdAt - a.createdAt));
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
  return { keys, loading, error, reload };
}
