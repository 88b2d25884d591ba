/**
 * PostgreSQL test databases that closed test stores emptied, for the next store of the same test
 * file (test-store.ts); dropped after the file (drop-idle-test-databases.ts). Kept apart so that
 * the setup file loads nothing when a file used no PostgreSQL store.
 */
export const idleTestDatabases: string[] = [];
