/** Tables of labeling projects (migration 0200-labeling). Timestamps are epoch ms, JSON is text. */

export interface LabelingProjectsTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  dataset_id: string;
  dataset_version: number;
  /** JSON text: the label schema (see src/labeling/label-schema.ts). */
  label_schema: string;
  /** Distinct annotators per task. */
  overlap: number;
  instructions: string;
  /** JSON text: annotator ids (user or key ids) work is distributed over. */
  annotators: string;
  task_count: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface LabelingTasksTable {
  id: string;
  project_id: string;
  org_id: string;
  /** Position of the record in the dataset version (0-based). */
  position: number;
  record_id: string;
  /** JSON text: the dataset record as it was when the project was created. */
  data: string;
  /** open | submitted | accepted | rejected */
  status: string;
  /** JSON text of the accepted label value, null until accepted. */
  final_label: string | null;
  /** 0/1: the reviewer edited the label before accepting it. */
  edited: number;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface LabelingAssignmentsTable {
  id: string;
  project_id: string;
  task_id: string;
  org_id: string;
  /** A user id, or an API key id for keys not tied to a user. */
  annotator_id: string;
  /** Position of the task, copied for the annotator's queue order. */
  position: number;
  /** pending | draft | skipped | submitted */
  status: string;
  /** JSON text of the label value (draft or submitted). */
  label: string | null;
  /** The reviewer's comment when the work was sent back. */
  review_comment: string | null;
  submitted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface LabelingSuggestionsTable {
  id: string;
  project_id: string;
  task_id: string;
  org_id: string;
  /** label (pre-label) | qa (generated question–answer pairs) */
  kind: string;
  /** The model that made the suggestion. */
  model: string;
  /** JSON text of the suggested label value. */
  value: string;
  job_id: string | null;
  /** The model's score in [0, 1] when it gave one (imported predictions; migration 0780). */
  confidence: number | null;
  created_at: number;
}

/** One change of a label (migration 0780-labeling-history): who did what to which task, when. */
export interface LabelingLabelEventsTable {
  id: string;
  project_id: string;
  task_id: string;
  org_id: string;
  /** The annotator's or reviewer's id (user or key id). */
  actor_id: string;
  /** draft | submit | skip | accept | reject | edit */
  action: string;
  assignment_id: string | null;
  /** JSON text of the label after the change (null for skip and reject). */
  label: string | null;
  /** JSON text of the label before it (the annotator's earlier label, or the task's accepted one). */
  previous_label: string | null;
  comment: string | null;
  created_at: number;
}

export interface LabelingTables {
  labeling_projects: LabelingProjectsTable;
  labeling_tasks: LabelingTasksTable;
  labeling_assignments: LabelingAssignmentsTable;
  labeling_suggestions: LabelingSuggestionsTable;
  labeling_label_events: LabelingLabelEventsTable;
}
