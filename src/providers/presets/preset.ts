/**
 * A provider preset: everything needed to reach one hosted vendor or local engine through a
 * protocol adapter — base URL, auth style, key variable, region tags, quirks, default models.
 * This is the one preset type: the control plane builds providers from it and from the
 * operator's `providers:` settings, which use the same fields.
 */
import type { QuirkSettings, UpstreamProtocol } from '../upstream-protocols.ts';

export type AuthStyle = 'bearer' | 'x-api-key';

export interface PresetModel {
  /** Client-facing model id (what applications put in `model`). */
  id: string;
  /** The id the upstream knows. */
  upstreamModel: string;
  /** Card of the model catalog (config/model-catalog.ts) with license, context, capabilities. */
  catalog?: string;
}

interface PresetFields {
  name: string;
  displayName: string;
  /** `hosted`: a vendor API enabled by its key; `local`: an engine the operator runs. */
  kind: 'hosted' | 'local';
  baseUrl: string;
  /** Environment variable whose presence enables a hosted preset and holds its key. */
  apiKeyEnv?: string;
  authStyle: AuthStyle;
  /** Region / jurisdiction tags inherited by the deployments (`cn`, `global`). */
  tags: string[];
  /** Extra headers sent on every call. */
  headers?: Record<string, string>;
  /** Models served by default when the preset is enabled. */
  models: PresetModel[];
  docsUrl?: string;
}

/** A preset of one protocol, its quirks type-checked against that protocol's quirks. */
export type PresetOf<Protocol extends UpstreamProtocol> = PresetFields & {
  protocol: Protocol;
  quirks: QuirkSettings<Protocol>;
};

export type ProviderPreset = { [Protocol in UpstreamProtocol]: PresetOf<Protocol> }[UpstreamProtocol];

/** The auth headers of an auth style (none when there is no key, e.g. a local engine). */
export function authHeaders(auth: AuthStyle, apiKey: string | undefined): Record<string, string> {
  if (!apiKey) return {};
  return auth === 'x-api-key' ? { 'x-api-key': apiKey } : { authorization: `Bearer ${apiKey}` };
}

type OpenAICompatiblePreset = PresetOf<'openai-compatible'>;

/** Defaults for an OpenAI-compatible preset; the vendor file states only what differs. */
export function openAICompatiblePreset(
  preset: Omit<OpenAICompatiblePreset, 'protocol' | 'authStyle' | 'quirks' | 'kind'> &
    Partial<Pick<OpenAICompatiblePreset, 'quirks' | 'kind'>>,
): OpenAICompatiblePreset {
  return { protocol: 'openai-compatible', authStyle: 'bearer', kind: 'hosted', quirks: {}, ...preset };
}

/**
 * Defaults for an engine the operator runs: it serves whatever model it was started with, so it
 * lists no default models (discovery or kaiyuan.yaml names them) and needs no key.
 */
export function localEnginePreset(
  preset: Pick<OpenAICompatiblePreset, 'name' | 'displayName' | 'baseUrl'> &
    Partial<Pick<OpenAICompatiblePreset, 'quirks' | 'docsUrl'>>,
): OpenAICompatiblePreset {
  return openAICompatiblePreset({ kind: 'local', tags: [], models: [], ...preset });
}
