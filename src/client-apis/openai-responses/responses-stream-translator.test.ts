import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relayFrames, TextSink } from '../testing/text-sink.ts';
import { TranslatingSink } from '../translating-sink.ts';
import { responsesRequestFacts } from './convert-responses-request.ts';
import { ResponsesStreamTranslator } from './responses-stream-translator.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../providers/openai-compatible/__fixtures__/${name}`, import.meta.url), 'utf8');

async function translate(frames: string[], body: Record<string, unknown> = {}) {
  const target = new TextSink();
  const completed: Array<Record<string, any>> = [];
  const translator = new ResponsesStreamTranslator(
    responsesRequestFacts({ model: 'client-model', ...body }),
    { id: 'resp_1', createdAt: 1 },
    async (response) => {
      // The response is stored before the client sees it completed.
      expect(target.text).not.toContain('response.completed');
      completed.push(response);
    },
  );
  const sink = new TranslatingSink(target, translator);
  sink.open({});
  for (const frame of frames) sink.write(frame);
  sink.end();
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(target.ended).toBe(true);
  return { events: target.events(), completed };
}

describe('a chat stream as Responses API events', () => {
  it('sends the lifecycle, one message item with its text and a completed response with usage', async () => {
    const { events, completed } = await translate(relayFrames(fixture('deepseek-chat.chunks.txt')));
    const names = events.map((event) => event.event);
    expect(names.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(names.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.every((event) => event.data.type === event.event)).toBe(true);
    const text = events
      .filter((event) => event.event === 'response.output_text.delta')
      .map((event) => event.data.delta)
      .join('');
    expect(events.find((event) => event.event === 'response.output_text.done')!.data.text).toBe(text);
    const response = events.at(-1)!.data.response;
    expect(response).toMatchObject({ id: 'resp_1', object: 'response', status: 'completed', model: 'client-model' });
    expect(response.output).toEqual([
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
      },
    ]);
    expect(response.usage.total_tokens).toBe(response.usage.input_tokens + response.usage.output_tokens);
    expect(completed).toEqual([response]);
  });

  it('streams reasoning as a summary when asked, before the message', async () => {
    const { events } = await translate(relayFrames(fixture('deepseek-reasoner.chunks.txt')), {
      reasoning: { summary: 'auto' },
    });
    const added = events.filter((event) => event.event === 'response.output_item.added');
    expect(added.map((event) => [event.data.output_index, event.data.item.type])).toEqual([
      [0, 'reasoning'],
      [1, 'message'],
    ]);
    const summary = events
      .filter((event) => event.event === 'response.reasoning_summary_text.delta')
      .map((event) => event.data.delta)
      .join('');
    expect(summary).toContain('9.11');
    const response = events.at(-1)!.data.response;
    expect(response.output[0].summary).toEqual([{ type: 'summary_text', text: summary }]);
    expect(response.usage.output_tokens_details.reasoning_tokens).toBeGreaterThanOrEqual(0);
  });

  it('streams a function call with its argument deltas', async () => {
    const { events } = await translate(relayFrames(fixture('dashscope-tool-calls.chunks.txt')));
    const added = events.find((event) => event.event === 'response.output_item.added')!.data;
    expect(added.item).toMatchObject({
      type: 'function_call',
      status: 'in_progress',
      call_id: 'call_4f2a9c0e7b1d4e3a',
      name: 'get_weather',
      arguments: '',
    });
    const done = events.find((event) => event.event === 'response.function_call_arguments.done')!.data;
    expect(JSON.parse(done.arguments)).toEqual({ city: '杭州', unit: 'celsius' });
    const response = events.at(-1)!.data.response;
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'function_call', status: 'completed', arguments: done.arguments });
    expect(response.usage).toMatchObject({ input_tokens: 236, output_tokens: 24, total_tokens: 260 });
  });

  it('ends a stream that failed midway with error and response.failed', async () => {
    const { events, completed } = await translate([
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'partial' } }] })}\n\n`,
      `data: ${JSON.stringify({ error: { message: 'cut', type: 'upstream_error', code: 'upstream_stream_cut' } })}\n\n`,
    ]);
    expect(events.map((event) => event.event).slice(-2)).toEqual(['error', 'response.failed']);
    expect(events.at(-2)!.data).toMatchObject({ code: 'upstream_stream_cut', message: 'cut' });
    expect(events.at(-1)!.data.response).toMatchObject({
      status: 'failed',
      error: { code: 'upstream_stream_cut', message: 'cut' },
    });
    expect(completed).toEqual([]);
  });
});
