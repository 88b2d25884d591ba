import type { SseSink } from '../inference/sse-sink.ts';

/**
 * Turns the chat stream the inference core writes (`data: <chunk>\n\n` frames, `data: [DONE]`, or
 * `data: {"error": …}` when the answer failed midway) into another protocol's events.
 */
export interface StreamTranslator {
  /** Events for one chat chunk (parsed JSON); '' when it yields none. */
  chunk(chunk: Record<string, unknown>): string;
  /**
   * Events that close a complete answer (`[DONE]`). May be async: the Responses API stores the
   * response before the client sees it completed.
   */
  done(): string | Promise<string>;
  /** Events for a failure midway (the relay's error frame). */
  error(body: { message?: string; type?: string; code?: string; param?: string | null }): string;
  /** An event that keeps an idle connection open, when the protocol has one. */
  keepAlive?(): string;
}

export interface TranslatingSinkOptions {
  /** Writes `translator.keepAlive()` after this long without a write. */
  keepAliveMs?: number;
  /** Headers the protocol adds to the stream's (e.g. Anthropic's `request-id`). */
  headers?: Record<string, string>;
}

/**
 * An SseSink that translates what the stream relay writes before passing it on. The relay still
 * decides everything about billing: it writes the closing frames only after the request is
 * settled, so the translated closing events also go out only after billing.
 */
export class TranslatingSink implements SseSink {
  private pending: Promise<void> = Promise.resolve();
  private finished = false;
  private timer: NodeJS.Timeout | null = null;
  /** When the last events went out (epoch ms): a write stamps it, the timer reads it (no timer call per write). */
  private lastWriteAt = 0;
  private readonly onIdle = () => {
    this.timer = null;
    const interval = this.options.keepAliveMs;
    if (!interval || this.finished || this.target.closed) return;
    const idle = Date.now() - this.lastWriteAt;
    if (idle < interval) this.schedule(interval - idle);
    else this.send(this.translator.keepAlive!());
  };

  constructor(
    private readonly target: SseSink,
    private readonly translator: StreamTranslator,
    private readonly options: TranslatingSinkOptions = {},
  ) {}

  open(headers: Record<string, string>): void {
    this.target.open(this.options.headers ? { ...headers, ...this.options.headers } : headers);
    this.armKeepAlive();
  }

  write(text: string): boolean {
    let out = '';
    for (const frame of text.split('\n\n')) {
      if (!frame.startsWith('data: ')) continue;
      const data = frame.slice('data: '.length);
      if (data === '[DONE]') {
        const closing = this.translator.done();
        if (typeof closing === 'string') out += closing;
        else {
          const before = out;
          out = '';
          this.pending = this.pending.then(async () => {
            const after = await closing;
            this.send(before + after);
          });
          return true;
        }
        continue;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(data) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (parsed.error && typeof parsed.error === 'object' && !Array.isArray(parsed.choices)) {
        out += this.translator.error(parsed.error as Parameters<StreamTranslator['error']>[0]);
      } else out += this.translator.chunk(parsed);
    }
    return this.send(out);
  }

  drain(): Promise<void> {
    return this.target.drain();
  }

  holdUntilEnd(): void {
    this.target.holdUntilEnd?.();
  }

  end(): void {
    this.stopKeepAlive();
    this.pending = this.pending
      .catch(() => undefined)
      .then(() => {
        this.finished = true;
        this.target.end();
      });
  }

  get closed(): boolean {
    return this.target.closed;
  }

  private send(text: string): boolean {
    if (text === '' || this.finished) return true;
    this.armKeepAlive();
    return this.target.write(text);
  }

  /** The keep-alive event goes out once `keepAliveMs` passed since the last write. */
  private armKeepAlive(): void {
    const interval = this.options.keepAliveMs;
    if (!interval || !this.translator.keepAlive) return;
    this.lastWriteAt = Date.now();
    // One timer per stream: when it fires early (writes came since), it sleeps for what is left.
    if (this.timer === null) this.schedule(interval);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(this.onIdle, delay);
    this.timer.unref();
  }

  private stopKeepAlive(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.options.keepAliveMs = 0;
  }
}

/** One server-sent event with a name (both translated protocols name their events). */
export function sseEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}
