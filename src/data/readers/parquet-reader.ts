import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import type { RawItem, ReaderResult, ReadProblem } from './reader-types.ts';

/** Parquet through hyparquet, one row group at a time (the file is never read whole). */
export function readParquet(file: string): ReaderResult {
  const problems: ReadProblem[] = [];
  async function* items(): AsyncGenerator<RawItem> {
    const buffer = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buffer);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd });
      for (const row of rows) yield normalizeValues(row) as RawItem;
      rowStart = rowEnd;
    }
  }
  return { items: items(), problems };
}

/** BigInt cells (INT64) become numbers or strings so records stay JSON. */
function normalizeValues(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(normalizeValues);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalizeValues(item);
    return out;
  }
  return value;
}
