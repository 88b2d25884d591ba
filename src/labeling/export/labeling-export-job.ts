import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { labelingExportBody, type LabelingExportResult } from '../../api-contract/labeling-projects.ts';
import { removeExpiredExports } from '../../data/exporters/export-job.ts';
import { defineJob } from '../../jobs/job-definition.ts';
import type { ProjectRepository } from '../project-repository.ts';
import type { TaskRepository } from '../task-repository.ts';
import { exportLabels } from './labeling-export.ts';

/** The files a labeling export can have (the download route accepts only these names). */
export const labelingExportFileNames = [
  'train.jsonl',
  'validation.jsonl',
  'rejected.jsonl',
  'train.conll',
  'labels.json',
  'dataset_info.json',
] as const;

const labelingExportPayloadSchema = labelingExportBody.extend({
  orgId: z.string().min(1),
  projectId: z.string().min(1),
});
export type LabelingExportPayload = z.output<typeof labelingExportPayloadSchema>;

/** What a finished labeling export stores as its result. */
export type { LabelingExportResult } from '../../api-contract/labeling-projects.ts';

/** Where labeling exports live: `<dataDir>/exports/labeling/<project>/<job id>/`. */
export class LabelingExportPaths {
  constructor(private readonly dataDir: string) {}

  exportsOf(projectId: string): string {
    return path.resolve(this.dataDir, 'exports', 'labeling', projectId);
  }

  exportDirectory(projectId: string, exportId: string): string {
    return path.join(this.exportsOf(projectId), exportId);
  }
}

export interface LabelingExportDependencies {
  projects: ProjectRepository;
  tasks: TaskRepository;
  paths: LabelingExportPaths;
  /** Export files older than this are removed when the next export of the project starts. */
  retentionMs: number;
}

/**
 * The accepted labels of a project → trainer files (a job: a project holds up to 100,000 tasks).
 * Written to a `.partial` directory first, so a download never sees half an export.
 */
export const labelingExportJob = defineJob({
  type: 'labeling.export',
  version: 1,
  schema: labelingExportPayloadSchema,
  handler: async (payload, context, dependencies: LabelingExportDependencies): Promise<LabelingExportResult> => {
    const project = await dependencies.projects.get(payload.orgId, payload.projectId);
    if (!project) throw new Error('The labeling project no longer exists.');
    removeExpiredExports(dependencies.paths.exportsOf(project.id), Date.now() - dependencies.retentionMs);
    const accepted = await dependencies.tasks.list(payload.orgId, project.id, { status: 'accepted' });
    await context.progress({ itemsDone: 0, itemsTotal: accepted.length, stage: `exporting as ${payload.format}` });
    const directory = dependencies.paths.exportDirectory(project.id, context.job.id);
    const partial = `${directory}.partial`;
    try {
      const { directory: _directory, ...counts } = await exportLabels(project, accepted, {
        format: payload.format,
        directory: partial,
        validationRatio: payload.validationRatio,
        seed: payload.seed,
        onRecords: (recordsRead, stage) => context.progress({ itemsDone: recordsRead, stage }),
      });
      renameSync(partial, directory);
      return { projectId: project.id, format: payload.format, ...counts };
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  },
});
