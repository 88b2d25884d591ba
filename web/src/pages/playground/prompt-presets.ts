import type { Language } from '../../i18n/language.ts';

/** A system prompt with a name: built in (in the console's language) or saved by the user in this browser. */
export interface PromptPreset {
  id: string;
  name: string;
  prompt: string;
  builtIn: boolean;
}

type Bilingual = Record<Language, string>;

const builtIns: { id: string; name: Bilingual; prompt: Bilingual }[] = [
  {
    id: 'assistant',
    name: { en: 'Helpful assistant', 'zh-CN': '通用助手' },
    prompt: {
      en: 'You are a helpful assistant. Answer accurately and concisely; say so when you are not sure.',
      'zh-CN': '你是一个乐于助人的助手。回答准确、简洁；不确定时请直接说明。',
    },
  },
  {
    id: 'translator',
    name: { en: 'Translator (Chinese ⇄ English)', 'zh-CN': '中英互译' },
    prompt: {
      en: 'Translate the user’s text: Chinese into English, any other language into Simplified Chinese. Output only the translation, keeping the formatting.',
      'zh-CN': '翻译用户的文本：中文译为英文，其他语言译为简体中文。只输出译文，保留原有格式。',
    },
  },
  {
    id: 'code-reviewer',
    name: { en: 'Code reviewer', 'zh-CN': '代码审查' },
    prompt: {
      en: 'You are a senior engineer reviewing code. Point out bugs, security problems and unclear names first, then suggest concrete fixes with short code blocks.',
      'zh-CN':
        '你是一名资深工程师，负责审查代码。先指出缺陷、安全问题和不清晰的命名，再用简短的代码块给出具体修改建议。',
    },
  },
  {
    id: 'json-extractor',
    name: { en: 'JSON extractor', 'zh-CN': 'JSON 信息抽取' },
    prompt: {
      en: 'Extract the people, organizations, dates and amounts from the user’s text. Reply with one JSON object only, with the keys "people", "organizations", "dates" and "amounts" (arrays of strings).',
      'zh-CN':
        '从用户的文本中抽取人物、机构、日期和金额。只回复一个 JSON 对象，键为 "people"、"organizations"、"dates"、"amounts"（均为字符串数组）。',
    },
  },
  {
    id: 'customer-service',
    name: { en: 'Customer service', 'zh-CN': '客服' },
    prompt: {
      en: 'You are a polite customer service agent. Answer in the customer’s language, keep replies under 100 words, and never promise refunds or dates you cannot confirm.',
      'zh-CN': '你是一名礼貌的客服。使用客户的语言回复，每次不超过 150 字，不承诺无法确认的退款或日期。',
    },
  },
];

export function builtInPresets(language: Language): PromptPreset[] {
  return builtIns.map((preset) => ({
    id: `builtin:${preset.id}`,
    name: preset.name[language],
    prompt: preset.prompt[language],
    builtIn: true,
  }));
}

/** Where the user's presets are kept (this browser only; nothing is sent to the server). */
export const presetsStorageKey = 'kaiyuan.playground.presets';
export const maxSavedPresets = 50;
export const maxPresetNameLength = 60;
export const maxPresetPromptLength = 20_000;

type PresetStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class PresetError extends Error {
  constructor(readonly code: 'name_required' | 'prompt_required' | 'too_long' | 'too_many') {
    super(code);
  }
}

/** The saved presets; whatever in storage is not a preset (edited by hand, another version) is skipped. */
export function loadSavedPresets(storage: PresetStorage): PromptPreset[] {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(presetsStorageKey) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (entry): entry is { id: string; name: string; prompt: string } =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof entry.id === 'string' &&
        typeof entry.name === 'string' &&
        typeof entry.prompt === 'string',
    )
    .slice(0, maxSavedPresets)
    .map(({ id, name, prompt }) => ({ id, name, prompt, builtIn: false }));
}

/** Saves a preset (one of the same name is replaced) and returns the saved list with it. */
export function savePreset(
  storage: PresetStorage,
  name: string,
  prompt: string,
): { presets: PromptPreset[]; saved: PromptPreset } {
  const trimmed = name.trim();
  if (!trimmed) throw new PresetError('name_required');
  if (!prompt.trim()) throw new PresetError('prompt_required');
  if (trimmed.length > maxPresetNameLength || prompt.length > maxPresetPromptLength) throw new PresetError('too_long');
  const current = loadSavedPresets(storage);
  const existing = current.find((preset) => preset.name.toLowerCase() === trimmed.toLowerCase());
  if (!existing && current.length >= maxSavedPresets) throw new PresetError('too_many');
  const saved: PromptPreset = {
    id: existing?.id ?? `saved:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    name: trimmed,
    prompt,
    builtIn: false,
  };
  const presets = existing
    ? current.map((preset) => (preset.id === existing.id ? saved : preset))
    : [...current, saved];
  write(storage, presets);
  return { presets, saved };
}

export function deletePreset(storage: PresetStorage, id: string): PromptPreset[] {
  const presets = loadSavedPresets(storage).filter((preset) => preset.id !== id);
  write(storage, presets);
  return presets;
}

function write(storage: PresetStorage, presets: readonly PromptPreset[]): void {
  storage.setItem(presetsStorageKey, JSON.stringify(presets.map(({ id, name, prompt }) => ({ id, name, prompt }))));
}

/** The browser's localStorage, or a memory stand-in where storage is disabled. */
export function presetStorage(): PresetStorage {
  try {
    const probe = '__kaiyuan_probe__';
    localStorage.setItem(probe, probe);
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return memoryStorage();
  }
}

export function memoryStorage(): PresetStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}
