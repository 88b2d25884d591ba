import { describe, expect, it } from 'vitest';
import { htmlToText, htmlToTextStages } from './html-to-text.ts';
import { fragmentText, seededRandom, spamAssassinMails } from './test-corpora.ts';
import { runStages } from './text-stages.ts';

const inPieces = (text: string, size: number) => runStages(text, htmlToTextStages(), size);

describe('htmlToText', () => {
  it('drops comments, scripts and tags, keeps block structure, decodes entities', () => {
    expect(htmlToText('<p>a&amp;b</p><!-- x --><script>\nalert(1)\n</script ><div>c&nbsp; d</div>')).toBe('a&b\n\nc d');
  });

  it('gives the same text in pieces as whole on real mails, with thousands of cuts', () => {
    // Spam is mostly HTML: comments, style and script blocks and tags spanning lines.
    const mails = [...spamAssassinMails('spam-1', 300), ...spamAssassinMails('hard-ham-1', 100)];
    const text = mails.join('\n');
    const whole = htmlToText(text);
    expect(whole.length).toBeGreaterThan(500_000);
    for (const size of [1 << 16, 4096, 97]) expect(inPieces(text, size) === whole, `pieces of ${size}`).toBe(true);
  });

  it('gives the same text in pieces as whole on random markup (openings without closings, nesting, spaces)', () => {
    const fragments = [
      'a',
      'word ',
      '你好',
      '\n',
      '\n',
      '\n\n\n',
      ' ',
      '\t',
      '\u00a0',
      '  \n ',
      '<',
      '>',
      '<>',
      '<!--',
      '-->',
      '<!-- c\n -->',
      '<script>',
      '</script>',
      '</script\n >',
      '<SCRIPT type="x">',
      '<style>',
      '</style>',
      '<svg',
      '<p>',
      '</p>',
      '<br/>',
      '<td class="x">',
      '</th>',
      '<div\nclass="y">',
      '&amp;',
      '&#10;',
      '&nbsp;',
      '&#x41;',
      '&',
      ';',
    ];
    const random = seededRandom(20);
    for (let round = 0; round < 300; round++) {
      const text = fragmentText(random, fragments, 20 + Math.floor(random() * 400));
      const whole = htmlToText(text);
      for (const size of [1, 2, 5, 17]) expect(inPieces(text, size), JSON.stringify(text)).toBe(whole);
    }
  });
});
