import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { zhCn } from '../../i18n/zh-cn.ts';
import { adminGroups, groupOf, sectionFromUrl, sectionLabelKeys } from './admin-sections.ts';

function text(messages: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

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

  it('names every group and section in both languages', () => {
    const keys = [...adminGroups.map((group) => group.labelKey), ...Object.values(sectionLabelKeys)];
    for (const messages of [en, zhCn]) for (const key of keys) expect(typeof text(messages, key), key).toBe('string');
  });
});
