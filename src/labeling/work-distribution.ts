/**
 * Spreads tasks over annotators so every task gets `overlap` distinct annotators and every
 * annotator about the same number of tasks: each task, in order, takes the least-loaded
 * annotators it does not have yet (ties: the pool's order, rotated per task). On a fresh
 * project this is round-robin; on a running one it tops up tasks that lost or lack annotators.
 */
export interface DistributionInput {
  tasks: ReadonlyArray<{ id: string; position: number }>;
  annotators: readonly string[];
  overlap: number;
  /** Assignments that already count (skipped ones should be passed too: an annotator never gets a task twice). */
  existing: ReadonlyArray<{ taskId: string; annotatorId: string; counts: boolean }>;
}

export interface NewAssignment {
  taskId: string;
  annotatorId: string;
  position: number;
}

export function distributeTasks(input: DistributionInput): NewAssignment[] {
  const { annotators, overlap } = input;
  const load = new Map(annotators.map((annotator) => [annotator, 0]));
  const byTask = new Map<string, { all: Set<string>; counting: number }>();
  for (const assignment of input.existing) {
    const entry = byTask.get(assignment.taskId) ?? { all: new Set<string>(), counting: 0 };
    entry.all.add(assignment.annotatorId);
    if (assignment.counts) entry.counting++;
    byTask.set(assignment.taskId, entry);
    if (load.has(assignment.annotatorId)) load.set(assignment.annotatorId, load.get(assignment.annotatorId)! + 1);
  }
  const created: NewAssignment[] = [];
  const order = new Map(annotators.map((annotator, index) => [annotator, index]));
  for (const task of input.tasks) {
    const entry = byTask.get(task.id) ?? { all: new Set<string>(), counting: 0 };
    let missing = overlap - entry.counting;
    if (missing <= 0) continue;
    const candidates = annotators.filter((annotator) => !entry.all.has(annotator));
    const rotation = task.position % Math.max(1, annotators.length);
    candidates.sort((left, right) => {
      const byLoad = load.get(left)! - load.get(right)!;
      if (byLoad !== 0) return byLoad;
      const leftOrder = (order.get(left)! - rotation + annotators.length) % annotators.length;
      const rightOrder = (order.get(right)! - rotation + annotators.length) % annotators.length;
      return leftOrder - rightOrder;
    });
    for (const annotator of candidates) {
      if (missing === 0) break;
      created.push({ taskId: task.id, annotatorId: annotator, position: task.position });
      load.set(annotator, load.get(annotator)! + 1);
      entry.all.add(annotator);
      missing--;
    }
  }
  return created;
}
