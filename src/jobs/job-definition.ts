import type { z } from 'zod';
import { KaiyuanError } from '../util/errors.ts';
import type {
  JobContext,
  JobDefinition,
  PayloadDeclaration,
  PayloadUpgrade,
  ShardContext,
  ShardDefinition,
} from './job-types.ts';

interface DeclarationInput<Schema extends z.ZodType> {
  type: string;
  /** The current schema version; start at 1 and add one whenever the payload changes shape. */
  version: number;
  schema: Schema;
  /** Steps from each older version still accepted to the next one (see payloadUpgrade). */
  upgrades?: readonly PayloadUpgrade[];
}

/**
 * Declares a job type once: its stable `type`, the versioned zod schema of its payload (checked when
 * the job is queued and again when it runs, since a queued payload outlives deploys), how older
 * payload versions are upgraded, and its handler. Enqueuers and runners both use this one object.
 */
export function defineJob<Schema extends z.ZodType, Dependencies = void, Result = unknown>(
  definition: DeclarationInput<Schema> & {
    handler(payload: z.output<Schema>, context: JobContext, dependencies: Dependencies): Promise<Result>;
  },
): JobDefinition<Schema, Dependencies, Result> {
  checkDeclaration(definition);
  return { ...definition, kind: 'job', upgrades: definition.upgrades ?? [] };
}

/** Declares a shard type (a part of a job that any worker runs) the same way. */
export function defineShard<Schema extends z.ZodType, Result>(
  definition: DeclarationInput<Schema> & {
    handler(payload: z.output<Schema>, context: ShardContext): Promise<Result>;
  },
): ShardDefinition<Schema, Result> {
  checkDeclaration(definition);
  return { ...definition, kind: 'shard', upgrades: definition.upgrades ?? [] };
}

/** One step of a declaration's upgrades: payloads of version `from` (this schema) → version `from + 1`. */
export function payloadUpgrade<Schema extends z.ZodType>(
  from: number,
  schema: Schema,
  upgrade: (payload: z.output<Schema>) => unknown,
): PayloadUpgrade {
  return { from, schema, upgrade: upgrade as (payload: unknown) => unknown };
}

function checkDeclaration(definition: DeclarationInput<z.ZodType>): void {
  if (!Number.isInteger(definition.version) || definition.version < 1)
    throw new Error(`Job type '${definition.type}': the schema version must be a whole number ≥ 1.`);
  for (const step of definition.upgrades ?? [])
    if (!(step.from >= 1 && step.from < definition.version))
      throw new Error(
        `Job type '${definition.type}': an upgrade from version ${step.from} is not older than ${definition.version}.`,
      );
}

/** The first issue of a failed parse as one line: `path: message` (and how many more there are). */
export function describeIssues(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'invalid value';
  const where = first.path.length > 0 ? `${first.path.map(String).join('.')}: ` : '';
  return `${where}${first.message}${rest.length > 0 ? ` (and ${rest.length} more issue${rest.length > 1 ? 's' : ''})` : ''}`;
}

/**
 * Checks a payload about to be queued against the current schema and returns it parsed (defaults
 * filled in); a payload that does not fit is a 400 `invalid_job_payload` at the caller, and
 * nothing is queued.
 */
export function preparePayload<Schema extends z.ZodType>(
  declaration: PayloadDeclaration<Schema> & { kind: 'job' | 'shard' },
  input: unknown,
): z.output<Schema> {
  const parsed = declaration.schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new KaiyuanError(
    'invalid_job_payload',
    `Invalid payload for ${declaration.kind} ${declaration.type} (schema version ${declaration.version}): ${describeIssues(parsed.error)}.`,
    {
      status: 400,
      type: 'invalid_request_error',
      param: issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null,
    },
  );
}

export type PayloadReading<Payload> = { ok: true; payload: Payload } | { ok: false; error: string };

/**
 * Reads a payload as it was stored, possibly by an older (or newer) version of Kaiyuan: parses it
 * with the schema of its version, upgrades it step by step to the current version and parses the
 * result. Never throws: a payload that cannot be read becomes a message naming the type, the
 * schema version and the first zod issue, which the runner stores as the job's error.
 */
export function readPayload<Schema extends z.ZodType>(
  declaration: PayloadDeclaration<Schema> & { kind: 'job' | 'shard' },
  stored: unknown,
  storedVersion: number,
): PayloadReading<z.output<Schema>> {
  const name = `${declaration.kind} ${declaration.type}`;
  const current = declaration.version;
  if (storedVersion > current)
    return {
      ok: false,
      error: `The payload of ${name} has schema version ${storedVersion}, newer than this worker knows (${current}); run it on an upgraded worker.`,
    };
  let value = stored;
  for (let version = storedVersion; version < current; version++) {
    const step = declaration.upgrades.find((candidate) => candidate.from === version);
    if (!step)
      return {
        ok: false,
        error: `The payload of ${name} has schema version ${version}, which this version can no longer read (it reads ${oldestReadable(declaration)}–${current}).`,
      };
    const parsed = step.schema.safeParse(value);
    if (!parsed.success)
      return {
        ok: false,
        error: `The payload of ${name} (schema version ${version}) does not parse: ${describeIssues(parsed.error)}.`,
      };
    try {
      value = step.upgrade(parsed.data);
    } catch (error) {
      return {
        ok: false,
        error: `The payload of ${name} could not be upgraded from schema version ${version}: ${error instanceof Error ? error.message : String(error)}.`,
      };
    }
  }
  const parsed = declaration.schema.safeParse(value);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const upgraded = storedVersion < current ? `, upgraded to ${current}` : '';
  return {
    ok: false,
    error: `The payload of ${name} (schema version ${storedVersion}${upgraded}) does not parse: ${describeIssues(parsed.error)}.`,
  };
}

function oldestReadable(declaration: PayloadDeclaration<z.ZodType>): number {
  let oldest = declaration.version;
  while (declaration.upgrades.some((step) => step.from === oldest - 1)) oldest--;
  return oldest;
}
