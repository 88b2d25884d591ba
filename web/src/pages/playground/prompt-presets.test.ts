import { describe, expect, it } from 'vitest';
import {
  builtInPresets,
  deletePreset,
  loadSavedPresets,
  maxSavedPresets,
  memoryStorage,
  PresetError,
  presetsStorageKey,
  savePreset,
} from './prompt-presets.ts';

describe('system prompt presets', () => {
  it('has the same built-in presets in both languages', () => {
    const english = builtInPresets('en');
    const chinese = builtInPresets('zh-CN');
    expect(english.map((preset) => preset.id)).toEqual(chinese.map((preset) => preset.id));
    expect(english[0]!.name).toBe('Helpful assistant');
    expect(chinese[0]!.name).toBe('通用助手');
    expect(chinese.every((preset) => /[\u4e00-\u9fff]/.test(preset.prompt) && preset.builtIn)).toBe(true);
  });

  it('saves, replaces by name, lists and deletes the user’s presets', () => {
    const storage = memoryStorage();
    expect(loadSavedPresets(storage)).toEqual([]);
    const { saved } = savePreset(storage, '  Poet ', 'Answer in verse.');
    expect(saved).toMatchObject({ name: 'Poet', prompt: 'Answer in verse.', builtIn: false });
    savePreset(storage, 'Pirate', 'Talk like a pirate.');
    const replaced = savePreset(storage, 'poet', 'Answer in haiku.');
    expect(replaced.saved.id).toBe(saved.id);
    expect(loadSavedPresets(storage).map((preset) => [preset.name, preset.prompt])).toEqual([
      ['poet', 'Answer in haiku.'],
      ['Pirate', 'Talk like a pirate.'],
    ]);
    expect(deletePreset(storage, saved.id).map((preset) => preset.name)).toEqual(['Pirate']);
    expect(loadSavedPresets(storage).map((preset) => preset.name)).toEqual(['Pirate']);
  });

  it('refuses empty names and prompts and more presets than it keeps', () => {
    const storage = memoryStorage();
    expect(() => savePreset(storage, ' ', 'x')).toThrow(new PresetError('name_required'));
    expect(() => savePreset(storage, 'x', '  ')).toThrow(new PresetError('prompt_required'));
    expect(() => savePreset(storage, 'x'.repeat(61), 'x')).toThrow(new PresetError('too_long'));
    for (let index = 0; index < maxSavedPresets; index++) savePreset(storage, `p${index}`, 'x');
    expect(() => savePreset(storage, 'one more', 'x')).toThrow(new PresetError('too_many'));
    expect(() => savePreset(storage, 'p3', 'replacing is fine')).not.toThrow();
  });

  it('skips what in storage is not a preset', () => {
    const storage = memoryStorage();
    storage.setItem(presetsStorageKey, 'not json');
    expect(loadSavedPresets(storage)).toEqual([]);
    storage.setItem(presetsStorageKey, JSON.stringify([{ id: 'a', name: 'A', prompt: 'p' }, { id: 1 }, null, 'x']));
    expect(loadSavedPresets(storage)).toEqual([{ id: 'a', name: 'A', prompt: 'p', builtIn: false }]);
  });
});
