/**
 * The quality recipe's operators alone, in memory (no files, no JSON): `node --import tsx
 * bench/data/operator-bench.ts [rounds]` applies each operator with its defaults to every document of
 * 全唐诗 (chinese-poetry), the generated zh+en corpus and SpamAssassin mails, and prints one JSON line:
 * per corpus and operator the best CPU seconds of `rounds` rounds, MB per CPU-second and a checksum
 * of the outcomes (kinds, rewritten texts, reasons, dedup summaries), to compare two trees' outputs.
 */
import { createHash } from 'node:crypto';
import type { DataRecord } from '../../src/data/data-record.ts';
import { operatorsByName } from '../../src/data/operators/index.ts';
import { englishMails } from './variant-corpus.ts';
import { generatedDocuments, tangPoems, type BenchCorpus } from './bench-corpora.ts';
import { timed } from './timing.ts';

const operators = [
  'normalize',
  'pii_redact',
  'gopher_quality_filter',
  'gopher_repetition_filter',
  'exact_dedup',
  'near_dedup',
] as const;
const rounds = Number(process.argv[2] ?? 5);
const mails = englishMails();
const corpora: BenchCorpus[] = [
  tangPoems(58),
  generatedDocuments(20_000),
  {
    name: 'SpamAssassin ham mails',
    texts: mails,
    bytes: mails.reduce((sum, text) => sum + Buffer.byteLength(text), 0),
  },
];

const results: Record<string, Record<string, { cpuSeconds: number; mbPerCpuSecond: number; checksum: string }>> = {};
for (const corpus of corpora) {
  const records: DataRecord[] = corpus.texts.map((text, index) => ({ id: `d${index}`, text }));
  const row: (typeof results)[string] = {};
  for (const name of operators) {
    const definition = operatorsByName.get(name)!;
    let best = Infinity;
    let checksum = '';
    for (let round = 0; round < rounds; round++) {
      const operator = definition.create(definition.schema.parse({}));
      const outcomes: unknown[] = [];
      const run = await timed(() => {
        if (operator.kind === 'map') for (const record of records) outcomes.push(operator.apply(record));
        else for (const record of records) outcomes.push(operator.summarize(record));
      });
      best = Math.min(best, run.timing.cpuSeconds);
      if (round === 0) {
        const hash = createHash('md5');
        for (const outcome of outcomes)
          hash.update(outcome instanceof Uint8Array ? outcome : (JSON.stringify(outcome) ?? 'undefined'));
        checksum = hash.digest('hex').slice(0, 12);
      }
    }
    row[name] = { cpuSeconds: best, mbPerCpuSecond: corpus.bytes / 1e6 / best, checksum };
  }
  results[corpus.name] = row;
}
process.stdout.write(`${JSON.stringify(results)}\n`);
