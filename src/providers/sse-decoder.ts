/**
 * An incremental decoder of Server-Sent Events (the WHATWG event-stream format). Feed it the raw
 * bytes as they arrive, cut anywhere (even inside a UTF-8 character or between CR and LF); it
 * returns the complete events (`push`/`end`), or hands each to a callback as it completes
 * (`feed`/`finish`, no event objects: the stream hot path). Comment lines (`: keep-alive`) are
 * skipped, `data:` lines of one event are joined with "\n", and an event left open at the end of
 * the stream is still delivered.
 */
import { StringDecoder } from 'node:string_decoder';

export interface SseEvent {
  /** The `event:` field; undefined for the default `message` event. */
  event: string | undefined;
  data: string;
}

/** Receives one complete event; returning true stops the decoding (the rest is not read). */
export type SseEventHandler = (event: string | undefined, data: string) => boolean;

export class SseDecoder {
  /**
   * UTF-8 decoding that keeps a character cut at a chunk's end for the next chunk. Node's
   * StringDecoder, not a TextDecoder: constructing one (an ICU converter, freed by the garbage
   * collector) cost more than decoding a whole stream.
   */
  private readonly utf8 = new StringDecoder('utf8');
  /** Nothing decoded yet: a byte order mark at the very start is dropped (as TextDecoder does). */
  private atStart = true;
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
    return this.consume(this.pending + this.text(chunk), false);
  }

  /** Ends the stream, calling `handler` for the events still buffered; true when it stopped. */
  finish(handler: SseEventHandler): boolean {
    this.handler = handler;
    if (this.consume(this.pending + this.text(null), true)) return true;
    return this.dispatch();
  }

  /** The text of a chunk (null: the end), a character cut at its end kept for the next one. */
  private text(chunk: Uint8Array | null): string {
    let text = chunk === null ? this.utf8.end() : this.utf8.write(chunk);
    if (this.atStart && text !== '') {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  private consume(text: string, final: boolean): boolean {
    let start = 0;
    const length = text.length;
    // Nearly every stream ends its lines with LF alone: found with indexOf, not a loop over each character.
    if (text.indexOf('\r') === -1) {
      for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', start)) {
        if (this.line(text, start, index)) {
          this.pending = '';
          return true;
        }
        start = index + 1;
      }
      return this.keep(text, start, final);
    }
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
    return this.keep(text, start, final);
  }

  /** Keeps the unterminated rest of the text for the next chunk (at the end: reads it as a line). */
  private keep(text: string, start: number, final: boolean): boolean {
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
