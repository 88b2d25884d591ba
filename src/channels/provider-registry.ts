import { Agent } from 'undici';
import type { KaiyuanConfig, ProviderConfig, Timeouts } from '../config/config-schema.ts';
import { createProvider, type UpstreamSettings } from '../providers/create-provider.ts';
import { authHeaders, providerPresets, type AuthStyle, type ProviderPreset } from '../providers/presets/index.ts';
import { SimulatorProvider } from '../providers/simulator/simulator-provider.ts';
import type { Provider } from '../providers/spec.ts';
import type { UpstreamProtocol } from '../providers/upstream-protocols.ts';

export interface ProviderInstance {
  name: string;
  provider: Provider;
  tags: readonly string[];
  timeouts: Partial<Timeouts>;
  source: 'config' | 'preset' | 'simulator' | 'discovery' | 'live';
  /** The preset the provider was made from (an enabled hosted preset also serves its default models). */
  preset: ProviderPreset | null;
  /** Closes the provider's connection pool once the calls in flight are done (a removed live channel). */
  close?: () => Promise<void>;
}

/** What the operator sets over a preset (kaiyuan.yaml, discovery), or everything when there is none. */
export interface UpstreamOverrides {
  /** The protocol of a provider without a preset (default openai-compatible). */
  protocol?: UpstreamProtocol;
  baseUrl?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Quirks over the preset's, already validated against the protocol's schema (config loader). */
  quirks?: Record<string, unknown>;
  /** Replace the preset's tags when not empty. */
  tags?: readonly string[];
  maxConnections: number;
  timeouts?: Partial<Timeouts>;
  /** A connection pool to share (the keys of one channel share one); default a new one. */
  dispatcher?: Agent;
}

/** How a protocol authenticates when no preset says otherwise. */
const defaultAuthStyle: Record<UpstreamProtocol, AuthStyle> = { 'openai-compatible': 'bearer', anthropic: 'x-api-key' };

/**
 * Builds the providers: the simulator, every provider in the config, and every hosted preset
 * with a key in `secrets.providerKeys` (e.g. from DEEPSEEK_API_KEY) that the config does not
 * already name or use.
 */
export function buildProviders(config: KaiyuanConfig): ProviderInstance[] {
  const keys = config.secrets.providerKeys;
  const instances: ProviderInstance[] = [];
  if (config.simulator.enabled) {
    instances.push({
      name: 'simulator',
      provider: new SimulatorProvider('simulator', config.simulator.options),
      tags: ['local'],
      timeouts: {},
      source: 'simulator',
      preset: null,
    });
  }
  for (const [name, providerConfig] of Object.entries(config.providers)) {
    instances.push(providerFromConfig(name, providerConfig, keys[name]));
  }
  const configured = new Set(instances.map((instance) => instance.name));
  const configuredPresets = new Set(Object.values(config.providers).map((provider) => provider.preset));
  for (const preset of Object.values(providerPresets)) {
    const apiKey = keys[preset.name];
    if (preset.kind !== 'hosted' || !apiKey || configured.has(preset.name) || configuredPresets.has(preset.name)) {
      continue;
    }
    instances.push(upstreamInstance(preset.name, preset, { apiKey, maxConnections: 256 }, 'preset'));
  }
  return instances;
}

function providerFromConfig(name: string, config: ProviderConfig, key: string | undefined): ProviderInstance {
  if (config.type === 'simulator') {
    return {
      name,
      provider: new SimulatorProvider(name, config.simulator),
      tags: config.tags,
      timeouts: config.timeouts,
      source: 'config',
      preset: null,
    };
  }
  const preset = config.preset ? providerPresets[config.preset]! : null;
  return upstreamInstance(
    name,
    preset,
    {
      protocol: config.type,
      baseUrl: config.baseUrl,
      apiKey: config.apiKey ?? key,
      headers: config.headers,
      quirks: config.quirks,
      tags: config.tags,
      maxConnections: config.maxConnections,
      timeouts: config.timeouts,
    },
    'config',
  );
}

/** One upstream provider with its own keep-alive pool: the preset's fields with the overrides over them. */
export function upstreamInstance(
  name: string,
  preset: ProviderPreset | null,
  overrides: UpstreamOverrides,
  source: ProviderInstance['source'],
): ProviderInstance {
  const protocol = preset?.protocol ?? overrides.protocol ?? 'openai-compatible';
  const baseUrl = overrides.baseUrl ?? preset?.baseUrl;
  if (!baseUrl) throw new Error(`providers.${name}: baseUrl is required (or a preset that has one)`);
  const timeouts = overrides.timeouts ?? {};
  const dispatcher = overrides.dispatcher ?? upstreamAgent(overrides.maxConnections, timeouts);
  const headers: Record<string, string> = {
    ...preset?.headers,
    ...overrides.headers,
    ...authHeaders(preset?.authStyle ?? defaultAuthStyle[protocol], overrides.apiKey),
  };
  // The quirks were validated against this protocol's schema when the config was loaded; a
  // preset's are typed by it.
  const settings = {
    protocol,
    name,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: () => headers,
    dispatcher,
    quirks: { ...preset?.quirks, ...overrides.quirks },
  } as UpstreamSettings;
  const tags = overrides.tags && overrides.tags.length > 0 ? overrides.tags : (preset?.tags ?? []);
  return { name, provider: createProvider(settings), tags, timeouts, source, preset, close: () => dispatcher.close() };
}

/** The keep-alive pool of one upstream. */
export function upstreamAgent(maxConnections: number, timeouts: Partial<Timeouts>): Agent {
  return new Agent({
    connections: maxConnections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: { timeout: timeouts.connectMs ?? 5_000 },
    headersTimeout: timeouts.firstByteMs ?? 60_000,
    bodyTimeout: timeouts.idleMs ?? 60_000,
  });
}
