import { readCsv } from './csv-reader.ts';
import { readDocument } from './document-reader.ts';
import { readJson } from './json-reader.ts';
import { readJsonl } from './jsonl-reader.ts';
import { readParquet } from './parquet-reader.ts';
import type { ImportFormat, ReaderOptions, ReaderResult } from './reader-types.ts';

export * from './reader-types.ts';

/** Opens a file of the given format as a stream of raw items. */
export function openReader(file: string, format: ImportFormat, options: ReaderOptions = {}): ReaderResult {
  switch (format) {
    case 'jsonl':
      return readJsonl(file, options);
    case 'json':
      return readJson(file, options);
    case 'csv':
      return readCsv(file, options);
    case 'parquet':
      return readParquet(file);
    default:
      return readDocument(file, format, options);
  }
}
