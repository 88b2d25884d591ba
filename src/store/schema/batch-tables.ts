/** Files and batches (`/v1/files`, `/v1/batches`). */

export interface FilesTable {
  id: string;
  org_id: string;
  /** batch | batch_output */
  purpose: string;
  filename: string;
  bytes: number;
  line_count: number;
  /** The file's text (JSONL). */
  content: string;
  created_at: number;
  expires_at: number | null;
}

export interface BatchesTable {
  id: string;
  org_id: string;
  /** JSON of the Principal that created the batch: its lines run as that caller. */
  principal: string;
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  /** validating | in_progress | finalizing | completed | failed | expired | cancelling | cancelled */
  status: string;
  output_file_id: string | null;
  error_file_id: string | null;
  /** JSON list of batch-level errors. */
  errors: string | null;
  /** JSON object of the client's metadata. */
  metadata: string | null;
  total: number;
  completed: number;
  failed: number;
  created_at: number;
  expires_at: number;
  in_progress_at: number | null;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  /** Which process runs the batch now, and until when its lease holds (renewed while it runs). */
  lease_owner: string | null;
  lease_until: number;
  updated_at: number;
}

export interface BatchResultsTable {
  batch_id: string;
  /** 0-based index of the input line. */
  line_index: number;
  /** 1 when the line goes to the output file, 0 to the error file. */
  succeeded: number;
  /** The whole output (or error) line as JSON text. */
  line: string;
  created_at: number;
}

export interface BatchTables {
  files: FilesTable;
  batches: BatchesTable;
  batch_results: BatchResultsTable;
}
