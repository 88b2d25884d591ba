/** Wall-clock and CPU time of a piece of work (CPU time = throughput per core on a busy machine). */
export interface Timing {
  seconds: number;
  cpuSeconds: number;
}

export async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; timing: Timing }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    timing: { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 },
  };
}
