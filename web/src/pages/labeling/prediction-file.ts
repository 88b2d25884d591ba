import type { LabelKind } from '@kaiyuan/api-contract/label-values.ts';
import type { PredictionsInput } from '@kaiyuan/api-contract/labeling-review.ts';

type Prediction = PredictionsInput['predictions'][number];

/** A line (JSONL) or entry (JSON) of the file the console could not turn into a prediction. */
export interface FileProblem {
  /** 1-based line of a JSONL file, or 1-based position of an entry in a JSON array. */
  line: number;
  code: 'invalid_json' | 'not_an_object' | 'missing_task' | 'missing_label' | 'invalid_score';
  /** The offending value, when there is a short one to show. */
  detail?: string;
}

export interface ParsedPredictions {
  /** The model named in a JSON file's `{"model": …, "predictions": […]}` wrapper, if any. */
  model: string | null;
  predictions: Prediction[];
  /** Where each prediction came from in the file (same order): for the server's refusals by position. */
  lines: number[];
  problems: FileProblem[];
}

const taskKeys = ['taskId', 'task_id', 'task'] as const;
const recordKeys = ['recordId', 'record_id', 'id', 'externalId', 'external_id'] as const;
const labelKeys = ['label', 'value', 'prediction', 'result'] as const;
const scoreKeys = ['score', 'confidence'] as const;

function firstOf(entry: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (entry[key] !== undefined && entry[key] !== null) return entry[key];
  return undefined;
}

/**
 * A label as the API wants it (`{"choice": …}`, `{"rating": …}`…). Files written by hand or by a
 * script often give the bare value: a class name, a list of classes, a number, "a"/"b"/"tie", an
 * answer; those are wrapped by the project's kind. Objects pass unchanged: the server checks them.
 */
export function labelFor(value: unknown, kind: LabelKind, multiple: boolean): unknown {
  if (typeof value === 'string') {
    if (kind === 'classification') return multiple ? { choices: [value] } : { choice: value };
    if (kind === 'preference') return { preferred: value };
    if (kind === 'response') return { answer: value };
    if (kind === 'rating' && value.trim() !== '' && Number.isFinite(Number(value))) return { rating: Number(value) };
  }
  if (typeof value === 'number' && kind === 'rating') return { rating: value };
  if (Array.isArray(value) && kind === 'classification' && value.every((item) => typeof item === 'string'))
    return { choices: value };
  if (Array.isArray(value) && kind === 'spans') return { spans: value };
  return value;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function toPrediction(
  entry: unknown,
  line: number,
  kind: LabelKind,
  multiple: boolean,
): { prediction: Prediction } | { problem: FileProblem } {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return { problem: { line, code: 'not_an_object', detail: short(entry) } };
  const record = entry as Record<string, unknown>;
  const task = firstOf(record, taskKeys);
  const recordId = firstOf(record, recordKeys);
  if (task === undefined && recordId === undefined) return { problem: { line, code: 'missing_task' } };
  const label = firstOf(record, labelKeys);
  if (label === undefined) return { problem: { line, code: 'missing_label' } };
  const score = firstOf(record, scoreKeys);
  if (score !== undefined && (typeof score !== 'number' || !(score >= 0 && score <= 1)))
    return { problem: { line, code: 'invalid_score', detail: short(score) } };
  const prediction: Prediction = { label: labelFor(label, kind, multiple) };
  if (task !== undefined) prediction.taskId = String(task);
  else prediction.recordId = String(recordId);
  if (typeof score === 'number') prediction.score = score;
  return { prediction };
}

/**
 * Reads a predictions file: JSON Lines (one prediction per line), a JSON array, or a JSON object
 * `{"model": "…", "predictions": […]}`. Each prediction names its task (`taskId`) or the record it
 * was made from (`recordId`, or `id` / `externalId`), a `label` (or `value` / `prediction`) and
 * an optional `score` (or `confidence`) in [0, 1]. Lines that cannot be read are reported with
 * their number; the rest are sent.
 */
export function parsePredictionFile(text: string, kind: LabelKind, multiple = false): ParsedPredictions {
  const body = text.replace(/^\uFEFF/, '');
  const result: ParsedPredictions = { model: null, predictions: [], lines: [], problems: [] };
  const add = (entry: unknown, line: number) => {
    const outcome = toPrediction(entry, line, kind, multiple);
    if ('problem' in outcome) result.problems.push(outcome.problem);
    else {
      result.predictions.push(outcome.prediction);
      result.lines.push(line);
    }
  };
  const trimmed = body.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    // One JSON document: an array, or the `{model, predictions}` wrapper (possibly pretty-printed).
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // Not one document: JSON Lines, read below.
    }
    const entries = Array.isArray(parsed)
      ? parsed
      : parsed && typeof parsed === 'object' && Array.isArray((parsed as { predictions?: unknown }).predictions)
        ? (parsed as { predictions: unknown[] }).predictions
        : null;
    if (entries) {
      const model = (parsed as { model?: unknown }).model;
      if (!Array.isArray(parsed) && typeof model === 'string' && model.trim()) result.model = model.trim();
      entries.forEach((entry, index) => add(entry, index + 1));
      return result;
    }
  }
  body.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      result.problems.push({ line: index + 1, code: 'invalid_json', detail: short(line) });
      return;
    }
    add(entry, index + 1);
  });
  return result;
}

/** The API takes at most this many predictions per request; a larger file is sent in parts. */
export const predictionsPerRequest = 10_000;

export function chunk<T>(items: T[], size = predictionsPerRequest): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}
