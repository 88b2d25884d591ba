/**
 * A streamed upstream call on undici's `dispatch` with a minimal handler (decision 033): no
 * `Readable` body, no async generators. Each buffer the socket delivers is decoded (SSE) and turned
 * into stream parts synchronously, in one go, by the protocol's `EventReader`; the parts wait in a
 * queue that the consumer empties without a promise per part (`takeReady`), and a reader waiting
 * for the next buffer is woken once per buffer.
 *
 * Contract, as `sendUpstream` + `sseEvents` had it: the promise resolves when a 2xx event stream's
 * headers arrived; a non-2xx answer rejects with the ProviderError of its status (Retry-After
 * honoured), a JSON body instead of a stream with the reader's error for it, a transport failure
 * with a ProviderError ('connect' before the headers; 'response' before the first part, 'stream'
 * after), an abort by the caller's signal with its AbortError. Iterating ends normally only when the
 * reader saw the proper end (or accepts the EOF). Leaving early (`return()`) aborts the call so the
 * upstream stops generating; leaving after the proper end lets the rest of the body (if any, up to
 * 64 KiB) drain so the connection is kept.
 */
import type { Dispatcher } from 'undici';
import type { ProviderSettings, ReadyParts, StreamPart } from '../spec.ts';
import { SseDecoder, type SseEventHandler } from '../sse-decoder.ts';
import { abortError, mapTransportError } from './transport-error.ts';
import { joinUrl, statusError, upstreamHeaders, type UpstreamRequest } from './upstream-request.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

/** Turns one protocol's events into parts. Called synchronously while a received buffer is decoded. */
export interface EventReader {
  /**
   * Reads one event (`event` is its `event:` field, undefined for the default), pushing the parts it
   * yields on `parts`; returns true when it was the proper end of the stream (the rest of the body
   * is not read). Throws the ProviderError of a failed stream (an error event, a malformed chunk).
   */
  read(event: string | undefined, data: string, parts: StreamPart[]): boolean;
  /** At the end of the body without a proper end: the error (a cut stream), or undefined to accept it. */
  endOfBody(): Error | undefined;
  /** The error for a 2xx answer with a JSON body instead of an event stream. */
  jsonAnswer(text: string): Error;
}

/** A ChatStream's iterator that also hands out the parts already received without a promise. */
export interface ReadyPartsIterator extends AsyncIterator<StreamPart>, ReadyParts {}

interface Target {
  origin: string;
  path: string;
}

const targets = new Map<string, Target>();
/**
 * Pairs kept at most: the base URLs come from the operator's channels, which change at run time;
 * when this many are seen, the cache starts over (a parse per pair again) instead of growing.
 */
export const TARGETS_KEPT = 256;

/** Origin and path of a base URL + endpoint path, parsed once per pair (up to TARGETS_KEPT pairs). */
export function targetOf(baseUrl: string, path: string): Target {
  const key = `${baseUrl} ${path}`;
  let target = targets.get(key);
  if (!target) {
    const url = new URL(joinUrl(baseUrl, path));
    target = { origin: url.origin, path: url.pathname + url.search };
    if (targets.size >= TARGETS_KEPT) targets.clear();
    targets.set(key, target);
  }
  return target;
}

/** How many pairs the cache of `targetOf` holds now (for its test). */
export function cachedTargetCount(): number {
  return targets.size;
}

