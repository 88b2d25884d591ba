import { readFileSync, writeFileSync } from 'node:fs';
import type { GlobalPlan } from '../operators/operator-types.ts';

/**
 * A global plan on disk (shards of pass 2 read it): a JSON header line, then the typed arrays.
 * Layout: header length (uint32 LE), header JSON, representative (int32), similarity (float32), clusterSize (int32).
 */
export function writePlanFile(file: string, plan: GlobalPlan): void {
  const header = Buffer.from(
    JSON.stringify({
      count: plan.representative.length,
      representativeIds: plan.representativeIds,
      details: plan.details,
      clusterKey: plan.clusterKey,
      label: plan.label,
    }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  writeFileSync(
    file,
    Buffer.concat([
      length,
      header,
      Buffer.from(plan.representative.buffer),
      Buffer.from(plan.similarity.buffer),
      Buffer.from(plan.clusterSize.buffer),
    ]),
  );
}

export function readPlanFile(file: string): GlobalPlan {
  const data = readFileSync(file);
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.subarray(4, 4 + headerLength).toString('utf8')) as {
    count: number;
    representativeIds: Record<number, string>;
    details: Record<string, number>;
    clusterKey: string;
    label: string;
  };
  const count = header.count;
  const body = data.subarray(4 + headerLength);
  const copy = (offset: number) => {
    const bytes = new Uint8Array(count * 4);
    bytes.set(body.subarray(offset, offset + count * 4));
    return bytes.buffer;
  };
  return {
    representative: new Int32Array(copy(0)),
    similarity: new Float32Array(copy(count * 4)),
    clusterSize: new Int32Array(copy(count * 8)),
    representativeIds: header.representativeIds,
    details: header.details,
    clusterKey: header.clusterKey,
    label: header.label,
  };
}
