import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { htmlToText } from '../text/html-to-text.ts';
import { isOverlong, readBoundedLines } from '../storage/bounded-lines.ts';
import type { ImportFormat, RawItem, ReaderOptions, ReaderResult, ReadProblem } from './reader-types.ts';

/**
 * Documents: TXT, Markdown, HTML, DOCX (mammoth), PDF (unpdf). TXT and Markdown with
 * split 'paragraph' or 'line' are streamed; whole-file documents are read at once (a single
 * document must fit in memory; large corpora come as JSONL, CSV or Parquet).
 */
/** The largest file read whole as one document (its text must fit in one string, with room to spare). */
export const maxDocumentBytes = 64 * 1024 * 1024;

export function readDocument(file: string, format: ImportFormat, options: ReaderOptions = {}): ReaderResult {
  const problems: ReadProblem[] = [];
  const source = path.basename(file);
  async function* items(): AsyncGenerator<RawItem> {
    const split = options.split ?? 'file';
    if ((format === 'txt' || format === 'markdown') && split !== 'file') {
      yield* splitText(file, split, source);
      return;
    }
    const size = (await stat(file)).size;
    if (size > maxDocumentBytes) {
      problems.push({
        location: source,
        message: `a whole-file document of ${size} bytes is over the ${maxDocumentBytes}-byte limit: split it (split: paragraph or line) or send JSONL`,
      });
      return;
    }
    const text = await extractText(file, format);
    if (text.trim().length === 0) {
      problems.push({ location: source, message: 'no text could be extracted' });
      return;
    }
    const title = format === 'markdown' ? /^#\s+(.+)$/m.exec(text)?.[1]?.trim() : undefined;
    yield { text, source, ...(title ? { title } : {}) };
  }
  return { items: items(), problems };
}

async function* splitText(file: string, split: 'paragraph' | 'line', source: string): AsyncGenerator<RawItem> {
  let paragraph: string[] = [];
  for await (const bounded of readBoundedLines(file)) {
    // An overlong line (over 16 MB) is no document anyone labels: it ends the paragraph, unread.
    const line = isOverlong(bounded) ? '' : bounded;
    if (split === 'line') {
      if (line.trim().length > 0) yield { text: line, source };
      continue;
    }
    if (line.trim().length === 0) {
      if (paragraph.length > 0) yield { text: paragraph.join('\n'), source };
      paragraph = [];
    } else {
      paragraph.push(line);
    }
  }
  if (paragraph.length > 0) yield { text: paragraph.join('\n'), source };
}

async function extractText(file: string, format: ImportFormat): Promise<string> {
  switch (format) {
    case 'html':
      return htmlToText(await readFile(file, 'utf8'));
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
      return (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
  }
}
