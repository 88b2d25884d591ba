import { afterAll } from 'vitest';
import { idleTestDatabases } from './idle-test-databases.ts';

/** Setup file (vitest.config.ts): after each test file, drops the databases its test stores left for reuse. */
afterAll(async () => {
  if (idleTestDatabases.length === 0) return;
  const { dropTestDatabase } = await import('./test-store.ts');
  for (const url of idleTestDatabases.splice(0)) await dropTestDatabase(url);
});
