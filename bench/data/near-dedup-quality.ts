import { nearDedupOperator } from '../../src/data/operators/near-dedup.ts';
import type { GlobalOperator } from '../../src/data/operators/operator-types.ts';
import { printTable } from '../support/table.ts';
import { timed } from './timing.ts';
import { scoreDedup, variantCorpus, variantKinds } from './variant-corpus.ts';

/**
 * Precision and recall of near_dedup on real text with planted variants (bench/data/variant-corpus.ts),
 * at the defaults and with the previous word shingles; prints a table and returns it.
 */
export async function runNearDedupQuality(originalsPerLanguage: number): Promise<string> {
  const corpus = variantCorpus(originalsPerLanguage);
  const settings: Array<[string, Record<string, unknown>]> = [
    ['defaults (character 5-grams, 1 in 4 sampled)', {}],
    ['all character shingles (sampling: 1)', { sampling: 1 }],
    ['word 5-grams (shingles: words, the old default)', { shingles: 'words' }],
  ];
  const rows: Array<Array<string | number>> = [];
  for (const [name, params] of settings) {
    const operator = nearDedupOperator.create(nearDedupOperator.schema.parse(params)) as GlobalOperator;
    const { value: plan, timing } = await timed(() => {
      const first = operator.summarize({ id: '0', text: corpus.texts[0]! });
      const size = first.length;
      const summaries = new Uint8Array(corpus.texts.length * size);
      corpus.texts.forEach((text, index) =>
        summaries.set(operator.summarize({ id: String(index), text }), index * size),
      );
      return operator.plan(
        summaries,
        corpus.texts.map((_, index) => String(index)),
        corpus.texts.length,
      );
    });
    const score = scoreDedup(corpus, plan.representative);
    const missed = Object.entries(score.missedByKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ');
    rows.push([
      name,
      corpus.texts.length,
      score.planted,
      score.removed,
      score.precision.toFixed(3),
      score.recall.toFixed(3),
      corpus.bytes / 1e6 / timing.cpuSeconds,
      missed || 'none',
    ]);
  }
  return printTable(
    `Near-dedup quality: ${corpus.texts.length} documents (SpamAssassin ham mails + Tang poems, half each), variants of ${variantKinds.length} kinds (${variantKinds.join(', ')}), threshold 0.7`,
    ['setting', 'docs', 'planted', 'removed', 'precision', 'recall', 'MB per CPU-s', 'missed by kind'],
    rows,
  );
}
