import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminServer, cliSetting, secretFromEnvironment } from './cli-settings.ts';

describe('CLI settings', () => {
  it('read their variable, empty meaning unset', () => {
    expect(cliSetting('organization', { KAIYUAN_ORG: ' acme ' })).toBe('acme');
    expect(cliSetting('organization', { KAIYUAN_ORG: '' })).toBeUndefined();
    expect(cliSetting('serverUrl', { KAIYUAN_URL: 'https://kaiyuan.example.com' })).toBe('https://kaiyuan.example.com');
  });

  it('name a malformed variable and its value', () => {
    expect(() => cliSetting('serverUrl', { KAIYUAN_URL: 'kaiyuan.example.com:8080' })).toThrow(
      'Invalid environment variable KAIYUAN_URL: got "kaiyuan.example.com:8080"; expected an http(s) URL.',
    );
  });

  it('take the admin server from --url, else KAIYUAN_URL, else the port of the local configuration', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-cli-'));
    writeFileSync(path.join(directory, 'kaiyuan.yaml'), 'server:\n  port: 9123\n');
    const environment = { KAIYUAN_ADMIN_TOKEN: 'token-from-environment' };
    expect(adminServer({}, environment, directory)).toEqual({
      url: 'http://127.0.0.1:9123',
      token: 'token-from-environment',
    });
    expect(adminServer({}, { ...environment, PORT: '7000' }, directory).url).toBe('http://127.0.0.1:7000');
    expect(adminServer({}, { ...environment, KAIYUAN_URL: 'http://10.0.0.2:8080' }, directory).url).toBe(
      'http://10.0.0.2:8080',
    );
    expect(adminServer({ url: 'http://127.0.0.1:1', token: 't' }, environment, directory)).toEqual({
      url: 'http://127.0.0.1:1',
      token: 't',
    });
    expect(() => adminServer({ url: 'nowhere' }, environment, directory)).toThrow('--url: got "nowhere"');
    expect(() => adminServer({}, {}, directory)).toThrow(/pass --token or set KAIYUAN_ADMIN_TOKEN/);
  });

  it('read a secret from the variable the user names', () => {
    expect(secretFromEnvironment('MY_PASSWORD', { MY_PASSWORD: 'correct horse' })).toBe('correct horse');
    expect(secretFromEnvironment('MY_PASSWORD', { MY_PASSWORD: '' })).toBeUndefined();
  });
});
