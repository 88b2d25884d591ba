import { Pool } from 'undici';

export interface StreamTiming {
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  totalP50Ms: number;
  errors: number;
}

/** Raw timings of streamed requests, to pool over interleaved rounds. */
export interface StreamSamples {
  ttfb: number[];
  total: number[];
  errors: number;
}

export function emptyStreamSamples(): StreamSamples {
  return { ttfb: [], total: [], errors: 0 };
}

/**
 * Sequential streamed requests on one keep-alive connection: time to first body byte and to the
 * end, added to `samples`.
 */
export async function sampleStreams(
  origin: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  count: number,
  samples: StreamSamples = emptyStreamSamples(),
): Promise<StreamSamples> {
  const pool = new Pool(origin, { connections: 1 });
  try {
    for (let index = 0; index < count; index++) {
      const started = performance.now();
      const response = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      let first = 0;
      for await (const _piece of response.body) {
        if (first === 0) first = performance.now();
      }
      if (response.statusCode !== 200) samples.errors++;
      else {
        samples.ttfb.push(first - started);
        samples.total.push(performance.now() - started);
      }
    }
  } finally {
    await pool.close();
  }
  return samples;
}

export function summarizeStreams(samples: StreamSamples): StreamTiming {
  return {
    ttfbP50Ms: percentile(samples.ttfb, 0.5),
    ttfbP99Ms: percentile(samples.ttfb, 0.99),
    totalP50Ms: percentile(samples.total, 0.5),
    errors: samples.errors,
  };
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
