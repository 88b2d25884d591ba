/**
 * One recipe run through the job path, for A/B comparisons of two trees and profiles:
 * `node --import tsx bench/data/recipe-ab.ts tang|generated [quality|typical]` prints one JSON line
 * (CPU seconds of the process during the recipe job, MB per CPU-second, records kept).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatedDocuments, tangPoems } from './bench-corpora.ts';
import { qualityRecipe, runRecipeBench, typicalRecipe } from './recipe-bench.ts';

const corpusName = process.argv[2] ?? 'tang';
const recipe = process.argv[3] === 'typical' ? typicalRecipe : qualityRecipe;
const corpus = corpusName === 'tang' ? tangPoems(58) : generatedDocuments(20_000);
const directory = mkdtempSync(path.join(os.tmpdir(), 'recipe-ab-'));
const runs = Number(process.argv[4] ?? 1);
try {
  for (let run = 1; run < runs; run++) {
    const warm = await runRecipeBench(corpus, path.join(directory, `warm-${run}`), recipe);
    console.log(JSON.stringify({ run, cpuSeconds: warm.recipeTiming.cpuSeconds.toFixed(3) }));
  }
  const result = await runRecipeBench(corpus, path.join(directory, 'measured'), recipe);
  const megabytes = corpus.bytes / 1e6;
  console.log(
    JSON.stringify({
      corpus: corpusName,
      cpuSeconds: Number(result.recipeTiming.cpuSeconds.toFixed(3)),
      seconds: Number(result.recipeTiming.seconds.toFixed(3)),
      mbPerCpuSecond: Number((megabytes / result.recipeTiming.cpuSeconds).toFixed(2)),
      kept: result.kept,
      load: os.loadavg()[0]!.toFixed(1),
      window: result.recipeWindow,
    }),
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
