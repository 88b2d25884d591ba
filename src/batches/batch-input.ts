import type { BatchEndpoint } from '../api-contract/batches.ts';
import { batchEndpointTable, isBatchEndpoint } from './batch-endpoints.ts';

/** One request line of a batch input file, checked. */
export interface BatchLine {
  /** 0-based index in the file (the 1-based line number is index + 1). */
  index: number;
  customId: string;
  url: BatchEndpoint;
  body: Record<string, unknown>;
}

export interface LineError {
  /** 1-based line number. */
  line: number;
  code: string;
  message: string;
  param: string | null;
}

export type BatchInputReading =
  { ok: true; lines: BatchLine[] } | { ok: false; errors: LineError[]; errorCount: number };

/** At most this many line errors are listed (the count says how many there were). */
const listedErrors = 100;

/**
 * Reads a batch input file (JSONL, one request a line: `custom_id`, `method` POST, `url` of the
 * dispatch table, `body` with a `model`) and checks every line up front. Blank lines are skipped
 * but counted, so line numbers match what an editor shows.
 */
export function readBatchInput(
  text: string,
  options: { maxLines: number; endpoint?: BatchEndpoint },
): BatchInputReading {
  const errors: LineError[] = [];
  let errorCount = 0;
  const fail = (line: number, code: string, message: string, param: string | null = null) => {
    errorCount++;
    if (errors.length < listedErrors) errors.push({ line, code, message: `Line ${line}: ${message}`, param });
  };
  const lines: BatchLine[] = [];
  const seen = new Map<string, number>();
  const rows = text.split('\n');
  if (rows.length > 0 && rows[rows.length - 1]!.trim() === '') rows.pop();
  for (let index = 0; index < rows.length; index++) {
    const number = index + 1;
    const row = rows[index]!.trim();
    if (row === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      fail(number, 'invalid_json_line', 'not valid JSON.');
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      fail(number, 'invalid_request', 'a request line must be a JSON object.');
      continue;
    }
    const request = value as Record<string, unknown>;
    const customId = request.custom_id;
    if (typeof customId !== 'string' || customId.length === 0 || customId.length > 512) {
      fail(number, 'missing_custom_id', "'custom_id' must be a string of 1 to 512 characters.", 'custom_id');
      continue;
    }
    const earlier = seen.get(customId);
    if (earlier !== undefined) {
      fail(number, 'duplicate_custom_id', `the custom_id '${customId}' is also on line ${earlier}.`, 'custom_id');
      continue;
    }
    seen.set(customId, number);
    if (request.method !== 'POST') {
      fail(number, 'invalid_method', "'method' must be POST.", 'method');
      continue;
    }
    if (!isBatchEndpoint(request.url)) {
      fail(
        number,
        'invalid_url',
        `'url' must be one of ${Object.keys(batchEndpointTable).join(', ')}; got ${JSON.stringify(request.url)}.`,
        'url',
      );
      continue;
    }
    if (options.endpoint && request.url !== options.endpoint) {
      fail(
        number,
        'mismatched_url',
        `the url ${request.url} differs from the batch's endpoint ${options.endpoint}.`,
        'url',
      );
      continue;
    }
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      fail(number, 'invalid_body', "'body' must be a JSON object.", 'body');
      continue;
    }
    const fields = body as Record<string, unknown>;
    if (typeof fields.model !== 'string' || fields.model.length === 0) {
      fail(number, 'missing_model', "'body.model' is required.", 'body.model');
      continue;
    }
    if (fields.stream === true) {
      fail(number, 'invalid_body', 'batch requests cannot stream; remove body.stream.', 'body.stream');
      continue;
    }
    const problem = batchEndpointTable[request.url].check(fields);
    if (problem) {
      fail(number, 'invalid_body', problem.message, problem.param);
      continue;
    }
    lines.push({ index, customId, url: request.url, body: fields });
    if (lines.length > options.maxLines) {
      fail(number, 'too_many_lines', `a batch file may hold at most ${options.maxLines} requests.`);
      break;
    }
  }
  if (errorCount === 0 && lines.length === 0) fail(1, 'empty_file', 'the file holds no request lines.');
  return errorCount > 0 ? { ok: false, errors, errorCount } : { ok: true, lines };
}
