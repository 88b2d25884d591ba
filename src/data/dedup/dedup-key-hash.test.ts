import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fragmentText, seededRandom, spamAssassinMails, tangPoems } from '../text/test-corpora.ts';
import { dedupKeyDigest, dedupKeyText, digestCommonText } from './dedup-key-hash.ts';

const straightforward = (text: string, lowercase: boolean, ignorePunctuation: boolean) =>
  createHash('md5')
    .update(dedupKeyText(text, lowercase, ignorePunctuation))
    .digest()
    .subarray(0, 8)
    .toString('hex');
const digest = (text: string, lowercase: boolean, ignorePunctuation: boolean, pieces?: number) =>
  Buffer.from(dedupKeyDigest(text, lowercase, ignorePunctuation, pieces)).toString('hex');
const settings = [
  [true, true],
  [false, true],
  [true, false],
  [false, false],
] as const;

describe('exact dedup key digest', () => {
  it('equals the MD5 of the whole key on real poems and mails, for every setting', () => {
    const texts = [...tangPoems(0), ...tangPoems(30000), ...spamAssassinMails('easy-ham-1', 300)];
    for (const [lowercase, ignorePunctuation] of settings)
      for (const text of texts)
        expect(digest(text, lowercase, ignorePunctuation)).toBe(straightforward(text, lowercase, ignorePunctuation));
  });

  it('takes the one-scan path for most poems, also for a key longer than its buffer', () => {
    const poems = tangPoems(2000);
    const common = poems.filter((poem) => digestCommonText(poem, true) !== null);
    expect(common.length).toBeGreaterThan(poems.length * 0.9);
    const long = common.join('\n');
    expect(Buffer.byteLength(long)).toBeGreaterThan(150_000);
    expect(digestCommonText(long, true)).not.toBeNull();
    for (const lowercase of [true, false])
      expect(digest(long, lowercase, true)).toBe(straightforward(long, lowercase, true));
  });

  it('equals it on text made of characters NFKC, lower case or the key treat specially', () => {
    const fragments = [
      '床前明月',
      'Ab',
      'ΑΣ',
      'σ',
      'İ',
      'ﬁ',
      'Ｇｏ',
      '１',
      '①',
      '，',
      '。',
      '\u3000',
      '\u00a0',
      '\u00a8',
      'e\u0301',
      '\u0301',
      '😀',
      '\n',
      ' ',
      '\t',
      '.',
      "'",
      '…',
      '‰',
      '\ufeff',
      '\u200b',
      'ｶﾞ',
      'ㄱ',
      '가',
    ];
    const random = seededRandom(7);
    for (let round = 0; round < 5_000; round++) {
      const text = fragmentText(random, fragments, 1 + Math.floor(random() * 20));
      for (const [lowercase, ignorePunctuation] of settings)
        expect(digest(text, lowercase, ignorePunctuation), JSON.stringify(text)).toBe(
          straightforward(text, lowercase, ignorePunctuation),
        );
    }
  });

  it('hashes a long text in pieces exactly as whole (thousands of cuts)', () => {
    const mails = spamAssassinMails('hard-ham-1', 120);
    const poems = tangPoems(1000);
    const random = seededRandom(11);
    const tricky = ['\n Σ.\n', '\nΣ\n', '\n\u0301x', '\n\n  \n', 'ＡΣ\n.σ', '\n①'];
    const parts: string[] = [];
    for (let index = 0; index < 150; index++)
      parts.push(
        random() < 0.5 ? mails[index % mails.length]! : poems[index % poems.length]!,
        tricky[index % tricky.length]!,
      );
    const text = `  ${parts.join('')} \n`;
    for (const [lowercase, ignorePunctuation] of settings) {
      const whole = straightforward(text, lowercase, ignorePunctuation);
      for (const size of [1 << 16, 500, 37]) expect(digest(text, lowercase, ignorePunctuation, size)).toBe(whole);
    }
  });
});
