/** What the console knows about a new platform or organization, read from the ordinary APIs. */
export interface OnboardingFacts {
  keys: number;
  /** Any request made with a key (last 90 days). */
  keyCalls: number;
  balance: number;
  spentTotal: number;
  /** Operator only: channels added at run time (not the config's or the simulator's). */
  liveChannels?: number;
  users?: number;
  /** Published models without a price. */
  unpricedModels?: number;
}

export type OnboardingStepKey = 'createKey' | 'firstCall' | 'addChannel' | 'inviteUser' | 'setPrices' | 'topUp';

export interface OnboardingStep {
  key: OnboardingStepKey;
  done: boolean;
  /** The console page where the step is done. */
  path: string;
}

/**
 * The checklist: for the operator (key, first call, channel, user, prices), for a customer
 * organization (key, first call, top-up). Each step ticks itself off from the facts.
 */
export function onboardingSteps(facts: OnboardingFacts, operator: boolean): OnboardingStep[] {
  const common: OnboardingStep[] = [
    { key: 'createKey', done: facts.keys > 0, path: '/api-keys' },
    { key: 'firstCall', done: facts.keyCalls > 0, path: '/api-keys' },
  ];
  if (!operator)
    return [...common, { key: 'topUp', done: facts.balance > 0 || facts.spentTotal > 0, path: '/billing' }];
  return [
    ...common,
    { key: 'addChannel', done: (facts.liveChannels ?? 0) > 0, path: '/platform?tab=channels' },
    { key: 'inviteUser', done: (facts.users ?? 0) > 1, path: '/platform?tab=users' },
    { key: 'setPrices', done: facts.unpricedModels === 0, path: '/platform?tab=plans' },
  ];
}
