import { pino } from 'pino';
import { adminPrincipal } from '../../accounts/authenticator.ts';
import type { Organization } from '../../accounts/organization-repository.ts';
import type { Principal } from '../../accounts/principal.ts';
import { createCommerce, type Commerce } from '../../billing/create-commerce.ts';
import { parseAmount } from '../../billing/money.ts';
import { loadConfig } from '../../config/load-config.ts';
import { openStore, type Store } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { invalidRequest, notFound } from '../../util/errors.ts';
import { asCliError } from './command-support.ts';

/** The CLI acts as the platform operator: it has the store itself. */
export const cliActor: Principal = adminPrincipal;

/**
 * Opens the server's store (kaiyuan.yaml, KAIYUAN_DATA_DIR, DATABASE_URL; SQLite in WAL mode, so
 * also while the server runs), runs `work`, and closes everything. Errors become one line.
 */
export async function withCommerce<T>(work: (commerce: Commerce, store: Store) => Promise<T>): Promise<T> {
  const { config } = loadConfig();
  const store = openStore({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  let commerce: Commerce | null = null;
  try {
    await migrateToLatest(store);
    commerce = await createCommerce({ store, config, logger: pino({ level: 'silent' }), ensureAdminToken: false });
    return await work(commerce, store);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await commerce?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
}

/** An organization by name or id. */
export async function findOrganization(commerce: Commerce, nameOrId: string): Promise<Organization> {
  const organization =
    (await commerce.accounts.organizations.findByName(nameOrId)) ??
    (await commerce.accounts.organizations.findById(nameOrId));
  if (!organization)
    throw notFound(
      `No organization named '${nameOrId}'. Create it with: kaiyuan orgs create ${nameOrId}`,
      'organization_not_found',
    );
  return organization;
}

export function parseAmountOption(text: string): number {
  const nano = parseAmount(text);
  if (nano === null || nano === 0)
    throw invalidRequest(
      `Invalid amount '${text}': expected a positive number of currency units such as 10 or 12.50.`,
      'amount',
    );
  return nano;
}

export function parseIntegerOption(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0)
      throw invalidRequest(`--${name} expects a whole number, got '${text}'.`, name);
    return value;
  };
}

export function parseTimeOption(text: string): number {
  const time = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(time))
    throw invalidRequest(`Invalid time '${text}': expected an ISO date such as 2026-12-31 or epoch milliseconds.`);
  return time;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table for humans. */
export function printTable(rows: Array<Record<string, unknown>>): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const cell = (value: unknown) =>
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(
    `${line(columns)}\n${rows.map((row) => line(columns.map((column) => cell(row[column])))).join('\n')}\n`,
  );
}
