/**
 * Bulk review, imported predictions, task filters and the label history, on both stores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeKinds } from '../support/test-store.ts';
import { createLabelingFixture, importRows, principalOf, type LabelingFixture } from './labeling-support.ts';

const ORG = 'org_a';
const ANNOTATORS = ['usr_1', 'usr_2', 'usr_3'];

// Each row: what the three annotators answer (null: never submits).
const VOTES: Array<Array<string | null>> = [
  ['positive', 'positive', 'positive'], // unanimous
  ['negative', 'negative', 'negative'], // unanimous
  ['positive', 'positive', 'negative'], // majority positive
  ['neutral', 'negative', 'negative'], // majority negative
  ['positive', 'negative', 'neutral'], // no majority
  ['positive', 'positive', null], // still open
];

describe.each(storeKinds)('labeling review tools on %s', (kind) => {
  let fixture: LabelingFixture;
  afterEach(async () => fixture?.close());

  const admin = () => fixture.labeling.actor(principalOf(ORG, 'admin', 'usr_admin'));
  const member = () => fixture.labeling.actor(principalOf(ORG, 'member', 'usr_member'));
  const annotator = (id: string) => fixture.labeling.actor(principalOf(ORG, 'annotator', id));

  async function labeledProject() {
    fixture = await createLabelingFixture(kind);
    const rows = VOTES.map((_, index) => ({
      id: `r${index}`,
      text: `review ${index}`,
      // Fields besides the text become the record's meta on import.
      source: index % 2 === 0 ? 'web' : 'mail',
      stars: index,
    }));
    await importRows(fixture.workbench, fixture.jobs, ORG, 'reviews', rows, fixture.dataDir);
    const project = await fixture.labeling.projects.create(admin(), {
      name: 'sentiment',
      dataset: 'reviews',
      labelSchema: { kind: 'classification', labels: ['positive', 'negative', 'neutral'] },
      overlap: 3,
      annotators: ANNOTATORS,
    });
    const tasks = await fixture.labeling.annotation.listTasks(admin(), project.id, { limit: 100 });
    for (const [index, task] of tasks.entries())
      for (const [which, id] of ANNOTATORS.entries()) {
        const choice = VOTES[index]![which];
        if (choice) await fixture.labeling.annotation.submit(annotator(id), project.id, task.id, { label: { choice } });
      }
    return { project, ids: tasks.map((task) => task.id) };
  }

  it('filters tasks by disagreement, record meta, annotator and status', async () => {
    const { project, ids } = await labeledProject();
    const list = async (query: object) =>
      (await fixture.labeling.annotation.listTasks(member(), project.id, query)).map((task) => ids.indexOf(task.id));
    expect(await list({ disagreement: true })).toEqual([2, 3, 4]);
    expect(await list({ disagreement: false })).toEqual([0, 1, 5]);
    expect(await list({ disagreement: true, meta: 'source=web' })).toEqual([2, 4]);
    expect(await list({ meta: 'stars=3' })).toEqual([3]);
    expect(await list({ meta: 'stars' })).toHaveLength(6);
    expect(await list({ meta: 'missing' })).toEqual([]);
    expect(await list({ status: 'open' })).toEqual([5]);
    expect(await list({ disagreement: true, offset: 1, limit: 1 })).toEqual([3]);
    expect(await list({ annotator: 'usr_1' })).toHaveLength(6);
    // An annotator's filtered list holds only their own tasks.
    const own = await fixture.labeling.annotation.listTasks(annotator('usr_3'), project.id, { disagreement: true });
    expect(own.map((task) => task.assignment?.annotatorId)).toEqual(['usr_3', 'usr_3', 'usr_3']);
    await expect(fixture.labeling.annotation.listTasks(member(), project.id, { meta: '=x' })).rejects.toMatchObject({
      code: 'invalid_value',
      param: 'meta',
    });
  });

  it('accepts all unanimous, then the majority, and rejects a selection with a comment', async () => {
    const { project, ids } = await labeledProject();
    await expect(
      fixture.labeling.bulkReview(member(), project.id, { action: 'accept', rule: 'unanimous' }),
    ).rejects.toMatchObject({ status: 403 });
    // A dry run counts what the rule would accept and changes nothing (no task, no history).
    const preview = await fixture.labeling.bulkReview(admin(), project.id, {
      action: 'accept',
      rule: 'majority',
      dryRun: true,
    });
    expect(preview).toMatchObject({
      dryRun: true,
      reviewed: 4,
      taskIds: [ids[0], ids[1], ids[2], ids[3]],
      skipped: { no_majority: 1, status_open: 1 },
    });
    expect((await fixture.labeling.annotation.listTasks(admin(), project.id, { status: 'accepted' })).length).toBe(0);
    expect(
      (await fixture.labeling.projectHistory(admin(), project.id, {})).filter((event) => event.action === 'accept'),
    ).toEqual([]);
    const unanimous = await fixture.labeling.bulkReview(admin(), project.id, { action: 'accept', rule: 'unanimous' });
    expect(unanimous).toMatchObject({
      reviewed: 2,
      taskIds: [ids[0], ids[1]],
      skipped: { labels_disagree: 3, status_open: 1 },
    });
    const majority = await fixture.labeling.bulkReview(admin(), project.id, { action: 'accept', rule: 'majority' });
    expect(majority).toMatchObject({
      reviewed: 2,
      taskIds: [ids[2], ids[3]],
      skipped: { no_majority: 1, status_accepted: 2, status_open: 1 },
    });
    const tasks = await fixture.labeling.annotation.listTasks(admin(), project.id, {});
    expect(tasks.map((task) => task.review?.finalLabel ?? null)).toEqual([
      { choice: 'positive' },
      { choice: 'negative' },
      { choice: 'positive' },
      { choice: 'negative' },
      null,
      null,
    ]);
    await expect(
      fixture.labeling.bulkReview(admin(), project.id, { action: 'reject', taskIds: [ids[4]!] }),
    ).rejects.toMatchObject({ code: 'missing_comment' });
    const rejected = await fixture.labeling.bulkReview(admin(), project.id, {
      action: 'reject',
      taskIds: [ids[4]!, ids[0]!, 'lbt_nope'],
      comment: 'Read the guidelines on mixed reviews.',
    });
    expect(rejected).toMatchObject({
      reviewed: 1,
      taskIds: [ids[4]],
      skipped: { status_accepted: 1, task_not_found: 1 },
    });
    const back = await fixture.labeling.annotation.getTask(annotator('usr_2'), project.id, ids[4]!);
    expect(back.assignment).toMatchObject({ status: 'draft', reviewComment: 'Read the guidelines on mixed reviews.' });
  });

  it('keeps a label history: who changed what, when, from what', async () => {
    const { project, ids } = await labeledProject();
    await fixture.labeling.bulkReview(admin(), project.id, { action: 'accept', rule: 'majority' });
    const history = await fixture.labeling.taskHistory(member(), project.id, ids[2]!);
    expect(history.map((event) => [event.actorId, event.action, event.label, event.previousLabel])).toEqual([
      ['usr_1', 'submit', { choice: 'positive' }, null],
      ['usr_2', 'submit', { choice: 'positive' }, null],
      ['usr_3', 'submit', { choice: 'negative' }, null],
      ['usr_admin', 'accept', { choice: 'positive' }, null],
    ]);
    expect(history[3]!.comment).toBe('bulk accept (majority)');
    expect(history.every((event, index) => index === 0 || event.createdAt > history[index - 1]!.createdAt)).toBe(true);

    // A rejection, a changed draft and a new submission, then an edit by the reviewer.
    await fixture.labeling.reviews.review(admin(), project.id, ids[4]!, { action: 'reject', comment: 'again' });
    await fixture.labeling.annotation.saveDraft(annotator('usr_3'), project.id, ids[4]!, {
      label: { choice: 'negative' },
    });
    await fixture.labeling.annotation.submit(annotator('usr_3'), project.id, ids[4]!, {
      label: { choice: 'negative' },
    });
    await fixture.labeling.reviews.review(admin(), project.id, ids[4]!, {
      action: 'edit',
      label: { choice: 'neutral' },
    });
    const events = await fixture.labeling.taskHistory(admin(), project.id, ids[4]!);
    expect(events.slice(3).map((event) => [event.actorId, event.action, event.label, event.previousLabel])).toEqual([
      ['usr_admin', 'reject', null, null],
      ['usr_3', 'draft', { choice: 'negative' }, { choice: 'neutral' }],
      ['usr_3', 'submit', { choice: 'negative' }, { choice: 'negative' }],
      ['usr_admin', 'edit', { choice: 'neutral' }, null],
    ]);
    // An annotator sees only their own changes; the project history is newest first, per person too.
    const own = await fixture.labeling.taskHistory(annotator('usr_3'), project.id, ids[4]!);
    expect(own.map((event) => event.action)).toEqual(['submit', 'draft', 'submit']);
    const recent = await fixture.labeling.projectHistory(member(), project.id, { limit: 2 });
    expect(recent.map((event) => event.action)).toEqual(['edit', 'submit']);
    const byAdmin = await fixture.labeling.projectHistory(member(), project.id, { actor: 'usr_admin' });
    expect(byAdmin.every((event) => event.actorId === 'usr_admin')).toBe(true);
    // Majority accepted the two unanimous tasks too: four accepts, the reject and the edit.
    expect(byAdmin.map((event) => event.action).sort()).toEqual([
      'accept',
      'accept',
      'accept',
      'accept',
      'edit',
      'reject',
    ]);
    await expect(fixture.labeling.projectHistory(annotator('usr_1'), project.id, {})).rejects.toMatchObject({
      status: 403,
    });
  });

  it('imports external predictions as suggestions with confidence, refusing bad ones by position', async () => {
    const { project, ids } = await labeledProject();
    const result = await fixture.labeling.importPredictions(admin(), project.id, {
      model: 'bert-sentiment-v2',
      predictions: [
        { recordId: 'r0', label: { choice: 'positive' }, score: 0.97 },
        { taskId: ids[1]!, label: { choice: 'negative' }, score: 0.41 },
        { recordId: 'r2', label: { choice: 'sarcastic' }, score: 0.9 },
        { recordId: 'r99', label: { choice: 'positive' } },
        { label: { choice: 'positive' } },
        { recordId: 'r3', label: { choice: 'neutral' } },
      ],
    });
    expect(result.imported).toBe(3);
    expect(result.rejected.map((entry) => [entry.index, entry.code])).toEqual([
      [2, 'invalid_label'],
      [3, 'task_not_found'],
      [4, 'missing_task'],
    ]);
    const view = await fixture.labeling.annotation.getTask(annotator('usr_1'), project.id, ids[0]!);
    expect(view.suggestions).toEqual([
      expect.objectContaining({
        model: 'bert-sentiment-v2',
        value: { choice: 'positive' },
        confidence: 0.97,
        suggested: true,
      }),
    ]);
    const list = async (query: object) =>
      (await fixture.labeling.annotation.listTasks(member(), project.id, query)).map((task) => ids.indexOf(task.id));
    expect(await list({ suggested: true })).toEqual([0, 1, 3]);
    expect(await list({ suggested: false })).toEqual([2, 4, 5]);
    expect(await list({ maxConfidence: 0.5 })).toEqual([1]);
    // Importing again with overwrite replaces that model's suggestions instead of adding to them.
    await fixture.labeling.importPredictions(admin(), project.id, {
      model: 'bert-sentiment-v2',
      overwrite: true,
      predictions: [{ recordId: 'r0', label: { choice: 'negative' }, score: 0.6 }],
    });
    const replaced = await fixture.labeling.annotation.getTask(admin(), project.id, ids[0]!);
    expect(replaced.suggestions.map((suggestion) => [suggestion.value, suggestion.confidence])).toEqual([
      [{ choice: 'negative' }, 0.6],
    ]);
    await expect(
      fixture.labeling.importPredictions(member(), project.id, {
        model: 'm',
        predictions: [{ recordId: 'r0', label: { choice: 'positive' } }],
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});
