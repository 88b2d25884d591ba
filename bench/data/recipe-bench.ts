import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { validateConfig } from '../../src/config/load-config.ts';
import { createDataWorkbench } from '../../src/data/data-workbench.ts';
import { InProcessJobRunner } from '../../src/jobs/in-process-job-runner.ts';
import { isTerminal, type JobRecord, type JobRunner } from '../../src/jobs/job-types.ts';
import { openStore } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import type { BenchCorpus } from './bench-corpora.ts';
import { timed, type Timing } from './timing.ts';

/** The recipe the workbench promises ≥ 5 MB per CPU-second for. */
export const qualityRecipe = `name: quality-cleaning
operators:
  - normalize
  - pii_redact
  - length_filter: { minCharacters: 10 }
  - gopher_quality_filter
  - gopher_repetition_filter
  - exact_dedup
  - near_dedup
`;

export const typicalRecipe = `name: typical-cleaning
operators:
  - normalize
  - pii_redact
  - length_filter: { minCharacters: 10 }
  - special_characters_filter
  - exact_dedup
  - near_dedup
`;

async function finish(jobs: JobRunner, id: string): Promise<JobRecord> {
  // In-process: wait for the runner to go idle, not poll the store (a poll costs CPU that the figure
  // would count against the recipe, more the longer a loaded machine makes the job take).
  if (jobs instanceof InProcessJobRunner) await jobs.whenIdle();
  for (;;) {
    const job = (await jobs.get(id))!;
    if (isTerminal(job.status)) {
      if (job.status !== 'succeeded') throw new Error(`bench job ${job.type} ${job.status}: ${job.error}`);
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Import and a typical recipe through the real job path (store, files, shards) on a temporary data dir. */
export async function runRecipeBench(
  corpus: BenchCorpus,
  directory: string,
  recipe = typicalRecipe,
): Promise<{
  importTiming: Timing;
  recipeTiming: Timing;
  kept: number;
  recipeName: string;
  /** process.hrtime of the recipe job's start and end in microseconds (to cut a CPU profile to it). */
  recipeWindow: [number, number];
}> {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'corpus.jsonl');
  writeFileSync(file, corpus.texts.map((text, index) => JSON.stringify({ id: `d${index}`, text })).join('\n'));
  const store = openStore({ dataDir: directory });
  await migrateToLatest(store);
  const logger = pino({ level: 'silent' });
  const jobs = new InProcessJobRunner({ store, logger });
  const workbench = createDataWorkbench(store, validateConfig({ dataDir: directory }), logger, jobs);
  try {
    await workbench.createDataset('org_bench', 'bench');
    const imported = await timed(async () =>
      finish(jobs, (await workbench.startImport('org_bench', 'bench', { file })).id),
    );
    const started = Number(process.hrtime.bigint() / 1000n);
    const ran = await timed(async () => finish(jobs, (await workbench.startRecipe('org_bench', 'bench', recipe)).id));
    const ended = Number(process.hrtime.bigint() / 1000n);
    const version = await workbench.getVersion('org_bench', 'bench');
    return {
      importTiming: imported.timing,
      recipeTiming: ran.timing,
      recipeWindow: [started, ended],
      kept: version.recordCount,
      recipeName:
        recipe === typicalRecipe
          ? 'normalize, pii_redact, length, special chars, exact + near dedup'
          : 'normalize, pii_redact, length, gopher quality + repetition, exact + near dedup',
    };
  } finally {
    await jobs.close();
    await store.close();
  }
}
