import { describe, expect, it } from 'vitest';
import { parseRecipe } from './recipe.ts';

describe('recipes', () => {
  it('parses names, mappings and Data-Juicer style `process`, filling defaults', () => {
    const recipe = parseRecipe(
      'name: web\noperators:\n  - normalize\n  - near_dedup: { threshold: 0.8 }\n  - pii_redact:\n      mode: mask\n',
    );
    expect(recipe.name).toBe('web');
    expect(recipe.steps.map((step) => step.name)).toEqual(['normalize', 'near_dedup', 'pii_redact']);
    expect(recipe.steps[1]!.params).toMatchObject({ threshold: 0.8, numPermutations: 128, ngramSize: 5 });
    expect(parseRecipe('process:\n  - exact_dedup: null\n').steps[0]!.params).toEqual({
      lowercase: true,
      ignorePunctuation: true,
    });
  });

  it('suggests the nearest operator for an unknown name', () => {
    expect(() => parseRecipe('operators:\n  - normalise\n')).toThrow(
      "operators[0]: unknown operator 'normalise'. Did you mean 'normalize'?",
    );
    expect(() => parseRecipe('operators:\n  - pii\n')).toThrow("Did you mean 'pii_redact'?");
  });

  it('names the step and the parameter of a bad value', () => {
    expect(() => parseRecipe('operators:\n  - normalize\n  - near_dedup: { threshold: 2 }\n')).toThrow(
      /operators\[1\] \(near_dedup\): threshold: Too big/,
    );
    expect(() => parseRecipe('operators:\n  - length_filter: { minChars: 3 }\n')).toThrow(
      'operators[0] (length_filter): unknown parameter minChars.',
    );
    expect(() => parseRecipe('operators: [')).toThrow(/not valid YAML/);
    expect(() => parseRecipe('name: empty\n')).toThrow('A recipe needs a non-empty `operators` list.');
  });
});
