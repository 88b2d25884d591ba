import { describe, expect, it } from 'vitest';
import { agreementReport } from './agreement-report.ts';
import type { LabelValue } from './label-schema.ts';
import type { Assignment, LabelingTask } from './labeling-types.ts';

function assignment(
  taskId: string,
  annotatorId: string,
  label: LabelValue | null,
  status: Assignment['status'] = 'submitted',
): Assignment {
  return {
    id: `${taskId}-${annotatorId}`,
    projectId: 'p',
    taskId,
    orgId: 'o',
    annotatorId,
    position: 0,
    status,
    label,
    reviewComment: null,
    submittedAt: 1,
    createdAt: 1,
    updatedAt: 1,
  };
}

function task(id: string, finalLabel: LabelValue | null = null): LabelingTask {
  return {
    id,
    projectId: 'p',
    orgId: 'o',
    position: 0,
    recordId: id,
    record: { id },
    status: finalLabel ? 'accepted' : 'submitted',
    finalLabel,
    edited: false,
    reviewComment: null,
    reviewedBy: null,
    reviewedAt: null,
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('agreement report', () => {
  it('gives Cohen’s kappa for two annotators, per-label alpha and agreement with review', () => {
    // The 2×2 textbook table (20/5/10/15) as 50 tasks labeled by annotators a and b: κ = 0.4.
    const cells: Array<[string, string, number]> = [
      ['yes', 'yes', 20],
      ['yes', 'no', 5],
      ['no', 'yes', 10],
      ['no', 'no', 15],
    ];
    const assignments: Assignment[] = [];
    const tasks: LabelingTask[] = [];
    let index = 0;
    for (const [a, b, count] of cells) {
      for (let n = 0; n < count; n++, index++) {
        tasks.push(task(`t${index}`, index === 0 ? { choice: 'yes' } : null));
        assignments.push(assignment(`t${index}`, 'a', { choice: a }), assignment(`t${index}`, 'b', { choice: b }));
      }
    }
    assignments.push(assignment('t0', 'c', { choice: 'no' }, 'draft'));
    const report = agreementReport(
      { kind: 'classification', labels: ['yes', 'no'], multiple: false },
      tasks,
      assignments,
    );
    expect(report.items).toBe(50);
    expect(report.annotators).toEqual(['a', 'b']);
    expect(report.overall.cohensKappa).toBeCloseTo(0.4, 10);
    expect(report.overall.observedAgreement).toBeCloseTo(0.7, 10);
    expect(report.overall.fleissKappa).not.toBeNull();
    expect(report.perLabel.map((entry) => [entry.label, entry.count])).toEqual([
      ['yes', 55],
      ['no', 45],
    ]);
    expect(report.perAnnotator.find((entry) => entry.annotatorId === 'a')).toMatchObject({
      submitted: 50,
      reviewed: 1,
      agreementWithReview: 1,
    });
  });

  it('handles missing labels with Krippendorff’s alpha and multi-label sets per label', () => {
    const schema = { kind: 'classification' as const, labels: ['x', 'y'], multiple: true };
    const assignments = [
      assignment('t1', 'a', { choices: ['x'] }),
      assignment('t1', 'b', { choices: ['x'] }),
      assignment('t1', 'c', { choices: ['x', 'y'] }),
      assignment('t2', 'a', { choices: ['y'] }),
      assignment('t2', 'b', { choices: ['y'] }),
      assignment('t3', 'c', { choices: [] }),
    ];
    const report = agreementReport(schema, [task('t1'), task('t2'), task('t3')], assignments);
    expect(report.items).toBe(2);
    expect(report.overall.cohensKappa).toBeNull();
    expect(report.overall.krippendorffAlpha).not.toBeNull();
    const x = report.perLabel.find((entry) => entry.label === 'x')!;
    expect(x.count).toBe(3);
    expect(x.krippendorffAlpha).toBe(1);
  });

  it('adds interval alpha for ratings', () => {
    const assignments = [
      assignment('t1', 'a', { rating: 4 }),
      assignment('t1', 'b', { rating: 5 }),
      assignment('t2', 'a', { rating: 1 }),
      assignment('t2', 'b', { rating: 1 }),
      assignment('t3', 'a', { rating: 3 }),
      assignment('t3', 'b', { rating: 3 }),
    ];
    const report = agreementReport(
      { kind: 'rating', min: 1, max: 5 },
      [task('t1'), task('t2'), task('t3')],
      assignments,
    );
    expect(report.overall.krippendorffAlphaInterval!).toBeGreaterThan(report.overall.krippendorffAlpha!);
    expect(report.perLabel.map((entry) => entry.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('scores span projects with exact-match F1, overall and per label', () => {
    const schema = { kind: 'spans' as const, labels: ['PER', 'LOC'] };
    const assignments = [
      assignment('t1', 'a', {
        spans: [
          { start: 0, end: 2, label: 'PER' },
          { start: 3, end: 5, label: 'LOC' },
        ],
      }),
      assignment('t1', 'b', {
        spans: [
          { start: 0, end: 2, label: 'PER' },
          { start: 3, end: 6, label: 'LOC' },
        ],
      }),
    ];
    const report = agreementReport(schema, [task('t1')], assignments);
    expect(report.overall.spanF1).toBeCloseTo(0.5, 10);
    expect(report.overall.krippendorffAlpha).toBeNull();
    expect(report.perLabel).toEqual([
      { label: 'PER', count: 2, krippendorffAlpha: null, spanF1: 1 },
      { label: 'LOC', count: 2, krippendorffAlpha: null, spanF1: 0 },
    ]);
    expect(report.perAnnotator[0]!.agreementWithOthers).toBeCloseTo(0.5, 10);
  });
});
