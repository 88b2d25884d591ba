import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { htmlToText } from '../text/html-to-text.ts';
import { boundedLines } from './bounded-lines.ts';
import { openText, type DetectedEncoding } from './text-decoding.ts';
import { DEFAULT_MAX_LINE_CHARACTERS } from './reader-types.ts';
import type { ImportFormat, RawItem, ReaderOptions, ReaderResult, ReadProblem } from './reader-types.ts';

/**
 * Documents: TXT, Markdown, HTML, DOCX (mammoth), PDF (unpdf). TXT and Markdown with
 * split 'paragraph' or 'line' are streamed; whole-file documents are read at once (a single
 * document must fit in memory; large corpora come as JSONL, CSV or Parquet).
 */
export function readDocument(file: string, format: ImportFormat, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  const source = path.basename(file);
  let encoding: DetectedEncoding | undefined;
  const position = { line: 0 };
  async function* items(): AsyncGenerator<RawItem> {
    const split = options.split ?? 'file';
    if ((format === 'txt' || format === 'markdown') && split !== 'file') {
      const opened = openText(file, options.encoding);
      encoding = opened.encoding;
      yield* splitText(
        opened.stream,
        split,
        source,
        options.maxLineCharacters ?? DEFAULT_MAX_LINE_CHARACTERS,
        problems,
        position,
      );
      return;
    }
    let text: string;
    if (format === 'docx' || format === 'pdf') text = await extractText(file, format);
    else {
      const opened = openText(file, options.encoding);
      encoding = opened.encoding;
      const parts: string[] = [];
      for await (const chunk of opened.stream) parts.push(chunk as string);
      text = parts.join('');
      if (format === 'html') text = htmlToText(text);
    }
    if (text.trim().length === 0) {
      problems.push({ location: source, code: 'no_text', message: 'no text could be extracted', dropped: true });
      return;
    }
    const title = format === 'markdown' ? /^#\s+(.+)$/m.exec(text)?.[1]?.trim() : undefined;
    yield { text, source, ...(title ? { title } : {}) };
  }
  return {
    items: items(),
    problems,
    location: () => (position.line > 0 ? `line ${position.line}` : source),
    encoding: () => encoding,
  };
}

async function* splitText(
  chunks: AsyncIterable<string>,
  split: 'paragraph' | 'line',
  source: string,
  limit: number,
  problems: ReadProblem[],
  position: { line: number },
): AsyncGenerator<RawItem> {
  let paragraph: string[] = [];
  let firstLine = 0;
  for await (const line of boundedLines(chunks, limit)) {
    if ('tooLong' in line) {
      problems.push({
        location: `line ${line.number}`,
        code: 'line_too_long',
        message: `line of ${line.tooLong} characters is longer than maxLineCharacters (${limit})`,
        dropped: true,
      });
      continue;
    }
    if (split === 'line') {
      position.line = line.number;
      if (line.text.trim().length > 0) yield { text: line.text, source };
      continue;
    }
    if (line.text.trim().length === 0) {
      position.line = firstLine;
      if (paragraph.length > 0) yield { text: paragraph.join('\n'), source };
      paragraph = [];
    } else {
      if (paragraph.length === 0) firstLine = line.number;
      paragraph.push(line.text);
    }
  }
  position.line = firstLine;
  if (paragraph.length > 0) yield { text: paragraph.join('\n'), source };
}

async function extractText(file: string, format: ImportFormat): Promise<string> {
  switch (format) {
    case 'docx': {
      const mammoth = await import('mammoth');
      const result = await mammoth.default.extractRawText({ path: file });
      return result.value.replace(/\n{3,}/g, '\n\n').trim();
    }
    case 'pdf': {
      const { extractText: extractPdfText, getDocumentProxy } = await import('unpdf');
      const document = await getDocumentProxy(new Uint8Array(await readFile(file)));
      const { text } = await extractPdfText(document, { mergePages: false });
      return (text as string[])
        .map((page) => page.trim())
        .join('\n\n')
        .trim();
    }
    default:
      return '';
  }
}
