import type { SecretBox } from '../util/secret-box.ts';
import { newId } from '../util/ids.ts';
import type { StoredChannelKey } from './channel-repository.ts';

/** The record identity a channel key is sealed to: a sealed key copied to another row does not open. */
export function channelKeyIdentity(channelId: string, keyId: string): string {
  return `channel:${channelId}:key:${keyId}`;
}

/** A masked hint of a secret, e.g. `sk-…a1b2`: its prefix up to the first dash and its last four characters. */
export function maskSecret(secret: string): string {
  const trimmed = secret.trim();
  if (trimmed.length < 12) return '…';
  const dash = trimmed.indexOf('-');
  const prefix = dash > 0 && dash <= 6 ? trimmed.slice(0, dash + 1) : '';
  return `${prefix}…${trimmed.slice(-4)}`;
}

/** Seals new upstream keys of a channel for storage; positions continue after `start`. */
export function sealChannelKeys(
  box: SecretBox,
  channelId: string,
  keys: readonly string[],
  start = 0,
): StoredChannelKey[] {
  return keys.map((key, index) => {
    const id = newId('chk', 12);
    return {
      id,
      channelId,
      position: start + index,
      sealed: box.seal(key.trim(), channelKeyIdentity(channelId, id)),
      hint: maskSecret(key),
      status: 'active',
      statusReason: null,
      statusAt: null,
    };
  });
}

export function openChannelKey(box: SecretBox, key: StoredChannelKey): string {
  return box.open(key.sealed, channelKeyIdentity(key.channelId, key.id));
}
