import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HEAP_LIMIT_MB = 96;
const FILE_MB = Number(process.env.KAIYUAN_MEMORY_TEST_MB ?? 120);

describe('memory stays bounded on a large file', () => {
  it(`imports and near-deduplicates a ${FILE_MB} MB file with a ${HEAP_LIMIT_MB} MB heap`, async () => {
    const child = path.join(import.meta.dirname, 'memory-bounded-child.ts');
    const { stdout } = await run(
      process.execPath,
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', child, String(FILE_MB)],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        maxBuffer: 1 << 20,
        timeout: 280_000,
      },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      fileBytes: number;
      documents: number;
      imported: string;
      ran: string;
      error: string | null;
      kept: number;
      peakHeap: number;
      peakRss: number;
      seconds: number;
    };
    process.stdout.write(
      `memory: ${(result.fileBytes / 1e6).toFixed(0)} MB file, ${result.documents} documents, peak heap ${(result.peakHeap / 1e6).toFixed(0)} MB (limit ${HEAP_LIMIT_MB}), peak RSS ${(result.peakRss / 1e6).toFixed(0)} MB, ${result.seconds.toFixed(1)} s\n`,
    );
    expect(result.imported).toBe('succeeded');
    expect(result.ran, result.error ?? '').toBe('succeeded');
    expect(result.kept).toBe(result.documents);
    expect(result.peakHeap).toBeLessThan(result.fileBytes);
  }, 300_000);

  const LINE_MB = 10;
  const LINE_HEAP_LIMIT_MB = 96;
  it(`runs the quality recipe over one ${LINE_MB} MB line with a ${LINE_HEAP_LIMIT_MB} MB heap`, async () => {
    // The whole recipe of the benchmark over one record of mails (HTML-looking, so normalize converts
    // it to text too), every step in pieces or in one pass: the job machinery holds a few copies of
    // the line (its JSON, the parsed text, the rewritten record), the steps about one more. Before the
    // steps worked in pieces this needed ~30× the line and ran out of this heap.
    const child = path.resolve(import.meta.dirname, '../../bench/data/huge-line-bench.ts');
    const { stdout } = await run(
      process.execPath,
      [
        `--max-old-space-size=${LINE_HEAP_LIMIT_MB}`,
        '--import',
        'tsx',
        child,
        String(LINE_MB),
        'normalize,pii_redact,length_filter,gopher_quality_filter,gopher_repetition_filter,exact_dedup,near_dedup',
      ],
      { cwd: path.resolve(import.meta.dirname, '../..'), maxBuffer: 1 << 20, timeout: 170_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      fileBytes: number;
      ran: string;
      error: string | null;
      kept: number;
      peakHeap: number;
      peakRss: number;
    };
    process.stdout.write(
      `memory: one ${LINE_MB} MB line through the quality recipe, peak heap ${(result.peakHeap / 1e6).toFixed(0)} MB (limit ${LINE_HEAP_LIMIT_MB}), peak RSS ${(result.peakRss / 1e6).toFixed(0)} MB\n`,
    );
    expect(result.ran, result.error ?? '').toBe('succeeded');
    expect(result.fileBytes).toBeGreaterThan(LINE_MB * 1e6);
    expect(result.kept).toBeGreaterThan(0);
  }, 180_000);
});
