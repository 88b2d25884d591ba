/**
 * An incremental decoder of Server-Sent Events (the WHATWG event-stream format). Feed it the raw
 * bytes as they arrive, cut anywhere (even inside a UTF-8 character or between CR and LF); it
 * returns the complete events. Comment lines (`: keep-alive`) are skipped, `data:` lines of one
 * event are joined with "\n", and an event left open at the end of the stream is still delivered.
 */
export interface SseEvent {
  /** The `event:` field; undefined for the default `message` event. */
  event: string | undefined;
  data: string;
}

export class SseDecoder {
  private readonly textDecoder = new TextDecoder('utf-8');
  private pending = '';
  private dataLines: string[] = [];
  private eventName: string | undefined;

  /** Decodes one chunk of bytes; returns the events it completed. */
  push(chunk: Uint8Array): SseEvent[] {
    return this.consume(this.pending + this.textDecoder.decode(chunk, { stream: true }), false);
  }

  /** Ends the stream: returns the events still buffered (an unterminated last line counts). */
  end(): SseEvent[] {
    const events = this.consume(this.pending + this.textDecoder.decode(), true);
    const last = this.dispatch();
    if (last) events.push(last);
    return events;
  }

  private consume(text: string, final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    const length = text.length;
    for (let index = start; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      // A CR as the last character may be the first half of a CRLF split across chunks.
      if (code === 13 && index === length - 1 && !final) break;
      const event = this.line(text, start, index);
      if (event) events.push(event);
      if (code === 13 && text.charCodeAt(index + 1) === 10) index++;
      start = index + 1;
    }
    this.pending = start === 0 ? text : text.slice(start);
    if (final && this.pending !== '') {
      const event = this.line(this.pending, 0, this.pending.length);
      if (event) events.push(event);
      this.pending = '';
    }
    return events;
  }

  /** One line, `text` from `start` to `end` (exclusive), read in place: only the value is sliced. */
  private line(text: string, start: number, end: number): SseEvent | undefined {
    if (start === end) return this.dispatch();
    const first = text.charCodeAt(start);
    if (first === 58 /* ':' */) return undefined;
    // `data: …`, the line of nearly every event, is recognised without slicing the field name.
    if (
      first === 100 /* d */ &&
      end - start >= 5 &&
      text.charCodeAt(start + 1) === 97 /* a */ &&
      text.charCodeAt(start + 2) === 116 /* t */ &&
      text.charCodeAt(start + 3) === 97 /* a */ &&
      text.charCodeAt(start + 4) === 58 /* : */
    ) {
      const from = text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
      this.dataLines.push(text.slice(from, end));
      return undefined;
    }
    let colon = text.indexOf(':', start);
    if (colon >= end) colon = -1;
    const field = colon === -1 ? text.slice(start, end) : text.slice(start, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1, end);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.dataLines.push(value);
    else if (field === 'event') this.eventName = value;
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (this.dataLines.length === 0) {
      this.eventName = undefined;
      return undefined;
    }
    const event: SseEvent = {
      event: this.eventName,
      data: this.dataLines.length === 1 ? this.dataLines[0]! : this.dataLines.join('\n'),
    };
    this.dataLines = [];
    this.eventName = undefined;
    return event;
  }
}
