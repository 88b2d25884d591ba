import { describe, expect, it } from 'vitest';
import { failingFindings, findingsOf } from './audit-dependencies.ts';

const report = {
  vulnerabilities: {
    'bad-lib': {
      severity: 'high',
      via: [
        { url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', title: 'Prototype pollution', severity: 'high' },
      ],
    },
    'uses-bad-lib': { severity: 'high', via: ['bad-lib'] },
    'meh-lib': {
      severity: 'low',
      via: [{ url: 'https://github.com/advisories/GHSA-low', title: 'x', severity: 'low' }],
    },
  },
};

describe('dependency audit', () => {
  it('fails on a moderate or worse advisory that nobody reviewed, once per advisory', () => {
    const failing = failingFindings(findingsOf(report), [], '2026-12-05');
    expect(failing).toEqual([
      {
        package: 'bad-lib',
        severity: 'high',
        advisory: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
        title: 'Prototype pollution',
      },
    ]);
  });

  it('passes a reviewed advisory until its review date, then fails it again', () => {
    const allowed = [
      {
        advisory: 'GHSA-aaaa-bbbb-cccc',
        package: 'bad-lib',
        reason: 'only reachable through an API we do not call',
        reviewedBy: 'security',
        reviewBy: '2027-01-31',
      },
    ];
    expect(failingFindings(findingsOf(report), allowed, '2026-12-05')).toEqual([]);
    expect(failingFindings(findingsOf(report), allowed, '2027-02-01')).toHaveLength(1);
  });
});
