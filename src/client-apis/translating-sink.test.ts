import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextSink } from './testing/text-sink.ts';
import { TranslatingSink, type StreamTranslator } from './translating-sink.ts';

/** Each chunk as `chunk` and the keep-alive as `ping`, so the test reads the order of events. */
const translator: StreamTranslator = {
  chunk: (chunk) => `chunk ${String(chunk.n)}\n`,
  done: () => 'done\n',
  error: () => 'error\n',
  keepAlive: () => 'ping\n',
};

describe('TranslatingSink keep-alive', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a keep-alive only after the interval without a write, counted from the last write', () => {
    const target = new TextSink();
    const sink = new TranslatingSink(target, translator, { keepAliveMs: 1_000 });
    sink.open({});
    vi.advanceTimersByTime(600);
    sink.write('data: {"n":1}\n\n');
    vi.advanceTimersByTime(600);
    // 1.2 s since open but 0.6 s since the write: not idle yet.
    expect(target.text).toBe('chunk 1\n');
    vi.advanceTimersByTime(400);
    expect(target.text).toBe('chunk 1\nping\n');
    vi.advanceTimersByTime(1_000);
    expect(target.text).toBe('chunk 1\nping\nping\n');
  });

  it('sends no keep-alive after the end', async () => {
    const target = new TextSink();
    const sink = new TranslatingSink(target, translator, { keepAliveMs: 1_000 });
    sink.open({});
    sink.write('data: {"n":1}\n\ndata: [DONE]\n\n');
    sink.end();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(target.text).toBe('chunk 1\ndone\n');
    expect(target.ended).toBe(true);
  });
});
