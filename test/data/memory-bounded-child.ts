/**
 * Child process of memory-bounded.test.ts, started with a small --max-old-space-size: writes a
 * large JSONL file, imports it and runs near dedup over it in-process. It would die of heap
 * exhaustion if texts were held in memory. Prints one JSON line with the figures.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureRecipeMemory } from './recipe-memory.ts';
import { englishDocument, random } from './near-dedup-corpus.ts';

const megabytes = Number(process.argv[2] ?? 100);
const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-memory-'));
const file = path.join(directory, 'large.jsonl');
const output = createWriteStream(file);
const next = random(5);
let documents = 0;
let written = 0;
while (written < megabytes * 1e6) {
  const line = `${JSON.stringify({ id: `doc${documents}`, text: englishDocument(next, 1_500) })}\n`;
  written += line.length;
  documents++;
  if (!output.write(line)) await new Promise((resolve) => output.once('drain', () => resolve(undefined)));
}
await new Promise<void>((resolve) => output.end(() => resolve()));

const result = await measureRecipeMemory(file, 'operators:\n  - near_dedup\n', 20);
process.stdout.write(`${JSON.stringify({ ...result, documents })}\n`);
rmSync(directory, { recursive: true, force: true });
