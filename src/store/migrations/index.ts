import type { Migration } from 'kysely';
import { migration0001Core } from './0001-core.ts';

/**
 * All migrations, by name; names sort in the order they run. Each area owns its files:
 * 0001–0099 core, accounts and billing; 0100–0199 data workbench; 0200–0299 labeling.
 */
export const migrations: Record<string, Migration> = {
  '0001-core': migration0001Core,
};
