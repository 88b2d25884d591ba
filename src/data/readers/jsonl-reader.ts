import { jsonrepair } from 'jsonrepair';
import { isOverlong, maxLineBytes, readBoundedLines } from '../storage/bounded-lines.ts';
import type { RawItem, ReaderOptions, ReaderResult, ReadProblem } from './reader-types.ts';

/** JSON Lines, streamed line by line; a bad or overlong line is reported (or repaired) and skipped. */
export function readJsonl(file: string, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  async function* items(): AsyncGenerator<RawItem> {
    let lineNumber = 0;
    for await (const line of readBoundedLines(file, options.maxLineBytes ?? maxLineBytes)) {
      lineNumber++;
      if (isOverlong(line)) {
        problems.push({
          location: `line ${lineNumber}`,
          message: `longer than ${options.maxLineBytes ?? maxLineBytes} bytes (${line.bytes} bytes): skipped`,
        });
        continue;
      }
      if (line.trim().length === 0) continue;
      const value = parseLine(line, options.repair === true);
      if (value === undefined) {
        problems.push({ location: `line ${lineNumber}`, message: 'not valid JSON' });
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ location: `line ${lineNumber}`, message: 'not a JSON object' });
        continue;
      }
      yield value as RawItem;
    }
  }
  return { items: items(), problems };
}

function parseLine(line: string, repair: boolean): unknown {
  try {
    return JSON.parse(line);
  } catch {
    if (!repair) return undefined;
    try {
      return JSON.parse(jsonrepair(line));
    } catch {
      return undefined;
    }
  }
}
