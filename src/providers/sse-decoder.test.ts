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

  it('decodes LF-only streams with 2-, 3- and 4-byte characters wherever the bytes are cut', () => {
    const text = 'data: {"a":"é"}\n\ndata: {"b":"汉字"}\n\n: note\nevent: x\ndata: {"c":"🙂"}\n\n';
    const events = [
      { event: undefined, data: '{"a":"é"}' },
      { event: undefined, data: '{"b":"汉字"}' },
      { event: 'x', data: '{"c":"🙂"}' },
    ];
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toEqual(events);
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    expect(decodeInPieces(bytes, everyByte)).toEqual(events);
    expect(decodeInPieces(new Uint8Array(bytes), [5, 17])).toEqual(events);
  });

  it('drops a byte order mark at the start of the stream only, even when it is cut', () => {
    const bytes = Buffer.from('\ufeffdata: a\n\ndata: \ufeffb\n\n');
    const events = [
      { event: undefined, data: 'a' },
      { event: undefined, data: '\ufeffb' },
    ];
    for (let cut = 1; cut < bytes.length; cut++) expect(decodeInPieces(bytes, [cut])).toEqual(events);
  });

  it('ends a character cut by the end of the stream with a replacement character', () => {
    expect(decodeInPieces(Buffer.from([...Buffer.from('data: x'), 0xe6, 0xb1]), [])).toEqual([
      { event: undefined, data: 'x\ufffd' },
    ]);
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
