/** True on CI (`CI=true`, as `.ci/run` sets it): there a missing prerequisite fails the run instead of skipping. */
export const runningInCi = /^(true|1)$/i.test(process.env.CI ?? '');

/**
 * Whether tests that need something can run. When it is missing, a CI run fails with `missing` as
 * the message; elsewhere the tests skip and `missing` is printed, so a developer sees why.
 */
export function availableOrSkipped(available: boolean, missing: string): boolean {
  if (available) return true;
  if (runningInCi) throw new Error(`${missing} (CI=true: these tests must run, not skip).`);
  console.warn(`[skipped] ${missing}`);
  return false;
}
