/**
 * A small Markdown reader for model answers: blocks (fenced code, headings, lists, quotes,
 * paragraphs) and inline spans (code, bold, italic, links). It never parses HTML: markup in an
 * answer stays text. The console renders the result as React elements (answer-markdown.tsx).
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; text: string; href: string }
  /** An image is never loaded: it shows as a link to its address (answer-link.tsx). */
  | { kind: 'image'; alt: string; href: string };

export type Block =
  | { kind: 'code'; language: string; text: string }
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'quote'; content: Inline[] }
  | { kind: 'paragraph'; content: Inline[] };

/**
 * Only web links are links; anything else (javascript:, data:, relative) stays text. Links are
 * inert until clicked: the console shows the address and opens it only after a second click.
 */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const fence = /^\s*(```+|~~~+)\s*([\w+#.-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.trim().startsWith(fence[1]!)) body.push(lines[index++]!);
      index++; // the closing fence (or the end of a still-streaming answer)
      blocks.push({ kind: 'code', language: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      index++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, content: parseInline(heading[2]!) });
      index++;
      continue;
    }
    const listItem = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
    if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: Inline[][] = [];
      while (index < lines.length && listItem.test(lines[index]!)) {
        items.push(parseInline(listItem.exec(lines[index]!)![2]!));
        index++;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      while (index < lines.length && lines[index]!.startsWith('>')) quoted.push(lines[index++]!.replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', content: parseInline(quoted.join('\n')) });
      continue;
    }
    const paragraph: string[] = [];
    while (
      index < lines.length &&
      lines[index]!.trim() !== '' &&
      !/^\s*(```|~~~|#{1,6}\s|>|[-*+]\s|\d+[.)]\s)/.test(lines[index]!)
    )
      paragraph.push(lines[index++]!);
    if (paragraph.length === 0) paragraph.push(lines[index++]!);
    blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

const inlinePattern = /`([^`\n]+)`|\*\*([^*\n]+)\*\*|__([^_\n]+)__|\*([^*\n]+)\*|(!?)\[([^\]\n]*)\]\(([^)\s]+)\)/;

export function parseInline(text: string): Inline[] {
  const result: Inline[] = [];
  let rest = text;
  while (rest.length > 0) {
    const match = inlinePattern.exec(rest);
    if (!match) {
      result.push({ kind: 'text', text: rest });
      break;
    }
    if (match.index > 0) result.push({ kind: 'text', text: rest.slice(0, match.index) });
    const [whole, code, strong, strongUnderscore, em, bang, linkText, href] = match;
    if (code !== undefined) result.push({ kind: 'code', text: code });
    else if (strong !== undefined || strongUnderscore !== undefined)
      result.push({ kind: 'strong', children: parseInline(strong ?? strongUnderscore!) });
    else if (em !== undefined) result.push({ kind: 'em', children: parseInline(em) });
    else {
      const safe = safeHref(href!);
      if (!safe || (!bang && !linkText)) result.push({ kind: 'text', text: whole });
      else if (bang) result.push({ kind: 'image', alt: linkText!, href: safe });
      else result.push({ kind: 'link', text: linkText!, href: safe });
    }
    rest = rest.slice(match.index + whole.length);
  }
  return result;
}

/** What the console shows of a link before it is opened: the host to be visited and the full address. */
export function describeLink(href: string): { host: string; href: string } {
  const url = new URL(href);
  // URL writes an internationalized host in punycode, so a look-alike host shows as what it is.
  return { host: url.host, href: url.href };
}
