/**
 * An incremental parser of a `text/event-stream` body: feed it decoded text as it arrives and it
 * returns the `data:` payload of every complete event (multi-line data joined with "\n").
 */
export class SseParser {
  private buffer = '';

  push(text: string): string[] {
    this.buffer += text;
    const payloads: string[] = [];
    for (;;) {
      const match = /\r?\n\r?\n/.exec(this.buffer);
      if (!match) break;
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const payload = dataOf(block);
      if (payload !== null) payloads.push(payload);
    }
    return payloads;
  }

  /** The payload of a last event that was not terminated by a blank line, if any. */
  flush(): string[] {
    const rest = this.buffer;
    this.buffer = '';
    const payload = dataOf(rest);
    return payload === null ? [] : [payload];
  }
}

function dataOf(block: string): string | null {
  const lines: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue; // comments (":"), event:, id:, retry: are ignored
    const value = line.slice(5);
    lines.push(value.startsWith(' ') ? value.slice(1) : value);
  }
  return lines.length === 0 ? null : lines.join('\n');
}
