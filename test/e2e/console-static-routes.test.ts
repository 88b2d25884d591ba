import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConsoleStaticRoutes } from '../../src/http/routes/console-static-routes.ts';

/** Serving of the built console (no browser needed): SPA fallback, caching, API paths untouched. */
describe('console static routes', () => {
  let directory: string;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-console-'));
    mkdirSync(path.join(directory, 'assets'));
    writeFileSync(path.join(directory, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(directory, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(directory, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const bundle = `export const text = ${JSON.stringify('压缩 compressed '.repeat(200))};`;
    writeFileSync(path.join(directory, 'assets', 'bundle-def456.js'), bundle);
    writeFileSync(path.join(directory, 'assets', 'bundle-def456.js.br'), brotliCompressSync(bundle));
    writeFileSync(path.join(directory, 'assets', 'bundle-def456.js.gz'), gzipSync(bundle));
    app = Fastify();
    app.setNotFoundHandler(
      (_request, reply) => void reply.code(404).send({ error: { message: 'not found', code: 'unknown_url' } }),
    );
    app.get('/v1/models', async () => ({ object: 'list', data: [] }));
    registerConsoleStaticRoutes(app, undefined, { directory });
    await app.ready();
    bare = Fastify();
    registerConsoleStaticRoutes(bare, undefined, { directory: path.join(directory, 'missing') });
    await bare.ready();
  });

  afterAll(async () => {
    await app.close();
    await bare.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side paths, uncached, with a CSP', async () => {
    for (const url of ['/', '/playground', '/models?x=1', '/platform/users']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['cache-control']).toContain('max-age=31536000');
    const favicon = await app.inject({ url: '/favicon.svg' });
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers['cache-control']).toContain('max-age=3600');
  });

  it('sends the precompressed file the browser accepts, with the original type and cache', async () => {
    const url = '/assets/bundle-def456.js';
    const brotli = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toContain('immutable');
    expect(brotli.headers['vary']).toMatch(/accept-encoding/i);
    const original = brotliDecompressSync(brotli.rawPayload).toString();
    expect(original).toContain('压缩 compressed');
    expect(brotli.rawPayload.length).toBeLessThan(original.length / 10);

    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(original);

    const identity = await app.inject({ url });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body).toBe(original);
    // A file built without compressed copies is still sent, plainly, with its cache header.
    const plain = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1)');
    expect(plain.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 for missing files and never falls back for API paths', async () => {
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    for (const url of ['/v1/unknown', '/admin/v1/orgs', '/console/api/nothing', '/metrics', '/readyz', '/healthz']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'unknown_url' } });
    }
    expect((await app.inject({ url: '/v1/models' })).json()).toMatchObject({ object: 'list' });
  });

  it('does not serve files outside the console directory', async () => {
    const response = await app.inject({ url: '/..%2f..%2fetc%2fpasswd.txt' });
    expect([403, 404]).toContain(response.statusCode);
  });

  it('shows a plain page when the console is not built', async () => {
    const response = await bare.inject({ url: '/' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain('console not built: run npm run build --workspace web');
  });
});
