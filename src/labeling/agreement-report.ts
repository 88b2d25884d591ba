import type { AgreementReport, PairAgreement } from '../api-contract/labeling-projects.ts';
import {
  cohensKappa,
  fleissCounts,
  fleissKappa,
  krippendorffAlphaInterval,
  krippendorffAlphaNominal,
  matchSpans,
  spanF1,
  type SpanMatch,
} from './agreement-metrics.ts';
import { categoryOf, type LabelSchema, type LabelValue, type Span } from './label-schema.ts';
import type { Assignment, LabelingTask } from './labeling-types.ts';

export type { AgreementReport };

type Labeled = { annotatorId: string; label: LabelValue };

/** Agreement of a project's submitted labels (free-text kinds get exact-match agreement only). */
export function agreementReport(
  schema: LabelSchema,
  tasks: LabelingTask[],
  assignments: Assignment[],
): AgreementReport {
  const byTask = new Map<string, Labeled[]>();
  for (const assignment of assignments) {
    if (assignment.status !== 'submitted' || assignment.label === null) continue;
    const list = byTask.get(assignment.taskId) ?? [];
    list.push({ annotatorId: assignment.annotatorId, label: assignment.label });
    byTask.set(assignment.taskId, list);
  }
  const units = [...byTask.values()];
  const annotators = [...new Set(units.flat().map((entry) => entry.annotatorId))].sort();
  const multi = units.filter((unit) => unit.length >= 2);
  const nominal = schema.kind === 'classification' || schema.kind === 'rating' || schema.kind === 'preference';
  const category = (label: LabelValue) => categoryOf(label) ?? JSON.stringify(label);

  const pairwise: PairAgreement[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const pairs: Array<[LabelValue, LabelValue]> = [];
      for (const unit of units) {
        const left = unit.find((entry) => entry.annotatorId === annotators[i]);
        const right = unit.find((entry) => entry.annotatorId === annotators[j]);
        if (left && right) pairs.push([left.label, right.label]);
      }
      if (pairs.length === 0) continue;
      const categories = pairs.map(([left, right]) => [category(left), category(right)] as const);
      pairwise.push({
        annotators: [annotators[i]!, annotators[j]!],
        items: pairs.length,
        observedAgreement: categories.filter(([left, right]) => left === right).length / pairs.length,
        cohensKappa: nominal ? cohensKappa(categories) : null,
        spanF1:
          schema.kind === 'spans'
            ? spanF1(pairs.map(([left, right]) => matchSpans(spansOf(left), spansOf(right))))
            : null,
      });
    }
  }

  const raterCounts = new Map<number, number>();
  for (const unit of multi) raterCounts.set(unit.length, (raterCounts.get(unit.length) ?? 0) + 1);
  const usualRaters =
    [...raterCounts.entries()].sort((left, right) => right[1] - left[1] || right[0] - left[0])[0]?.[0] ?? 0;
  const fleissTable = fleissCounts(
    multi.map((unit) => unit.map((entry) => category(entry.label))),
    usualRaters,
  );
  const allMatches = multi.flatMap((unit) => unitSpanMatches(unit));
  const observed =
    pairwise.length === 0 ? null : weightedMean(pairwise.map((pair) => [pair.observedAgreement ?? 0, pair.items]));

  return {
    object: 'labeling.agreement',
    kind: schema.kind,
    items: multi.length,
    annotators,
    overall: {
      cohensKappa: nominal && annotators.length === 2 && pairwise.length === 1 ? pairwise[0]!.cohensKappa : null,
      fleissKappa: nominal && fleissTable.counts.length > 0 ? fleissKappa(fleissTable.counts) : null,
      fleissItems: nominal ? fleissTable.counts.length : 0,
      krippendorffAlpha: nominal
        ? krippendorffAlphaNominal(multi.map((unit) => unit.map((entry) => category(entry.label))))
        : null,
      krippendorffAlphaInterval:
        schema.kind === 'rating'
          ? krippendorffAlphaInterval(
              multi.map((unit) => unit.map((entry) => ('rating' in entry.label ? entry.label.rating : null))),
            )
          : null,
      observedAgreement: observed,
      spanF1: schema.kind === 'spans' ? spanF1(allMatches) : null,
      undefinedReason:
        nominal && fleissTable.categories.length === 1
          ? `Every label is '${fleissTable.categories[0]}': with one single category chance agreement is 1, so kappa and alpha are 0/0 (undefined).`
          : null,
    },
    pairwise,
    perLabel: perLabel(schema, units, multi),
    perAnnotator: perAnnotator(annotators, byTask, tasks, pairwise),
  };
}

