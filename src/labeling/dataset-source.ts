import type { DataRecord } from '../data/data-record.ts';
import type { DataWorkbench } from '../data/data-workbench.ts';
import type { DatasetVersion } from '../data/dataset-types.ts';
import { readRecords } from '../data/storage/record-files.ts';

/** What labeling needs of the data workbench: a version and its records. */
export interface DatasetSource {
  getVersion(orgId: string, datasetIdOrName: string, version?: number | 'latest'): Promise<DatasetVersion>;
  records(version: DatasetVersion): AsyncIterable<DataRecord>;
}

/** The adapter over the workbench (versions are immutable JSONL files under the data directory). */
export function workbenchSource(workbench: DataWorkbench): DatasetSource {
  return {
    getVersion: (orgId, datasetIdOrName, version) => workbench.getVersion(orgId, datasetIdOrName, version),
    records: (version) => readRecords(workbench.paths.absolute(version.filePath)),
  };
}
