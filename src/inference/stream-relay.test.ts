import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../providers/spec.ts';
import type { SseSink } from './sse-sink.ts';
import { relayStream, type RelayFinish, type StreamRelayInput } from './stream-relay.ts';

/** A sink that logs every call in order. */
class LogSink implements SseSink {
  log: string[] = [];
  closed = false;
  open(): void {
    this.log.push('open');
  }
  write(text: string): boolean {
    this.log.push(`write ${text.trim()}`);
    return true;
  }
  async drain(): Promise<void> {}
  holdUntilEnd(): void {
    this.log.push('hold');
  }
  end(): void {
    this.log.push('end');
  }
}

const usage = { promptTokens: 3, completionTokens: 2, cachedTokens: 0, reasoningTokens: 0 };

function input(parts: StreamPart[], sink: LogSink, overrides: Partial<StreamRelayInput> = {}): StreamRelayInput {
  const [first, ...rest] = parts;
  return {
    endpoint: 'chat',
    body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
    first: first!,
    iterator: (async function* () {
      yield* rest;
    })(),
    headers: {},
    clientWantsUsage: false,
    idleMs: 1_000,
    deadline: Date.now() + 10_000,
    totalMs: 10_000,
    abortUpstream: () => undefined,
    finish: async (result: RelayFinish) => {
      sink.log.push(`finish ${result.status}`);
    },
    publicModel: 'm',
    ...overrides,
  };
}

describe('relayStream', () => {
  it('holds what is unsent until the answer is billed, then writes the closing parts and [DONE]', async () => {
    const sink = new LogSink();
    await relayStream(
      input(
        [
          { data: '{"a":1}' },
          { data: '{"b":2}', finishReason: 'stop' },
          { data: '{"usage":{}}', usage, usageOnly: true },
        ],
        sink,
      ),
      sink,
    );
    // The client asked for no usage chunk: none is written.
    expect(sink.log).toEqual([
      'open',
      'write data: {"a":1}',
      'hold',
      'finish completed',
      'write data: {"b":2}\n\ndata: [DONE]',
      'end',
    ]);
  });

  it('closes a stream without usage with an estimated usage chunk of the endpoint, even when the first chunk is not JSON', async () => {
    for (const [endpoint, object] of [
      ['chat', 'chat.completion.chunk'],
      ['completions', 'text_completion'],
    ] as const) {
      const sink = new LogSink();
      await relayStream(
        input([{ data: 'not json' }, { data: '{"b":2}', finishReason: 'stop' }], sink, {
          endpoint,
          body: { model: 'm', prompt: 'hi' },
          clientWantsUsage: true,
        }),
        sink,
      );
      const closing = sink.log.find((line) => line.includes('"usage"'))!;
      const chunk = JSON.parse(closing.split('data: ')[2]!) as { object: string; id: string; usage: object };
      expect(chunk).toMatchObject({ object, id: '', model: 'm' });
      expect(chunk.usage).toHaveProperty('prompt_tokens');
    }
  });

  it('relays the parts received together in one write, and the parts of a later read in the next', async () => {
    const sink = new LogSink();
    // An iterator that hands out queued parts without a promise (the upstream reader's takeReady).
    const reads: StreamPart[][] = [
      [{ data: '{"b":2}' }, { data: '{"c":3}' }],
      [{ data: '{"d":4}' }, { data: '{"e":5}', finishReason: 'stop' }, { data: '{"u":1}', usage, usageOnly: true }],
    ];
    let queue: StreamPart[] = [];
    let waits = 0;
    const iterator = {
      takeReady: () => queue.shift(),
      // The end came with the last read (the upstream's [DONE] in the same buffer).
      ended: () => queue.length === 0 && reads.length === 0,
      next: async (): Promise<IteratorResult<StreamPart>> => {
        waits++;
        const read = reads.shift();
        if (!read) return { done: true, value: undefined };
        queue = read.slice(1);
        return { done: false, value: read[0]! };
      },
    };
    let billed = 0;
    await relayStream(
      input([{ data: '{"a":1}' }], sink, {
        iterator,
        clientWantsUsage: true,
        rewrite: (data) => data.replace('}', ',"m":"p"}'),
        finish: async (result) => {
          billed = result.usage.completionTokens;
          sink.log.push(`finish ${result.status}`);
        },
      }),
      sink,
    );
    expect(sink.log).toEqual([
      'open',
      'write data: {"a":1,"m":"p"}',
      'write data: {"b":2,"m":"p"}\n\ndata: {"c":3,"m":"p"}',
      'write data: {"d":4,"m":"p"}',
      'hold',
      'finish completed',
      'write data: {"e":5,"m":"p"}\n\ndata: {"u":1,"m":"p"}\n\ndata: [DONE]',
      'end',
    ]);
    // Usage came from the stream, not an estimate.
    expect(billed).toBe(usage.completionTokens);
    // One wait per upstream read; none for an end already in hand.
    expect(waits).toBe(2);
  });

  it('does not hold a failed stream: the error event follows what was sent', async () => {
    const sink = new LogSink();
    const failing = (async function* (): AsyncGenerator<StreamPart> {
      throw new Error('cut');
    })();
    await relayStream(input([{ data: '{"a":1}' }], sink, { iterator: failing }), sink);
    expect(sink.log).not.toContain('hold');
    expect(sink.log.at(-3)).toBe('finish failed_midway');
    expect(sink.log.at(-1)).toBe('end');
  });

  it('times out an idle upstream with one timer for the whole stream', async () => {
    const sink = new LogSink();
    let aborted = false;
    let release: () => void = () => undefined;
    const stalled = (async function* (): AsyncGenerator<StreamPart> {
      yield { data: '{"b":2}' };
      await new Promise<void>((resolve) => (release = resolve));
      throw new Error('aborted');
    })();
    const started = Date.now();
    await relayStream(
      input([{ data: '{"a":1}' }], sink, {
        iterator: stalled,
        idleMs: 50,
        abortUpstream: () => {
          aborted = true;
          release();
        },
      }),
      sink,
    );
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sink.log.at(-2)).toContain('waiting for the next chunk');
  });
});
