import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { storeKinds } from '../support/test-store.ts';
import {
  createLabelingFixture,
  exportAndWait,
  importRows,
  principalOf,
  type LabelingFixture,
} from './labeling-support.ts';

const ORG = 'org_a';
const OTHER_ORG = 'org_b';

describe.each(storeKinds)('labeling service on %s', (kind) => {
  let fixture: LabelingFixture;
  afterEach(async () => fixture?.close());

  const admin = () => fixture.labeling.actor(principalOf(ORG, 'admin', 'usr_admin'));
  const member = () => fixture.labeling.actor(principalOf(ORG, 'member', 'usr_member'));
  const annotator = (id: string) => fixture.labeling.actor(principalOf(ORG, 'annotator', id));

  async function sentimentProject(overlap: number, annotators: string[]) {
    fixture = await createLabelingFixture(kind);
    const rows = Array.from({ length: 6 }, (_, index) => ({
      id: `r${index}`,
      text: `review number ${index}: ${index % 2 === 0 ? 'great' : 'awful'}`,
    }));
    await importRows(fixture.workbench, fixture.jobs, ORG, 'reviews', rows, fixture.dataDir);
    return fixture.labeling.projects.create(admin(), {
      name: 'sentiment',
      dataset: 'reviews',
      labelSchema: { kind: 'classification', labels: ['positive', 'negative'] },
      overlap,
      annotators,
    });
  }

  it('distributes tasks with overlap, serves per-annotator queues, and moves tasks to review when N labels are in', async () => {
    const project = await sentimentProject(2, ['usr_1', 'usr_2', 'usr_3']);
    expect(project.taskCount).toBe(6);
    const progress = await fixture.labeling.progress(admin(), project.id);
    expect(progress.assignments.total).toBe(12);
    expect(progress.perAnnotator.map((entry) => entry.assigned)).toEqual([4, 4, 4]);

    const seen = new Map<string, Set<string>>();
    for (const id of ['usr_1', 'usr_2', 'usr_3']) {
      for (;;) {
        const next = await fixture.labeling.annotation.next(annotator(id), project.id);
        if (!next) break;
        expect(next.assignment?.annotatorId).toBe(id);
        seen.set(next.id, (seen.get(next.id) ?? new Set()).add(id));
        const choice = next.content.text!.includes('great') ? 'positive' : 'negative';
        await fixture.labeling.annotation.submit(annotator(id), project.id, next.id, { label: { choice } });
      }
    }
    expect([...seen.values()].every((annotators) => annotators.size === 2)).toBe(true);
    const after = await fixture.labeling.progress(admin(), project.id);
    expect(after.tasks.submitted).toBe(6);
    expect(after.percentLabeled).toBe(100);
    const agreement = await fixture.labeling.agreement(member(), project.id);
    expect(agreement.overall.krippendorffAlpha).toBe(1);
    expect(agreement.overall.fleissKappa).toBe(1);
    expect(agreement.overall.cohensKappa).toBeNull(); // three annotators
    expect(agreement.pairwise).toHaveLength(3);
  });

  it('keeps drafts, skips to the end of nothing, and validates labels against the schema', async () => {
    const project = await sentimentProject(1, ['usr_1', 'usr_2']);
    const first = (await fixture.labeling.annotation.next(annotator('usr_1'), project.id))!;
    const drafted = await fixture.labeling.annotation.saveDraft(annotator('usr_1'), project.id, first.id, {
      label: { choice: 'positive' },
    });
    expect(drafted.assignment).toMatchObject({ status: 'draft', label: { choice: 'positive' } });
    expect((await fixture.labeling.annotation.next(annotator('usr_1'), project.id))!.id).toBe(first.id);
    await fixture.labeling.annotation.skip(annotator('usr_1'), project.id, first.id);
    expect((await fixture.labeling.annotation.next(annotator('usr_1'), project.id))!.id).not.toBe(first.id);
    await expect(
      fixture.labeling.annotation.submit(annotator('usr_1'), project.id, first.id, { label: { choice: 'neutral' } }),
    ).rejects.toMatchObject({ code: 'invalid_label' });
    // A label of 300 KB would travel with every task list: refused before the schema is checked.
    await expect(
      fixture.labeling.annotation.submit(annotator('usr_1'), project.id, first.id, {
        label: { choice: 'positive', padding: 'x'.repeat(300_000) } as never,
      }),
    ).rejects.toMatchObject({
      code: 'label_too_large',
      param: 'label',
      message: 'The label is 300034 bytes; a label may have at most 262144 bytes (256 KiB).',
    });
    // Once the rest is done, the skipped task comes back instead of an empty queue.
    for (
      let other = await fixture.labeling.annotation.next(annotator('usr_1'), project.id);
      other && other.id !== first.id;
    ) {
      await fixture.labeling.annotation.submit(annotator('usr_1'), project.id, other.id, {
        label: { choice: 'positive' },
      });
      other = await fixture.labeling.annotation.next(annotator('usr_1'), project.id);
    }
    expect((await fixture.labeling.annotation.next(annotator('usr_1'), project.id))?.id).toBe(first.id);
    // The skipped task is topped up with another annotator when work is redistributed.
    const created = await fixture.labeling.projects.distribute(ORG, { ...project, annotators: ['usr_1', 'usr_2'] });
    expect(created).toBe(1);
    const view = await fixture.labeling.annotation.getTask(annotator('usr_2'), project.id, first.id);
    expect(view.assignment?.status).toBe('pending');
  });

  it('reviews: accept the agreed label, reject with a comment back to the queue, edit', async () => {
    const project = await sentimentProject(2, ['usr_1', 'usr_2']);
    const tasks = await fixture.labeling.annotation.listTasks(admin(), project.id);
    const [one, two, three] = tasks;
    for (const id of ['usr_1', 'usr_2']) {
      await fixture.labeling.annotation.submit(annotator(id), project.id, one!.id, { label: { choice: 'positive' } });
      await fixture.labeling.annotation.submit(annotator(id), project.id, two!.id, {
        label: { choice: id === 'usr_1' ? 'positive' : 'negative' },
      });
    }
    const accepted = await fixture.labeling.reviews.review(admin(), project.id, one!.id, { action: 'accept' });
    expect(accepted).toMatchObject({ status: 'accepted', finalLabel: { choice: 'positive' }, edited: false });
    await expect(
      fixture.labeling.reviews.review(admin(), project.id, two!.id, { action: 'accept' }),
    ).rejects.toMatchObject({ code: 'labels_disagree' });
    const rejected = await fixture.labeling.reviews.review(admin(), project.id, two!.id, {
      action: 'reject',
      comment: '“awful” is negative',
    });
    expect(rejected.status).toBe('rejected');
    const back = (await fixture.labeling.annotation.next(annotator('usr_1'), project.id))!;
    expect(back.id).toBe(two!.id);
    expect(back.assignment).toMatchObject({ status: 'draft', reviewComment: '“awful” is negative' });
    const edited = await fixture.labeling.reviews.review(admin(), project.id, three!.id, {
      action: 'edit',
      label: { choice: 'negative' },
    });
    expect(edited).toMatchObject({ status: 'accepted', edited: true });
    await expect(
      fixture.labeling.reviews.review(member(), project.id, three!.id, { action: 'accept' }),
    ).rejects.toMatchObject({ status: 403 });

    const result = await exportAndWait(fixture, admin(), project.id, { format: 'classification' });
    const lines = readFileSync(path.join(result.directory, 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { id: 'r0', text: 'review number 0: great', label: 'positive' },
      { id: 'r2', text: 'review number 2: great', label: 'negative' },
    ]);
    await expect(fixture.labeling.startExport(admin(), project.id, { format: 'openai' })).rejects.toMatchObject({
      code: 'unsupported_export_format',
    });
    expect((await fixture.jobs.list(ORG, { type: 'labeling.export' })).map((job) => job.id)).toEqual([result.id]);
    await expect(fixture.labeling.exportFile(admin(), project.id, result.id, 'train.conll')).rejects.toMatchObject({
      status: 404,
      code: 'export_file_not_found',
    });
    const other = await fixture.labeling.projects.create(admin(), {
      name: 'other',
      dataset: 'reviews',
      labelSchema: { kind: 'classification', labels: ['positive', 'negative'] },
    });
    await expect(fixture.labeling.exportFile(admin(), other.id, result.id, 'train.jsonl')).rejects.toMatchObject({
      status: 404,
      code: 'export_not_found',
    });
    rmSync(result.directory, { recursive: true });
    await expect(fixture.labeling.exportFile(admin(), project.id, result.id, 'train.jsonl')).rejects.toMatchObject({
      status: 410,
      code: 'export_expired',
    });
  });

  it('enforces roles and tenants: annotators see only their items and projects, other organizations nothing', async () => {
    const project = await sentimentProject(1, ['usr_1', 'usr_2']);
    const mine = await fixture.labeling.annotation.listTasks(annotator('usr_1'), project.id);
    const theirs = await fixture.labeling.annotation.listTasks(annotator('usr_2'), project.id);
    expect(mine).toHaveLength(3);
    expect(theirs).toHaveLength(3);
    expect(mine.every((task) => task.assignments === undefined && task.assignment?.annotatorId === 'usr_1')).toBe(true);
    expect(mine.some((task) => theirs.some((other) => other.id === task.id))).toBe(false);
    await expect(
      fixture.labeling.annotation.getTask(annotator('usr_1'), project.id, theirs[0]!.id),
    ).rejects.toMatchObject({ code: 'task_not_found' });
    await expect(
      fixture.labeling.annotation.submit(annotator('usr_1'), project.id, theirs[0]!.id, {
        label: { choice: 'positive' },
      }),
    ).rejects.toMatchObject({ status: 404 });
    // An annotator outside the project does not see it at all.
    expect(await fixture.labeling.projects.list(annotator('usr_9'))).toEqual([]);
    await expect(fixture.labeling.projects.get(annotator('usr_9'), project.id)).rejects.toMatchObject({
      code: 'project_not_found',
    });
    await expect(fixture.labeling.progress(annotator('usr_1'), project.id)).rejects.toMatchObject({ status: 403 });
    // Another organization's admin sees nothing, even by id.
    const outsider = fixture.labeling.actor(principalOf(OTHER_ORG, 'owner', 'usr_x'));
    expect(await fixture.labeling.projects.list(outsider)).toEqual([]);
    await expect(fixture.labeling.projects.get(outsider, project.id)).rejects.toMatchObject({ status: 404 });
    await expect(fixture.labeling.annotation.listTasks(outsider, project.id)).rejects.toMatchObject({ status: 404 });
    // Members read but do not manage.
    expect((await fixture.labeling.annotation.listTasks(member(), project.id))[0]!.assignments).toHaveLength(1);
    await expect(fixture.labeling.projects.setAnnotators(member(), project.id, ['usr_1'])).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      fixture.labeling.projects.create(member(), { name: 'x', dataset: 'reviews', labelSchema: { kind: 'rating' } }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      fixture.labeling.startExport(member(), project.id, { format: 'classification' }),
    ).rejects.toMatchObject({
      status: 403,
    });
  });
});
