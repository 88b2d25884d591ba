import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relayFrames, TextSink } from '../testing/text-sink.ts';
import { TranslatingSink } from '../translating-sink.ts';
import { MessagesStreamTranslator } from './messages-stream-translator.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../providers/openai-compatible/__fixtures__/${name}`, import.meta.url), 'utf8');

function translate(frames: string[], thinking = false, stopSequences: string[] = []) {
  const target = new TextSink();
  const sink = new TranslatingSink(
    target,
    new MessagesStreamTranslator({ model: 'client-model', stopSequences, thinking, stream: true }, 'msg_1', 7),
  );
  sink.open({});
  for (const frame of frames) sink.write(frame);
  sink.end();
  return target;
}

describe('a chat stream as Anthropic stream events', () => {
  it('sends message_start, a ping, one text block, message_delta with usage and message_stop', async () => {
    const target = translate(relayFrames(fixture('deepseek-chat.chunks.txt')));
    await new Promise((resolve) => setImmediate(resolve));
    const events = target.events();
    const names = events.map((event) => event.event);
    expect(names.slice(0, 3)).toEqual(['message_start', 'ping', 'content_block_start']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(new Set(names.slice(3, -3))).toEqual(new Set(['content_block_delta']));
    expect(events.every((event) => event.data.type === event.event)).toBe(true);
    expect(events[0]!.data.message).toMatchObject({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'client-model',
      content: [],
      stop_reason: null,
      usage: { input_tokens: 7, output_tokens: 0 },
    });
    expect(events[2]!.data).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    });
    const text = events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => event.data.delta.text)
      .join('');
    expect(text.length).toBeGreaterThan(0);
    const delta = events.at(-2)!.data;
    expect(delta.delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
    expect(delta.usage.output_tokens).toBeGreaterThan(0);
    expect(target.ended).toBe(true);
  });

  it('shows reasoning as a thinking block with a signature when thinking is on, and hides it otherwise', () => {
    const frames = relayFrames(fixture('deepseek-reasoner.chunks.txt'));
    const events = translate(frames, true).events();
    const blocks = events.filter((event) => event.event === 'content_block_start');
    expect(blocks.map((event) => [event.data.index, event.data.content_block.type])).toEqual([
      [0, 'thinking'],
      [1, 'text'],
    ]);
    const thinkingDeltas = events.filter((event) => event.data.delta?.type === 'thinking_delta');
    expect(thinkingDeltas.map((event) => event.data.delta.thinking).join('')).toContain('9.11');
    const signature = events.findIndex((event) => event.data.delta?.type === 'signature_delta');
    expect(events[signature + 1]).toEqual({
      event: 'content_block_stop',
      data: { type: 'content_block_stop', index: 0 },
    });

    const hidden = translate(frames, false).events();
    expect(hidden.filter((event) => event.event === 'content_block_start').map((event) => event.data.index)).toEqual([
      0,
    ]);
    expect(hidden.some((event) => event.data.delta?.type === 'thinking_delta')).toBe(false);
  });

  it('streams a tool call as a tool_use block of input_json_delta fragments and stops for tool use', () => {
    const events = translate(relayFrames(fixture('dashscope-tool-calls.chunks.txt'))).events();
    const start = events.find((event) => event.event === 'content_block_start')!;
    expect(start.data.content_block).toEqual({
      type: 'tool_use',
      id: 'call_4f2a9c0e7b1d4e3a',
      name: 'get_weather',
      input: {},
    });
    const json = events
      .filter((event) => event.data.delta?.type === 'input_json_delta')
      .map((event) => event.data.delta.partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ city: '杭州', unit: 'celsius' });
    const delta = events.find((event) => event.event === 'message_delta')!.data;
    expect(delta.delta.stop_reason).toBe('tool_use');
    expect(delta.usage).toEqual({
      input_tokens: 236,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 24,
    });
  });

  it('reports the stop sequence an upstream names (vLLM stop_reason)', () => {
    const chunk = (choice: object) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, ...choice }] })}\n\n`;
    const events = translate(
      [
        chunk({ delta: { content: 'one two' } }),
        chunk({ delta: {}, finish_reason: 'stop', stop_reason: '###' }),
        'data: [DONE]\n\n',
      ],
      false,
      ['###'],
    ).events();
    expect(events.find((event) => event.event === 'message_delta')!.data.delta).toEqual({
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
    });
  });

  it('ends a stream that failed midway with an error event in Anthropic shape', () => {
    const events = translate([
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'partial' } }] })}\n\n`,
      `data: ${JSON.stringify({ error: { message: 'Upstream cut the stream', type: 'upstream_error', code: 'upstream_stream_cut' } })}\n\n`,
    ]).events();
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'error',
    ]);
    expect(events.at(-1)!.data).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'Upstream cut the stream' },
    });
  });
});
