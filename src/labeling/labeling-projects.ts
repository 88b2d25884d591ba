import type { Store } from '../store/database.ts';
import { conflict, invalidRequest, notFound } from '../util/errors.ts';
import type { DataRecord } from '../data/data-record.ts';
import { AssignmentRepository } from './assignment-repository.ts';
import type { AnnotatorDirectory } from './annotator-directory.ts';
import type { DatasetSource } from './dataset-source.ts';
import { hasRole, managerRoles, requireLabelingRole, type Actor } from './labeling-access.ts';
import { LabelHistory } from './label-history.ts';
import { parseLabelSchema } from './label-schema.ts';
import type { LabelingProject } from './labeling-types.ts';
import { ProjectRepository } from './project-repository.ts';
import { TaskRepository } from './task-repository.ts';
import { distributeTasks } from './work-distribution.ts';

export interface CreateProjectInput {
  name: string;
  description?: string;
  dataset: string;
  version?: number;
  labelSchema: unknown;
  overlap?: number;
  instructions?: string;
  annotators?: string[];
}

/** Most records one project takes (tasks are rows; larger sets should be sampled by a recipe first). */
export const MAX_PROJECT_TASKS = 100_000;
const INSERT_CHUNK = 1_000;

/** Projects: creation over a dataset version, listing, annotator pool and work distribution. */
export class LabelingProjects {
  readonly projects: ProjectRepository;
  readonly tasks: TaskRepository;
  readonly assignments: AssignmentRepository;
  readonly history: LabelHistory;

  constructor(
    store: Store,
    private readonly source: DatasetSource,
    /** Checks annotator ids against the organization's users and keys; null accepts any id. */
    private readonly directory: AnnotatorDirectory | null = null,
  ) {
    this.projects = new ProjectRepository(store);
    this.tasks = new TaskRepository(store);
    this.assignments = new AssignmentRepository(store);
    this.history = new LabelHistory(store);
  }

  async create(actor: Actor, input: CreateProjectInput): Promise<LabelingProject> {
    requireLabelingRole(actor, managerRoles);
    if (!/^[\p{L}\p{N}][\p{L}\p{N} _.-]{0,99}$/u.test(input.name)) {
      throw invalidRequest(
        'A project name is 1–100 letters, digits, spaces, "_", "." or "-", starting with a letter or digit.',
        'name',
        'invalid_project_name',
      );
    }
    const labelSchema = parseLabelSchema(input.labelSchema);
    const overlap = input.overlap ?? 1;
    if (!Number.isInteger(overlap) || overlap < 1 || overlap > 20)
      throw invalidRequest('overlap must be a whole number from 1 to 20.', 'overlap');
    const pool = new Set((input.annotators ?? []).map((annotator) => annotator.trim()).filter(Boolean));
    if (pool.size > 0 && pool.size < overlap)
      throw invalidRequest(
        `An overlap of ${overlap} needs at least ${overlap} annotators.`,
        'annotators',
        'not_enough_annotators',
      );
    await this.checkAnnotators(actor.orgId, [...pool]);
    if (await this.projects.findByName(actor.orgId, input.name))
      throw conflict(`A project named '${input.name}' already exists.`, 'project_exists');
    const version = await this.source.getVersion(actor.orgId, input.dataset, input.version);
    if (version.recordCount > MAX_PROJECT_TASKS) {
      throw invalidRequest(
        `The version has ${version.recordCount} records; a project takes at most ${MAX_PROJECT_TASKS}. Sample it with a recipe first.`,
        'dataset',
        'dataset_too_large',
      );
    }
    const project = await this.projects.insert(
      {
        orgId: actor.orgId,
        name: input.name,
        description: input.description ?? '',
        datasetId: version.datasetId,
        datasetVersion: version.version,
        labelSchema,
        overlap,
        instructions: input.instructions ?? '',
        annotators: [],
        createdBy: actor.annotatorId,
      },
      version.recordCount,
    );
    try {
      let chunk: DataRecord[] = [];
      let position = 0;
      for await (const record of this.source.records(version)) {
        chunk.push(record);
        if (chunk.length === INSERT_CHUNK) {
          await this.tasks.insertMany(actor.orgId, project.id, chunk, position);
          position += chunk.length;
          chunk = [];
        }
      }
      if (chunk.length > 0) await this.tasks.insertMany(actor.orgId, project.id, chunk, position);
    } catch (error) {
      await this.projects.delete(actor.orgId, project.id);
      throw error;
    }
    if (input.annotators && input.annotators.length > 0) return this.setAnnotators(actor, project.id, input.annotators);
    return project;
  }

  async list(actor: Actor): Promise<LabelingProject[]> {
    const all = await this.projects.list(actor.orgId);
    return all.filter((project) => this.mayOpen(actor, project));
  }

  /** A project the actor may open; another organization's or, for annotators, one they are not in, is not found. */
  async get(actor: Actor, idOrName: string): Promise<LabelingProject> {
    const project =
      (await this.projects.get(actor.orgId, idOrName)) ?? (await this.projects.findByName(actor.orgId, idOrName));
    if (!project || !this.mayOpen(actor, project))
      throw notFound(`No labeling project '${idOrName}'.`, 'project_not_found', 'project');
    return project;
  }

  async delete(actor: Actor, idOrName: string): Promise<void> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.get(actor, idOrName);
    await this.projects.delete(actor.orgId, project.id);
  }

  /**
   * Sets the annotator pool (user ids or key ids) and distributes unassigned work over it:
   * every task gets `overlap` distinct annotators; existing assignments stay.
   */
  async setAnnotators(actor: Actor, idOrName: string, annotators: string[]): Promise<LabelingProject> {
    requireLabelingRole(actor, managerRoles);
    const project = await this.get(actor, idOrName);
    const pool = [...new Set(annotators.map((annotator) => annotator.trim()).filter(Boolean))];
    if (pool.length < project.overlap)
      throw invalidRequest(
        `An overlap of ${project.overlap} needs at least ${project.overlap} annotators.`,
        'annotators',
        'not_enough_annotators',
      );
    await this.checkAnnotators(actor.orgId, pool);
    await this.projects.setAnnotators(actor.orgId, project.id, pool);
    await this.distribute(actor.orgId, { ...project, annotators: pool });
    return { ...project, annotators: pool };
  }

  /** Tops up assignments (after skips or a larger pool). Returns how many were created. */
  async distribute(orgId: string, project: LabelingProject): Promise<number> {
    const tasks = await this.tasks.ids(orgId, project.id);
    const existingAssignments = await this.assignments.forProject(orgId, project.id);
    const existing = existingAssignments.map((assignment) => ({
      taskId: assignment.taskId,
      annotatorId: assignment.annotatorId,
      counts: assignment.status !== 'skipped',
    }));
    const created = distributeTasks({ tasks, annotators: project.annotators, overlap: project.overlap, existing });
    await this.assignments.insertMany(orgId, project.id, created);
    return created.length;
  }

  private async checkAnnotators(orgId: string, ids: string[]): Promise<void> {
    const unknown = this.directory ? await this.directory(orgId, ids) : [];
    if (unknown.length > 0)
      throw invalidRequest(
        `Not a user or API key of this organization: ${unknown.slice(0, 5).join(', ')}.`,
        'annotators',
        'unknown_annotator',
      );
  }

  private mayOpen(actor: Actor, project: LabelingProject): boolean {
    if (hasRole(actor, ['owner', 'admin', 'member'])) return true;
    return actor.annotatorId !== null && project.annotators.includes(actor.annotatorId);
  }
}
