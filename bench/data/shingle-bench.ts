/**
 * Throughput of the shingle tokenizer + hasher alone (both modes, all shingles kept), on real text:
 * Tang poems (chinese-poetry) and SpamAssassin mails. `node --import tsx bench/data/shingle-bench.ts
 * [module]` measures the hasher in `module` (default: the one in src/) so two versions can be
 * compared in alternating processes; it also prints a checksum of every shingle hash, which must
 * agree between versions that are meant to be equivalent.
 */
import { tangPoems } from './bench-corpora.ts';
import { englishMails } from './variant-corpus.ts';

interface Hasher {
  hash(text: string): Int32Array;
}
type HasherClass = new (ngramSize?: number, mode?: 'characters' | 'words', sampling?: number) => Hasher;

const modulePath = process.argv[2] ?? '../../src/data/dedup/shingle-hasher.ts';
const { ShingleHasher } = (await import(modulePath)) as { ShingleHasher: HasherClass };

const corpora = [
  { name: 'Tang poems', texts: tangPoems(58).texts },
  { name: 'SpamAssassin mails', texts: englishMails() },
];
const ROUNDS = 7;
for (const corpus of corpora) {
  const megabytes = corpus.texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) / 1e6;
  for (const mode of ['characters', 'words'] as const) {
    const hasher = new ShingleHasher(5, mode, 1);
    let checksum = 0;
    for (const text of corpus.texts) for (const value of hasher.hash(text)) checksum = (checksum * 31 + value) | 0;
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = process.cpuUsage();
      let sink = 0;
      for (const text of corpus.texts) sink += hasher.hash(text).length;
      const used = process.cpuUsage(started);
      rates.push(megabytes / ((used.user + used.system) / 1e6));
      if (sink < 0) console.log(sink);
    }
    rates.sort((left, right) => left - right);
    console.log(
      `${corpus.name.padEnd(20)} ${mode.padEnd(10)} ${megabytes.toFixed(1)} MB  median ${rates[ROUNDS >> 1]!.toFixed(1)} MB per CPU-s  checksum ${checksum}`,
    );
  }
}
