import path from 'node:path';
import { importFormats, type ImportFormat } from '../../api-contract/formats.ts';
import { z } from 'zod';
import { invalidRequest } from '../../util/errors.ts';
import type { DetectedEncoding } from './text-decoding.ts';

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
  /**
   * Text encoding of jsonl/json/csv/txt/markdown/html files (an iconv-lite name: utf-8, gb18030,
   * gbk, big5, shift_jis, utf-16le, windows-1252, …); detected from the bytes when unset.
   */
  encoding: z.string().min(1).max(40).optional(),
  /** Longest line kept (jsonl, txt/markdown by line or paragraph); a longer one is dropped with its line number. */
  maxLineCharacters: z.number().int().positive().max(512_000_000).optional(),
});
export type ReaderOptions = z.infer<typeof readerOptionsSchema>;

/** A raw item from a file before field mapping: a row, an object or a document. */
export type RawItem = Record<string, unknown>;

/** Longest line kept by default: 64 Mi characters (a line beyond is dropped, not buffered). */
export const DEFAULT_MAX_LINE_CHARACTERS = 64 * 1024 * 1024;

/** Stable codes of what a reader reports (the import report counts them; the console translates them). */
export const readProblemCodes = [
  'invalid_json',
  'not_an_object',
  'line_too_long',
  'csv_error',
  'extra_columns',
  'no_text',
] as const;
export type ReadProblemCode = (typeof readProblemCodes)[number];

/** Items a reader could not parse (or had to change): counted and sampled, never silently lost. */
export interface ReadProblem {
  /** Where: `line 12`, `element 3`, `row 7`. */
  location: string;
  code: ReadProblemCode;
  message: string;
  /** Whether the item was dropped (otherwise it was kept, changed as the message says). */
  dropped: boolean;
}

export interface ReaderResult {
  items: AsyncIterable<RawItem>;
  problems: ReadProblem[];
  /** Where the item last yielded came from (`line 12`), for the import report. */
  location?: () => string;
  /** How a text file was decoded (set once reading started). */
  encoding?: () => DetectedEncoding | undefined;
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
