import { describe, expect, it } from 'vitest';
import { distributeTasks } from './work-distribution.ts';

const tasks = Array.from({ length: 10 }, (_, position) => ({ id: `t${position}`, position }));

describe('distributeTasks', () => {
  it('gives every task N distinct annotators and balances the load', () => {
    const created = distributeTasks({ tasks, annotators: ['a', 'b', 'c', 'd', 'e'], overlap: 3, existing: [] });
    expect(created).toHaveLength(30);
    for (const task of tasks) {
      const annotators = created.filter((row) => row.taskId === task.id).map((row) => row.annotatorId);
      expect(new Set(annotators).size).toBe(3);
    }
    const load = new Map<string, number>();
    for (const row of created) load.set(row.annotatorId, (load.get(row.annotatorId) ?? 0) + 1);
    expect([...load.values()]).toEqual([6, 6, 6, 6, 6]);
  });

  it('tops up tasks after a skip without giving anyone a task twice, and balances new annotators in', () => {
    const first = distributeTasks({ tasks, annotators: ['a', 'b'], overlap: 2, existing: [] });
    const existing = first.map((row) => ({ ...row, counts: !(row.taskId === 't0' && row.annotatorId === 'a') }));
    const more = distributeTasks({ tasks, annotators: ['a', 'b', 'c'], overlap: 2, existing });
    expect(more).toEqual([{ taskId: 't0', annotatorId: 'c', position: 0 }]);
  });

  it('assigns nothing beyond the pool', () => {
    const created = distributeTasks({ tasks: tasks.slice(0, 2), annotators: ['a'], overlap: 2, existing: [] });
    expect(created).toHaveLength(2);
  });
});
