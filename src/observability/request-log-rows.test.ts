import { describe, expect, it } from 'vitest';
import { capturedBody, upstreamCost } from './request-log-rows.ts';

describe('request log rows', () => {
  it('prices upstream cost from the cost price per million tokens in nano-units', () => {
    // 1 000 000 prompt tokens at 0.5 and 2 000 000 completion tokens at 1.0 per million = 2.5 units.
    expect(upstreamCost({ input: 0.5, output: 1 }, 1_000_000, 2_000_000)).toBe(2_500_000_000);
    expect(upstreamCost({ input: 2, output: 8 }, 100, 50)).toBe(600_000);
  });

  it('keeps bodies without credentials and within the size bound', () => {
    const body = capturedBody(
      { model: 'm', api_key: 'sk-secret-1', messages: [{ role: 'user', content: 'hello' }], Authorization: 'Bearer x' },
      1_000,
    );
    expect(body).toContain('hello');
    expect(body).not.toContain('sk-secret-1');
    expect(body).not.toContain('Bearer x');
    const long = capturedBody({ text: '长'.repeat(1_000) }, 100)!;
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(100 + 3);
    expect(long.endsWith('…')).toBe(true);
    expect(long).not.toContain('\uFFFD');
    expect(capturedBody(null, 100)).toBeNull();
    expect(capturedBody('{"token":"t-1","ok":true}', 100)).toBe('{"token":"[redacted]","ok":true}');
  });
});
