/**
 * Peak memory of an import and a recipe in this process (shared by bench/data/huge-line-bench.ts
 * and memory-bounded-child.ts): samples heap and RSS every few milliseconds while a workbench
 * fixture imports `file` and runs the recipe over it.
 */
import { statSync } from 'node:fs';
import { rmSync } from 'node:fs';
import { createWorkbenchFixture, waitForJob } from './workbench-support.ts';

export interface RecipeMemory {
  fileBytes: number;
  imported: string;
  ran: string;
  error: string | null;
  kept: number;
  baselineRss: number;
  peakHeap: number;
  peakRss: number;
  seconds: number;
}

export async function measureRecipeMemory(file: string, recipe: string, sampleMs = 10): Promise<RecipeMemory> {
  const fixture = await createWorkbenchFixture();
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, sampleMs);
  const started = Date.now();
  try {
    await fixture.workbench.createDataset('org_memory', 'memory');
    const imported = await waitForJob(
      fixture.jobs,
      (await fixture.workbench.startImport('org_memory', 'memory', { file })).id,
      600_000,
    );
    const ran = await waitForJob(
      fixture.jobs,
      (await fixture.workbench.startRecipe('org_memory', 'memory', recipe)).id,
      600_000,
    );
    clearInterval(sampler);
    const version = await fixture.workbench.getVersion('org_memory', 'memory');
    return {
      fileBytes: statSync(file).size,
      imported: imported.status,
      ran: ran.status,
      error: ran.error ?? imported.error ?? null,
      kept: version.recordCount,
      baselineRss,
      peakHeap,
      peakRss,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    clearInterval(sampler);
    await fixture.close();
    rmSync(fixture.dataDir, { recursive: true, force: true });
  }
}
