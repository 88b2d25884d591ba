import { describe, expect, it } from 'vitest';
import type { ResultFrame } from './cluster-messages.ts';
import { CounterOwner } from './counter-owner.ts';
import type { MeteringOwner } from './metering-owner.ts';
import { primaryCalls } from './primary-calls.ts';

/** Holds `amount` of a budget of 100 read by worker 1. */
function ownerHolding(amount: number): CounterOwner {
  const owner = new CounterOwner();
  owner.handle(1, 'budgets.reserve', ['balance:o', amount], () => undefined);
  owner.handle(1, 'budgets.loaded', ['balance:o', amount, 100], () => undefined);
  return owner;
}

function reserves(owner: CounterOwner, amount: number): unknown {
  let answer: unknown;
  owner.handle(2, 'budgets.reserve', ['balance:o', amount], (value) => (answer = value));
  return answer;
}

describe('primaryCalls', () => {
  it('names the calls it accepts beyond the first version’s (settling only with the metering here)', () => {
    const answers: ResultFrame[] = [];
    primaryCalls(new CounterOwner(), null)(1, [7, 'cluster.features', []], (frame) => answers.push(frame));
    expect(answers).toEqual([[7, true, ['admission.acquireReserve']]]);
  });

  it('releases a settlement’s hold, spending nothing, when the store cannot take its write', () => {
    const owner = ownerHolding(60);
    expect(reserves(owner, 60)).toEqual({ granted: false });
    const failing = {
      handle() {
        throw new Error('disk I/O error');
      },
    } as unknown as MeteringOwner;
    const answers: ResultFrame[] = [];
    const settlement = { budget: { key: 'balance:o', hold: 60, spent: 'charged' }, adjustments: [] };
    primaryCalls(owner, failing)(1, [3, 'metering.writeSettle', [{}, settlement]], (frame) => answers.push(frame));
    expect(answers).toEqual([[3, false, 'disk I/O error']]);
    expect(reserves(owner, 100)).toEqual({ granted: true });
  });
});
