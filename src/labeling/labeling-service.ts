import type { Principal } from '../accounts/principal.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import type { ModelEntry } from '../inference/model-registry.ts';
import { isVisible } from '../inference/model-listing.ts';
import type { JobRecord, JobRunner } from '../jobs/job-types.ts';
import { finishedExportFile } from '../data/exporters/export-download.ts';
import type { Store } from '../store/database.ts';
import { invalidRequest, modelNotFound, notFound } from '../util/errors.ts';
import type { AnnotatorDirectory } from './annotator-directory.ts';
import { agreementReport, type AgreementReport } from './agreement-report.ts';
import { AnnotationService } from './annotation-service.ts';
import { generateQaJob, prelabelJob, registerAssistJobs, type AssistJobPayload } from './assist/assist-jobs.ts';
import type { DatasetSource } from './dataset-source.ts';
import { checkExportFormat, type LabelingExportFormat } from './export/labeling-export.ts';
import { labelingExportJob, LabelingExportPaths } from './export/labeling-export-job.ts';
import type {
  BulkReviewInput,
  BulkReviewResult,
  PredictionsInput,
  PredictionsResult,
} from '../api-contract/labeling-review.ts';
import { bulkReview } from './bulk-review.ts';
import type { LabelEvent } from './label-history.ts';
import {
  actorOf,
  hasRole,
  managerRoles,
  readerRoles,
  requireAnnotatorId,
  requireLabelingRole,
  type Actor,
} from './labeling-access.ts';
import { importPredictions } from './prediction-import.ts';
import { LabelingProjects } from './labeling-projects.ts';
import { progressReport, type ProgressReport } from './progress-report.ts';
import { ReviewService } from './review-service.ts';
import { SuggestionRepository } from './suggestion-repository.ts';

export interface LabelingServiceOptions {
  store: Store;
  source: DatasetSource;
  jobs: JobRunner;
  inference: InferenceService;
  /** Exports are written under `<dataDir>/exports/labeling/<project>/<job>/`. */
  dataDir: string;
  /** Checks annotator ids (default: any id is accepted). */
  annotators?: AnnotatorDirectory;
  /** The gateway's models: pre-labeling with a model that does not exist is refused up front (404). */
  models?: { get(id: string): ModelEntry | undefined };
}

export interface AssistRequest {
  model: string;
  template?: string;
  overwrite?: boolean;
  pairsPerChunk?: number;
  maxTokens?: number;
  temperature?: number;
  /** Requests in flight at once (1–16, default 4). */
  concurrency?: number;
  /** Only these tasks (e.g. an earlier run's failedTaskIds). */
  taskIds?: string[];
  /** Tries per task on errors that may pass (1–10, default 4). */
  attempts?: number;
}

/** Days a labeling export's files are kept; older ones go when the next export of the project starts. */
const EXPORT_RETENTION_DAYS = 7;

/** Labeling: projects, work, review, agreement, model assistance and export. Knows nothing of HTTP. */
export class LabelingService {
  readonly projects: LabelingProjects;
  readonly annotation: AnnotationService;
  readonly reviews: ReviewService;
  readonly suggestions: SuggestionRepository;
  private readonly exportPaths: LabelingExportPaths;

  constructor(private readonly options: LabelingServiceOptions) {
    this.projects = new LabelingProjects(options.store, options.source, options.annotators ?? null);
    this.suggestions = new SuggestionRepository(options.store);
    this.annotation = new AnnotationService(this.projects, this.suggestions);
    this.reviews = new ReviewService(this.projects);
    this.exportPaths = new LabelingExportPaths(options.dataDir);
    options.jobs.register(labelingExportJob, {
      projects: this.projects.projects,
      tasks: this.projects.tasks,
      paths: this.exportPaths,
      retentionMs: EXPORT_RETENTION_DAYS * 86_400_000,
    });
    registerAssistJobs(options.jobs, {
      store: options.store,
      inference: options.inference,
      projects: this.projects.projects,
      tasks: this.projects.tasks,
      suggestions: this.suggestions,
    });
  }

  /** Resolves a caller to a labeling actor (organization and annotator id). */
  actor(principal: Principal | null): Actor {
    return actorOf(principal);
  }

  async progress(actor: Actor, projectIdOrName: string): Promise<ProgressReport> {
    requireLabelingRole(actor, readerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    const counts = await this.projects.tasks.countByStatus(actor.orgId, project.id);
    return progressReport(project, counts, await this.projects.assignments.forProject(actor.orgId, project.id));
  }

  async agreement(actor: Actor, projectIdOrName: string): Promise<AgreementReport> {
    requireLabelingRole(actor, readerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    const tasks = await this.projects.tasks.list(actor.orgId, project.id);
    return agreementReport(
      project.labelSchema,
      tasks,
      await this.projects.assignments.forProject(actor.orgId, project.id, undefined, ['submitted']),
    );
  }

  /**
   * Queues the export of the accepted labels; the format must fit the project's label kind (a 400
   * now, nothing queued). GET /v1/labeling/jobs/:id follows it; exportFile() serves its files.
   */
  async startExport(
    actor: Actor,
    projectIdOrName: string,
    request: { format: LabelingExportFormat; validationRatio?: number; seed?: number },
  ): Promise<JobRecord> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    checkExportFormat(project, request.format);
    const payload = { orgId: actor.orgId, projectId: project.id, ...request };
    return this.options.jobs.enqueue(labelingExportJob, payload, { orgId: actor.orgId });
  }

  /**
   * The absolute path of one file of a finished export of this project (for download): 404 when
   * there is no such export or file, 409 while it runs or when it failed, 410 once its files are gone.
   */
  async exportFile(actor: Actor, projectIdOrName: string, exportId: string, file: string): Promise<string> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    const found = await finishedExportFile({
      jobs: this.options.jobs,
      job: labelingExportJob,
      orgId: actor.orgId,
      exportId,
      file,
      belongs: (payload) => payload.projectId === project.id,
      owner: `Project '${project.name}'`,
      directory: this.exportPaths.exportDirectory(project.id, exportId),
      retentionDays: EXPORT_RETENTION_DAYS,
    });
    return found.file;
  }

