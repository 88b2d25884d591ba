import { closeSync, mkdirSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { RecordWriter } from '../storage/record-files.ts';

const COPY_BYTES = 1 << 20;

/** Each part's bytes in turn, read into one reused buffer (valid until the next call back). */
function copyParts(parts: string[], sink: (bytes: Buffer) => void): void {
  const buffer = Buffer.allocUnsafe(COPY_BYTES);
  for (const part of parts) {
    const descriptor = openSync(part, 'r');
    try {
      for (let read = readSync(descriptor, buffer); read > 0; read = readSync(descriptor, buffer))
        sink(read === buffer.length ? buffer : buffer.subarray(0, read));
    } finally {
      closeSync(descriptor);
    }
  }
}

/**
 * Concatenates uncompressed JSONL shard outputs into one file (gzip when the target ends in .gz),
 * with plain reads and writes (no stream per part, no listeners piling up on the target).
 */
export async function concatenateFiles(parts: string[], target: string): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  // One shard (the usual in-process case): its file is the result, no copy.
  if (parts.length === 1 && !target.endsWith('.gz')) {
    renameSync(parts[0]!, target);
    return;
  }
  if (target.endsWith('.gz')) {
    // Through the compressor, respecting its back-pressure; each read gets its own buffer (the
    // compressor holds on to what it was given).
    const writer = new RecordWriter(target);
    for (const part of parts) {
      const descriptor = openSync(part, 'r');
      try {
        for (;;) {
          const buffer = Buffer.allocUnsafe(COPY_BYTES);
          const read = readSync(descriptor, buffer);
          if (read === 0) break;
          await writer.writeBytes(buffer.subarray(0, read));
        }
      } finally {
        closeSync(descriptor);
      }
    }
    await writer.close();
  } else {
    const descriptor = openSync(target, 'w');
    try {
      copyParts(parts, (bytes) => {
        for (let offset = 0; offset < bytes.length;) offset += writeSync(descriptor, bytes, offset);
      });
    } finally {
      closeSync(descriptor);
    }
  }
}
