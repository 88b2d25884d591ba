/**
 * The dependency audit of CI (`.ci/run`): `npm audit --omit=dev --json`, every advisory of
 * moderate severity or worse fails unless `.ci/audit-allowlist.json` lists it with a reason and a
 * review date that has not passed. When the registry's audit endpoint cannot be reached (an
 * offline mirror), it says so and passes, unless KAIYUAN_AUDIT_REQUIRED=1.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface AllowedAdvisory {
  advisory: string;
  package: string;
  reason: string;
  reviewedBy: string;
  reviewBy: string;
}

export interface AuditFinding {
  package: string;
  severity: string;
  advisory: string;
  title: string;
}

const failingSeverities = new Set(['moderate', 'high', 'critical']);

/** The advisories of an `npm audit --json` report (format of npm 7 and later). */
export function findingsOf(report: {
  vulnerabilities?: Record<
    string,
    { severity: string; via: Array<string | { url?: string; title?: string; severity?: string }> }
  >;
}): AuditFinding[] {
  const findings: AuditFinding[] = [];
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via) {
      if (typeof via === 'string') continue; // reached through another package: reported there
      findings.push({
        package: name,
        severity: via.severity ?? vulnerability.severity,
        advisory: via.url ?? 'unknown',
        title: via.title ?? '',
      });
    }
  }
  return findings;
}

/** The findings that fail the audit: severe enough and not allowed (or allowed past the review date). */
export function failingFindings(findings: AuditFinding[], allowed: AllowedAdvisory[], today: string): AuditFinding[] {
  return findings.filter((finding) => {
    if (!failingSeverities.has(finding.severity)) return false;
    const entry = allowed.find(
      (candidate) => candidate.advisory === finding.advisory || finding.advisory.endsWith(`/${candidate.advisory}`),
    );
    return !entry || entry.reviewBy < today;
  });
}

function main(): void {
  const allowed = (JSON.parse(readFileSync('.ci/audit-allowlist.json', 'utf8')) as { advisories: AllowedAdvisory[] })
    .advisories;
  let output: string;
  try {
    output = execFileSync('npm', ['audit', '--omit=dev', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    // npm audit exits 1 when it finds something; its report is still on stdout.
    output = (error as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(output || '{}') as Parameters<typeof findingsOf>[0] & {
    statusCode?: number;
    message?: string;
  };
  if (!report.vulnerabilities) {
    const why = report.message ?? 'no report';
    if (process.env.KAIYUAN_AUDIT_REQUIRED === '1') {
      console.error(`dependency audit: the audit endpoint could not be used (${why}).`);
      process.exit(1);
    }
    console.warn(`dependency audit: skipped, the registry's audit endpoint could not be used (${why}).`);
    return;
  }
  const failing = failingFindings(findingsOf(report), allowed, new Date().toISOString().slice(0, 10));
  for (const finding of failing)
    console.error(`dependency audit: ${finding.severity} ${finding.package}: ${finding.title} (${finding.advisory})`);
  if (failing.length > 0) process.exit(1);
  console.log('dependency audit: no unreviewed advisories in production dependencies.');
}

if (process.argv[1]?.endsWith('audit-dependencies.ts')) main();
