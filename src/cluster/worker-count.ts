import { availableParallelism } from 'node:os';

/** The number of workers from `--workers` / KAIYUAN_WORKERS / server.workers: a count, or `auto` (one per core). */
export function workerCount(setting: number | 'auto' | string, cores = availableParallelism()): number {
  if (setting === 'auto') return Math.max(1, cores);
  const count = typeof setting === 'number' ? setting : Number(setting);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new Error(`--workers must be a number from 1 to 256 or auto, got '${setting}'`);
  return count;
}
