import os from 'node:os';

/** The machine's load averages over 1, 5 and 15 minutes, as printed beside every benchmark's figures. */
export function loadAverages(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}
