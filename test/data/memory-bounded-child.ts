/**
 * Child process of memory-bounded.test.ts, started with a small --max-old-space-size: writes a
 * large JSONL file, imports it and runs near dedup over it in-process. It would die of heap
 * exhaustion if texts were held in memory. Prints one JSON line with the figures.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorkbenchFixture, waitForJob } from './workbench-support.ts';
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

const fixture = await createWorkbenchFixture();
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
}, 20);
const started = Date.now();
await fixture.workbench.createDataset('org_memory', 'large');
const imported = await waitForJob(
  fixture.jobs,
  (await fixture.workbench.startImport('org_memory', 'large', { file })).id,
  600_000,
);
const ran = await waitForJob(
  fixture.jobs,
  (await fixture.workbench.startRecipe('org_memory', 'large', 'operators:\n  - near_dedup\n')).id,
  600_000,
);
clearInterval(sampler);
const version = await fixture.workbench.getVersion('org_memory', 'large');
process.stdout.write(
  `${JSON.stringify({ fileBytes: statSync(file).size, documents, imported: imported.status, ran: ran.status, error: ran.error ?? imported.error, kept: version.recordCount, peakHeap, peakRss, seconds: (Date.now() - started) / 1000 })}\n`,
);
await fixture.close();
rmSync(directory, { recursive: true, force: true });
rmSync(fixture.dataDir, { recursive: true, force: true });
