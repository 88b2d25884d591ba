/** Where a streamed answer is written: the HTTP layer adapts its response to this. */
export interface SseSink {
  /** Sends status 200 and the headers; called once, before the first write. */
  open(headers: Record<string, string>): void;
  /** Writes raw SSE text; false means the client's buffer is full (await drain()). */
  write(text: string): boolean;
  /** Resolves when the client can take more, or when it went away. */
  drain(): Promise<void>;
  /**
   * Optional: the stream is about to end (its last parts are in hand and wait for billing), so what
   * was written but not yet sent may wait for `end()` and leave with the closing parts in one write.
   */
  holdUntilEnd?(): void;
  end(): void;
  /** True once the client disconnected. */
  readonly closed: boolean;
}
