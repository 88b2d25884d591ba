import { defineConfig } from 'vitest/config';
import { apiContractAlias } from './vite.config.ts';

/** Unit tests of the console's pure modules (SSE parsing, cost, code samples); browser tests live in test/e2e. */
export default defineConfig({
  resolve: { alias: apiContractAlias },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
