import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JobContext } from '../../jobs/job-types.ts';
import { operatorsByName } from '../operators/index.ts';
import type { GlobalOperator, GlobalPlan } from '../operators/operator-types.ts';
import type { Recipe } from '../recipes/recipe.ts';
import { concatenateFiles } from './concatenate-files.ts';
import { writePlanFile } from './global-plan-file.ts';
import { mapShard, type MapShardPayload, type MapStep } from './map-shard.ts';
import { shardRanges } from './record-range.ts';
import { mergeSamples, mergeStatistics, type OperatorSample, type OperatorStatistics } from './statistics.ts';
import { summarizeShard, type SummarizeShardPayload } from './summarize-shard.ts';

export interface RunRecipeOptions {
  input: string;
  inputCount: number;
  output: string;
  workDirectory: string;
  recipe: Recipe;
  /** Records per shard; one shard when undefined or ≥ the record count. */
  shardSize?: number;
  sampleLimit?: number;
}

export interface RunRecipeResult {
  records: number;
  textBytes: number;
  statistics: OperatorStatistics[];
  samples: OperatorSample[];
}

/**
 * A plan made over the records at `survivors` (positions of the pass's output, ascending) as a plan
 * over all `count` positions: the others keep themselves (a plan before this one drops them).
 */
export function spreadPlan(plan: GlobalPlan, survivors: Int32Array, count: number): GlobalPlan {
  const representative = Int32Array.from({ length: count }, (_, position) => position);
  const similarity = new Float32Array(count);
  const clusterSize = new Int32Array(count).fill(1);
  const representativeIds: Record<number, string> = {};
  survivors.forEach((position, at) => {
    representative[position] = survivors[plan.representative[at]!]!;
    similarity[position] = plan.similarity[at]!;
    clusterSize[position] = plan.clusterSize[at]!;
  });
  for (const [at, id] of Object.entries(plan.representativeIds)) representativeIds[survivors[Number(at)]!] = id;
  return { ...plan, representative, similarity, clusterSize, representativeIds };
}

type Stage = { kind: 'map'; steps: MapStep[] } | { kind: 'global'; step: MapStep };

/** Groups consecutive record-wise steps into one pass; each dedup step is its own pass 1. */
export function planStages(recipe: Recipe): Stage[] {
  const stages: Stage[] = [];
  let current: MapStep[] = [];
  recipe.steps.forEach((step, index) => {
    const mapStep: MapStep = { step: index, name: step.name, params: step.params };
    const kind = operatorsByName.get(step.name)!.create(step.params).kind;
    if (kind === 'map') {
      current.push(mapStep);
      return;
    }
    if (current.length > 0) stages.push({ kind: 'map', steps: current });
    stages.push({ kind: 'global', step: mapStep });
    current = [];
  });
  if (current.length > 0) stages.push({ kind: 'map', steps: current });
  return stages;
}

/**
 * Runs a recipe over a version file as sharded passes: record-wise stages and dedup pass 1
 * fan out over shards (`context.runShards`), dedup plans are made here, outputs concatenated in
 * shard order — so the result does not depend on how many shards or machines ran it. A dedup
 * step's summaries are computed by the pass before it (which also applies the previous plans), so
 * each run of consecutive dedup steps costs one extra pass: `exact_dedup → near_dedup` summarize
 * together, near dedup plans over what exact dedup keeps, and both plans apply in one pass.
 */
