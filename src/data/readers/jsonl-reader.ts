import { jsonrepair } from 'jsonrepair';
import { boundedLines } from './bounded-lines.ts';
import {
  DEFAULT_MAX_LINE_CHARACTERS,
  type RawItem,
  type ReaderOptions,
  type ReaderResult,
  type ReadProblem,
} from './reader-types.ts';
import { openText, type DetectedEncoding } from './text-decoding.ts';

/**
 * JSON Lines, streamed line by line in the file's encoding (detected, BOM removed); a bad line is
 * reported with its number (or repaired) and skipped; a line over the limit is skipped unread.
 */
export function readJsonl(file: string, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  const limit = options.maxLineCharacters ?? DEFAULT_MAX_LINE_CHARACTERS;
  let encoding: DetectedEncoding | undefined;
  let current = 0;
  async function* items(): AsyncGenerator<RawItem> {
    const opened = openText(file, options.encoding);
    encoding = opened.encoding;
    for await (const line of boundedLines(opened.stream, limit)) {
      const location = `line ${line.number}`;
      if ('tooLong' in line) {
        problems.push({
          location,
          code: 'line_too_long',
          message: `line of ${line.tooLong} characters is longer than maxLineCharacters (${limit})`,
          dropped: true,
        });
        continue;
      }
      if (line.text.trim().length === 0) continue;
      const value = parseLine(line.text, options.repair === true);
      if (value === undefined) {
        problems.push({ location, code: 'invalid_json', message: 'not valid JSON', dropped: true });
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push({ location, code: 'not_an_object', message: 'not a JSON object', dropped: true });
        continue;
      }
      current = line.number;
      yield value as RawItem;
    }
  }
  return { items: items(), problems, location: () => `line ${current}`, encoding: () => encoding };
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
