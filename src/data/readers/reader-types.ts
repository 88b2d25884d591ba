import path from 'node:path';
import { importFormats, type ImportFormat } from '../../api-contract/formats.ts';
import { z } from 'zod';
import { invalidRequest } from '../../util/errors.ts';

export { importFormats, type ImportFormat } from '../../api-contract/formats.ts';

/** How plain-text files (txt, markdown) become documents. */
export const textSplits = ['file', 'paragraph', 'line'] as const;
export type TextSplit = (typeof textSplits)[number];

/** How a reader reads a file; part of an import job's payload, so validated like it. */
export const readerOptionsSchema = z.object({
  /** For txt/markdown: one document per file (default), per blank-line paragraph, or per line. */
  split: z.enum(textSplits).optional(),
  /** CSV delimiter (default ','). */
  delimiter: z.string().min(1).max(2).optional(),
  /** JSONL: repair slightly broken lines with jsonrepair instead of skipping them. */
  repair: z.boolean().optional(),
  /** JSONL and text lines: the longest line kept (default 16 MB); longer ones are reported and skipped. */
  maxLineBytes: z.number().int().positive().optional(),
});
export type ReaderOptions = z.infer<typeof readerOptionsSchema>;

/** A raw item from a file before field mapping: a row, an object or a document. */
export type RawItem = Record<string, unknown>;

/** Items a reader could not parse: counted and sampled, never silently lost. */
export interface ReadProblem {
  location: string;
  message: string;
}

export interface ReaderResult {
  items: AsyncIterable<RawItem>;
  problems: ReadProblem[];
}

const extensions: Record<string, ImportFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.parquet': 'parquet',
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
  '.pdf': 'pdf',
};

/** The format of a file by its name (`.gz` is looked through for jsonl/json/csv/txt). */
export function detectFormat(fileName: string): ImportFormat {
  const base = fileName.toLowerCase().replace(/\.gz$/, '');
  const format = extensions[path.extname(base)];
  if (!format) {
    throw invalidRequest(
      `Cannot tell the format of '${path.basename(fileName)}' from its name; pass a format (${importFormats.join(', ')}).`,
      'format',
      'unknown_format',
    );
  }
  return format;
}
