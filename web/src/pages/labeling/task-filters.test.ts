import { describe, expect, it } from 'vitest';
import {
  defaultTaskFilters,
  filtersFromSearch,
  hasNarrowingFilters,
  searchWithFilters,
  taskQuery,
} from './task-filters.ts';

describe('task filters ↔ URL', () => {
  it('opens on the tasks waiting for review when the URL names no filter', () => {
    const filters = filtersFromSearch(new URLSearchParams('project=lbp_1'));
    expect(filters).toEqual(defaultTaskFilters);
    expect(taskQuery(filters).toString()).toBe('status=submitted');
    expect(searchWithFilters(new URLSearchParams('project=lbp_1'), filters).toString()).toBe('project=lbp_1');
    expect(hasNarrowingFilters(filters)).toBe(false);
  });

  it('round-trips every filter through the query string, keeping the page’s own parameters', () => {
    const filters = {
      status: 'all' as const,
      metaKey: 'source',
      metaValue: 'web=mail & 客服',
      disagreement: true,
      suggested: false,
      maxConfidence: 0.5,
    };
    const search = searchWithFilters(new URLSearchParams('project=lbp_1&mode=review'), filters);
    expect(search.get('project')).toBe('lbp_1');
    expect(search.get('mode')).toBe('review');
    expect(search.get('meta')).toBe('source=web=mail & 客服');
    expect(filtersFromSearch(new URLSearchParams(search.toString()))).toEqual(filters);
    // The API gets no status for "all", and the rest as it documents them.
    expect(Object.fromEntries(taskQuery(filters))).toEqual({
      meta: 'source=web=mail & 客服',
      disagreement: 'true',
      suggested: 'false',
      maxConfidence: '0.5',
    });
    expect(hasNarrowingFilters(filters)).toBe(true);
  });

  it('asks only that a meta key exists when no value is given, and drops a value without a key', () => {
    const keyOnly = { ...defaultTaskFilters, metaKey: ' lang ', metaValue: '' };
    expect(taskQuery(keyOnly).get('meta')).toBe('lang');
    expect(filtersFromSearch(new URLSearchParams('meta=lang'))).toMatchObject({ metaKey: 'lang', metaValue: '' });
    expect(taskQuery({ ...defaultTaskFilters, metaKey: '', metaValue: 'x' }).has('meta')).toBe(false);
    expect(filtersFromSearch(new URLSearchParams('meta==x'))).toMatchObject({ metaKey: '', metaValue: '' });
  });

  it('ignores malformed values instead of sending them to the API', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('status=done&disagreement=yes&suggested=1&maxConfidence=7&meta='),
    );
    expect(filters).toEqual(defaultTaskFilters);
    expect(filtersFromSearch(new URLSearchParams('maxConfidence=0')).maxConfidence).toBeUndefined();
    expect(filtersFromSearch(new URLSearchParams('maxConfidence=abc')).maxConfidence).toBeUndefined();
    expect(filtersFromSearch(new URLSearchParams('status=accepted&maxConfidence=1'))).toMatchObject({
      status: 'accepted',
      maxConfidence: 1,
    });
  });
});
