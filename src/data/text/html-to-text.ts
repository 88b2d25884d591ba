/** A small, dependency-free HTML → text conversion: drops scripts and styles, keeps block structure. */
import { cutStage, lastNewlineCut, trimStage, type TextStage } from './text-stages.ts';

const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  times: '×',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X'
          ? Number.parseInt(entity.slice(2), 16)
          : Number.parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return namedEntities[entity.toLowerCase()] ?? match;
  });
}

const blockTags =
  'address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tr|ul';

const comment = /<!--[\s\S]*?-->/g;
const commentStart = /<!--/g;
const hiddenBlock = /<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi;
const hiddenBlockStart = /<(script|style|noscript|template|svg|head)\b/gi;
const cellTag = /<\/?(td|th)\b[^>]*>/gi;
const blockTag = new RegExp(`<\\/?(${blockTags})\\b[^>]*>`, 'gi');
const anyTag = /<[^>]+>/g;

const withoutComments = (text: string) => text.replace(comment, '');
const withoutHiddenBlocks = (text: string) => text.replace(hiddenBlock, '');
const cellsToSpaces = (text: string) => text.replace(cellTag, ' ');
const blocksToLines = (text: string) => text.replace(blockTag, '\n');
const tagsToText = (text: string) => decodeEntities(text.replace(anyTag, ''));
const collapseSpaces = (text: string) =>
  // Only runs that change (two or more spaces, a tab or NBSP; spaces beside a line break): the
  // result is that of replacing every run, without a replacement per single space or line break.
  text
    .replace(/[ \t\u00a0]{2,}|[\t\u00a0]/g, ' ')
    .replace(/ +\n *|\n +/g, '\n')
    .replace(/\n{3,}/g, '\n\n');

export function htmlToText(html: string): string {
  return collapseSpaces(tagsToText(blocksToLines(cellsToSpaces(withoutHiddenBlocks(withoutComments(html)))))).trim();
}

/**
 * Where a replacement of `block` (which starts with `start` and ends at the first closing after it,
 * `[\s\S]*?`) may cut the buffer: after a line break that is inside no match and before the first
 * opening whose closing has not come yet (more text could still close it).
 */
function blockCut(block: RegExp, start: RegExp): (buffer: string) => number {
  return (buffer) => {
    const ends: number[] = [];
    const starts: number[] = [];
    let pending = buffer.length;
    for (let position = 0; ;) {
      start.lastIndex = position;
      const opening = start.exec(buffer);
      if (!opening) break;
      block.lastIndex = opening.index;
      const match = block.exec(buffer);
      if (!match || match.index !== opening.index) {
        pending = opening.index;
        break;
      }
      starts.push(match.index);
      position = match.index + match[0].length;
      ends.push(position);
    }
    let last = starts.length - 1;
    return lastNewlineCut(
      buffer,
      pending,
      (newline) => {
        while (last >= 0 && starts[last]! > newline) last--;
        return last < 0 || ends[last]! <= newline + 1;
      },
      (newline) => (last >= 0 && ends[last]! > newline + 1 ? starts[last]! - 1 : newline - 1),
    );
  };
}

/**
 * Where the tag replacements (`<…>` up to the first `>`) and entity decoding may cut: after a line
 * break with every `<` before it closed by a `>` before it, and before any `<` not closed yet.
 */
function tagCut(buffer: string): number {
  const open = buffer.indexOf('<', buffer.lastIndexOf('>') + 1);
  return lastNewlineCut(
    buffer,
    open >= 0 ? open : buffer.length,
    (newline) => {
      const opening = buffer.lastIndexOf('<', newline);
      return opening < 0 || opening < buffer.lastIndexOf('>', newline);
    },
    (newline) => buffer.lastIndexOf('<', newline) - 1,
  );
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 0xa0 || code === 10;

/** Where the space collapsing may cut: after a line break with neither neighbour a space, tab, NBSP or line break. */
function spaceCut(buffer: string): number {
  return lastNewlineCut(
    buffer,
    buffer.length,
    (newline) => newline > 0 && !isSpace(buffer.charCodeAt(newline - 1)) && !isSpace(buffer.charCodeAt(newline + 1)),
  );
}

/**
 * htmlToText as stages over pieces of a long text (`runStages(text, htmlToTextStages(), size)` equals
 * `htmlToText(text)`): each replacement of the chain runs on what the one before released, cut
 * where no match of it crosses and no opening still waits for its closing.
 */
export function htmlToTextStages(): TextStage[] {
  return [
    cutStage(withoutComments, blockCut(comment, commentStart)),
    cutStage(withoutHiddenBlocks, blockCut(hiddenBlock, hiddenBlockStart)),
    // One stage per tag replacement: replacing a tag removes a `>` that closed an earlier `<` for the next one.
    cutStage(cellsToSpaces, tagCut),
    cutStage(blocksToLines, tagCut),
    cutStage(tagsToText, tagCut),
    cutStage(collapseSpaces, spaceCut),
    trimStage(),
  ];
}

/** True when the text looks like an HTML document or fragment. */
export function looksLikeHtml(text: string): boolean {
  return /<(html|body|div|p|br|span|a|table|h[1-6]|ul|li)\b[^>]*>/i.test(text);
}
