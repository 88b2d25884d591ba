/**
 * Memory of a recipe over one huge record: `node --expose-gc [--max-old-space-size=N] --import tsx
 * bench/data/huge-line-bench.ts <MB> [operators]` writes one JSONL line of `megabytes` MB of English text (SpamAssassin
 * mails, a corpus we did not write, repeated) among a few small ones, imported and cleaned by a
 * recipe given as argv[3] (operator names, comma-separated). Prints one JSON line with the peak
 * RSS and heap, and the outcome.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureRecipeMemory } from '../../test/data/recipe-memory.ts';
import { englishMails } from './variant-corpus.ts';

const megabytes = Number(process.argv[2] ?? 50);
const operators = (
  process.argv[3] ?? 'normalize,pii_redact,gopher_quality_filter,gopher_repetition_filter,exact_dedup,near_dedup'
).split(',');
const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-huge-line-'));
const file = path.join(directory, 'huge.jsonl');
const output = createWriteStream(file);
const mails = englishMails();
const small = mails.slice(0, 20).map((text, index) => `${JSON.stringify({ id: `small${index}`, text })}\n`);
for (const line of small.slice(0, 10)) output.write(line);
// The huge record, written piece by piece so this process never holds it.
output.write('{"id":"huge","text":"');
let written = 0;
for (let index = 0; written < megabytes * 1e6; index++) {
  const piece = JSON.stringify(`${mails[index % mails.length]}\n`).slice(1, -1);
  written += piece.length;
  if (!output.write(piece)) await new Promise((resolve) => output.once('drain', () => resolve(undefined)));
}
output.write('"}\n');
for (const line of small.slice(10)) output.write(line);
await new Promise<void>((resolve) => output.end(() => resolve()));
mails.length = 0;

const result = await measureRecipeMemory(file, `operators:\n${operators.map((name) => `  - ${name}\n`).join('')}`);
process.stdout.write(`${JSON.stringify(result)}\n`);
rmSync(directory, { recursive: true, force: true });
