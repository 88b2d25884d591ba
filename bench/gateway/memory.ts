import { Agent, request } from 'undici';
import { load } from '../support/load.ts';
import { rssMiB } from '../support/processes.ts';
import type { KaiyuanTarget } from './kaiyuan-target.ts';

export interface MemoryResult {
  streams: number;
  peakRssMiB: number;
  soakMinutes: number;
  rssSamples: Array<{ minute: number; rssMiB: number }>;
  growthMiBPerMinute: number;
  /** Slope of each minute's lowest RSS sample: what a leak would lift. */
  floorGrowthMiBPerMinute: number;
}

interface MemoryOptions {
  kaiyuan: KaiyuanTarget;
  streams: number;
  soakMinutes: number;
}

/**
 * RSS of the Kaiyuan process with N concurrent slow streams open at once, and its growth trend over
 * a soak at steady load: the least-squares slope of all samples (every 5 s), and of each minute's
 * lowest sample. RSS saws up and down with the garbage collector's cycles, so the first slope moves
 * with where the samples happen to fall on the saw; a leak lifts the floor, which the second follows.
 */
export async function measureMemory(options: MemoryOptions): Promise<MemoryResult> {
  const pid = options.kaiyuan.process.pid!;
  let peak = rssMiB(pid);
  if (options.streams > 0) peak = await concurrentStreams(options, pid);
  const samples: Array<{ minute: number; rssMiB: number }> = [];
  if (options.soakMinutes > 0) {
    const started = Date.now();
    const sampler = setInterval(
      () => samples.push({ minute: (Date.now() - started) / 60_000, rssMiB: rssMiB(pid) }),
      5_000,
    );
    try {
      await load({
        url: `${options.kaiyuan.url}/v1/chat/completions`,
        body: JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'soak' }] }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.kaiyuan.apiKey}` },
        connections: 16,
        durationSeconds: Math.round(options.soakMinutes * 60),
      });
    } finally {
      clearInterval(sampler);
    }
  }
  return {
    streams: options.streams,
    peakRssMiB: peak,
    soakMinutes: options.soakMinutes,
    rssSamples: samples,
    growthMiBPerMinute: slope(samples.slice(1)),
    floorGrowthMiBPerMinute: slope(minuteFloors(samples)),
  };
}

/** Each whole minute's lowest sample (the RSS right after a collection, give or take). */
export function minuteFloors(
  samples: Array<{ minute: number; rssMiB: number }>,
): Array<{ minute: number; rssMiB: number }> {
  const floors = new Map<number, { minute: number; rssMiB: number }>();
  for (const sample of samples) {
    const minute = Math.floor(sample.minute);
    const floor = floors.get(minute);
    if (!floor || sample.rssMiB < floor.rssMiB) floors.set(minute, { minute: minute + 0.5, rssMiB: sample.rssMiB });
  }
  return [...floors.values()];
}

async function concurrentStreams(options: MemoryOptions, pid: number): Promise<number> {
  // `bench-slow` streams one part every 150 ms (about 3 s per answer): all streams are open at once.
  const agent = new Agent({ connections: options.streams + 10 });
  let peak = rssMiB(pid);
  const body = JSON.stringify({ model: 'bench-slow', stream: true, messages: [{ role: 'user', content: 'memory' }] });
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  const statuses = await Promise.all(
    Array.from({ length: options.streams }, async () => {
      const response = await request(`${options.kaiyuan.url}/v1/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.kaiyuan.apiKey}` },
        body,
      });
      const text = await response.body.text();
      return response.statusCode === 200 && text.endsWith('data: [DONE]\n\n') ? 200 : response.statusCode;
    }),
  );
  clearInterval(sampler);
  await agent.close();
  const failed = statuses.filter((status) => status !== 200).length;
  if (failed > 0) process.stderr.write(`memory: ${failed} of ${options.streams} streams failed\n`);
  return peak;
}

export function slope(samples: Array<{ minute: number; rssMiB: number }>): number {
  if (samples.length < 2) return Number.NaN;
  const meanX = samples.reduce((sum, sample) => sum + sample.minute, 0) / samples.length;
  const meanY = samples.reduce((sum, sample) => sum + sample.rssMiB, 0) / samples.length;
  let numerator = 0;
  let denominator = 0;
  for (const sample of samples) {
    numerator += (sample.minute - meanX) * (sample.rssMiB - meanY);
    denominator += (sample.minute - meanX) ** 2;
  }
  return denominator === 0 ? Number.NaN : numerator / denominator;
}