/** Parts queued beyond this pause the upstream socket until the consumer caught up. */
const HIGH_WATER_PARTS = 512;
/** After the proper end, at most this much of a body is drained to keep the connection. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export function openUpstreamEventStream(
  settings: ProviderSettings,
  call: UpstreamRequest,
  reader: EventReader,
): Promise<UpstreamEventStream> {
  const { signal } = call;
  if (signal.aborted) return Promise.reject(mapTransportError(undefined, signal, 'connect', settings.name));
  const stream = new UpstreamEventStream(settings, signal, reader);
  const { origin, path } = targetOf(settings.baseUrl, call.path);
  settings.dispatcher.dispatch(
    {
      origin,
      path,
      method: call.method,
      headers: upstreamHeaders(settings, call),
      body: call.body,
      headersTimeout: call.headersTimeoutMs,
      bodyTimeout: call.bodyTimeoutMs,
    },
    stream,
  );
  return stream.opened;
}

/** The dispatch handler and the stream's iterator in one object (one allocation per stream). */
export class UpstreamEventStream implements Dispatcher.DispatchHandler, ReadyPartsIterator, AsyncIterable<StreamPart> {
  readonly opened: Promise<UpstreamEventStream>;
  private resolveOpened!: (stream: UpstreamEventStream) => void;
  private rejectOpened!: (error: Error) => void;
  private state: 'connecting' | 'error-body' | 'open' | 'ended' | 'failed' = 'connecting';
  private statusCode = 0;
  private rawHeaders: Buffer[] = [];
  private errorChunks: Buffer[] = [];
  private readonly decoder = new SseDecoder();
  private queue: StreamPart[] = [];
  private head = 0;
  /** A part was handed out: failures are mid-stream from now on. */
  private started = false;
  /** The reader saw the proper end: the rest of the body is drained, not read. */
  private finished = false;
  private drained = 0;
  private failure: Error | null = null;
  private waiter: { resolve: (result: IteratorResult<StreamPart>) => void; reject: (error: Error) => void } | null =
    null;
  private abortCall: ((reason: Error) => void) | null = null;
  private resume: (() => void) | null = null;
  private paused = false;
  private readonly onAbort = () => this.abortCall?.(abortError(this.signal));
  private readonly onEvent: SseEventHandler = (event, data) => this.reader.read(event, data, this.queue);

