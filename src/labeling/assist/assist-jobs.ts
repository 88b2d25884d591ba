import { z } from 'zod';
import type { InferenceService } from '../../inference/inference-service.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import type { JobContext, JobRunner } from '../../jobs/job-types.ts';
import { JobCancelledError } from '../../jobs/job-types.ts';
import type { Store } from '../../store/database.ts';
import { isKaiyuanError } from '../../util/errors.ts';
import { newRequestId } from '../../util/ids.ts';
import type { LabelSchema, LabelValue } from '../label-schema.ts';
import type { LabelingTask } from '../labeling-types.ts';
import type { ProjectRepository } from '../project-repository.ts';
import type { SuggestionRepository } from '../suggestion-repository.ts';
import type { TaskRepository } from '../task-repository.ts';
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
  /** Who started the job: its requests are billed and limited as theirs. */
  startedBy: z.object({ userId: z.string().nullable(), keyId: z.string().nullable() }),
});
export type AssistJobPayload = z.output<typeof assistPayloadSchema>;

export interface AssistJobResult {
  tasks: number;
  suggested: number;
  failed: number;
  skipped: number;
  /** The first failures, for the user to see what the model did. */
  errors: Array<{ taskId: string; error: string }>;
}

export interface AssistDependencies {
  store: Store;
  inference: InferenceService;
  projects: ProjectRepository;
  tasks: TaskRepository;
  suggestions: SuggestionRepository;
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
  const tasks = await dependencies.tasks.list(payload.orgId, project.id);
  const result: AssistJobResult = { tasks: tasks.length, suggested: 0, failed: 0, skipped: 0, errors: [] };
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
        try {
          const value = await askModel(
            mode,
            project.labelSchema,
            project.instructions,
            task,
            payload,
            principal,
            context,
            dependencies.inference,
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
          if (isKaiyuanError(error) && [401, 402, 403, 404].includes(error.status)) throw error;
          result.failed++;
          if (result.errors.length < 10)
            result.errors.push({ taskId: task.id, error: error instanceof Error ? error.message : String(error) });
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
