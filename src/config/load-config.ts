import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type KaiyuanConfig } from './config-schema.ts';
import { environmentVariables, type EnvironmentVariable } from './environment-variables.ts';
import { providerKeysFromEnvironment } from './provider-keys.ts';
import { hideSecretsWhenSerialized, isSecretKey } from './secret-values.ts';

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
 * Reads kaiyuan.yaml (or the file in KAIYUAN_CONFIG), applies the environment and validates the
 * result. A bad value throws a ConfigError that names field (and variable), value and expectation.
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
  return { config: resolveConfig(raw as Record<string, unknown>, environment, source ?? 'environment'), source };
}

/**
 * The configuration from the sections of kaiyuan.yaml and the environment: the variables of
 * environment-variables.ts over the file's values, validation, and the upstream keys the
 * environment holds merged into `secrets.providerKeys`.
 */
export function resolveConfig(
  raw: Record<string, unknown>,
  environment: Environment,
  sourceName = 'kaiyuan.yaml',
): KaiyuanConfig {
  const { merged, fromEnvironment } = applyEnvironment(raw, environment);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(formatConfigIssues(result.error.issues, merged, sourceName, fromEnvironment));
  }
  const config = result.data;
  Object.assign(config.secrets.providerKeys, providerKeysFromEnvironment(config, environment));
  return hideSecretsWhenSerialized(config);
}

/** Validates a configuration object as it stands (no environment). */
export function validateConfig(raw: unknown, sourceName = 'kaiyuan.yaml'): KaiyuanConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatConfigIssues(result.error.issues, raw, sourceName));
  return hideSecretsWhenSerialized(result.data);
}

function parseYamlFile(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** The raw sections with every variable that is set (not empty) written at its config key. */
function applyEnvironment(
  raw: Record<string, unknown>,
  environment: Environment,
): { merged: Record<string, unknown>; fromEnvironment: Map<string, string> } {
  const merged: Record<string, unknown> = { ...raw };
  const fromEnvironment = new Map<string, string>();
  const problems: string[] = [];
  for (const variable of environmentVariables) {
    const text = environment[variable.name];
    if (text === undefined || text.trim() === '') continue;
    const value = parseVariable(variable, text);
    if (value === undefined) {
      const shown = isSecretKey(variable.key) ? '(hidden)' : JSON.stringify(text);
      problems.push(`  - ${variable.name} (${variable.key}): got ${shown}; expected ${expectedText[variable.kind]}`);
      continue;
    }
    setAt(merged, variable.key.split('.'), value);
    fromEnvironment.set(variable.key, variable.name);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid environment variables:\n${problems.join('\n')}`);
  return { merged, fromEnvironment };
}

const expectedText: Record<EnvironmentVariable['kind'], string> = {
  string: 'text',
  number: 'a number',
  boolean: '1, 0, true or false',
};

function parseVariable(variable: EnvironmentVariable, text: string): unknown {
  switch (variable.kind) {
    case 'string':
      return text;
    case 'number': {
      const number = Number(text);
      return Number.isFinite(number) ? number : undefined;
    }
    case 'boolean': {
      const word = text.trim().toLowerCase();
      return word === '1' || word === 'true' ? true : word === '0' || word === 'false' ? false : undefined;
    }
  }
}

/** Writes the value at the path, copying the sections on the way (the file's object is not changed). */
function setAt(target: Record<string, unknown>, segments: string[], value: unknown): void {
  let current = target;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    const copy = next && typeof next === 'object' && !Array.isArray(next) ? { ...(next as object) } : {};
    current[segment] = copy;
    current = copy as Record<string, unknown>;
  }
  current[segments[segments.length - 1]!] = value;
}

export function formatConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  sourceName: string,
  fromEnvironment: ReadonlyMap<string, string> = new Map(),
): string {
  const lines = issues.slice(0, 10).map((issue) => {
    const key = issue.path.map(String).join('.');
    const variable = fromEnvironment.get(key);
    const field = issue.path.length === 0 ? '(top level)' : formatPath(issue.path);
    const value = isSecretKey(key) ? '(hidden)' : describe(valueAt(raw, issue.path));
    return `  - ${field}${variable ? ` (from ${variable})` : ''}: got ${value}; expected ${expectation(issue)}`;
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
