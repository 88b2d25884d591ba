/** One record of a dataset, as stored (one JSON object per line of a version file): the API's record format. */
import type { DataRecord } from '../api-contract/datasets.ts';

export { chatRoles, type ChatMessage, type ChatRole, type DataRecord } from '../api-contract/datasets.ts';

/** All the text of a record, as operators that judge a whole record (filters, dedup) see it. */
export function recordText(record: DataRecord): string {
  if (record.text !== undefined && record.messages === undefined) return record.text;
  const parts: string[] = [];
  if (record.text !== undefined) parts.push(record.text);
  for (const message of record.messages ?? []) parts.push(message.content);
  if (record.chosen !== undefined) parts.push(record.chosen);
  if (record.rejected !== undefined) parts.push(record.rejected);
  return parts.join('\n');
}

/** Applies a text transformation to every text field of the record; returns the same object when nothing changed. */
export function mapRecordText(record: DataRecord, transform: (text: string) => string): DataRecord {
  if (record.messages === undefined && record.chosen === undefined && record.rejected === undefined) {
    // The common record: one text field.
    if (record.text === undefined) return record;
    const text = transform(record.text);
    return text === record.text ? record : { ...record, text };
  }
  let changed = false;
  const apply = (text: string): string => {
    const result = transform(text);
    if (result !== text) changed = true;
    return result;
  };
  const next: DataRecord = { ...record };
  if (record.text !== undefined) next.text = apply(record.text);
  if (record.messages !== undefined)
    next.messages = record.messages.map((message) => ({ ...message, content: apply(message.content) }));
  if (record.chosen !== undefined) next.chosen = apply(record.chosen);
  if (record.rejected !== undefined) next.rejected = apply(record.rejected);
  return changed ? next : record;
}

export function withMeta(record: DataRecord, meta: Record<string, unknown>): DataRecord {
  return { ...record, meta: { ...(record.meta ?? {}), ...meta } };
}

/** UTF-8 bytes of the record's text (statistics, MB/s). */
export function textByteLength(record: DataRecord): number {
  return Buffer.byteLength(recordText(record), 'utf8');
}
