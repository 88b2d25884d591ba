import type { Kysely, Migration } from 'kysely';

/**
 * Label history (who changed which label, when, from what to what) and the confidence of
 * suggestions (imported model predictions carry a score).
 */
export const migration0780LabelingHistory: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('labeling_label_events')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) =>
        column.notNull().references('labeling_projects.id').onDelete('cascade'),
      )
      .addColumn('task_id', 'text', (column) => column.notNull().references('labeling_tasks.id').onDelete('cascade'))
      .addColumn('org_id', 'text', (column) => column.notNull())
      .addColumn('actor_id', 'text', (column) => column.notNull())
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('assignment_id', 'text')
      .addColumn('label', 'text')
      .addColumn('previous_label', 'text')
      .addColumn('comment', 'text')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('labeling_label_events_task')
      .on('labeling_label_events')
      .columns(['task_id', 'created_at'])
      .execute();
    await db.schema
      .createIndex('labeling_label_events_project')
      .on('labeling_label_events')
      .columns(['project_id', 'created_at'])
      .execute();
    await db.schema.alterTable('labeling_suggestions').addColumn('confidence', 'real').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('labeling_suggestions').dropColumn('confidence').execute();
    await db.schema.dropTable('labeling_label_events').execute();
  },
};
