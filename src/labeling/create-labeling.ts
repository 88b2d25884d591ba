import path from 'node:path';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { DataWorkbench } from '../data/data-workbench.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import type { JobRunner } from '../jobs/job-types.ts';
import type { Store } from '../store/database.ts';
import { accountsDirectory } from './annotator-directory.ts';
import { workbenchSource } from './dataset-source.ts';
import { LabelingService, type LabelingServiceOptions } from './labeling-service.ts';

/** The factory main.ts calls: labeling over the workbench's datasets, jobs on the shared runner, annotators checked against the accounts. */
export function createLabelingService(
  store: Store,
  config: KaiyuanConfig,
  jobs: JobRunner,
  inference: InferenceService,
  workbench: DataWorkbench,
  options: { checkAnnotators?: boolean; models?: LabelingServiceOptions['models'] } = {},
): LabelingService {
  const annotators = options.checkAnnotators === false ? undefined : accountsDirectory(store);
  return new LabelingService({
    store,
    source: workbenchSource(workbench),
    jobs,
    inference,
    dataDir: path.resolve(config.dataDir),
    annotators,
    models: options.models,
  });
}
