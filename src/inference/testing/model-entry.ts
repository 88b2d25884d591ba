import type { ModelEntry } from '../model-registry.ts';

/** A model entry for tests: the deployments and fields given, plain metadata for the rest. */
export function testModelEntry(fields: Partial<ModelEntry> & Pick<ModelEntry, 'deployments'>): ModelEntry {
  return {
    id: 'm',
    name: 'm',
    ownedBy: 't',
    created: 0,
    contextLength: null,
    capabilities: [],
    license: null,
    parameters: null,
    description: null,
    strategy: 'priority',
    source: 'config',
    ...fields,
  };
}
