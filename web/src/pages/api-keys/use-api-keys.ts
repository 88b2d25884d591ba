import { listKeys, type ApiKeyInfo } from '../../api/admin-keys-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';

/** One empty list for every render before the first load, so dependents see a stable value. */
const none: ApiKeyInfo[] = [];

/** The organization's keys, newest first; reload() fetches again. */
export function useApiKeys() {
  const { data, loading, error, reload } = useApiResource(
    async (signal) => [...(await listKeys(signal))].sort((a, b) => b.createdAt - a.createdAt),
    [],
  );
  return { keys: data ?? none, loading, error, reload };
}
