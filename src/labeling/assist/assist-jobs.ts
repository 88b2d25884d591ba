import { z } from 'zod';
import type { InferenceService } from '../../inference/inference-service.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import type { JobContext, JobRunner } from '../../jobs/job-types.ts';
import { JobCancelledError } from '../../jobs/job-types.ts';
import type { Store } from '../../store/database.ts';
import { newRequestId } from '../../util/ids.ts';
import type { LabelSchema, LabelValue } from '../label-schema.ts';
import type { LabelingTask } from '../labeling-types.ts';
import type { ProjectRepository } from '../project-repository.ts';
import type { SuggestionRepository } from '../suggestion-repository.ts';
import type { TaskRepository } from '../task-repository.ts';
import {
  abortableSleep,
  defaultItemRetry,
  isFatalForJob,
  type ItemRetryPolicy,
  withItemRetries,
} from './item-retry.ts';
import { jobPrincipal } from './job-principal.ts';
import { answerSchema, buildMessages, qaSchema } from './label-prompts.ts';
import { completionContent, ModelAnswerError, parseModelJson } from './model-answer.ts';
import { qaPairs, suggestedValue } from './suggested-value.ts';

const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;

const assistPayloadSchema = z.object({
  orgId: z.string().min(1),
  projectId: z.string().min(1),
  model: z.string().min(1),
  /** A prompt template with {{text}}, {{labels}}, {{prompt}}, {{response_a}}, {{response_b}}, {{count}} … */
  template: z.string().min(1).max(20_000).optional(),
  /** Ask again for tasks that already have a suggestion of this kind from this model. */
  overwrite: z.boolean(),
  /** Question–answer pairs per chunk (generation). */
  pairsPerChunk: z.number().int().min(1).max(20).optional(),
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  /** Requests in flight at once (default 4). */
  concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).optional(),
  /** Only these tasks (e.g. the failedTaskIds of an earlier run, to retry them); default every task. */
  taskIds: z.array(z.string().min(1)).min(1).max(100_000).optional(),
  /** Tries per task on errors that may pass (5xx, 429, an open breaker, timeouts); default 4. */
  attempts: z.number().int().min(1).max(10).optional(),
  /** Who started the job: its requests are billed and limited as theirs. */
  startedBy: z.object({ userId: z.string().nullable(), keyId: z.string().nullable() }),
});
export type AssistJobPayload = z.output<typeof assistPayloadSchema>;

export interface AssistJobResult {
  tasks: number;
  suggested: number;
  failed: number;
  skipped: number;
  /** `complete` when no task failed, `partial` when some did (their suggestions are missing; the others are kept). */
  outcome: 'complete' | 'partial';
  /** Extra tries spent on errors that passed or persisted. */
  retries: number;
  /** Every failed task, to start again with `taskIds` (a plain re-run retries them too: done tasks are skipped). */
  failedTaskIds: string[];
  /** The first failures, for the user to see what the model did. */
  errors: Array<{ taskId: string; error: string }>;
}

export interface AssistDependencies {
  store: Store;
  inference: InferenceService;
  projects: ProjectRepository;
  tasks: TaskRepository;
  suggestions: SuggestionRepository;
  /** How items are tried again (default: 4 tries, 1 s doubling to 30 s, at least the gateway's retry-after). */
  retry?: ItemRetryPolicy;
}

/** A model-assisted labeling job: the same payload, a different question to the model. */
function assistJob(type: string, mode: 'prelabel' | 'generate_qa') {
  return defineJob({
    type,
    version: 1,
    schema: assistPayloadSchema,
    handler: (payload, context, dependencies: AssistDependencies) => runAssistJob(mode, payload, context, dependencies),
  });
}

/** Suggestions (pre-labels) for every task of a project, from a chat model through the gateway. */
export const prelabelJob = assistJob('labeling.prelabel', 'prelabel');

/** Question–answer pairs generated from the document chunks of a qa_review project. */
export const generateQaJob = assistJob('labeling.generate_qa', 'generate_qa');

/** Registers the model-assisted labeling jobs on a runner. */
export function registerAssistJobs(jobs: JobRunner, dependencies: AssistDependencies): void {
  jobs.register(prelabelJob, dependencies);
  jobs.register(generateQaJob, dependencies);
}

/**
 * Asks the model about every task through the gateway (metered and billed to the organization as
 * the starter), stores each answer as a suggestion naming the model, and reports progress; a
 * cancel request stops it at the next task. Answers that cannot be read are counted, not fatal;
 * errors that would repeat for every task (no balance, revoked key, unknown model) end the job.
 */
