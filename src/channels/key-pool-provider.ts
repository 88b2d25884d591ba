import { ProviderError, type ChatStream, type Provider, type ProviderCall } from '../providers/spec.ts';

/** One upstream key of a channel, with the provider that authenticates with it. */
export interface PooledKey {
  id: string;
  hint: string;
  provider: Provider;
  /** Set when the upstream refused the key; it leaves the rotation until a test passes. */
  rejected: { reason: string; at: number } | null;
}

/**
 * Whether an upstream failure is the key's fault (401, 403, 402, an exhausted quota) rather
 * than the channel's: such a key leaves the rotation and the call moves on to the next key.
 */
export function isKeyProblem(error: unknown): error is ProviderError {
  if (!(error instanceof ProviderError)) return false;
  const status = error.upstreamStatus;
  if (status === 401 || status === 402 || status === 403) return true;
  const text = `${error.upstreamMessage ?? ''} ${error.message}`;
  return status === 429 && /insufficient_quota|quota|balance|arrear|exhausted|billing/i.test(text);
}

/**
 * A provider over several upstream keys of one channel: calls take the keys in turn; a key the
 * upstream refuses is taken out (reported through `onRejected`) and the same call tries the next
 * key, so a bad key costs no client request and does not count against the channel's circuit.
 */
export function keyPoolProvider(keys: PooledKey[], onRejected: (key: PooledKey, reason: string) => void): Provider {
  const first = keys[0]!.provider;
  let turn = 0;

  async function withKey<T>(run: (provider: Provider) => Promise<T>): Promise<T> {
    const active = keys.filter((key) => !key.rejected);
    if (active.length === 0) {
      throw new ProviderError(
        'upstream_keys_rejected',
        `Every upstream key of channel '${first.name}' was refused by the upstream; test the channel after fixing its keys.`,
        { upstreamStatus: 401, phase: 'connect', retryable: true, status: 502 },
      );
    }
    const start = turn++ % active.length;
    let lastError: unknown;
    for (let offset = 0; offset < active.length; offset++) {
      const key = active[(start + offset) % active.length]!;
      try {
        return await run(key.provider);
      } catch (error) {
        if (!isKeyProblem(error)) throw error;
        lastError = error;
        const reason = `${error.upstreamStatus}: ${error.upstreamMessage ?? error.message}`.slice(0, 300);
        key.rejected = { reason, at: Date.now() };
        onRejected(key, reason);
      }
    }
    throw lastError;
  }

  const pooled: Provider = {
    name: first.name,
    protocol: first.protocol,
    streamUsage: first.streamUsage,
    chat: (call: ProviderCall) => withKey((provider) => provider.chat(call)),
    chatStream: (call: ProviderCall): Promise<ChatStream> => withKey((provider) => provider.chatStream(call)),
  };
  if (first.completion) pooled.completion = (call) => withKey((provider) => provider.completion!(call));
  if (first.completionStream)
    pooled.completionStream = (call) => withKey((provider) => provider.completionStream!(call));
  if (first.embeddings) pooled.embeddings = (call) => withKey((provider) => provider.embeddings!(call));
  if (first.listModels) pooled.listModels = (signal) => withKey((provider) => provider.listModels!(signal));
  return pooled;
}
