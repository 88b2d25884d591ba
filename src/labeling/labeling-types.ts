import type { DataRecord } from '../data/data-record.ts';
import type { LabelSchema, LabelValue } from './label-schema.ts';

export interface LabelingProject {
  id: string;
  orgId: string;
  name: string;
  description: string;
  datasetId: string;
  datasetVersion: number;
  labelSchema: LabelSchema;
  overlap: number;
  instructions: string;
  annotators: string[];
  taskCount: number;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export const taskStatuses = ['open', 'submitted', 'accepted', 'rejected'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export interface LabelingTask {
  id: string;
  projectId: string;
  orgId: string;
  position: number;
  recordId: string;
  record: DataRecord;
  /** open: waiting for annotators; submitted: all N labels in, awaiting review; accepted | rejected by a reviewer. */
  status: TaskStatus;
  finalLabel: LabelValue | null;
  edited: boolean;
  reviewComment: string | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export const assignmentStatuses = ['pending', 'draft', 'skipped', 'submitted'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

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
  createdAt: number;
}
