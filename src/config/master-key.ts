import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createSecretBox, type SecretBox } from '../util/secret-box.ts';

/** Where the master keys came from: the config/environment, or the key file in the data directory. */
export type MasterKeySource = 'config' | 'file';

export interface MasterKeys {
  /** The current key first, then the previous keys still accepted for reading. */
  keys: Buffer[];
  source: MasterKeySource;
  /** The key file, when the key came from one. */
  file?: string;
}

export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

/** The file that holds the generated master key when none is configured. */
export function masterKeyFile(dataDir: string): string {
  return resolve(join(dataDir, 'master.key'));
}

/**
 * The master keys that encrypt stored secrets. A configured `secrets.masterKey`
 * (KAIYUAN_MASTER_KEY) wins; otherwise `<dataDir>/master.key` is read, and written with a new
 * random key (mode 0600) the first time, so a zero-config install encrypts its secrets too.
 */
export function loadMasterKeys(config: {
  dataDir: string;
  secrets: { masterKey?: string | undefined; previousMasterKeys?: string | undefined };
}): MasterKeys {
  const previous = (config.secrets.previousMasterKeys ?? '')
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text.length > 0)
    .map((text) => decodeMasterKey(text, 'secrets.previousMasterKeys (KAIYUAN_PREVIOUS_MASTER_KEYS)'));
  if (config.secrets.masterKey) {
    const current = decodeMasterKey(config.secrets.masterKey, 'secrets.masterKey (KAIYUAN_MASTER_KEY)');
    return { keys: [current, ...previous], source: 'config' };
  }
  const file = masterKeyFile(config.dataDir);
  return { keys: [readOrCreateKeyFile(file), ...previous], source: 'file', file };
}

/** The secret box over the configured (or generated) master keys. */
export function secretBoxFromConfig(config: Parameters<typeof loadMasterKeys>[0]): SecretBox {
  return createSecretBox(loadMasterKeys(config).keys);
}

/** A new random master key, as base64 (what `KAIYUAN_MASTER_KEY` takes). */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** Reads a 32-byte key written as base64 (44 characters) or hex (64 characters). */
export function decodeMasterKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(trimmed) && key.toString('base64') !== trimmed)) {
    throw new MasterKeyError(
      `${where} must be 32 random bytes written as base64 (44 characters) or hex (64 characters); ` +
        'generate one with `kaiyuan secrets generate-key` or `openssl rand -base64 32`.',
    );
  }
  return key;
}

function readOrCreateKeyFile(file: string): Buffer {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) return decodeMasterKey(text, `The master key file ${file}`);
  mkdirSync(dirname(file), { recursive: true });
  const created = generateMasterKey();
  try {
    // 'wx': two processes starting at once do not overwrite each other's key.
    writeFileSync(file, `${created}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return decodeMasterKey(readFileSync(file, 'utf8'), `The master key file ${file}`);
}
