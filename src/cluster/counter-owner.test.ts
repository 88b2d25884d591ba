import { describe, expect, it } from 'vitest';
import { CounterOwner } from './counter-owner.ts';

/** Calls the owner like a worker would and collects the answer (or undefined while it waits). */
function call(owner: CounterOwner, worker: number, method: string, args: unknown[]) {
  const box: { value?: unknown } = {};
  owner.handle(worker, method, args, (value) => {
    box.value = value;
  });
  return box;
}

describe('CounterOwner', () => {
  it('keeps rate-limit windows exact across workers', async () => {
    const owner = new CounterOwner();
    const counter = { key: 'key:k:rpm', label: 'RPM', kind: 'requests', limit: 3, windowMs: 60_000, amount: 1 };
    const answers = [];
    for (let index = 0; index < 5; index++) answers.push(call(owner, 1 + (index % 2), 'limits.acquire', [[counter]]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answers.map((answer) => (answer.value as { allowed: boolean }).allowed)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('asks one worker to read a budget while the others wait, then holds no more than the budget', () => {
    const owner = new CounterOwner();
    const first = call(owner, 1, 'budgets.reserve', ['balance:o', 40]);
    expect(first.value).toEqual({ load: true });
    const second = call(owner, 2, 'budgets.reserve', ['balance:o', 40]);
    const third = call(owner, 2, 'budgets.reserve', ['balance:o', 40]);
    expect(second.value).toBeUndefined();
    const loaded = call(owner, 1, 'budgets.loaded', ['balance:o', 40, 100]);
    expect(loaded.value).toEqual({ granted: true });
    expect(second.value).toEqual({ granted: true });
    expect(third.value).toEqual({ granted: false });
    // A commit releases the hold and lowers the budget by the spend.
    call(owner, 1, 'budgets.commit', ['balance:o', 40, 30]);
    expect(call(owner, 2, 'budgets.reserve', ['balance:o', 30]).value).toEqual({ granted: true });
    expect(call(owner, 2, 'budgets.reserve', ['balance:o', 1]).value).toEqual({ granted: false });
  });

  it('subtracts spends committed while a read ran, and hands a dead reader’s read to a waiting worker', () => {
    let now = 0;
    const owner = new CounterOwner(2_000, () => now);
    expect(call(owner, 1, 'budgets.reserve', ['balance:o', 10]).value).toEqual({ load: true });
    const waiting = call(owner, 2, 'budgets.reserve', ['balance:o', 10]);
    owner.workerGone(1);
    expect(waiting.value).toEqual({ load: true });
    call(owner, 3, 'budgets.commit', ['balance:o', 0, 5]);
    expect(call(owner, 2, 'budgets.loaded', ['balance:o', 10, 20]).value).toEqual({ granted: true });
    // 20 read − 5 spent during the read − 10 held: 5 left.
    expect(call(owner, 3, 'budgets.reserve', ['balance:o', 6]).value).toEqual({ granted: false });
    expect(call(owner, 3, 'budgets.reserve', ['balance:o', 5]).value).toEqual({ granted: true });
    now = 5_000;
    expect(call(owner, 3, 'budgets.reserve', ['balance:o', 1]).value).toEqual({ load: true });
  });

  it('reserves with the limits only when they admit, and settles a write by its result', () => {
    const owner = new CounterOwner();
    const rpm = { key: 'key:k:rpm', label: 'RPM', kind: 'requests', limit: 2, windowMs: 60_000, amount: 1 };
    const tpm = { key: 'key:k:tpm', label: 'TPM', kind: 'tokens', limit: 100, windowMs: 60_000, amount: 50 };
    expect(call(owner, 1, 'admission.acquireReserve', [[rpm, tpm], 'balance:o', 40]).value).toMatchObject({
      acquired: { allowed: true },
      reserve: { load: true },
    });
    expect(call(owner, 1, 'budgets.loaded', ['balance:o', 40, 100]).value).toEqual({ granted: true });
    expect(call(owner, 2, 'admission.acquireReserve', [[rpm, tpm], 'balance:o', 40]).value).toMatchObject({
      acquired: { allowed: true },
      reserve: { granted: true },
    });
    // Refused by the limits: nothing is held (the 20 left would hold).
    expect(call(owner, 2, 'admission.acquireReserve', [[rpm], 'balance:o', 20]).value).toMatchObject({
      acquired: { allowed: false },
      reserve: null,
    });
    // Written: the hold goes, the charge is spent, the tokens trued up (50 reserved, 10 used).
    owner.settle(
      { budget: { key: 'balance:o', hold: 40, spent: 'charged' }, adjustments: [{ key: 'key:k:tpm', delta: -40 }] },
      { written: true, charged: 30 },
    );
    // A replay (nothing written) or a failed write spends nothing.
    owner.settle(
      { budget: { key: 'balance:o', hold: 40, spent: 25 }, adjustments: [] },
      { written: false, charged: 0 },
    );
    // 100 − 30 spent, nothing held: 70 left.
    expect(call(owner, 3, 'budgets.reserve', ['balance:o', 71]).value).toEqual({ granted: false });
    expect(call(owner, 3, 'budgets.reserve', ['balance:o', 70]).value).toEqual({ granted: true });
    const tokens = { ...tpm, amount: 40 };
    expect(call(owner, 3, 'limits.acquire', [[tokens]]).value).toMatchObject({ allowed: true });
    expect(call(owner, 3, 'limits.acquire', [[{ ...tpm, amount: 1 }]]).value).toMatchObject({ allowed: false });
  });
});
