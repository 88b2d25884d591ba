import { describe, expect, it } from 'vitest';
import { onboardingSteps } from './onboarding-steps.ts';

const fresh = { keys: 0, keyCalls: 0, balance: 0, spentTotal: 0, liveChannels: 0, users: 1, unpricedModels: 2 };

describe('onboardingSteps', () => {
  it('gives the operator five steps that tick themselves off', () => {
    expect(onboardingSteps(fresh, true).map((step) => [step.key, step.done])).toEqual([
      ['createKey', false],
      ['firstCall', false],
      ['addChannel', false],
      ['inviteUser', false],
      ['setPrices', false],
    ]);
    const done = onboardingSteps(
      { ...fresh, keys: 1, keyCalls: 3, liveChannels: 1, users: 2, unpricedModels: 0 },
      true,
    );
    expect(done.every((step) => step.done)).toBe(true);
  });

  it('gives a customer organization key, first call and top-up', () => {
    const steps = onboardingSteps({ ...fresh, keys: 1, balance: 5 }, false);
    expect(steps.map((step) => [step.key, step.done])).toEqual([
      ['createKey', true],
      ['firstCall', false],
      ['topUp', true],
    ]);
  });
});
