/** A line of a text file: its number and text, or only its length when it was too long to keep. */
export type BoundedLine = { number: number; text: string } | { number: number; tooLong: number };

/**
 * Splits decoded text into lines (\n, \r\n) without ever holding more than `maxCharacters` of one
 * line: a longer line is skipped as it streams by and reported with its length, so one huge line
 * costs no more memory than the limit.
 */
export async function* boundedLines(chunks: AsyncIterable<string>, maxCharacters: number): AsyncGenerator<BoundedLine> {
  let parts: string[] = [];
  let length = 0;
  let skipped = 0;
  let number = 0;
  const finish = (): BoundedLine => {
    number++;
    let line: BoundedLine;
    if (skipped > 0) line = { number, tooLong: skipped };
    else {
      let text = parts.length === 1 ? parts[0]! : parts.join('');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      line = { number, text };
    }
    parts = [];
    length = 0;
    skipped = 0;
    return line;
  };
  const add = (piece: string) => {
    if (piece.length === 0) return;
    if (skipped > 0) {
      skipped += piece.length;
      return;
    }
    if (length + piece.length > maxCharacters + 1) {
      skipped = length + piece.length;
      parts = [];
      length = 0;
      return;
    }
    parts.push(piece);
    length += piece.length;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf('\n', start);
      if (end < 0) break;
      add(chunk.slice(start, end));
      yield finish();
      start = end + 1;
    }
    add(chunk.slice(start));
  }
  if (length > 0 || skipped > 0) yield finish();
}
