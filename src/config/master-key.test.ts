import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMasterKey, loadMasterKeys, masterKeyFile, secretBoxFromConfig } from './master-key.ts';

describe('master key', () => {
  it('generates a key file (0600) on first use and reads the same key afterwards', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiyuan-master-key-'));
    const first = loadMasterKeys({ dataDir, secrets: {} });
    expect(first.source).toBe('file');
    expect(statSync(masterKeyFile(dataDir)).mode & 0o777).toBe(0o600);
    const sealed = secretBoxFromConfig({ dataDir, secrets: {} }).seal('sk-1');
    expect(secretBoxFromConfig({ dataDir, secrets: {} }).open(sealed)).toBe('sk-1');
    expect(readFileSync(masterKeyFile(dataDir), 'utf8').trim()).toBe(first.keys[0]!.toString('base64'));
  });

  it('prefers a configured key, in base64 or hex, and keeps previous keys for reading', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiyuan-master-key-'));
    const old = generateMasterKey();
    const sealedBefore = secretBoxFromConfig({ dataDir, secrets: { masterKey: old } }).seal('sk-2');
    const current = Buffer.from(generateMasterKey(), 'base64').toString('hex');
    const rotated = secretBoxFromConfig({ dataDir, secrets: { masterKey: current, previousMasterKeys: ` ${old} ` } });
    expect(rotated.open(sealedBefore)).toBe('sk-2');
    expect(rotated.needsResealing(sealedBefore)).toBe(true);
    expect(loadMasterKeys({ dataDir, secrets: { masterKey: current } }).source).toBe('config');
  });

  it('refuses a key that is not 32 bytes with a message saying how to make one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kaiyuan-master-key-'));
    expect(() => loadMasterKeys({ dataDir, secrets: { masterKey: 'correct horse battery staple' } })).toThrow(
      /KAIYUAN_MASTER_KEY\) must be 32 random bytes.*openssl rand -base64 32/,
    );
  });
});
