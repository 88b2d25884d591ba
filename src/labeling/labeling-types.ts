import type { AssignmentStatus } from '../api-contract/formats.ts';
import type * as Projects from '../api-contract/labeling-projects.ts';
import type * as Tasks from '../api-contract/labeling-tasks.ts';
import type { LabelValue } from './label-schema.ts';

export { assignmentStatuses, taskStatuses, type AssignmentStatus, type TaskStatus } from '../api-contract/formats.ts';

/** A labeling project: the API's resource without its `object` tag. */
export type LabelingProject = Omit<Projects.LabelingProject, 'object'>;

/** A task as stored: the API's resource without its `object` tag. */
export type LabelingTask = Omit<Tasks.LabelingTask, 'object'>;

export interface Assignment {
  id: string;
  projectId: string;
  taskId: string;
  orgId: string;
  annotatorId: string;
  position: number;
  status: AssignmentStatus;
  label: LabelValue | null;
  reviewComment: string | null;
  submittedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Suggestion {
  id: string;
  projectId: string;
  taskId: string;
  orgId: string;
  kind: 'label' | 'qa';
  /** The model that made it: shown to annotators, never accepted without a person. */
  model: string;
  value: LabelValue;
  jobId: string | null;
  /** The model's score in [0, 1] when it gave one (imported predictions). */
  confidence?: number | null;
  createdAt: number;
}
