import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { RawItem, ReaderOptions, ReaderResult, ReadProblem } from './reader-types.ts';

/** CSV/TSV with a header row, streamed; every row becomes an object keyed by column name. */
export function readCsv(file: string, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  const delimiter = options.delimiter ?? (file.toLowerCase().replace(/\.gz$/, '').endsWith('.tsv') ? '\t' : ',');
  async function* items(): AsyncGenerator<RawItem> {
    let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
    if (file.endsWith('.gz')) input = input.pipe(createGunzip());
    const parser = input.pipe(
      parse({
        columns: true,
        delimiter,
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        relax_quotes: true,
      }),
    );
    try {
      for await (const row of parser) yield row as RawItem;
    } catch (error) {
      problems.push({ location: 'csv', message: (error as Error).message });
    }
  }
  return { items: items(), problems };
}
