import { defineConfig } from 'vitest/config';

/** Unit tests of the console's pure modules (SSE parsing, cost, code samples); browser tests live in test/e2e. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
