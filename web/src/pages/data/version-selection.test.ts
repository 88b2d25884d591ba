import { describe, expect, it } from 'vitest';
import { effectiveVersion, selectionAfterJob, versionMadeBy } from './version-selection.ts';

describe('the data page’s one selected version', () => {
  it('follows the newest version until the user picks one, and keeps a pick that exists', () => {
    expect(effectiveVersion(null, [1, 3, 2])).toBe(3);
    expect(effectiveVersion(2, [1, 3, 2])).toBe(2);
    expect(effectiveVersion(7, [1, 3, 2])).toBe(3); // a pick of another dataset
    expect(effectiveVersion(null, [])).toBeNull();
  });

  it('moves to the version a job made only when the user still looks at where it started', () => {
    expect(selectionAfterJob(null, 2, 3)).toBe(3); // following the newest
    expect(selectionAfterJob(1, 1, 3)).toBe(3); // ran on v1 while looking at v1
    expect(selectionAfterJob(2, 1, 3)).toBe(2); // picked v2 during the run: stays
    expect(selectionAfterJob(2, 1, null)).toBe(2); // the job made nothing
  });

  it('reads the new version from the job result', () => {
    expect(versionMadeBy({ datasetId: 'ds_1', version: 4, records: 10 })).toBe(4);
    expect(versionMadeBy({ version: '4' })).toBeNull();
    expect(versionMadeBy(null)).toBeNull();
  });
});
