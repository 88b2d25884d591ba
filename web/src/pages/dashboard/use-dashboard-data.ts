import { useCallback, useEffect, useState } from 'react';
import { listKeys, type ApiKeyInfo } from '../../api/admin-keys-api.ts';
import {
  fetchBalance,
  listPlans,
  listUsage,
  type Balance,
  type Plan,
  type UsageRecord,
} from '../../api/admin-usage-api.ts';
import { rangeWindow, type RangeName } from './usage-aggregation.ts';

export interface DashboardData {
  window: { from: number; to: number; bucketMs: number };
  usage: UsageRecord[];
  balance: Balance | null;
  plan: Plan | null;
  keys: ApiKeyInfo[];
}

/** Usage of the range, balance, plan and key names; each part fails on its own (shown per card). */
export function useDashboardData(range: RangeName) {
  const [data, setData] = useState<DashboardData | null>(null);
  const [usageError, setUsageError] = useState<unknown>(null);
  const [accountError, setAccountError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const window = rangeWindow(range);
    setLoading(true);
    const settle = <T>(promise: Promise<T>) =>
      promise.then(
        (value) => ({ value, error: null }),
        (error: unknown) => ({ value: null, error }),
      );
    void Promise.all([
      settle(listUsage(window, controller.signal)),
      settle(fetchBalance(controller.signal)),
      settle(listPlans(controller.signal)),
      settle(listKeys(controller.signal)),
    ]).then(([usage, balance, plans, keys]) => {
      if (controller.signal.aborted) return;
      setUsageError(usage.error);
      setAccountError(balance.error ?? plans.error);
      setData({
        window,
        usage: usage.value ?? [],
        balance: balance.value,
        plan: plans.value?.find((plan) => plan.id === balance.value?.planId) ?? null,
        keys: keys.value ?? [],
      });
      setLoading(false);
    });
    return () => controller.abort();
  }, [range, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, usageError, accountError, loading, reload };
}
