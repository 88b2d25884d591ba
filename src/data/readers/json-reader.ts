import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { JsonArraySplitter } from './json-array-splitter.ts';
import type { RawItem, ReaderResult, ReadProblem } from './reader-types.ts';

/** A JSON array of objects (or one object), streamed element by element. */
export function readJson(file: string): ReaderResult {
  const problems: ReadProblem[] = [];
  async function* items(): AsyncGenerator<RawItem> {
    let input: Readable = createReadStream(file, { highWaterMark: 1 << 20 });
    if (file.endsWith('.gz')) input = input.pipe(createGunzip());
    input.setEncoding('utf8');
    const splitter = new JsonArraySplitter();
    let index = 0;
    for await (const chunk of input) {
      for (const element of splitter.push(chunk as string)) {
        index++;
        let value: unknown;
        try {
          value = JSON.parse(element);
        } catch {
          problems.push({ location: `element ${index}`, message: 'not valid JSON' });
          continue;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          problems.push({ location: `element ${index}`, message: 'not a JSON object' });
          continue;
        }
        yield value as RawItem;
      }
    }
  }
  return { items: items(), problems };
}
