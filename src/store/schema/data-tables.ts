/** Tables of the data workbench and the job runner (migration 0100-data-workbench). */

export interface JobsTable {
  id: string;
  /** The organization the job belongs to (no foreign key: organizations live in the accounts area). */
  org_id: string;
  type: string;
  /** queued | running | succeeded | failed | cancelled */
  status: string;
  /** JSON text. */
  payload: string;
  /** Schema version of the payload (the job type's version when it was queued). */
  payload_version: number;
  /** 0..100 */
  percent: number;
  items_done: number;
  items_total: number | null;
  items_per_second: number;
  eta_ms: number | null;
  /** What the job is doing now, e.g. "near_dedup: signatures". */
  stage: string | null;
  /** JSON text of the handler's result, null until it succeeds. */
  result: string | null;
  error: string | null;
  /** 0/1: set by cancel(); a running handler sees it at its next progress report. */
  cancel_requested: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

export interface DatasetsTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  /** 0 until the first import. */
  latest_version: number;
  created_at: number;
  updated_at: number;
}

export interface DatasetVersionsTable {
  id: string;
  dataset_id: string;
  org_id: string;
  version: number;
  parent_version: number | null;
  /** import | recipe */
  kind: string;
  /** The recipe as YAML text (recipe versions) or null. */
  recipe: string | null;
  /** JSON text: where the records came from (file, format, field mapping). */
  source: string;
  record_count: number;
  /** Bytes of text in the records. */
  text_bytes: number;
  /** Relative to the data directory. */
  file_path: string;
  /** JSON text: OperatorStatistics[]. */
  statistics: string;
  /** JSON text: OperatorSample[] (what each operator removed or changed, with the reason). */
  samples: string;
  job_id: string | null;
  created_at: number;
}

export interface DataTables {
  jobs: JobsTable;
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
}
