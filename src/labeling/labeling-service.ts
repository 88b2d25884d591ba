import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Principal } from '../accounts/principal.ts';
import type { ExportResult } from '../data/exporters/export-version.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import type { JobRecord, JobRunner } from '../jobs/job-types.ts';
import type { Store } from '../store/database.ts';
import { invalidRequest, notFound } from '../util/errors.ts';
import { randomBase62 } from '../util/ids.ts';
import type { AnnotatorDirectory } from './annotator-directory.ts';
import { agreementReport, type AgreementReport } from './agreement-report.ts';
import { AnnotationService } from './annotation-service.ts';
import { generateQaJob, prelabelJob, registerAssistJobs, type AssistJobPayload } from './assist/assist-jobs.ts';
import type { DatasetSource } from './dataset-source.ts';
import { exportLabels, type LabelingExportFormat } from './export/labeling-export.ts';
import { actorOf, managerRoles, readerRoles, requireLabelingRole, type Actor } from './labeling-access.ts';
import { LabelingProjects } from './labeling-projects.ts';
import { progressReport, type ProgressReport } from './progress-report.ts';
import { ReviewService } from './review-service.ts';
import { SuggestionRepository } from './suggestion-repository.ts';

export interface LabelingServiceOptions {
  store: Store;
  source: DatasetSource;
  jobs: JobRunner;
  inference: InferenceService;
  /** Exports are written under `<dataDir>/exports/labeling/<project>/…`. */
  dataDir: string;
  /** Checks annotator ids (default: any id is accepted). */
  annotators?: AnnotatorDirectory;
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
}

/** Labeling: projects, work, review, agreement, model assistance and export. Knows nothing of HTTP. */
export class LabelingService {
  readonly projects: LabelingProjects;
  readonly annotation: AnnotationService;
  readonly reviews: ReviewService;
  readonly suggestions: SuggestionRepository;

  constructor(private readonly options: LabelingServiceOptions) {
    this.projects = new LabelingProjects(options.store, options.source, options.annotators ?? null);
    this.suggestions = new SuggestionRepository(options.store);
    this.annotation = new AnnotationService(this.projects, this.suggestions);
    this.reviews = new ReviewService(this.projects);
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

  async export(
    actor: Actor,
    projectIdOrName: string,
    request: { format: LabelingExportFormat; validationRatio?: number; seed?: number },
  ): Promise<ExportResult & { id: string }> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    const ratio = request.validationRatio ?? 0;
    if (!(ratio >= 0 && ratio < 1)) throw invalidRequest('validation ratio must be in [0, 1).', 'validationRatio');
    const accepted = await this.projects.tasks.list(actor.orgId, project.id, { status: 'accepted' });
    const exportId = `${request.format}-${Date.now()}-${randomBase62(6)}`;
    const result = await exportLabels(project, accepted, {
      format: request.format,
      directory: this.exportDirectory(project.id, exportId),
      validationRatio: ratio,
      seed: request.seed,
    });
    return { ...result, id: exportId };
  }

  /** The absolute path of one file of an export (for download), after the same checks as the export. */
  async exportFile(actor: Actor, projectIdOrName: string, exportId: string, file: string): Promise<string> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.projects.get(actor, projectIdOrName);
    const allowed = [
      'train.jsonl',
      'validation.jsonl',
      'rejected.jsonl',
      'train.conll',
      'labels.json',
      'dataset_info.json',
    ];
    if (!/^[a-z-]+-\d+-[A-Za-z0-9]+$/.test(exportId) || !allowed.includes(file))
      throw notFound(`No export file '${exportId}/${file}'.`, 'export_file_not_found', 'file');
    const absolute = path.join(this.exportDirectory(project.id, exportId), file);
    if (!existsSync(absolute)) throw notFound(`No export file '${exportId}/${file}'.`, 'export_file_not_found', 'file');
    return absolute;
  }

  private exportDirectory(projectId: string, exportId: string): string {
    return path.resolve(this.options.dataDir, 'exports', 'labeling', projectId, exportId);
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
      startedBy: { userId: actor.principal.userId, keyId: actor.principal.keyId },
    };
    return this.options.jobs.enqueue(job, payload, { orgId: actor.orgId });
  }
}
