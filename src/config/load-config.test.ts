import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

function withConfig(text: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-config-'));
  writeFileSync(path.join(directory, 'kaiyuan.yaml'), text);
  return directory;
}

describe('loadConfig', () => {
  it('runs with defaults when there is no file', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-config-'));
    const { config, source } = loadConfig({}, directory);
    expect(source).toBeNull();
    expect(config.server.port).toBe(8080);
    expect(config.dataDir).toBe('./data');
    expect(config.simulator.enabled).toBe(true);
  });

  it('takes PORT, KAIYUAN_DATA_DIR, DATABASE_URL and REDIS_URL from the environment', () => {
    const directory = withConfig('server:\n  port: 9000\n');
    const { config } = loadConfig(
      { PORT: '7001', KAIYUAN_DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://db/k', REDIS_URL: 'redis://r' },
      directory,
    );
    expect(config.server.port).toBe(7001);
    expect(config.dataDir).toBe('/tmp/x');
    expect(config.database.url).toBe('postgres://db/k');
    expect(config.redis.url).toBe('redis://r');
  });

  it('names the field, the value and the expectation of a bad setting', () => {
    const directory = withConfig(
      'models:\n  my-model:\n    strategy: fastest\n    deployments:\n      - provider: local\n        weight: heavy\n',
    );
    let message = '';
    try {
      loadConfig({}, directory);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('models.my-model.strategy: got "fastest" (string); expected one of "priority"');
    expect(message).toContain('models.my-model.deployments[0].weight: got "heavy" (string); expected number');
  });

  it('rejects unknown fields, naming them', () => {
    const directory = withConfig('server:\n  prot: 80\n');
    expect(() => loadConfig({}, directory)).toThrow(/server: .*unknown: prot/);
  });

  it('rejects a non-numeric PORT', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, mkdtempSync(path.join(tmpdir(), 'k-')))).toThrow(/PORT: got "eighty"/);
  });

  it('fails when KAIYUAN_CONFIG points nowhere', () => {
    expect(() => loadConfig({ KAIYUAN_CONFIG: '/nonexistent/k.yaml' })).toThrow(/does not exist/);
  });
});