function perLabel(schema: LabelSchema, units: Labeled[][], multi: Labeled[][]): AgreementReport['perLabel'] {
  const labels =
    schema.kind === 'classification' || schema.kind === 'spans'
      ? schema.labels
      : schema.kind === 'rating'
        ? range(schema.min, schema.max).map(String)
        : schema.kind === 'preference'
          ? ['a', 'b', 'tie']
          : [];
  return labels.map((label) => {
    const has = (value: LabelValue): boolean =>
      'choice' in value
        ? value.choice === label
        : 'choices' in value
          ? value.choices.includes(label)
          : 'rating' in value
            ? String(value.rating) === label
            : 'preferred' in value
              ? value.preferred === label
              : 'spans' in value
                ? value.spans.some((span) => span.label === label)
                : false;
    const count = units
      .flat()
      .reduce(
        (sum, entry) =>
          sum +
          ('spans' in entry.label
            ? entry.label.spans.filter((span) => span.label === label).length
            : has(entry.label)
              ? 1
              : 0),
        0,
      );
    return {
      label,
      count,
      krippendorffAlpha:
        schema.kind === 'spans'
          ? null
          : krippendorffAlphaNominal(multi.map((unit) => unit.map((entry) => (has(entry.label) ? 'yes' : 'no')))),
      spanF1: schema.kind === 'spans' ? spanF1(multi.flatMap((unit) => unitSpanMatches(unit, label))) : null,
    };
  });
}

function perAnnotator(
  annotators: string[],
  byTask: Map<string, Labeled[]>,
  tasks: LabelingTask[],
  pairwise: PairAgreement[],
): AgreementReport['perAnnotator'] {
  const finals = new Map(
    tasks
      .filter((task) => task.status === 'accepted' && task.finalLabel)
      .map((task) => [task.id, JSON.stringify(task.finalLabel)]),
  );
  const units = [...byTask.values()];
  return annotators.map((annotatorId) => {
    const mine = pairwise.filter((pair) => pair.annotators.includes(annotatorId));
    let reviewed = 0;
    let matching = 0;
    for (const [taskId, unit] of byTask) {
      const final = finals.get(taskId);
      const entry = unit.find((candidate) => candidate.annotatorId === annotatorId);
      if (!final || !entry) continue;
      reviewed++;
      if (JSON.stringify(entry.label) === final) matching++;
    }
    return {
      annotatorId,
      submitted: units.filter((unit) => unit.some((entry) => entry.annotatorId === annotatorId)).length,
      agreementWithOthers:
        mine.length === 0
          ? null
          : weightedMean(mine.map((pair) => [pair.spanF1 ?? pair.observedAgreement ?? 0, pair.items])),
      agreementWithReview: reviewed === 0 ? null : matching / reviewed,
      reviewed,
    };
  });
}

function unitSpanMatches(unit: Labeled[], label?: string): SpanMatch[] {
  const matches: SpanMatch[] = [];
  for (let i = 0; i < unit.length; i++)
    for (let j = i + 1; j < unit.length; j++)
      matches.push(matchSpans(spansOf(unit[i]!.label), spansOf(unit[j]!.label), label));
  return matches;
}

function spansOf(value: LabelValue): Span[] {
  return 'spans' in value ? value.spans : [];
}

function weightedMean(values: Array<[number, number]>): number | null {
  const weight = values.reduce((sum, [, count]) => sum + count, 0);
  return weight === 0 ? null : values.reduce((sum, [value, count]) => sum + value * count, 0) / weight;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}
