import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseEvent } from './sse-decoder.ts';

function decodeInPieces(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const decoder = new SseDecoder();
  const events: SseEvent[] = [];
  let previous = 0;
  for (const cut of [...cuts, bytes.length]) {
    events.push(...decoder.push(bytes.subarray(previous, cut)));
    previous = cut;
  }
  events.push(...decoder.end());
  return events;
}

const stream =
  ': keep-alive\r\n\r\ndata: {"a":"你好"}\r\n\r\nevent: ping\ndata: {"type":"ping"}\n\ndata: line one\ndata: line two\n\rdata:no-space\r\rdata: [DONE]\n\n';
const expected: SseEvent[] = [
  { event: undefined, data: '{"a":"你好"}' },
  { event: 'ping', data: '{"type":"ping"}' },
  { event: undefined, data: 'line one\nline two' },
  { event: undefined, data: 'no-space' },
  { event: undefined, data: '[DONE]' },
];

describe('SseDecoder', () => {
  it('decodes comments, CRLF, CR, LF, multi-line data and event names', () => {
    expect(decodeInPieces(Buffer.from(stream), [])).toEqual(expected);
  });

  it('gives the same events wherever the bytes are cut, mid-character and mid-CRLF included', () => {
    const bytes = Buffer.from(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeInPieces(bytes, [cut])).toEqual(expected);
    }
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    expect(decodeInPieces(bytes, everyByte)).toEqual(expected);
  });

  it('delivers an unterminated last event at the end', () => {
    expect(decodeInPieces(Buffer.from('data: {"x":1}\n\ndata: [DONE]'), [])).toEqual([
      { event: undefined, data: '{"x":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('ignores unknown fields and comment-only streams', () => {
    expect(decodeInPieces(Buffer.from(': hi\nid: 7\nretry: 100\n\n:\n\n'), [])).toEqual([]);
  });
});
