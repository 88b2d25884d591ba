import { describe, expect, it } from 'vitest';
import { exactDedupOperator } from '../operators/exact-dedup.ts';
import { nearDedupOperator } from '../operators/near-dedup.ts';
import type { GlobalOperator } from '../operators/operator-types.ts';
import { MinHasher, estimateJaccard } from './minhash.ts';
import { optimalBands } from './optimal-bands.ts';
import { ShingleHasher } from './shingle-hasher.ts';

function planOf(definition: typeof exactDedupOperator, texts: string[], params: object = {}) {
  const operator = definition.create(definition.schema.parse(params)) as GlobalOperator;
  const summaries = texts.map((text, index) => operator.summarize({ id: `r${index}`, text }).slice());
  const all = new Uint8Array(summaries.reduce((sum, item) => sum + item.length, 0));
  let offset = 0;
  for (const summary of summaries) {
    all.set(summary, offset);
    offset += summary.length;
  }
  return operator.plan(
    all,
    texts.map((_, index) => `r${index}`),
    texts.length,
  );
}

describe('shingles', () => {
  it('uses characters for every script by default: a typo changes few shingles', () => {
    const hasher = new ShingleHasher(3);
    expect(hasher.hash('我爱北京').length).toBe(2); // 我爱北 爱北京
    // "ab cd" → a b | c d: 5 tokens, 3 shingles; punctuation and spacing make no tokens.
    expect(hasher.hash('ab  cd!').length).toBe(3);
    expect([...hasher.hash('Hello, World')]).toEqual([...hasher.hash('hello world')]);
    const shingles = (text: string) => new Set(new ShingleHasher(5).hash(text));
    const jaccard = (a: Set<number>, b: Set<number>) =>
      [...a].filter((value) => b.has(value)).length / new Set([...a, ...b]).size;
    const text = 'The revenue of the warehouse grew again in the third quarter of the year';
    const typo = 'The revenve of the warehoise grew again in the third quarter of the year';
    expect(jaccard(shingles(text), shingles(typo))).toBeGreaterThan(0.7);
    const words = (value: string) => new Set(new ShingleHasher(5, 'words').hash(value));
    expect(jaccard(words(text), words(typo))).toBeLessThan(0.4);
  });

  it('keeps the same sample of shingles in every text', () => {
    const text = 'A sampled hasher keeps the shingles whose hash is in the lowest quarter of the range.';
    const all = new Set(new ShingleHasher(5, 'characters', 1).hash(text));
    const sampled = [...new ShingleHasher(5, 'characters', 4).hash(text)];
    expect(sampled.length).toBeLessThan(all.size / 2);
    expect(sampled.every((value) => all.has(value))).toBe(true);
  });

  it('uses characters for CJK and words for other scripts in words mode', () => {
    const hasher = new ShingleHasher(2, 'words');
    expect(hasher.hash('我爱北京').length).toBe(3); // 我爱 爱北 北京
    expect(hasher.hash('I love  Beijing!').length).toBe(2); // "i love", "love beijing"
    expect(hasher.hash('我爱Beijing城').length).toBe(3); // 我爱, 爱beijing, beijing城
    expect([...hasher.hash('Hello World')]).toEqual([...hasher.hash('hello, world')]);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard similarity', () => {
    const hasher = new MinHasher({ numPermutations: 256, ngramSize: 1 });
    const a = 'a b c d e f g h i j';
    const b = 'a b c d e f g h x y'; // 8 shared of 12 → 0.667
    const signatures = new Uint32Array(512);
    signatures.set(hasher.signature(a), 0);
    signatures.set(hasher.signature(b), 256);
    expect(estimateJaccard(signatures, 0, 1, 256)).toBeGreaterThan(0.55);
    expect(estimateJaccard(signatures, 0, 1, 256)).toBeLessThan(0.78);
  });

  it('is deterministic across instances (shards on other machines agree)', () => {
    expect([...new MinHasher().signature('同一段文字')]).toEqual([...new MinHasher().signature('同一段文字')]);
  });
});

describe('optimal bands', () => {
  it('fits b·r within the permutations and puts the S-curve near the threshold', () => {
    for (const threshold of [0.5, 0.7, 0.8, 0.9]) {
      const { bands, rows } = optimalBands(threshold, 128);
      expect(bands * rows).toBeLessThanOrEqual(128);
      const inflection = (1 / bands) ** (1 / rows);
      expect(Math.abs(inflection - threshold)).toBeLessThan(0.1);
    }
    expect(optimalBands(0.7, 128)).toMatchObject({ bands: 14, rows: 9 });
  });
});

describe('exact_dedup', () => {
  it('matches normalized text: width, case, whitespace and punctuation', () => {
    const plan = planOf(exactDedupOperator, [
      '你好，世界！',
      '你好世界',
      'Hello World',
      'hello   world.',
      'Ｈｅｌｌｏ ｗｏｒｌｄ',
      'different',
    ]);
    expect([...plan.representative]).toEqual([0, 0, 2, 2, 2, 5]);
    expect(plan.representativeIds).toEqual({ 0: 'r0', 2: 'r2' });
    expect(plan.details).toMatchObject({ duplicates: 3, clusters: 2 });
  });
});

describe('near_dedup', () => {
  const base =
    '春天来了，公园里的花都开了。孩子们在草地上放风筝，老人们坐在长椅上聊天。湖面上有几只小船慢慢划过，远处传来悠扬的笛声，整个公园充满了欢声笑语。';
  const english =
    'The quarterly report shows that revenue grew by twelve percent, driven mostly by new customers in the southern region, while costs stayed flat and the team hired three engineers.';
  it('clusters near duplicates in Chinese and English, keeping the first', () => {
    const texts = [
      base,
      `${base.slice(0, 40)}${base.slice(41)}转载`, // one character removed, suffix added
      english,
      `${english} (Source: annual report)`,
      '今天的会议讨论了明年的预算安排，财务部门提出了三项新的建议。',
      `${english.slice(0, 80)} ${base}`, // half of each: near neither
    ];
    const plan = planOf(nearDedupOperator, texts);
    expect(plan.representative[1]).toBe(0);
    expect(plan.representative[3]).toBe(2);
    expect(plan.representative[4]).toBe(4);
    expect(plan.representative[5]).toBe(5);
    expect(plan.similarity[1]).toBeGreaterThan(0.7);
    expect(plan.clusterSize[0]).toBe(2);
  });

  it('rejects bad parameters with a clear message', () => {
    expect(nearDedupOperator.schema.safeParse({ threshold: 1.5 }).success).toBe(false);
    const result = nearDedupOperator.schema.safeParse({ bands: 20, rows: 10 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('bands × rows must not exceed numPermutations');
  });
});
