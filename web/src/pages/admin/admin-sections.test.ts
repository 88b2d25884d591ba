import { describe, expect, it } from 'vitest';
import { adminGroups, groupOf, sectionFromUrl, sectionLabelKeys } from './admin-sections.ts';

describe('admin sections', () => {
  it('puts every section in exactly one group, each group small enough for one tab bar', () => {
    const all = adminGroups.flatMap((group) => group.sections);
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(sectionLabelKeys).sort()).toEqual([...all].sort());
    for (const group of adminGroups) expect(group.sections.length).toBeLessThanOrEqual(3);
  });

  it('reads the section from the URL and finds its group', () => {
    expect(sectionFromUrl('economics')).toBe('economics');
    expect(groupOf('economics').key).toBe('revenue');
    expect(sectionFromUrl(null)).toBe('deployments');
    expect(sectionFromUrl('constructor')).toBe('deployments');
  });
});
