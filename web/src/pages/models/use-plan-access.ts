import { fetchBalance, listPlans } from '../../api/admin-usage-api.ts';
import type { CatalogModel } from '../../api/models-api.ts';
import { useApiResource } from '../../api/use-api-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';

/**
 * Which models the signed-in organization's plan can call: a free-tier-only plan reaches only
 * free-tier models (the gateway answers 403 `model_not_in_plan` for the rest). The operator's
 * own console is not limited by a plan.
 */
export function usePlanAccess(): { canUse(model: CatalogModel): boolean; loading: boolean } {
  const operator = useAuth().state?.user?.operator === true;
  const plan = useApiResource(
    async (signal) => {
      if (operator) return null;
      const [balance, plans] = await Promise.all([fetchBalance(signal), listPlans(signal)]);
      return plans.find((candidate) => candidate.id === balance.planId) ?? null;
    },
    [operator],
  );
  return {
    loading: plan.loading,
    canUse: (model) => modelAllowedByPlan(model, plan.data ?? null),
  };
}

export function modelAllowedByPlan(model: CatalogModel, plan: { freeTierOnly: boolean } | null): boolean {
  return !plan?.freeTierOnly || model.pricing?.free_tier === true;
}
