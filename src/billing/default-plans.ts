import type { LevelSettings, PlanSettings } from '../config/commerce-schema.ts';

/** The plans every platform has unless kaiyuan.yaml replaces them (`commerce.plans`). */
export const defaultPlans: Record<string, PlanSettings> = {
  free: {
    name: 'Free',
    freeTierOnly: true,
    monthlyGrantTokens: 1_000_000,
    payAsYouGo: false,
    limits: { rpm: 20, rpd: 1_000, tpm: 20_000, tpd: 500_000 },
    priority: 0,
    levels: false,
    dedicatedDeployments: false,
  },
  pro: {
    name: 'Pro',
    freeTierOnly: false,
    monthlyGrantTokens: 0,
    payAsYouGo: true,
    limits: { rpm: 1_000, rpd: 100_000, tpm: 1_000_000, tpd: 100_000_000 },
    priority: 5,
    levels: true,
    dedicatedDeployments: false,
  },
  enterprise: {
    name: 'Enterprise',
    freeTierOnly: false,
    monthlyGrantTokens: 0,
    payAsYouGo: true,
    limits: { rpm: 10_000, tpm: 10_000_000 },
    priority: 10,
    levels: false,
    dedicatedDeployments: true,
  },
};

/** Spend levels (cumulative paid spend in the billing currency) raising the limits of plans with `levels: true`. */
export const defaultLevels: LevelSettings[] = [
  { name: 'L0', minSpend: 0, multiplier: 1 },
  { name: 'L1', minSpend: 50, multiplier: 2 },
  { name: 'L2', minSpend: 500, multiplier: 4 },
  { name: 'L3', minSpend: 5_000, multiplier: 8 },
];