  /** Accepts tasks by a rule (unanimous, majority) or rejects a selection, each as a single review would. */
  bulkReview(actor: Actor, projectIdOrName: string, input: BulkReviewInput): Promise<BulkReviewResult> {
    return bulkReview(this.projects, this.reviews, actor, projectIdOrName, input);
  }

  /** Stores an external model's predictions as suggestions with their confidence. */
  importPredictions(actor: Actor, projectIdOrName: string, input: PredictionsInput): Promise<PredictionsResult> {
    return importPredictions(this.projects, this.suggestions, actor, projectIdOrName, input);
  }

  /**
   * A task's label history, oldest first: owners, admins and members see every change; an annotator
   * sees only their own, on tasks assigned to them.
   */
  async taskHistory(actor: Actor, projectIdOrName: string, taskId: string): Promise<LabelEvent[]> {
    const project = await this.projects.get(actor, projectIdOrName);
    const task = await this.projects.tasks.get(actor.orgId, project.id, taskId);
    if (!task) throw notFound(`No task '${taskId}' in this project.`, 'task_not_found', 'task');
    const events = await this.projects.history.forTask(actor.orgId, task.id);
    if (hasRole(actor, readerRoles)) return events;
    const annotatorId = requireAnnotatorId(actor);
    if (!(await this.projects.assignments.find(actor.orgId, task.id, annotatorId)))
      throw notFound(`No task '${taskId}' for you in this project.`, 'task_not_found', 'task');
    return events.filter((event) => event.actorId === annotatorId);
  }

  /** A project's label history, newest first (owners, admins, members), optionally of one person. */
  async projectHistory(
    actor: Actor,
    projectIdOrName: string,
    options: { actor?: string; offset?: number; limit?: number },
  ): Promise<LabelEvent[]> {
    requireLabelingRole(actor, readerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    return this.projects.history.forProject(actor.orgId, project.id, {
      actorId: options.actor,
      offset: options.offset,
      limit: options.limit,
    });
  }

  /** Starts pre-labeling (suggestions for every task) as a background job. */
  startPrelabel(actor: Actor, projectIdOrName: string, request: AssistRequest): Promise<JobRecord> {
    return this.startAssist(actor, projectIdOrName, prelabelJob, request);
  }

  /** Starts question–answer generation from the tasks' text (document chunks) as a background job. */
  startQaGeneration(actor: Actor, projectIdOrName: string, request: AssistRequest): Promise<JobRecord> {
    return this.startAssist(actor, projectIdOrName, generateQaJob, request);
  }

  async getJob(actor: Actor, jobId: string): Promise<JobRecord> {
    requireLabelingRole(actor, readerRoles);
    const job = await this.options.jobs.get(jobId, actor.orgId);
    if (!job || !job.type.startsWith('labeling.'))
      throw notFound(`No labeling job '${jobId}'.`, 'job_not_found', 'job');
    return job;
  }

  async cancelJob(actor: Actor, jobId: string): Promise<JobRecord> {
    requireLabelingRole(actor, managerRoles);
    await this.getJob(actor, jobId);
    return (await this.options.jobs.cancel(jobId, actor.orgId))!;
  }

  private async startAssist(
    actor: Actor,
    projectIdOrName: string,
    job: typeof prelabelJob,
    request: AssistRequest,
  ): Promise<JobRecord> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    if (job === generateQaJob && project.labelSchema.kind !== 'qa_review') {
      throw invalidRequest(
        'Question–answer generation needs a qa_review project over document chunks.',
        'project',
        'wrong_project_kind',
      );
    }
    if (!request.model) throw invalidRequest("'model' is required.", 'model', 'missing_required_parameter');
    const model = this.options.models?.get(request.model);
    if (this.options.models && (!model || !isVisible(model, actor.principal))) throw modelNotFound(request.model);
    const payload: AssistJobPayload = {
      orgId: actor.orgId,
      projectId: project.id,
      model: request.model,
      template: request.template,
      overwrite: request.overwrite ?? false,
      pairsPerChunk: request.pairsPerChunk,
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      concurrency: request.concurrency,
      taskIds: request.taskIds,
      attempts: request.attempts,
      startedBy: { userId: actor.principal.userId, keyId: actor.principal.keyId },
    };
    return this.options.jobs.enqueue(job, payload, { orgId: actor.orgId });
  }
}
