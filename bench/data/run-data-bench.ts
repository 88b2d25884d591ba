import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clusterSignatures } from '../../src/data/dedup/lsh-clusterer.ts';
import { MinHasher } from '../../src/data/dedup/minhash.ts';
import { optimalBands } from '../../src/data/dedup/optimal-bands.ts';
import { printTable } from '../support/table.ts';
import { generatedDocuments, tangPoems, type BenchCorpus } from './bench-corpora.ts';
import { runFilterBench } from './filter-bench.ts';
import { qualityRecipe, runRecipeBench } from './recipe-bench.ts';
import { runNearDedupQuality } from './near-dedup-quality.ts';
import { timed, type Timing } from './timing.ts';

export interface DataBenchOptions {
  /** Smaller corpora (a few seconds). */
  quick?: boolean;
  /** Only the record-wise filters (before/after comparisons of the operators). */
  filtersOnly?: boolean;
}

interface Row {
  corpus: string;
  stage: string;
  documents: number;
  megabytes: number;
  seconds: number;
  /** CPU seconds of this process (user + system) for the stage: throughput per core, robust to a busy machine. */
  cpuSeconds: number;
  documentsPerSecond: number;
  megabytesPerSecond: number;
  megabytesPerCpuSecond: number;
  note: string;
}

const NUM_PERMUTATIONS = 128;
const THRESHOLD = 0.7;

function row(corpus: BenchCorpus, stage: string, timing: Timing, note = ''): Row {
  const documents = corpus.texts.length;
  const megabytes = corpus.bytes / 1e6;
  return {
    corpus: corpus.name,
    stage,
    documents,
    megabytes,
    seconds: timing.seconds,
    cpuSeconds: timing.cpuSeconds,
    documentsPerSecond: documents / timing.seconds,
    megabytesPerSecond: megabytes / timing.seconds,
    megabytesPerCpuSecond: megabytes / timing.cpuSeconds,
    note,
  };
}

/** Signatures alone, then signatures + LSH clustering (the whole near-dedup decision), in this thread (one core). */
async function minhashRows(corpus: BenchCorpus): Promise<Row[]> {
  const hasher = new MinHasher({ numPermutations: NUM_PERMUTATIONS, ngramSize: 5, sampling: 4 });
  const signatures = new Uint32Array(corpus.texts.length * NUM_PERMUTATIONS);
  const signing = await timed(() =>
    corpus.texts.forEach((text, index) => hasher.signatureInto(text, signatures, index * NUM_PERMUTATIONS)),
  );
  const bands = optimalBands(THRESHOLD, NUM_PERMUTATIONS, 0.2, 0.8);
  const clustering = await timed(() =>
    clusterSignatures(signatures, corpus.texts.length, NUM_PERMUTATIONS, bands, THRESHOLD),
  );
  let duplicates = 0;
  for (let index = 0; index < corpus.texts.length; index++)
    if (clustering.value.representative[index] !== index) duplicates++;
  const total = {
    seconds: signing.timing.seconds + clustering.timing.seconds,
    cpuSeconds: signing.timing.cpuSeconds + clustering.timing.cpuSeconds,
  };
  return [
    row(
      corpus,
      'MinHash signatures',
      signing.timing,
      `${NUM_PERMUTATIONS} permutations, character 5-grams, 1 in 4 sampled`,
    ),
    row(
      corpus,
      'full near-dedup (signatures + LSH)',
      total,
      `${bands.bands}×${bands.rows} bands, ${duplicates} near-duplicates`,
    ),
  ];
}

/** Prints the data benchmark table and writes bench/results/data-<time>.json. */
export async function runDataBench(options: DataBenchOptions = {}): Promise<void> {
  const quick = options.quick === true;
  const corpora = [tangPoems(quick ? 8 : 58), generatedDocuments(quick ? 4_000 : 20_000)];
  const rows: Row[] = [];
  for (const corpus of corpora) {
    for (const filter of await runFilterBench(corpus, quick ? 1 : 3))
      rows.push(row(corpus, `filter: ${filter.filter}`, filter.timing, `dropped ${filter.dropped}`));
    if (options.filtersOnly) continue;
    rows.push(...(await minhashRows(corpus)));
    const workDirectory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-data-bench-'));
    try {
      const quality = await runRecipeBench(corpus, workDirectory, qualityRecipe);
      rows.push(
        row(
          corpus,
          'quality recipe (job, in-process)',
          quality.recipeTiming,
          `${quality.recipeName}; kept ${quality.kept}`,
        ),
      );
      rmSync(workDirectory, { recursive: true, force: true });
      mkdirSync(workDirectory, { recursive: true });
      const recipe = await runRecipeBench(corpus, workDirectory);
      rows.push(row(corpus, 'import (JSONL → version)', recipe.importTiming));
      rows.push(
        row(
          corpus,
          'typical recipe (job, in-process)',
          recipe.recipeTiming,
          `${recipe.recipeName}; kept ${recipe.kept}`,
        ),
      );
    } finally {
      rmSync(workDirectory, { recursive: true, force: true });
    }
  }
  const quality = options.filtersOnly ? '' : await runNearDedupQuality(quick ? 400 : 1100);
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  const text = printTable(
    `Data workbench (Node ${process.version}, one core per job, load average ${load}; ${quick ? 'quick' : 'full'} run)`,
    ['corpus', 'stage', 'docs', 'MB', 'wall s', 'docs/s', 'MB/s', 'MB per CPU-s', 'note'],
    rows.map((item) => [
      item.corpus,
      item.stage,
      item.documents,
      item.megabytes,
      item.seconds,
      item.documentsPerSecond,
      item.megabytesPerSecond,
      item.megabytesPerCpuSecond,
      item.note,
    ]),
  );
  const directory = path.resolve(import.meta.dirname, '..', 'results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `data-${new Date().toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ node: process.version, quick, loadAverage: Number(load), rows, table: text, nearDedupQuality: quality }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
}
