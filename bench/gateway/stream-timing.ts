import { Pool } from 'undici';

export interface StreamTiming {
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  totalP50Ms: number;
  errors: number;
}

/** Sequential streamed requests on one keep-alive connection: time to first body byte and to the end. */
export async function measureStreams(
  origin: string,
  path: string,
  headers: Record<string, string>,
  body: string,
  count: number,
): Promise<StreamTiming> {
  const pool = new Pool(origin, { connections: 1 });
  const ttfb: number[] = [];
  const total: number[] = [];
  let errors = 0;
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
      if (response.statusCode !== 200) errors++;
      else {
        ttfb.push(first - started);
        total.push(performance.now() - started);
      }
    }
  } finally {
    await pool.close();
  }
  return {
    ttfbP50Ms: percentile(ttfb, 0.5),
    ttfbP99Ms: percentile(ttfb, 0.99),
    totalP50Ms: percentile(total, 0.5),
    errors,
  };
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}
