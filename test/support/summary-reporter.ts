import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { runningInCi } from './required-in-ci.ts';

/**
 * Tests that may skip on CI, each for as long as its reason holds. Any other skipped test fails
 * a CI run: a skip there means something the tests rely on is missing, or a `.skip` was left in.
 */
const allowedSkips: Array<{ file: string; reason: string; applies: () => boolean }> = [
  {
    // Two gateway processes share PostgreSQL and Redis: without both there is nothing to test.
    file: 'test/commerce-replicas.test.ts',
    reason: 'TEST_DATABASE_URL or TEST_REDIS_URL is not set',
    applies: () => !process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL,
  },
  {
    // The BullMQ runner is the Redis implementation of jobs; the in-process runner is tested always.
    file: 'test/jobs/bullmq-job-runner.test.ts',
    reason: 'TEST_REDIS_URL is not set',
    applies: () => !process.env.TEST_REDIS_URL,
  },
];

/**
 * Ends a run with one plain line, `N passed, N failed, N skipped`, that any CI can read; a file
 * that failed to load counts as a failure. On CI (`CI=true`) a skipped test that the allow-list
 * above does not excuse fails the run, named with its file.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const unexcused: string[] = [];
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      const file = path.relative(module.project.config.root, module.moduleId).split(path.sep).join('/');
      const excuse = allowedSkips.find((allowed) => allowed.file === file && allowed.applies());
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          if (!excuse) unexcused.push(`${file} > ${test.fullName}`);
        }
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (runningInCi && unexcused.length > 0) {
      process.stdout.write(
        `CI=true: ${unexcused.length} skipped test(s) not in the allow-list of test/support/summary-reporter.ts:\n` +
          unexcused.map((name) => `  - ${name}\n`).join(''),
      );
      process.exitCode = 1;
    }
  }
}
