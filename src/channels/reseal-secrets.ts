import type { Store } from '../store/database.ts';
import type { SecretBox } from '../util/secret-box.ts';
import { channelKeyIdentity } from './channel-keys.ts';
import { ChannelRepository } from './channel-repository.ts';

export interface ResealCounts {
  /** Sealed values read. */
  checked: number;
  /** Re-encrypted under the current master key. */
  resealed: number;
  /** Already under the current key. */
  current: number;
}

/**
 * Re-encrypts every stored channel key under the current master key (after a rotation: the new
 * key current, the old one among the previous keys). Each value is opened with its own record
 * identity and sealed again with it; one that does not open stops the rotation with its id.
 */
export async function resealChannelKeys(store: Store, box: SecretBox): Promise<ResealCounts> {
  const repository = new ChannelRepository(store);
  const counts: ResealCounts = { checked: 0, resealed: 0, current: 0 };
  for (const key of await repository.keys()) {
    counts.checked++;
    if (!box.needsResealing(key.sealed)) {
      counts.current++;
      continue;
    }
    const identity = channelKeyIdentity(key.channelId, key.id);
    let plaintext: string;
    try {
      plaintext = box.open(key.sealed, identity);
    } catch (error) {
      throw new Error(`The channel key ${key.id} (${key.hint}) does not open: ${(error as Error).message}`);
    }
    await repository.reseal(key.id, box.seal(plaintext, identity));
    counts.resealed++;
  }
  return counts;
}
