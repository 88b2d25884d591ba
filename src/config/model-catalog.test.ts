import { describe, expect, it } from 'vitest';
import { providerPresets } from '../providers/presets/index.ts';
import { capabilityNames } from './config-schema.ts';
import { findCard, modelCatalog } from './model-catalog.ts';

describe('model catalog', () => {
  it('has unique ids and well-formed cards', () => {
    expect(new Set(modelCatalog.map((card) => card.id)).size).toBe(modelCatalog.length);
    for (const card of modelCatalog) {
      expect(card.id).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(card.contextLength).toBeGreaterThan(0);
      expect(card.capabilities.length).toBeGreaterThan(0);
      for (const capability of card.capabilities) expect(capabilityNames).toContain(capability);
      expect(card.description).not.toBe('');
      expect(card.descriptionZh).not.toBe('');
      expect(card.capabilities.includes('embeddings')).toBe(card.embeddingDimensions !== undefined);
    }
  });

  it('describes the simulator models', () => {
    expect(findCard('sim-chat')).toMatchObject({
      license: 'Apache-2.0',
      contextLength: 32_768,
      capabilities: ['chat', 'completions', 'tools', 'json_schema'],
    });
    expect(findCard('sim-embed')).toMatchObject({ capabilities: ['embeddings'], embeddingDimensions: 256 });
    expect(findCard('sim-reasoner')?.capabilities).toContain('reasoning');
    expect(findCard('deepseek-r1')).toMatchObject({ parameters: '671B total / 37B active', license: 'MIT' });
    expect(findCard('nope')).toBeUndefined();
  });

  it('has a card for every catalog id a preset names', () => {
    for (const preset of Object.values(providerPresets)) {
      for (const model of preset.models) {
        if (model.catalog) expect(findCard(model.catalog), `${preset.name}/${model.id}`).toBeDefined();
      }
    }
  });
});
