import { z } from 'zod';
import { operatorDefinitions } from './index.ts';

export interface OperatorInfo {
  name: string;
  description: string;
  /** record: runs record by record; dataset: needs the whole dataset (deduplication). */
  scope: 'record' | 'dataset';
  defaults: Record<string, unknown>;
  /** JSON Schema of the parameters (for forms in the console). */
  parameters: unknown;
}

/** Every operator with its defaults and parameter schema. */
export function operatorCatalog(): OperatorInfo[] {
  return operatorDefinitions.map((definition) => {
    const defaults = definition.schema.parse({}) as Record<string, unknown>;
    let parameters: unknown = null;
    try {
      parameters = z.toJSONSchema(definition.schema, { io: 'input', unrepresentable: 'any' });
    } catch {
      parameters = null;
    }
    return {
      name: definition.name,
      description: definition.description,
      scope: definition.create(defaults).kind === 'map' ? 'record' : 'dataset',
      defaults,
      parameters,
    };
  });
}