export async function runAssistJob(
  mode: 'prelabel' | 'generate_qa',
  payload: AssistJobPayload,
  context: JobContext,
  dependencies: AssistDependencies,
): Promise<AssistJobResult> {
  const project = await dependencies.projects.get(payload.orgId, payload.projectId);
  if (!project) throw new Error('The labeling project no longer exists.');
  const principal = await jobPrincipal(dependencies.store, payload.orgId, payload.startedBy);
  const kind = mode === 'prelabel' ? 'label' : 'qa';
  const done = payload.overwrite
    ? new Set<string>()
    : await dependencies.suggestions.taskIdsWith(payload.orgId, project.id, kind, payload.model);
  const all = await dependencies.tasks.list(payload.orgId, project.id);
  const only = payload.taskIds ? new Set(payload.taskIds) : null;
  const tasks = only ? all.filter((task) => only.has(task.id)) : all;
  const policy: ItemRetryPolicy = {
    ...(dependencies.retry ?? defaultItemRetry),
    ...(payload.attempts !== undefined ? { attempts: payload.attempts } : {}),
  };
  const result: AssistJobResult = {
    tasks: tasks.length,
    suggested: 0,
    failed: 0,
    skipped: 0,
    outcome: 'complete',
    retries: 0,
    failedTaskIds: [],
    errors: [],
  };
  await context.progress({
    itemsDone: 0,
    itemsTotal: tasks.length,
    stage: mode === 'prelabel' ? `pre-labeling with ${payload.model}` : `generating QA pairs with ${payload.model}`,
  });
  let next = 0;
  let finished = 0;
  let stop = false;
  const work = async (): Promise<void> => {
    while (!stop) {
      const task = tasks[next++];
      if (!task) return;
      if (context.signal.aborted) throw new JobCancelledError(context.job.id);
      if (done.has(task.id) || task.status === 'accepted') {
        result.skipped++;
      } else {
        let tries = 1;
        try {
          const { value } = await withItemRetries(
            () =>
              askModel(
                mode,
                project.labelSchema,
                project.instructions,
                task,
                payload,
                principal,
                context,
                dependencies.inference,
              ),
            policy,
            context.signal,
            (ms, signal) => {
              tries++;
              result.retries++;
              return abortableSleep(ms, signal);
            },
          );
          await dependencies.suggestions.insert({
            projectId: project.id,
            taskId: task.id,
            orgId: payload.orgId,
            kind,
            model: payload.model,
            value,
            jobId: context.job.id,
          });
          result.suggested++;
        } catch (error) {
          if (error instanceof JobCancelledError || context.signal.aborted) throw error;
          if (isFatalForJob(error)) throw error;
          result.failed++;
          result.failedTaskIds.push(task.id);
          const message = error instanceof Error ? error.message : String(error);
          if (result.errors.length < 10)
            result.errors.push({ taskId: task.id, error: tries > 1 ? `${message} (after ${tries} tries)` : message });
        }
      }
      await context.progress({ itemsDone: ++finished });
    }
  };
  // A few requests in flight; the first fatal error (or a cancel) stops the others after their current task.
  const outcomes = await Promise.allSettled(
    Array.from({ length: Math.min(payload.concurrency ?? DEFAULT_CONCURRENCY, MAX_CONCURRENCY) }, () =>
      work().catch((error: unknown) => {
        stop = true;
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  if (result.failed > 0 && result.suggested === 0) {
    // Nothing worked: that is a failed job, not a success with a footnote.
    throw new Error(
      `All ${result.failed} tasks asked failed; the first: ${result.errors[0]?.error ?? 'unknown error'}`,
    );
  }
  if (result.failed > 0) {
    result.outcome = 'partial';
    await context.progress({
      itemsDone: finished,
      stage: `${result.failed} of ${result.tasks} tasks failed; start again with their taskIds to retry them`,
    });
  }
  return result;
}

async function askModel(
  mode: 'prelabel' | 'generate_qa',
  schema: LabelSchema,
  instructions: string,
  task: LabelingTask,
  payload: AssistJobPayload,
  principal: Awaited<ReturnType<typeof jobPrincipal>>,
  context: JobContext,
  inference: InferenceService,
): Promise<LabelValue> {
  const count = String(payload.pairsPerChunk ?? 3);
  const effective: LabelSchema = mode === 'generate_qa' ? { kind: 'qa_review' } : schema;
  const body: Record<string, unknown> = {
    model: payload.model,
    messages: buildMessages(effective, task.record, { template: payload.template, instructions, extra: { count } }),
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: mode === 'prelabel' ? 'label' : 'qa_pairs',
        strict: true,
        schema: mode === 'prelabel' ? answerSchema(schema) : qaSchema(),
      },
    },
    stream: false,
    ...(payload.maxTokens !== undefined ? { max_tokens: payload.maxTokens } : {}),
    ...(payload.temperature !== undefined ? { temperature: payload.temperature } : {}),
  };
  const answer = await inference.chat({ requestId: newRequestId(), principal, signal: context.signal }, body);
  if (answer.kind !== 'json')
    throw new ModelAnswerError('The gateway streamed an answer to a non-streaming request.', '');
  const parsed = parseModelJson(completionContent(answer.text));
  if (mode === 'prelabel') return suggestedValue(schema, task.record, parsed);
  const pairs = qaPairs(parsed);
  if (pairs.length === 0)
    throw new ModelAnswerError(
      'The model generated no complete question–answer pair.',
      JSON.stringify(parsed).slice(0, 200),
    );
  return { pairs };
}
