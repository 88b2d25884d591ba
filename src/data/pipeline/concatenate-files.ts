import { createReadStream, createWriteStream, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Concatenates uncompressed JSONL shard outputs into one file (gzip when the target ends in .gz); the parts are consumed. */
export async function concatenateFiles(parts: string[], target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  // One shard (the usual in-process case): its file is the result, no copy.
  if (parts.length === 1 && !target.endsWith('.gz')) {
    renameSync(parts[0]!, target);
    return;
  }
  const gzip = target.endsWith('.gz') ? createGzip() : null;
  const output = createWriteStream(target);
  const sink = gzip ?? output;
  const finished = gzip ? pipeline(gzip, output) : null;
  for (const part of parts) await pipeline(createReadStream(part), sink, { end: false });
  sink.end();
  if (finished) await finished;
  else await new Promise<void>((resolve, reject) => output.once('finish', resolve).once('error', reject));
}
