import { describe, expect, it } from 'vitest';
import { nearDedupOperator } from '../../src/data/operators/near-dedup.ts';
import type { GlobalOperator } from '../../src/data/operators/operator-types.ts';
import { plantedCorpus } from './near-dedup-corpus.ts';

describe('near dedup quality at the default threshold (0.7)', () => {
  it('finds planted near-duplicates with precision and recall above 0.95', () => {
    const { texts, sourceOf } = plantedCorpus(3000, 600);
    const operator = nearDedupOperator.create(nearDedupOperator.schema.parse({})) as GlobalOperator;
    const summaries = new Uint8Array(texts.length * 128 * 4);
    texts.forEach((text, index) => summaries.set(operator.summarize({ id: String(index), text }), index * 512));
    const plan = operator.plan(
      summaries,
      texts.map((_, index) => String(index)),
      texts.length,
    );
    let truePositives = 0;
    let dropped = 0;
    for (let index = 0; index < texts.length; index++) {
      if (plan.representative[index] === index) continue;
      dropped++;
      const source = sourceOf[index]!;
      // Correct when a planted copy lands in its original's cluster.
      if (source >= 0 && plan.representative[index] === plan.representative[source]) truePositives++;
    }
    const planted = sourceOf.filter((source) => source >= 0).length;
    const precision = dropped === 0 ? 1 : truePositives / dropped;
    const recall = truePositives / planted;
    process.stdout.write(
      `near dedup (threshold 0.7, 128 permutations, 5-grams): precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (${dropped} dropped, ${planted} planted)\n`,
    );
    expect(precision).toBeGreaterThan(0.95);
    expect(recall).toBeGreaterThan(0.95);
  });
});
