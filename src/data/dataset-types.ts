import type { OperatorSample, OperatorStatistics } from './pipeline/statistics.ts';

export interface Dataset {
  id: string;
  orgId: string;
  name: string;
  description: string;
  /** Highest version number reserved so far (0: nothing imported yet). */
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface DatasetVersion {
  id: string;
  datasetId: string;
  version: number;
  /** The version a recipe ran on; null for imports. */
  parentVersion: number | null;
  kind: 'import' | 'recipe';
  /** The recipe's YAML (recipe versions). */
  recipe: string | null;
  source: Record<string, unknown>;
  recordCount: number;
  textBytes: number;
  filePath: string;
  statistics: OperatorStatistics[];
  samples: OperatorSample[];
  jobId: string | null;
  createdAt: number;
}

export type NewVersion = Omit<DatasetVersion, 'id' | 'createdAt'>;
