import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A node of V8's `.cpuprofile` (written by `node --cpu-prof`): a function at one place in the call tree. */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** V8's `.cpuprofile`: the call tree, the node each sample hit, and the µs since the sample before. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The profiles `--cpu-prof-dir=directory` received whose names end with `suffix`, as paths in name order. */
export function cpuProfileFiles(directory: string, suffix = '.cpuprofile'): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(directory, name));
}

export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** When each sample was taken, on the profile's own clock (µs). */
export function sampleTimes(profile: CpuProfile): number[] {
  let time = profile.startTime;
  return profile.timeDeltas.map((delta) => (time += delta));
}
