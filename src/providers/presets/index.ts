/**
 * All provider presets by name. A hosted preset is enabled by its key in the environment
 * (`presetsEnabledByEnvironment`) or by naming it under `providers:` in kaiyuan.yaml.
 */
import { anthropic } from './anthropic.ts';
import { baichuan } from './baichuan.ts';
import { dashscope, dashscopeIntl } from './dashscope.ts';
import { deepseek } from './deepseek.ts';
import { groq } from './groq.ts';
import { huggingface } from './huggingface.ts';
import { hunyuan } from './hunyuan.ts';
import { llamacpp } from './llamacpp.ts';
import { lmdeploy } from './lmdeploy.ts';
import { lmstudio } from './lmstudio.ts';
import { minimax, minimaxIntl } from './minimax.ts';
import { moonshot } from './moonshot.ts';
import { ollama } from './ollama.ts';
import { openai } from './openai.ts';
import { openrouter } from './openrouter.ts';
import type { ProviderPreset } from './preset.ts';
import { qianfan } from './qianfan.ts';
import { sensenova } from './sensenova.ts';
import { sglang } from './sglang.ts';
import { siliconflow } from './siliconflow.ts';
import { stepfun } from './stepfun.ts';
import { tgi } from './tgi.ts';
import { together } from './together.ts';
import { vllm } from './vllm.ts';
import { volcengineArk } from './volcengine-ark.ts';
import { xinference } from './xinference.ts';
import { zhipu } from './zhipu.ts';

export type { AuthStyle, PresetModel, PresetOf, ProviderPreset } from './preset.ts';
export { authHeaders } from './preset.ts';

const all: ProviderPreset[] = [
  deepseek,
  siliconflow,
  dashscope,
  dashscopeIntl,
  qianfan,
  moonshot,
  zhipu,
  volcengineArk,
  sensenova,
  minimax,
  minimaxIntl,
  stepfun,
  baichuan,
  hunyuan,
  together,
  groq,
  openrouter,
  huggingface,
  openai,
  anthropic,
  vllm,
  sglang,
  ollama,
  llamacpp,
  lmstudio,
  tgi,
  lmdeploy,
  xinference,
];

export const providerPresets: Record<string, ProviderPreset> = Object.fromEntries(
  all.map((preset) => [preset.name, preset]),
);

export function findPreset(name: string): ProviderPreset | undefined {
  return Object.hasOwn(providerPresets, name) ? providerPresets[name] : undefined;
}

export interface EnabledPreset {
  preset: ProviderPreset;
  apiKey: string;
}

/** The hosted presets whose key variable is set (non-empty) in the environment (read by the config loader). */
export function presetsEnabledByEnvironment(environment: Record<string, string | undefined>): EnabledPreset[] {
  const enabled: EnabledPreset[] = [];
  for (const preset of all) {
    if (preset.kind !== 'hosted' || !preset.apiKeyEnv) continue;
    const apiKey = environment[preset.apiKeyEnv]?.trim();
    if (apiKey) enabled.push({ preset, apiKey });
  }
  return enabled;
}
