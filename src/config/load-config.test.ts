import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveConfig } from './load-config.ts';

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
    expect(() => loadConfig({ PORT: 'eighty' }, mkdtempSync(path.join(tmpdir(), 'k-')))).toThrow(
      'PORT (server.port): got "eighty"; expected a number',
    );
  });

  it('fails when KAIYUAN_CONFIG points nowhere', () => {
    expect(() => loadConfig({ KAIYUAN_CONFIG: '/nonexistent/k.yaml' })).toThrow(/does not exist/);
  });
});

/** The message of the ConfigError that loading throws. */
function configError(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('provider quirks', () => {
  const failure = (yaml: string) => configError(() => loadConfig({}, withConfig(yaml)));

  it('accepts the quirks of the protocol, typed', () => {
    const { config } = loadConfig(
      {},
      withConfig(
        'providers:\n  box:\n    baseUrl: http://127.0.0.1:8000/v1\n    quirks: { thinkTags: implicit-open, dropParams: [logprobs], chatPath: /v2/chat }\n',
      ),
    );
    expect(config.providers.box!.quirks).toEqual({
      thinkTags: 'implicit-open',
      dropParams: ['logprobs'],
      chatPath: '/v2/chat',
    });
  });

  it('names an unknown quirk and lists the known ones', () => {
    const message = failure(
      'providers:\n  box:\n    baseUrl: http://127.0.0.1:8000/v1\n    quirks: { thinkTag: true }\n',
    );
    expect(message).toContain(
      'providers.box.quirks.thinkTag: got true (boolean); expected a quirk of the openai-compatible protocol (streamOptions, streamUsage',
    );
  });

  it('names a quirk of the wrong type, its value and the expectation', () => {
    const message = failure(
      'providers:\n  box:\n    baseUrl: http://127.0.0.1:8000/v1\n    quirks: { streamOptions: "no", maxTokensField: limit, chatPath: chat }\n',
    );
    expect(message).toContain('providers.box.quirks.streamOptions: got "no" (string); expected boolean');
    expect(message).toContain(
      'providers.box.quirks.maxTokensField: got "limit" (string); expected one of "max_tokens", "max_completion_tokens", "keep"',
    );
    expect(message).toContain(
      'providers.box.quirks.chatPath: got "chat" (string); expected a string starting with "/"',
    );
  });

  it("checks quirks against the preset's protocol, not the default type", () => {
    const message = failure(
      'providers:\n  claude:\n    preset: anthropic\n    quirks: { defaultMaxTokens: 0, thinkTags: true }\n',
    );
    expect(message).toContain(
      'providers.claude.quirks.defaultMaxTokens: got 0 (number); expected a value of more than 0',
    );
    expect(message).toContain(
      'providers.claude.quirks.thinkTags: got true (boolean); expected a quirk of the anthropic protocol (defaultMaxTokens, apiVersion)',
    );
    const { config } = loadConfig(
      {},
      withConfig('providers:\n  claude:\n    preset: anthropic\n    quirks: { defaultMaxTokens: 8192 }\n'),
    );
    expect(config.providers.claude!.quirks).toEqual({ defaultMaxTokens: 8192 });
  });

  it('names an unknown preset and a provider without a base URL', () => {
    expect(failure('providers:\n  x:\n    preset: deepsek\n')).toMatch(
      /providers\.x\.preset: got "deepsek" \(string\); expected one of .*"deepseek"/,
    );
    expect(failure('providers:\n  x:\n    tags: [cn]\n')).toContain(
      'providers.x.baseUrl: got nothing; expected a URL (required unless a preset gives one)',
    );
  });
});

describe('the environment', () => {
  const failure = (environment: Record<string, string>, raw: Record<string, unknown> = {}) =>
    configError(() => resolveConfig(raw, environment));

  it('sets the data, jobs and secrets sections, over kaiyuan.yaml', () => {
    const raw = { data: { gzip: true, uploadLimitMb: 64 }, jobs: { queuePrefix: 'from-yaml' } };
    expect(resolveConfig(raw, {})).toMatchObject({
      data: { gzip: true, uploadLimitMb: 64 },
      jobs: { queuePrefix: 'from-yaml', workerInServer: true },
      secrets: { providerKeys: {} },
    });
    const config = resolveConfig(raw, {
      KAIYUAN_DATA_GZIP: '0',
      KAIYUAN_UPLOAD_LIMIT_MB: '512',
      KAIYUAN_QUEUE_PREFIX: 'tenant-a',
      KAIYUAN_WORKER_IN_SERVER: 'false',
      KAIYUAN_ADMIN_TOKEN: 'admin-token-0123456789',
    });
    expect(config.data).toEqual({ gzip: false, uploadLimitMb: 512 });
    expect(config.jobs).toEqual({ queuePrefix: 'tenant-a', workerInServer: false });
    expect(config.secrets.adminToken).toBe('admin-token-0123456789');
    expect(raw.jobs.queuePrefix).toBe('from-yaml');
  });

  it('treats an empty variable as unset', () => {
    expect(resolveConfig({ data: { uploadLimitMb: 64 } }, { KAIYUAN_UPLOAD_LIMIT_MB: '', PORT: ' ' })).toMatchObject({
      data: { uploadLimitMb: 64 },
      server: { port: 8080 },
    });
  });

  it('names every malformed variable, its value and what was expected', () => {
    const message = failure({ KAIYUAN_UPLOAD_LIMIT_MB: '10GB', KAIYUAN_WORKER_IN_SERVER: 'maybe' });
    expect(message).toContain('KAIYUAN_UPLOAD_LIMIT_MB (data.uploadLimitMb): got "10GB"; expected a number');
    expect(message).toContain(
      'KAIYUAN_WORKER_IN_SERVER (jobs.workerInServer): got "maybe"; expected 1, 0, true or false',
    );
  });

  it('names the variable behind a value the schema refuses', () => {
    expect(failure({ KAIYUAN_UPLOAD_LIMIT_MB: '-5' })).toContain(
      'data.uploadLimitMb (from KAIYUAN_UPLOAD_LIMIT_MB): got -5 (number); expected a value of more than 0',
    );
    expect(failure({ LOG_LEVEL: 'loud' })).toContain(
      'logging.level (from LOG_LEVEL): got "loud" (string); expected one of',
    );
  });

  it('never shows a secret in a message', () => {
    const message = failure({ KAIYUAN_ADMIN_TOKEN: 'short-secret' });
    expect(message).toContain(
      'secrets.adminToken (from KAIYUAN_ADMIN_TOKEN): got (hidden); expected a value of at least 16 character(s)',
    );
    expect(message).not.toContain('short-secret');
    const unknown = failure({}, { secrets: { providerKeys: { deepsek: 'sk-typo-secret' } } });
    expect(unknown).toContain(
      'secrets.providerKeys.deepsek: got (hidden); expected the name of a provider under providers: or of a hosted preset (anthropic, ark, baichuan, dashscope',
    );
    expect(unknown).not.toContain('sk-typo-secret');
  });
});

describe('upstream keys', () => {
  it("resolves the hosted presets' variables and the variables providers name, by provider name", () => {
    const config = resolveConfig(
      {
        providers: {
          box: { baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'BOX_KEY' },
          ds: { preset: 'deepseek' },
          quiet: { baseUrl: 'http://127.0.0.1:8001/v1', apiKeyEnv: 'UNSET_KEY' },
        },
        secrets: { providerKeys: { moonshot: 'sk-moon-yaml', box: 'sk-box-yaml' } },
      },
      { BOX_KEY: ' sk-box ', DEEPSEEK_API_KEY: 'sk-ds', SILICONFLOW_API_KEY: 'sk-sf', ZHIPU_API_KEY: '' },
    );
    expect(config.secrets.providerKeys).toEqual({
      box: 'sk-box',
      ds: 'sk-ds',
      deepseek: 'sk-ds',
      siliconflow: 'sk-sf',
      moonshot: 'sk-moon-yaml',
    });
  });

  it("never gives a configured provider another provider's key", () => {
    const config = resolveConfig(
      { providers: { deepseek: { baseUrl: 'https://proxy.example.com/v1', apiKeyEnv: 'PROXY_KEY' } } },
      { DEEPSEEK_API_KEY: 'sk-for-deepseek-only' },
    );
    expect(config.secrets.providerKeys).toEqual({});
  });
});
