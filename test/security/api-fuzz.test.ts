/**
 * A bounded fuzz of the whole API: a few thousand requests over every route (Fastify's route table
 * and the inference front door) with structured hostile input — deep nesting, large and odd
 * strings, NUL and lone surrogates, wrong types, broken JSON, wrong content types, odd path
 * segments — as a tenant owner, as the operator and without a credential. No answer may be a 5xx,
 * the server must stay up, and its memory bounded. The counts are printed.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferenceRoutes } from '../../src/http/routes/index.ts';
import type { RunningServer } from '../../src/main.ts';
import { provisionKey } from '../support/provision.ts';
import { startTestServer } from '../support/test-server.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const segments = [
  '%25',
  '%00',
  '..',
  '%2e%2e',
  '%ff',
  'x'.repeat(3_000),
  '中文',
  'sim-chat',
  '%E4%B8',
  '-1',
  '0',
  '1e400',
  '__proto__',
  '%20',
  'ds_nonexistent',
];
const strings = [
  '',
  ' ',
  'a\\u0000b',
  '\\ud800',
  '\\udc00x',
  '\\ud83d\\ude00',
  'x'.repeat(100_000),
  '<script>',
  '${7*7}',
  "' or 1=1 --",
  '中文',
  '\\n\\r\\t',
  '../../etc/passwd',
];

function nestedValue(depth: number, pick: () => number): string {
  const open = pick() < 0.5 ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + '1' + close.repeat(depth);
}

/** One body: valid-ish JSON with a hostile part, or not JSON at all. */
function hostileBody(pick: () => number): { body: string; contentType: string } {
  const choice = Math.floor(pick() * 10);
  const string = () => `"${strings[Math.floor(pick() * strings.length)]}"`;
  const value = (): string => {
    const kind = Math.floor(pick() * 8);
    if (kind === 0) return nestedValue(1 + Math.floor(pick() * 300), pick);
    if (kind === 1) return string();
    if (kind === 2) return String([0, -1, 1e308, 1.5, 9007199254740993][Math.floor(pick() * 5)]);
    if (kind === 3) return ['null', 'true', '[]', '{}'][Math.floor(pick() * 4)]!;
    if (kind === 4) return `[${Array.from({ length: 50 }, string).join(',')}]`;
    if (kind === 5) return `{"__proto__":{"admin":true}}`;
    if (kind === 6) return `{"constructor":{"prototype":{"x":1}}}`;
    return `{"role":"user","content":${string()}}`;
  };
  const fields = [
    'model',
    'messages',
    'prompt',
    'input',
    'name',
    'description',
    'email',
    'password',
    'recipe',
    'orgId',
    'plan',
    'amount',
    'role',
    'limits',
    'labels',
    'max_tokens',
    'stream',
    'n',
  ];
  const object = () =>
    `{${Array.from({ length: 1 + Math.floor(pick() * 4) }, () => `"${fields[Math.floor(pick() * fields.length)]}":${value()}`).join(',')}}`;
  switch (choice) {
    case 0:
      return { body: '{"a":', contentType: 'application/json' };
    case 1:
      return {
        body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(pick() * 256))).toString('latin1'),
        contentType: 'application/json',
      };
    case 2:
      return { body: object(), contentType: 'text/plain' };
    case 3:
      return { body: `{"recipe":"operators: ${'['.repeat(2_000)}"}`, contentType: 'application/json' };
    case 4:
      return { body: value(), contentType: 'application/json' };
    default:
      return { body: object(), contentType: 'application/json; charset=utf-8' };
  }
}

describe('API fuzz', () => {
  let server: RunningServer;
  let ownerKey = '';
  let adminToken = '';
  const dispatcher = new Agent({ connections: 8, pipelining: 1 });

  beforeAll(async () => {
    server = await startTestServer();
    ownerKey = (await provisionKey(server, { key: { role: 'owner' } })).key;
    adminToken = server.platform.config.secrets.adminToken!;
  });
  afterAll(async () => {
    await dispatcher.close();
    await server?.close();
  });

  it('answers thousands of hostile requests over every route without a 5xx, a crash or unbounded memory', async () => {
    const routes = [
      ...server.app.routeTable,
      ...inferenceRoutes.map((route) => ({ method: route.method, url: route.path })),
    ].filter((route) => route.method !== 'OPTIONS');
    const pick = random(14);
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let sent = 0;
    const perRoute = Math.max(12, Math.ceil(2_200 / routes.length));
    for (const route of routes) {
      const jobs: Array<Promise<void>> = [];
      for (let round = 0; round < perRoute; round++) {
        const url = route.url
          .replace(/:[A-Za-z]+/g, () => segments[Math.floor(pick() * segments.length)]!)
          .replace('*', () => segments[Math.floor(pick() * segments.length)]!);
        const who = Math.floor(pick() * 3);
        const authorization = who === 0 ? `Bearer ${ownerKey}` : who === 1 ? `Bearer ${adminToken}` : undefined;
        const query =
          pick() < 0.3 ? `?limit=${segments[Math.floor(pick() * segments.length)]}&orgId=%00&offset=-5` : '';
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const { body, contentType } = hasBody ? hostileBody(pick) : { body: undefined, contentType: undefined };
        sent++;
        jobs.push(
          request(`${server.url}${url}${query}`, {
            method: route.method as 'GET',
            dispatcher,
            headers: {
              ...(authorization ? { authorization } : {}),
              ...(contentType ? { 'content-type': contentType } : {}),
            },
            body,
          }).then(
            async (response) => {
              await response.body.dump();
              const key = `${Math.floor(response.statusCode / 100)}xx`;
              counts[key] = (counts[key] ?? 0) + 1;
              counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
              if (response.statusCode >= 500) failures.push(`${route.method} ${url}${query} → ${response.statusCode}`);
            },
            (error: Error) => {
              counts.network = (counts.network ?? 0) + 1;
              failures.push(`${route.method} ${url}: ${error.message}`);
            },
          ),
        );
        if (jobs.length >= 8) await Promise.all(jobs.splice(0));
      }
      await Promise.all(jobs);
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    const health = await request(`${server.url}/healthz`, { dispatcher });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const growthMb = Math.round((rssPeak - rssBefore) / 1024 / 1024);
    console.log(
      `API fuzz: ${sent} requests over ${routes.length} routes; answers ${JSON.stringify(counts)}; RSS growth ${growthMb} MB`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2_000);
    expect(growthMb).toBeLessThan(400);
  }, 120_000);
});
