import { JsonArraySplitter } from './json-array-splitter.ts';
import type { RawItem, ReaderOptions, ReaderResult, ReadProblem } from './reader-types.ts';
import { openText, type DetectedEncoding } from './text-decoding.ts';

/** A JSON array of objects (or one object), streamed element by element in the file's encoding. */
export function readJson(file: string, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  let encoding: DetectedEncoding | undefined;
  let current = 0;
  async function* items(): AsyncGenerator<RawItem> {
    const opened = openText(file, options.encoding);
    encoding = opened.encoding;
    const input = opened.stream;
    const splitter = new JsonArraySplitter();
    let index = 0;
    for await (const chunk of input) {
      for (const element of splitter.push(chunk as string)) {
        index++;
        let value: unknown;
        try {
          value = JSON.parse(element);
        } catch {
          problems.push({
            location: `element ${index}`,
            code: 'invalid_json',
            message: 'not valid JSON',
            dropped: true,
          });
          continue;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          problems.push({
            location: `element ${index}`,
            code: 'not_an_object',
            message: 'not a JSON object',
            dropped: true,
          });
          continue;
        }
        current = index;
        yield value as RawItem;
      }
    }
  }
  return { items: items(), problems, location: () => `element ${current}`, encoding: () => encoding };
}
