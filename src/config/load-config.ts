import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type KaiyuanConfig } from './config-schema.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: KaiyuanConfig;
  /** The file the config came from, or null when none was found (all defaults). */
  source: string | null;
}

type Environment = Record<string, string | undefined>;

/**
 * Reads kaiyuan.yaml (or the file in KAIYUAN_CONFIG), applies environment overrides and
 * validates the result. A bad value throws a ConfigError that names field, value and expectation.
 */
export function loadConfig(environment: Environment = process.env, cwd = process.cwd()): LoadedConfig {
  const explicit = environment.KAIYUAN_CONFIG;
  const file = explicit ? path.resolve(cwd, explicit) : path.resolve(cwd, 'kaiyuan.yaml');
  let raw: unknown = {};
  let source: string | null = null;
  if (existsSync(file)) {
    source = file;
    raw = parseYamlFile(file);
  } else if (explicit) {
    throw new ConfigError(`Config file ${file} (from KAIYUAN_CONFIG) does not exist.`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(
      `Invalid configuration in ${source}: the top level must be a mapping of sections, got ${describe(raw)}.`,
    );
  }
  const merged = applyEnvironment(raw as Record<string, unknown>, environment);
  return { config: validateConfig(merged, source ?? 'environment'), source };
}

export function validateConfig(raw: unknown, sourceName = 'kaiyuan.yaml'): KaiyuanConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatConfigIssues(result.error.issues, raw, sourceName));
  return result.data;
}

function parseYamlFile(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function applyEnvironment(raw: Record<string, unknown>, environment: Environment): Record<string, unknown> {
  const result: Record<string, unknown> = { ...raw };
  const section = (name: string): Record<string, unknown> => {
    const current = result[name];
    const copy = current && typeof current === 'object' && !Array.isArray(current) ? { ...(current as object) } : {};
    result[name] = copy;
    return copy as Record<string, unknown>;
  };
  if (environment.PORT !== undefined) section('server').port = parseEnvironmentNumber('PORT', environment.PORT);
  if (environment.HOST) section('server').host = environment.HOST;
  if (environment.KAIYUAN_DATA_DIR) result.dataDir = environment.KAIYUAN_DATA_DIR;
  if (environment.DATABASE_URL) section('database').url = environment.DATABASE_URL;
  if (environment.REDIS_URL) section('redis').url = environment.REDIS_URL;
  if (environment.LOG_LEVEL) section('logging').level = environment.LOG_LEVEL;
  return result;
}

function parseEnvironmentNumber(name: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new ConfigError(`Invalid environment variable ${name}: got "${value}", expected a number.`);
  }
  return number;
}

export function formatConfigIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, sourceName: string): string {
  const lines = issues.slice(0, 10).map((issue) => {
    const field = issue.path.length === 0 ? '(top level)' : formatPath(issue.path);
    const value = valueAt(raw, issue.path);
    return `  - ${field}: got ${describe(value)}; expected ${expectation(issue)}`;
  });
  const more = issues.length > 10 ? `\n  … and ${issues.length - 10} more` : '';
  return `Invalid configuration in ${sourceName}:\n${lines.join('\n')}${more}`;
}

function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

function valueAt(raw: unknown, segments: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  const shown = text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `${shown} (${Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value})`;
}

function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `no unknown field (unknown: ${issue.keys.join(', ')})`;
    case 'too_small': {
      const bound = issue.inclusive === false ? 'more than' : 'at least';
      return `${issue.origin === 'array' ? bound : `a value of ${bound}`} ${String(issue.minimum)}${issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' character(s)' : ''}`;
    }
    case 'too_big':
      return `${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'starts_with' && 'prefix' in issue
        ? `a string starting with ${JSON.stringify(issue.prefix)}`
        : `a valid ${issue.format}`;
    default:
      return issue.message;
  }
}
