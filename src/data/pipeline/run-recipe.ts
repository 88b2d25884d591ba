import { closeSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JobContext } from '../../jobs/job-types.ts';
import { operatorsByName } from '../operators/index.ts';
import type { GlobalOperator } from '../operators/operator-types.ts';
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
 * step's summaries are computed by the pass before it (which also applies the previous plan), so
 * each dedup step costs one extra pass, not two.
 */
export async function runRecipe(options: RunRecipeOptions, context: JobContext): Promise<RunRecipeResult> {
  mkdirSync(options.workDirectory, { recursive: true });
  const stages = planStages(options.recipe);
  const globalCount = stages.filter((stage) => stage.kind === 'global').length;
  // Each dedup step adds one pass; the last pass applies the last plan (or is the only pass).
  const passes = globalCount + 1;
  const sampleLimit = options.sampleLimit ?? 20;
  let input = options.input;
  let count = options.inputCount;
  let completedItems = 0;
  let passIndex = 0;
  let pendingPlan: MapStep | null = null;
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

  /** Decides a dedup step from the summaries of the pass that just ran; its plan applies in the next pass. */
  const makePlan = async (step: MapStep, summaryFiles: string[]) => {
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
    const operator = operatorsByName.get(step.name)!.create(step.params) as GlobalOperator;
    await report(0, `${step.name}: clustering`);
    const plan = operator.plan(aligned, ids, ids.length);
    const planFile = path.join(options.workDirectory, `pass${passIndex}-plan-${step.step}.bin`);
    writePlanFile(planFile, plan);
    planDetails.set(step.step, plan.details);
    pendingPlan = { ...step, planFile };
  };

  /** One pass of record-wise steps; with `summarizeFor`, also the summaries for that dedup step. */
  const runMapPass = async (steps: MapStep[], final: boolean, summarizeFor: MapStep | null) => {
    const label = [
      ...steps.map((step) => (step.planFile ? `${step.name}: apply` : step.name)),
      ...(summarizeFor
        ? [`${summarizeFor.name}: ${summarizeFor.name === 'near_dedup' ? 'signatures' : 'hashes'}`]
        : []),
    ].join(' → ');
    const shardPayloads: MapShardPayload[] = ranges().map((range, index) => ({
      input,
      ...range,
      output: path.join(options.workDirectory, `pass${passIndex}-shard${index}.jsonl`),
      steps,
      sampleLimit,
      ...(summarizeFor
        ? {
            summarize: {
              name: summarizeFor.name,
              params: summarizeFor.params,
              output: path.join(options.workDirectory, `pass${passIndex}-summary${index}.bin`),
            },
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
    if (summarizeFor)
      await makePlan(
        summarizeFor,
        shardPayloads.map((payload) => payload.summarize!.output),
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
    await makePlan(
      step,
      shardPayloads.map((payload) => payload.output),
    );
  };

  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index]!;
    const takePlan = (): MapStep[] => {
      const plan = pendingPlan;
      pendingPlan = null;
      return plan ? [plan] : [];
    };
    if (stage.kind === 'map') {
      const next = stages[index + 1];
      const summarizeFor = next?.kind === 'global' ? next.step : null;
      await runMapPass([...takePlan(), ...stage.steps], !summarizeFor && index === stages.length - 1, summarizeFor);
      if (summarizeFor) index++;
    } else if (pendingPlan) {
      await runMapPass(takePlan(), false, stage.step);
    } else {
      await runSummaryPass(stage.step);
    }
  }
  if (pendingPlan) await runMapPass([pendingPlan], true, null);
  const statistics = [...statisticsByStep.values()].sort((a, b) => a.step - b.step);
  return { records: count, textBytes, statistics, samples: mergeSamples(sampleParts, sampleLimit) };
}
