import { writeFileSync } from 'node:fs';
import { operatorsByName } from '../operators/index.ts';
import type { GlobalOperator } from '../operators/operator-types.ts';
import type { DataRecord } from '../data-record.ts';

/**
 * Collects pass-1 summaries of a dedup step (fixed bytes per record) in one growing buffer, and
 * the record ids; saves them as `<file>` and `<file>.ids.json`. No object per record beyond its id.
 */
export class SummaryWriter {
  private readonly operator: GlobalOperator;
  private buffer = new Uint8Array(1 << 16);
  private used = 0;
  private readonly ids: string[] = [];
  bytesPerRecord = 0;

  constructor(name: string, params: Record<string, unknown>) {
    const instance = operatorsByName.get(name)!.create(params);
    if (instance.kind !== 'global') throw new Error(`${name} is not a dataset-wide operator.`);
    this.operator = instance;
  }

  get count(): number {
    return this.ids.length;
  }

  add(record: DataRecord): void {
    const summary = this.operator.summarize(record);
    this.bytesPerRecord = summary.length;
    if (this.used + summary.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + summary.length));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(summary, this.used);
    this.used += summary.length;
    this.ids.push(record.id);
  }

  save(file: string): void {
    writeFileSync(file, this.buffer.subarray(0, this.used));
    writeFileSync(`${file}.ids.json`, JSON.stringify(this.ids));
  }
}
