import { Agent } from 'undici';
import type { KaiyuanConfig, ProviderConfig, Timeouts } from '../config/config-schema.ts';
import { createProvider, type UpstreamProtocol } from '../providers/create-provider.ts';
import { SimulatorProvider } from '../providers/simulator/simulator-provider.ts';
import type { Provider } from '../providers/spec.ts';

/** What a hosted-vendor or local-engine preset contributes (see providers/presets). */
export interface PresetDefinition {
  name: string;
  protocol: UpstreamProtocol;
  baseUrl: string;
  apiKeyEnv?: string;
  /** How the key is sent: `Authorization: Bearer` (default) or `x-api-key`. */
  authStyle?: 'bearer' | 'x-api-key';
  tags?: readonly string[];
  quirks?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Models served once the preset is enabled: client-facing id, upstream id, catalog card. */
  models?: ReadonlyArray<{ id: string; upstreamModel: string; catalog?: string }>;
}

export interface ProviderInstance {
  name: string;
  provider: Provider;
  tags: readonly string[];
  timeouts: Partial<Timeouts>;
  source: 'config' | 'preset' | 'simulator' | 'discovery';
  preset: PresetDefinition | null;
}

type Environment = Record<string, string | undefined>;

/**
 * Builds the providers: the simulator, every provider in the config, and every preset whose key
 * is in the environment (e.g. DEEPSEEK_API_KEY) that the config does not already name.
 */
export function buildProviders(
  config: KaiyuanConfig,
  environment: Environment,
  presets: Record<string, PresetDefinition>,
): ProviderInstance[] {
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
    instances.push(providerFromConfig(name, providerConfig, environment, presets));
  }
  const configured = new Set(instances.map((instance) => instance.name));
  const configuredPresets = new Set(Object.values(config.providers).map((provider) => provider.preset));
  for (const preset of Object.values(presets)) {
    if (!preset.apiKeyEnv || configured.has(preset.name) || configuredPresets.has(preset.name)) continue;
    const apiKey = environment[preset.apiKeyEnv];
    if (!apiKey) continue;
    instances.push(
      upstreamInstance(
        preset.name,
        preset,
        { baseUrl: preset.baseUrl, apiKey, headers: {}, quirks: {}, maxConnections: 256, timeouts: {} },
        'preset',
      ),
    );
  }
  return instances;
}

function providerFromConfig(
  name: string,
  config: ProviderConfig,
  environment: Environment,
  presets: Record<string, PresetDefinition>,
): ProviderInstance {
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
  const preset = config.preset ? presets[config.preset] : undefined;
  if (config.preset && !preset) {
    throw new Error(
      `providers.${name}.preset: unknown preset '${config.preset}'; known presets: ${Object.keys(presets).sort().join(', ')}`,
    );
  }
  const baseUrl = config.baseUrl ?? preset?.baseUrl;
  if (!baseUrl) throw new Error(`providers.${name}: baseUrl is required (or a preset that has one)`);
  const keyVariable = config.apiKeyEnv ?? preset?.apiKeyEnv;
  const apiKey = config.apiKey ?? (keyVariable ? environment[keyVariable] : undefined);
  const definition: PresetDefinition = preset ?? { name, protocol: config.type, baseUrl };
  return {
    ...upstreamInstance(
      name,
      definition,
      {
        baseUrl,
        apiKey,
        headers: config.headers,
        quirks: config.quirks,
        maxConnections: config.maxConnections,
        timeouts: config.timeouts,
      },
      'config',
    ),
    tags: config.tags.length > 0 ? config.tags : (preset?.tags ?? []),
  };
}

interface UpstreamOptions {
  baseUrl: string;
  apiKey: string | undefined;
  headers: Record<string, string>;
  quirks: Record<string, unknown>;
  maxConnections: number;
  timeouts: Partial<Timeouts>;
}

export function upstreamInstance(
  name: string,
  preset: PresetDefinition,
  options: UpstreamOptions,
  source: ProviderInstance['source'],
): ProviderInstance {
  const dispatcher = new Agent({
    connections: options.maxConnections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connect: { timeout: options.timeouts.connectMs ?? 5_000 },
    headersTimeout: options.timeouts.firstByteMs ?? 60_000,
    bodyTimeout: options.timeouts.idleMs ?? 60_000,
  });
  const staticHeaders: Record<string, string> = { ...(preset.headers ?? {}), ...options.headers };
  if (options.apiKey) {
    if (preset.authStyle === 'x-api-key') staticHeaders['x-api-key'] = options.apiKey;
    else staticHeaders.authorization = `Bearer ${options.apiKey}`;
  }
  const provider = createProvider(preset.protocol, {
    name,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: () => staticHeaders,
    dispatcher,
    quirks: { ...(preset.quirks ?? {}), ...options.quirks },
  });
  return { name, provider, tags: preset.tags ?? [], timeouts: options.timeouts, source, preset };
}