  constructor(
    private readonly settings: ProviderSettings,
    private readonly signal: CancelSignal,
    private readonly reader: EventReader,
  ) {
    this.opened = new Promise<UpstreamEventStream>((resolve, reject) => {
      this.resolveOpened = resolve;
      this.rejectOpened = reject;
    });
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  // The iterator.

  [Symbol.asyncIterator](): this {
    return this;
  }

  takeReady(): StreamPart | undefined {
    if (this.head === this.queue.length) return undefined;
    return this.shift();
  }

  ended(): boolean {
    return this.head === this.queue.length && (this.state === 'ended' || (this.finished && this.state === 'open'));
  }

  next(): Promise<IteratorResult<StreamPart>> {
    if (this.head < this.queue.length) return Promise.resolve({ done: false, value: this.shift() });
    if (this.state === 'failed') return Promise.reject(this.failure!);
    if (this.state === 'ended' || this.finished) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<StreamPart>> {
    this.queue = [];
    this.head = 0;
    if (this.paused) {
      this.paused = false;
      this.resume?.();
    }
    if (this.state === 'open' && !this.finished) {
      this.fail(new DOMException('The stream was left before its end.', 'AbortError'), true);
      this.state = 'ended';
    }
    return Promise.resolve(DONE);
  }

  // The dispatch handler.

  onConnect(abort: (reason?: Error) => void): void {
    this.abortCall = abort;
    if (this.signal.aborted) abort(abortError(this.signal));
  }

  onHeaders(status: number, headerPairs: Buffer[] | string[] | null, resume: () => void): boolean {
    this.statusCode = status;
    this.rawHeaders = (headerPairs ?? []) as Buffer[];
    this.resume = resume;
    if (status >= 200 && status < 300 && !isJson(this.rawHeaders)) {
      this.state = 'open';
      this.resolveOpened(this);
    } else this.state = 'error-body';
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.state === 'error-body') {
      this.errorChunks.push(chunk);
      return true;
    }
    if (this.state !== 'open') return true;
    if (this.finished) {
      this.drained += chunk.length;
      if (this.drained > DRAIN_LIMIT_BYTES) this.abortCall?.(new DOMException('Drained enough.', 'AbortError'));
      return true;
    }
    this.decode(chunk);
    if (this.queue.length - this.head >= HIGH_WATER_PARTS) {
      this.paused = true;
      return false;
    }
    return true;
  }

  onComplete(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    if (this.state === 'error-body') {
      this.state = 'failed';
      const text = bodyText(this.errorChunks);
      this.rejectOpened(
        this.statusCode >= 200 && this.statusCode < 300
          ? this.reader.jsonAnswer(text)
          : statusError(this.settings, this.statusCode, text, headerRecord(this.rawHeaders)),
      );
      return;
    }
    if (this.state !== 'open') return;
    if (!this.finished) {
      this.decode(null);
      if ((this.state as string) !== 'open') return;
      if (!this.finished) {
        const cut = this.reader.endOfBody();
        if (cut) {
          this.fail(cut, false);
          return;
        }
      }
    }
    this.state = 'ended';
    this.wake();
  }

  onError(error: Error): void {
    this.signal.removeEventListener('abort', this.onAbort);
    const name = this.settings.name;
    if (this.state === 'connecting') {
      this.state = 'failed';
      this.rejectOpened(mapTransportError(error, this.signal, 'connect', name));
    } else if (this.state === 'error-body') {
      this.state = 'failed';
      // An error answer whose body broke off is still that error.
      this.rejectOpened(
        this.statusCode >= 300 && !this.signal.aborted
          ? statusError(this.settings, this.statusCode, '', headerRecord(this.rawHeaders))
          : mapTransportError(error, this.signal, 'response', name),
      );
    } else if (this.state === 'open') {
      if (this.finished) {
        this.state = 'ended';
        this.wake();
        return;
      }
      // A cancel stops at once: what was received and not yet relayed is dropped.
      const cancelled = this.signal.aborted;
      this.fail(mapTransportError(error, this.signal, this.started ? 'stream' : 'response', name), cancelled);
    }
  }

  // Inside.

  /** Decodes a received buffer (or the end of the body: null), its events read into parts in one go. */
  private decode(chunk: Buffer | null): void {
    try {
      if (chunk === null ? this.decoder.finish(this.onEvent) : this.decoder.feed(chunk, this.onEvent))
        this.finished = true;
    } catch (error) {
      this.fail(error as Error, false);
      return;
    }
    // After the proper end the call stays open to drain the body's rest (the connection is kept);
    // onComplete, or the drain limit's abort, settles it.
    this.wake();
  }

  private shift(): StreamPart {
    const part = this.queue[this.head++]!;
    this.started = true;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      if (this.paused) {
        this.paused = false;
        this.resume?.();
      }
    }
    return part;
  }

  /** Hands the next part, the end or the failure to a consumer waiting in `next()`. */
  private wake(): void {
    const waiter = this.waiter;
    if (waiter === null) return;
    if (this.head < this.queue.length) {
      this.waiter = null;
      waiter.resolve({ done: false, value: this.shift() });
    } else if (this.state === 'failed') {
      this.waiter = null;
      waiter.reject(this.failure!);
    } else if (this.state === 'ended' || (this.finished && this.state === 'open')) {
      this.waiter = null;
      waiter.resolve(DONE);
    }
  }

  /** Fails the stream after the parts already queued (or at once, dropping them), aborting the call. */
  private fail(error: Error, dropQueued: boolean): void {
    if (dropQueued) {
      this.queue = [];
      this.head = 0;
    }
    this.failure = error;
    this.state = 'failed';
    this.signal.removeEventListener('abort', this.onAbort);
    this.abortCall?.(error);
    this.wake();
  }
}

function isJson(raw: Buffer[]): boolean {
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    if (name.length === 12 && name.toString('latin1').toLowerCase() === 'content-type')
      return raw[index + 1]!.toString('latin1').toLowerCase().includes('application/json');
  }
  return false;
}

function bodyText(chunks: Buffer[]): string {
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

/** Lower-cased header names to values, from undici's raw [name, value, …] buffers (error answers only). */
export function headerRecord(raw: Buffer[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = 0; index + 1 < raw.length; index += 2)
    record[raw[index]!.toString('latin1').toLowerCase()] = raw[index + 1]!.toString('latin1');
  return record;
}
