import type { Kysely, Migration } from 'kysely';

/** Labeling projects, their tasks, per-annotator assignments and model suggestions. */
export const migration0200Labeling: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('labeling_projects')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('dataset_id', 'text', (column) => column.notNull())
      .addColumn('dataset_version', 'integer', (column) => column.notNull())
      .addColumn('label_schema', 'text', (column) => column.notNull())
      .addColumn('overlap', 'integer', (column) => column.notNull())
      .addColumn('instructions', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('annotators', 'text', (column) => column.notNull().defaultTo('[]'))
      .addColumn('task_count', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('labeling_projects_org_name', ['org_id', 'name'])
      .execute();

    await db.schema
      .createTable('labeling_tasks')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('labeling_projects.id').onDelete('cascade'),
      )
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('data', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('final_label', 'text')
      .addColumn('edited', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('review_comment', 'text')
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('labeling_tasks_project_position', ['project_id', 'position'])
      .execute();

    await db.schema
      .createTable('labeling_assignments')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('labeling_projects.id').onDelete('cascade'),
      )
      .addColumn('task_id', 'text', (column) => column.notNull().references('labeling_tasks.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('annotator_id', 'text', (column) => column.notNull())
      .addColumn('position', 'integer', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('label', 'text')
      .addColumn('review_comment', 'text')
      .addColumn('submitted_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('labeling_assignments_task_annotator', ['task_id', 'annotator_id'])
      .execute();
    await db.schema
      .createIndex('labeling_assignments_queue')
      .on('labeling_assignments')
      .columns(['project_id', 'annotator_id', 'status', 'position'])
      .execute();

    await db.schema
      .createTable('labeling_suggestions')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('labeling_projects.id').onDelete('cascade'),
      )
      .addColumn('task_id', 'text', (column) => column.notNull().references('labeling_tasks.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('job_id', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('labeling_suggestions_task')
      .on('labeling_suggestions')
      .columns(['task_id', 'created_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('labeling_suggestions').execute();
    await db.schema.dropTable('labeling_assignments').execute();
    await db.schema.dropTable('labeling_tasks').execute();
    await db.schema.dropTable('labeling_projects').execute();
  },
};
