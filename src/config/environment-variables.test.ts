import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerPresets } from '../providers/presets/index.ts';
import { packageRoot } from '../util/package-root.ts';
import { environmentVariables } from './environment-variables.ts';
import { resolveConfig } from './load-config.ts';

const guide = readFileSync(path.join(packageRoot(), 'docs/operator-guide.md'), 'utf8');

describe('environment variables', () => {
  it('each set the config key they name', () => {
    const samples = { string: 'postgres://db/k', number: '4321', boolean: 'true' } as const;
    for (const variable of environmentVariables) {
      const text =
        variable.name === 'LOG_LEVEL'
          ? 'debug'
          : variable.name === 'KAIYUAN_SIGNUP_POLICY'
            ? 'open'
            : variable.name === 'KAIYUAN_WORKERS'
              ? 'auto'
              : variable.name.includes('TOKEN')
                ? 'a-token-of-twenty-chars'
                : samples[variable.kind];
      const config = resolveConfig({}, { [variable.name]: text }) as unknown as Record<string, unknown>;
      const value = variable.key
        .split('.')
        .reduce<unknown>((section, key) => (section as Record<string, unknown>)[key], config);
      expect(value, variable.name).toEqual(
        variable.kind === 'number' ? 4321 : variable.kind === 'boolean' ? true : text,
      );
    }
  });

  it('are all in the table of the operator guide, with their config key', () => {
    for (const variable of environmentVariables) {
      expect(guide, variable.name).toContain(`| \`${variable.name}\` | \`${variable.key}\` |`);
    }
    for (const preset of Object.values(providerPresets)) {
      if (preset.apiKeyEnv) expect(guide, preset.apiKeyEnv).toContain(`\`${preset.apiKeyEnv}\``);
    }
  });

  it('reach the code only through the config loader (and the CLI through its settings module)', () => {
    // Beside them only the worker's slot, which the primary of `serve --workers` sets in each worker's
    // environment: it is not configuration.
    const source = path.join(packageRoot(), 'src');
    const readers = readdirSync(source, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .filter((file) => /process\.env\b/.test(readFileSync(path.join(source, file), 'utf8')))
      .map((file) => file.split(path.sep).join('/'))
      .sort();
    expect(readers).toEqual(['cli/cli-settings.ts', 'cluster/primary-link.ts', 'config/load-config.ts']);
  });
});
