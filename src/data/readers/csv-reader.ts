import { parse } from 'csv-parse';
import type { RawItem, ReaderOptions, ReaderResult, ReadProblem } from './reader-types.ts';
import { openText, type DetectedEncoding } from './text-decoding.ts';

/** The field a row's values beyond the header go to (kept, and reported as changed). */
export const EXTRA_COLUMNS_FIELD = '_extra_columns';

/**
 * CSV/TSV with a header row, streamed in the file's encoding; every row becomes an object keyed by
 * column name. Values beyond the header are kept in `_extra_columns` and reported with the line.
 */
export function readCsv(file: string, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  const delimiter = options.delimiter ?? (file.toLowerCase().replace(/\.gz$/, '').endsWith('.tsv') ? '\t' : ',');
  let encoding: DetectedEncoding | undefined;
  let current = 0;
  async function* items(): AsyncGenerator<RawItem> {
    const opened = openText(file, options.encoding);
    encoding = opened.encoding;
    const parser = opened.stream.pipe(
      parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, info: true }),
    );
    let header: string[] | null = null;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!header) {
          header = record.map((name, index) => (name.trim().length > 0 ? name : `column_${index + 1}`));
          continue;
        }
        current = info.lines;
        const row: RawItem = {};
        header.forEach((name, index) => {
          if (index < record.length) row[name] = record[index];
        });
        if (record.length > header.length) {
          row[EXTRA_COLUMNS_FIELD] = record.slice(header.length);
          problems.push({
            location: `line ${info.lines}`,
            code: 'extra_columns',
            message: `${record.length - header.length} value(s) beyond the ${header.length} header columns, kept in ${EXTRA_COLUMNS_FIELD}`,
            dropped: false,
          });
        }
        yield row;
      }
    } catch (error) {
      problems.push({
        location: `line ${current + 1}`,
        code: 'csv_error',
        message: (error as Error).message,
        dropped: true,
      });
    }
  }
  return { items: items(), problems, location: () => `line ${current}`, encoding: () => encoding };
}
