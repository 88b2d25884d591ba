import type * as Api from '../../api-contract/datasets.ts';
import type { Dataset, DatasetVersion } from '../../data/dataset-types.ts';

export function presentDataset(dataset: Dataset): Api.Dataset {
  return { object: 'dataset', ...dataset };
}

export function presentVersion(version: DatasetVersion | Omit<DatasetVersion, 'samples'>): Api.DatasetVersion {
  return { object: 'dataset.version', ...version };
}
