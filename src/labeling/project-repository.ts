import type { Selectable } from 'kysely';
import type { Store } from '../store/database.ts';
import type { LabelingProjectsTable } from '../store/schema/labeling-tables.ts';
import { newId } from '../util/ids.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { LabelSchema } from './label-schema.ts';
import type { LabelingProject } from './labeling-types.ts';

export type NewProject = Omit<LabelingProject, 'id' | 'createdAt' | 'updatedAt' | 'taskCount'>;

/** Labeling projects, always read within an organization. */
export class ProjectRepository {
  constructor(private readonly store: Store) {}

  async insert(project: NewProject, taskCount: number): Promise<LabelingProject> {
    const now = Date.now();
    const row = {
      id: newId('lbp'),
      org_id: project.orgId,
      name: project.name,
      description: project.description,
      dataset_id: project.datasetId,
      dataset_version: project.datasetVersion,
      label_schema: JSON.stringify(project.labelSchema),
      overlap: project.overlap,
      instructions: project.instructions,
      annotators: JSON.stringify(project.annotators),
      task_count: taskCount,
      created_by: project.createdBy,
      created_at: now,
      updated_at: now,
    };
    await this.store.db.insertInto('labeling_projects').values(row).execute();
    return toProject(row);
  }

  async get(orgId: string, id: string): Promise<LabelingProject | null> {
    const row = await this.store.db
      .selectFrom('labeling_projects')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toProject(row) : null;
  }

  async findByName(orgId: string, name: string): Promise<LabelingProject | null> {
    const row = await this.store.db
      .selectFrom('labeling_projects')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? toProject(row) : null;
  }

  async list(orgId: string): Promise<LabelingProject[]> {
    const rows = await this.store.db
      .selectFrom('labeling_projects')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('created_at', 'asc')
      .execute();
    return rows.map(toProject);
  }

  async setAnnotators(orgId: string, id: string, annotators: string[]): Promise<void> {
    await this.store.db
      .updateTable('labeling_projects')
      .set({ annotators: JSON.stringify(annotators), updated_at: Date.now() })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.store.db.deleteFrom('labeling_projects').where('org_id', '=', orgId).where('id', '=', id).execute();
  }
}

function toProject(row: Selectable<LabelingProjectsTable>): LabelingProject {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    datasetId: row.dataset_id,
    datasetVersion: Number(row.dataset_version),
    labelSchema: parseJsonColumn<LabelSchema>(row.label_schema, { kind: 'response' }),
    overlap: Number(row.overlap),
    instructions: row.instructions,
    annotators: parseJsonColumn<string[]>(row.annotators, []),
    taskCount: Number(row.task_count),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
