/**
 * Digests of what recipe runs produce (final version file, statistics, samples) in the tree at
 * `<root>`, for proving a speed change leaves outputs byte-identical:
 * `node --import tsx bench/data/recipe-equivalence.ts <root> <out.json> [quick]` in both trees, then
 * compare the two files. Corpora: 全唐诗 and the generated zh+en documents; recipes: quality,
 * typical and one that starts with dedup; one shard and several shards; plain and gzip files.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { generatedDocuments, tangPoems } from './bench-corpora.ts';
import { qualityRecipe, typicalRecipe } from './recipe-bench.ts';

const [root = '.', out = 'recipe-equivalence.json', quick] = process.argv.slice(2);
const absoluteRoot = path.resolve(root);
const load = (module: string) => import(path.join(absoluteRoot, module));
const { DataWorkbench } = await load('src/data/data-workbench.ts');
const { InProcessJobRunner } = await load('src/jobs/in-process-job-runner.ts');
const { isTerminal } = await load('src/jobs/job-types.ts');
const { openStore } = await load('src/store/database.ts');
const { migrateToLatest } = await load('src/store/migrate.ts');

const dedupFirstRecipe = `name: dedup-first
operators:
  - exact_dedup
  - near_dedup: { threshold: 0.6 }
  - normalize
  - length_filter: { minCharacters: 20 }
  - exact_dedup
`;
const recipes = { quality: qualityRecipe, typical: typicalRecipe, dedupFirst: dedupFirstRecipe };
const corpora = quick ? [tangPoems(6), generatedDocuments(2_000)] : [tangPoems(58), generatedDocuments(20_000)];
const settings = [
  { shardSize: undefined, gzip: false },
  { shardSize: quick ? 1_500 : 9_000, gzip: false },
  { shardSize: quick ? 2_500 : 25_000, gzip: true },
];

async function finish(jobs: any, id: string) {
  for (;;) {
    const job = await jobs.get(id);
    if (isTerminal(job.status)) {
      if (job.status !== 'succeeded') throw new Error(`${job.type} ${job.status}: ${job.error}`);
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const digest = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const results: Record<string, unknown> = {};
for (const corpus of corpora) {
  for (const setting of settings) {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'recipe-equivalence-'));
    const store = openStore({ dataDir: directory });
    await migrateToLatest(store);
    const logger = pino({ level: 'silent' });
    const jobs = new InProcessJobRunner({ store, logger });
    const workbench = new DataWorkbench(store, jobs, directory, logger, setting);
    try {
      const file = path.join(directory, 'corpus.jsonl');
      writeFileSync(file, corpus.texts.map((text, index) => JSON.stringify({ id: `d${index}`, text })).join('\n'));
      await workbench.createDataset('org_eq', 'eq');
      await finish(jobs, (await workbench.startImport('org_eq', 'eq', { file })).id);
      for (const [name, recipe] of Object.entries(recipes)) {
        await finish(jobs, (await workbench.startRecipe('org_eq', 'eq', recipe, 1)).id);
        const version = await workbench.getVersion('org_eq', 'eq');
        const key = `${corpus.name} | ${name} | shards ${setting.shardSize ?? 'one'}${setting.gzip ? ' | gzip' : ''}`;
        results[key] = {
          records: version.recordCount,
          textBytes: version.textBytes,
          file: digest(readFileSync(workbench.paths.absolute(version.filePath))),
          statistics: version.statistics,
          samples: digest(JSON.stringify(version.samples)),
        };
        console.log(key, version.recordCount);
      }
    } finally {
      await jobs.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    }
  }
}
writeFileSync(out, `${JSON.stringify(results, null, 1)}\n`);
