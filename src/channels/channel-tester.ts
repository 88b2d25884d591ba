import type { ChannelTestResult } from '../api-contract/channels.ts';
import { ProviderError, type Provider } from '../providers/spec.ts';
import { findPreset } from '../providers/presets/index.ts';
import { timeoutsSchema } from '../config/config-schema.ts';
import { toKaiyuanError } from '../util/errors.ts';
import type { OpenedKey } from './channel-publisher.ts';
import type { StoredChannel } from './channel-repository.ts';
import { isKeyProblem } from './key-pool-provider.ts';
import { upstreamAgent, upstreamInstance } from './provider-registry.ts';

export interface ChannelTestOutcome extends ChannelTestResult {
  keys: Array<ChannelTestResult['keys'][number] & { rejected: boolean }>;
}

const testTimeoutMs = 15_000;
const defaultTimeouts = timeoutsSchema.parse({});

/**
 * Tests a channel as a client would use it: with each upstream key, the upstream's model list
 * (where it has one) and a one-token chat on the channel's model; the latency is the chat's.
 */
export async function testChannel(
  channel: StoredChannel,
  keys: readonly OpenedKey[],
  model: string | undefined,
): Promise<ChannelTestOutcome> {
  const mapping = model ? channel.models.find((candidate) => candidate.name === model) : channel.models[0];
  const upstreamModel = mapping ? (mapping.upstream ?? mapping.name) : (model ?? null);
  const preset = channel.preset ? (findPreset(channel.preset) ?? null) : null;
  const dispatcher = upstreamAgent(4, channel.timeouts);
  const candidates: Array<{ id: string; hint: string; secret: string | undefined }> =
    keys.length > 0
      ? keys.map(({ key, secret }) => ({ id: key.id, hint: key.hint, secret }))
      : [{ id: '-', hint: '(no key)', secret: undefined }];
  const results: ChannelTestOutcome['keys'] = [];
  let latency: number | null = null;
  let upstreamModels: string[] | null = null;
  let firstError: { code: string; message: string } | null = null;
  try {
    for (const candidate of candidates) {
      const { provider } = upstreamInstance(
        channel.name,
        preset,
        {
          protocol: channel.type,
          baseUrl: channel.baseUrl ?? undefined,
          apiKey: candidate.secret,
          maxConnections: 4,
          timeouts: channel.timeouts,
          dispatcher,
        },
        'live',
      );
      try {
        const outcome = await probe(provider, upstreamModel, channel);
        latency ??= outcome.latencyMs;
        upstreamModels ??= outcome.models;
        results.push({ id: candidate.id, hint: candidate.hint, ok: true, error: null, rejected: false });
      } catch (thrown) {
        const error = toKaiyuanError(thrown);
        const rejected = isKeyProblem(thrown);
        const upstream = thrown instanceof ProviderError ? thrown.upstreamMessage : undefined;
        const message = rejected
          ? `The upstream refused the key ${candidate.hint} (${(thrown as ProviderError).upstreamStatus}): ${upstream ?? error.message}`
          : `${error.message}${upstream && !error.message.includes(upstream) ? ` (${upstream})` : ''}`;
        firstError ??= { code: rejected ? 'upstream_key_rejected' : error.code, message: message.slice(0, 500) };
        results.push({ id: candidate.id, hint: candidate.hint, ok: false, error: message.slice(0, 500), rejected });
      }
    }
  } finally {
    void dispatcher.close().catch(() => undefined);
  }
  return {
    object: 'channel_test',
    channel: channel.name,
    ok: results.every((result) => result.ok),
    model: mapping?.name ?? model ?? null,
    latency_ms: latency,
    upstream_models: upstreamModels,
    keys: results,
    error: firstError,
  };
}

async function probe(
  provider: Provider,
  upstreamModel: string | null,
  channel: StoredChannel,
): Promise<{ latencyMs: number | null; models: string[] | null }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), testTimeoutMs);
  try {
    let models: string[] | null = null;
    if (provider.listModels) {
      try {
        models = (await provider.listModels(controller.signal)).map((model) => model.id);
      } catch (error) {
        // A key problem shows on the list already; other failures (no list endpoint) leave it to the chat.
        if (isKeyProblem(error) || !upstreamModel) throw error;
      }
    }
    if (!upstreamModel) return { latencyMs: null, models };
    const started = performance.now();
    await provider.chat({
      upstreamModel,
      body: { model: upstreamModel, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
      signal: controller.signal,
      timeouts: { ...defaultTimeouts, ...channel.timeouts, totalMs: testTimeoutMs },
      requestId: `test_${channel.name}_${Date.now()}`,
    });
    return { latencyMs: Math.round(performance.now() - started), models };
  } finally {
    clearTimeout(timer);
  }
}