export async function runRecipe(options: RunRecipeOptions, context: JobContext): Promise<RunRecipeResult> {
  mkdirSync(options.workDirectory, { recursive: true });
  const stages = planStages(options.recipe);
  // Consecutive dedup steps are summarized in one pass and applied in the next.
  const globalCount = stages.filter(
    (stage, index) => stage.kind === 'global' && stages[index - 1]?.kind !== 'global',
  ).length;
  // Each run of dedup steps adds one pass; the last pass applies the last plans (or is the only pass).
  const passes = globalCount + 1;
  const sampleLimit = options.sampleLimit ?? 20;
  let input = options.input;
  let count = options.inputCount;
  let completedItems = 0;
  let passIndex = 0;
  let pendingPlans: MapStep[] = [];
  const statisticsByStep = new Map<number, OperatorStatistics>();
  const planDetails = new Map<number, Record<string, number>>();
  const sampleParts: OperatorSample[][] = [];
  let textBytes = 0;
  const report = async (itemsInPass: number, stage: string) => {
    await context.progress({
      itemsDone: completedItems + itemsInPass,
      itemsTotal: completedItems + count * Math.max(1, passes - passIndex),
      stage,
    });
  };
  const ranges = () =>
    shardRanges(count, options.shardSize && options.shardSize > 0 ? options.shardSize : Math.max(1, count));

  /** The summaries (fixed bytes per record, in record order) and ids that shards wrote for a step. */
  const readSummaries = (summaryFiles: string[]) => {
    // Read straight into one buffer at offset 0 (aligned for the operator's typed-array views).
    const aligned = new Uint8Array(summaryFiles.reduce((sum, file) => sum + statSync(file).size, 0));
    let offset = 0;
    for (const file of summaryFiles) {
      const descriptor = openSync(file, 'r');
      try {
        for (let read = -1; read !== 0 && offset < aligned.length; offset += read)
          read = readSync(descriptor, aligned, offset, aligned.length - offset, null);
      } finally {
        closeSync(descriptor);
      }
    }
    const ids = summaryFiles.flatMap((file) => JSON.parse(readFileSync(`${file}.ids.json`, 'utf8')) as string[]);
    return { summaries: aligned, ids };
  };

  /**
   * Decides a run of dedup steps from the summaries of the pass that just ran; their plans apply
   * together in the next pass. Each step after the first plans over the records the steps before
   * it keep (its plan is then spread back to every position; dropped ones are never reached).
   */
  const makePlans = async (steps: MapStep[], summaryFiles: string[][]) => {
    let survivors: Int32Array | null = null;
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const read = readSummaries(summaryFiles[index]!);
      const count = read.ids.length;
      let summaries = read.summaries;
      let ids = read.ids;
      if (survivors) {
        const bytes = count === 0 ? 0 : summaries.length / count;
        const kept = new Uint8Array(survivors.length * bytes);
        survivors.forEach((position, at) =>
          kept.set(summaries.subarray(position * bytes, (position + 1) * bytes), at * bytes),
        );
        summaries = kept;
        ids = Array.from(survivors, (position) => read.ids[position]!);
      }
      const operator = operatorsByName.get(step.name)!.create(step.params) as GlobalOperator;
      await report(0, `${step.name}: clustering`);
      let plan = operator.plan(summaries, ids, ids.length);
      if (survivors) plan = spreadPlan(plan, survivors, count);
      const planFile = path.join(options.workDirectory, `pass${passIndex}-plan-${step.step}.bin`);
      writePlanFile(planFile, plan);
      planDetails.set(step.step, plan.details);
      pendingPlans.push({ ...step, planFile });
      // The positions every plan so far keeps, for the next step.
      const previous: Int32Array | null = survivors;
      const kept: number[] = [];
      for (let at = 0; at < (previous ? previous.length : count); at++) {
        const position = previous ? previous[at]! : at;
        if (plan.representative[position] === position) kept.push(position);
      }
      survivors = Int32Array.from(kept);
    }
  };

  /** One pass of record-wise steps; with `summarizeFor`, also the summaries for that dedup step. */
  const runMapPass = async (steps: MapStep[], final: boolean, summarizeFor: MapStep[]) => {
    const label = [
      ...steps.map((step) => (step.planFile ? `${step.name}: apply` : step.name)),
      ...summarizeFor.map((step) => `${step.name}: ${step.name === 'near_dedup' ? 'signatures' : 'hashes'}`),
    ].join(' → ');
    const shardPayloads: MapShardPayload[] = ranges().map((range, index) => ({
      input,
      ...range,
      output: path.join(options.workDirectory, `pass${passIndex}-shard${index}.jsonl`),
      steps,
      sampleLimit,
      ...(summarizeFor.length > 0
        ? {
            summarize: summarizeFor.map((step) => ({
              name: step.name,
              params: step.params,
              output: path.join(options.workDirectory, `pass${passIndex}-step${step.step}-summary${index}.bin`),
            })),
          }
        : {}),
    }));
    await report(0, label);
    const results = await context.runShards(mapShard, shardPayloads, (items) => report(items, label));
    for (const statistics of mergeStatistics(results.map((result) => result.statistics))) {
      statisticsByStep.set(statistics.step, {
        ...statistics,
        details: planDetails.get(statistics.step) ?? statistics.details,
      });
    }
    sampleParts.push(...results.map((result) => result.samples));
    const output = final ? options.output : path.join(options.workDirectory, `pass${passIndex}.jsonl`);
    await concatenateFiles(
      shardPayloads.map((payload) => payload.output),
      output,
    );
    completedItems += count;
    count = results.reduce((sum, result) => sum + result.records, 0);
    textBytes = results.reduce((sum, result) => sum + result.textBytes, 0);
    input = output;
    passIndex++;
    if (summarizeFor.length > 0)
      await makePlans(
        summarizeFor,
        summarizeFor.map((_, index) => shardPayloads.map((payload) => payload.summarize![index]!.output)),
      );
  };

  /** Summaries of the input as it is (a recipe that starts with a dedup step). */
  const runSummaryPass = async (step: MapStep) => {
    const label = `${step.name}: ${step.name === 'near_dedup' ? 'signatures' : 'hashes'}`;
    const shardPayloads: SummarizeShardPayload[] = ranges().map((range, index) => ({
      input,
      ...range,
      name: step.name,
      params: step.params,
      output: path.join(options.workDirectory, `pass${passIndex}-summary${index}.bin`),
    }));
    await report(0, label);
    await context.runShards(summarizeShard, shardPayloads, (items) => report(items, label));
    completedItems += count;
    passIndex++;
    await makePlans([step], [shardPayloads.map((payload) => payload.output)]);
  };

  const takePlans = (): MapStep[] => {
    const plans = pendingPlans;
    pendingPlans = [];
    return plans;
  };
  /** The dedup steps of the run of global stages from `index`. */
  const globalRun = (index: number): MapStep[] => {
    const run: MapStep[] = [];
    for (let next = index; next < stages.length; next++) {
      const stage = stages[next]!;
      if (stage.kind !== 'global') break;
      run.push(stage.step);
    }
    return run;
  };
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index]!;
    if (stage.kind === 'map') {
      const summarizeFor = globalRun(index + 1);
      await runMapPass(
        [...takePlans(), ...stage.steps],
        summarizeFor.length === 0 && index === stages.length - 1,
        summarizeFor,
      );
      index += summarizeFor.length;
    } else if (pendingPlans.length > 0) {
      const summarizeFor = globalRun(index);
      await runMapPass(takePlans(), false, summarizeFor);
      index += summarizeFor.length - 1;
    } else {
      await runSummaryPass(stage.step);
    }
  }
  if (pendingPlans.length > 0) await runMapPass(takePlans(), true, []);
  const statistics = [...statisticsByStep.values()].sort((a, b) => a.step - b.step);
  return { records: count, textBytes, statistics, samples: mergeSamples(sampleParts, sampleLimit) };
}
