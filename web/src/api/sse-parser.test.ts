import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.ts';

describe('SseParser', () => {
  it('returns the data of complete events, across arbitrary chunk boundaries', () => {
    const parser = new SseParser();
    const stream = 'data: {"a":1}\n\ndata: {"b":2}\r\n\r\n: comment\n\ndata: [DONE]\n\n';
    const payloads: string[] = [];
    for (let index = 0; index < stream.length; index += 3)
      payloads.push(...parser.push(stream.slice(index, index + 3)));
    expect(payloads).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
  });

  it('joins multi-line data, ignores other fields and flushes an unterminated last event', () => {
    const parser = new SseParser();
    expect(parser.push('event: x\nid: 1\ndata: line one\ndata:line two\n\ndata: tail')).toEqual(['line one\nline two']);
    expect(parser.flush()).toEqual(['tail']);
    expect(parser.flush()).toEqual([]);
  });
});
