import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './load-config.ts';
import { isSecretKey } from './secret-values.ts';

describe('secrets in the config', () => {
  const config = resolveConfig(
    {
      providers: { box: { baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'sk-written-in-yaml' } },
      discovery: { servers: [{ name: 'gpu', baseUrl: 'http://10.0.0.5:8000/v1', apiKey: 'sk-discovery' }] },
      database: { url: 'postgres://kaiyuan:pg-password@db/kaiyuan' },
    },
    { KAIYUAN_ADMIN_TOKEN: 'admin-token-from-environment', DEEPSEEK_API_KEY: 'sk-deepseek-from-environment' },
  );
  const secrets = [
    'sk-written-in-yaml',
    'sk-discovery',
    'pg-password',
    'admin-token-from-environment',
    'sk-deepseek-from-environment',
  ];

  it('are read as they are', () => {
    expect(config.secrets.adminToken).toBe('admin-token-from-environment');
    expect(config.secrets.providerKeys.deepseek).toBe('sk-deepseek-from-environment');
    expect(config.providers.box!.apiKey).toBe('sk-written-in-yaml');
  });

  it('never reach a log line or JSON, the rest of the config does', () => {
    let output = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    logger.info({ config }, 'configuration');
    logger.info({ secrets: config.secrets }, 'secrets');
    output += JSON.stringify(config);
    expect(output).toContain('"baseUrl":"http://127.0.0.1:8000/v1"');
    expect(output).toContain('"secrets":{"adminToken":"[hidden]","providerKeys":"[hidden]"}');
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('are named by their keys', () => {
    for (const key of ['secrets.adminToken', 'providers.x.apiKey', 'discovery.servers.0.apiKey', 'redis.url']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['providers.x.apiKeyEnv', 'providers.x.baseUrl', 'server.port']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});
