import { describe, expect, it } from 'vitest';
import { valueFromSchema } from './value-from-schema.ts';

describe('valueFromSchema', () => {
  it('fills objects with every property, using the given words for strings', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
        detailed: { type: 'boolean' },
      },
      required: ['city'],
    };
    expect(valueFromSchema(schema, ['Beijing', 'weather'])).toEqual({
      city: 'Beijing weather',
      unit: 'celsius',
      days: 7,
      tags: ['Beijing weather', 'weather Beijing'],
      detailed: true,
    });
  });

  it('follows local $ref, anyOf and const', () => {
    const schema = {
      $defs: {
        step: {
          type: 'object',
          properties: { kind: { const: 'add' }, value: { anyOf: [{ type: 'number' }, { type: 'null' }] } },
        },
      },
      type: 'object',
      properties: { steps: { type: 'array', items: { $ref: '#/$defs/step' } } },
    };
    expect(valueFromSchema(schema, [])).toEqual({ steps: [{ kind: 'add', value: 42.5 }] });
  });
});
