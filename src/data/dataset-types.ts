import type * as Api from '../api-contract/datasets.ts';

/** A dataset as the workbench keeps it: the API's resource without its `object` tag. */
export type Dataset = Omit<Api.Dataset, 'object'>;

/** A version as stored: the API's resource, always with its samples. */
export type DatasetVersion = Omit<Api.DatasetVersion, 'object' | 'samples'> & { samples: Api.OperatorSample[] };

export type NewVersion = Omit<DatasetVersion, 'id' | 'createdAt'>;
