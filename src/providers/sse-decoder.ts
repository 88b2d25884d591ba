/**
 * An incremental decoder of Server-Sent Events (the WHATWG event-stream format). Feed it the raw
 * bytes as they arrive, cut anywhere (even inside a UTF-8 character or between CR and LF); it
 * returns the complete events (`push`/`end`), or hands each to a callback as it completes
 * (`feed`/`finish`, no event objects: the stream hot path). Comment lines (`: keep-alive`) are
 * skipped, `data:` lines of one event are joined with "\n", and an event left open at the end of
 * the stream is still delivered.
 */
export interface SseEvent {
  /** The `event:` field; undefined for the default `message` event. */
  event: string | undefined;
  data: string;
}

/** TextDecoder's options for a chunk that more bytes follow (one object, not one per chunk). */
const STREAMING = { stream: true };

/** Receives one complete event; returning true stops the decoding (the rest is not read). */
export type SseEventHandler = (event: string | undefined, data: string) => boolean;

export class SseDecoder {
  private readonly textDecoder = new TextDecoder('utf-8');
  private pending = '';
  /** The event's first data line; later ones (rare) go to `moreData`. */
  private firstData: string | null = null;
  private moreData: string[] | null = null;
  private eventName: string | undefined;
  private handler: SseEventHandler = () => false;

  /** Decodes one chunk of bytes; returns the events it completed. */
  push(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    this.feed(chunk, collectInto(events));
    return events;
  }

  /** Ends the stream: returns the events still buffered (an unterminated last line counts). */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    this.finish(collectInto(events));
    return events;
  }

  /** Decodes one chunk of bytes, calling `handler` for each event it completes; true when it stopped. */
  feed(chunk: Uint8Array, handler: SseEventHandler): boolean {
    this.handler = handler;
    return this.consume(this.pending + this.textDecoder.decode(chunk, STREAMING), false);
  }

  /** Ends the stream, calling `handler` for the events still buffered; true when it stopped. */
  finish(handler: SseEventHandler): boolean {
    this.handler = handler;
    if (this.consume(this.pending + this.textDecoder.decode(), true)) return true;
    return this.dispatch();
  }

  private consume(text: string, final: boolean): boolean {
    let start = 0;
    const length = text.length;
    for (let index = start; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code !== 10 && code !== 13) continue;
      // A CR as the last character may be the first half of a CRLF split across chunks.
      if (code === 13 && index === length - 1 && !final) break;
      if (this.line(text, start, index)) {
        this.pending = '';
        return true;
      }
      if (code === 13 && text.charCodeAt(index + 1) === 10) index++;
      start = index + 1;
    }
    this.pending = start === 0 ? text : text.slice(start);
    if (final && this.pending !== '') {
      const rest = this.pending;
      this.pending = '';
      return this.line(rest, 0, rest.length);
    }
    return false;
  }

  /** One line, `text` from `start` to `end` (exclusive), read in place: only the value is sliced. */
  private line(text: string, start: number, end: number): boolean {
    if (start === end) return this.dispatch();
    const first = text.charCodeAt(start);
    if (first === 58 /* ':' */) return false;
    // `data: …`, the line of nearly every event, is recognised without slicing the field name.
    if (
      first === 100 /* d */ &&
      end - start >= 5 &&
      text.charCodeAt(start + 1) === 97 /* a */ &&
      text.charCodeAt(start + 2) === 116 /* t */ &&
      text.charCodeAt(start + 3) === 97 /* a */ &&
      text.charCodeAt(start + 4) === 58 /* : */
    ) {
      this.data(text.slice(text.charCodeAt(start + 5) === 32 ? start + 6 : start + 5, end));
      return false;
    }
    let colon = text.indexOf(':', start);
    if (colon >= end) colon = -1;
    const field = colon === -1 ? text.slice(start, end) : text.slice(start, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1, end);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.data(value);
    else if (field === 'event') this.eventName = value;
    return false;
  }

  private data(value: string): void {
    if (this.firstData === null) this.firstData = value;
    else (this.moreData ??= []).push(value);
  }

  private dispatch(): boolean {
    const first = this.firstData;
    const name = this.eventName;
    this.eventName = undefined;
    if (first === null) return false;
    const data = this.moreData === null ? first : [first, ...this.moreData].join('\n');
    this.firstData = null;
    this.moreData = null;
    return this.handler(name, data);
  }
}

function collectInto(events: SseEvent[]): SseEventHandler {
  return (event, data) => {
    events.push({ event, data });
    return false;
  };
}
