import { renameSync } from 'node:fs';
import { readLines, RecordWriter } from '../storage/record-files.ts';

/** Counts, per optional column, the lines of a file that have it. */
export class ColumnPresence {
  private readonly counts = new Map<string, number>();
  lines = 0;

  constructor(private readonly optional: Record<string, unknown>) {}

  observe(line: Record<string, unknown>): void {
    this.lines++;
    for (const key in this.optional) if (line[key] !== undefined) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Columns at least one line has. */
  present(): Set<string> {
    return new Set(this.counts.keys());
  }

  /** Columns some lines have and others lack, with the value the others get. */
  gaps(): Record<string, unknown> | null {
    const gaps: Record<string, unknown> = {};
    let any = false;
    for (const [key, count] of this.counts)
      if (count < this.lines) {
        gaps[key] = this.optional[key];
        any = true;
      }
    return any ? gaps : null;
  }
}

/**
 * Rewrites a JSONL file so every line has the given columns (missing ones get the given value):
 * Hugging Face `datasets` infers one schema per file and fails on a block whose columns differ.
 */
export async function fillMissingColumns(file: string, defaults: Record<string, unknown>): Promise<void> {
  const temporary = `${file}.filling`;
  const writer = new RecordWriter(temporary);
  for await (const text of readLines(file)) {
    if (text.length === 0) continue;
    const line = JSON.parse(text) as Record<string, unknown>;
    for (const key in defaults) if (line[key] === undefined) line[key] = defaults[key];
    await writer.write(line as never);
  }
  await writer.close();
  renameSync(temporary, file);
}
