/**
 * Memory of a recipe over one huge record: `node --expose-gc [--max-old-space-size=N] --import tsx
 * bench/data/huge-line-bench.ts <MB> [operators]` writes one JSONL line of `megabytes` MB of English text (SpamAssassin
 * mails, a corpus we did not write, repeated) among a few small ones, imported and cleaned by a
 * recipe given as argv[3] (operator names, comma-separated). Prints one JSON line with the peak
 * RSS and heap, and the outcome.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorkbenchFixture, waitForJob } from '../../test/data/workbench-support.ts';
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

const fixture = await createWorkbenchFixture();
global.gc?.();
const baseline = process.memoryUsage().rss;
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 10);
const started = Date.now();
await fixture.workbench.createDataset('org_huge', 'huge');
const imported = await waitForJob(
  fixture.jobs,
  (await fixture.workbench.startImport('org_huge', 'huge', { file })).id,
  600_000,
);
const ran = await waitForJob(
  fixture.jobs,
  (
    await fixture.workbench.startRecipe(
      'org_huge',
      'huge',
      `operators:\n${operators.map((name) => `  - ${name}\n`).join('')}`,
    )
  ).id,
  600_000,
);
clearInterval(sampler);
const version = await fixture.workbench.getVersion('org_huge', 'huge');
process.stdout.write(
  `${JSON.stringify({ fileBytes: statSync(file).size, imported: imported.status, ran: ran.status, error: ran.error ?? imported.error, kept: version.recordCount, baselineRss: baseline, peakHeap, peakRss, seconds: (Date.now() - started) / 1000 })}\n`,
);
await fixture.close();
rmSync(directory, { recursive: true, force: true });
rmSync(fixture.dataDir, { recursive: true, force: true });
