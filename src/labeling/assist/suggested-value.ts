import type { DataRecord } from '../../data/data-record.ts';
import { parseLabelValue, type LabelSchema, type LabelValue } from '../label-schema.ts';
import { locateMentions } from '../span-offsets.ts';
import { taskText } from '../task-content.ts';
import { ModelAnswerError } from './model-answer.ts';

/**
 * Turns a model's parsed JSON into a label value of the project's schema. Lenient where models
 * are sloppy (label case, a bare string, `choice`/`labels` synonyms); strict in the result, which
 * is validated like an annotator's label.
 */
export function suggestedValue(schema: LabelSchema, record: DataRecord, answer: unknown): LabelValue {
  const object = (answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : {}) as Record<
    string,
    unknown
  >;
  const canonical = (name: unknown): string | null => {
    if (typeof name !== 'string' || !('labels' in schema)) return null;
    return (
      schema.labels.find((label) => label === name.trim()) ??
      schema.labels.find((label) => label.toLowerCase() === name.trim().toLowerCase()) ??
      null
    );
  };
  let candidate: unknown;
  switch (schema.kind) {
    case 'classification': {
      if (schema.multiple) {
        const raw = object.labels ?? object.choices ?? (Array.isArray(answer) ? answer : []);
        const labels = (Array.isArray(raw) ? raw : [raw])
          .map(canonical)
          .filter((label): label is string => label !== null);
        candidate = { choices: [...new Set(labels)] };
      } else {
        candidate = { choice: canonical(typeof answer === 'string' ? answer : (object.label ?? object.choice)) };
      }
      break;
    }
    case 'spans': {
      const raw = Array.isArray(object.entities) ? object.entities : Array.isArray(answer) ? answer : [];
      const mentions = raw
        .map((entry) => (entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {}))
        .map((entry) => ({ text: typeof entry.text === 'string' ? entry.text : '', label: canonical(entry.label) }))
        .filter((entry): entry is { text: string; label: string } => entry.text.length > 0 && entry.label !== null);
      candidate = { spans: locateMentions(taskText(record), mentions) };
      break;
    }
    case 'rating':
      candidate = { rating: typeof object.rating === 'string' ? Number(object.rating) : object.rating };
      break;
    case 'preference':
      candidate = {
        preferred: typeof object.preferred === 'string' ? object.preferred.trim().toLowerCase() : object.preferred,
      };
      break;
    case 'response':
      candidate = { answer: object.answer };
      break;
    case 'qa_review':
      candidate = { pairs: qaPairs(answer) };
      break;
  }
  try {
    return parseLabelValue(schema, candidate);
  } catch (error) {
    throw new ModelAnswerError(
      `The model's answer does not fit the label schema: ${error instanceof Error ? error.message : String(error)}`,
      JSON.stringify(answer).slice(0, 200),
    );
  }
}

/** Question–answer pairs from `{pairs: […]}`, `{qa_pairs: […]}` or a bare array; incomplete pairs are dropped. */
export function qaPairs(answer: unknown): Array<{ question: string; answer: string; keep: boolean }> {
  const object = (answer && typeof answer === 'object' ? answer : {}) as Record<string, unknown>;
  const raw = Array.isArray(answer)
    ? answer
    : Array.isArray(object.pairs)
      ? object.pairs
      : Array.isArray(object.qa_pairs)
        ? object.qa_pairs
        : [];
  return raw
    .map((entry) => (entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {}))
    .map((entry) => ({
      question: String(entry.question ?? '').trim(),
      answer: String(entry.answer ?? '').trim(),
      keep: true,
    }))
    .filter((pair) => pair.question.length > 0 && pair.answer.length > 0);
}
