/**
 * Builds a deterministic value that satisfies a JSON schema (the subset used for tool parameters
 * and structured outputs: objects, arrays, scalars, enum, const, anyOf/oneOf, local $ref).
 */
type Schema = Record<string, any>;

export function valueFromSchema(
  schema: unknown,
  words: readonly string[],
  root: Schema = schema as Schema,
  depth = 0,
): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  const node = schema as Schema;
  if (typeof node.$ref === 'string') return valueFromSchema(resolveReference(root, node.$ref), words, root, depth + 1);
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  const variants = node.anyOf ?? node.oneOf;
  if (Array.isArray(variants) && variants.length > 0) return valueFromSchema(variants[0], words, root, depth + 1);
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    return Object.assign({}, ...node.allOf.map((part: unknown) => valueFromSchema(part, words, root, depth + 1)));
  }
  const type = Array.isArray(node.type)
    ? (node.type.find((candidate: string) => candidate !== 'null') ?? node.type[0])
    : node.type;
  switch (type ?? (node.properties ? 'object' : 'string')) {
    case 'object': {
      const result: Record<string, unknown> = {};
      const properties = (node.properties ?? {}) as Record<string, unknown>;
      for (const [name, property] of Object.entries(properties))
        result[name] = valueFromSchema(property, words, root, depth + 1);
      return result;
    }
    case 'array': {
      const count = Math.max(1, Number(node.minItems ?? 1));
      return Array.from({ length: count }, (_, index) =>
        valueFromSchema(node.items, rotate(words, index), root, depth + 1),
      );
    }
    case 'integer':
      return Math.max(Number(node.minimum ?? 1), Math.min(Number(node.maximum ?? 42), 42));
    case 'number':
      return Math.max(Number(node.minimum ?? 1.5), Math.min(Number(node.maximum ?? 42.5), 42.5));
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return stringValue(node, words);
  }
}

function stringValue(node: Schema, words: readonly string[]): string {
  switch (node.format) {
    case 'date':
      return '2026-01-01';
    case 'date-time':
      return '2026-01-01T00:00:00Z';
    case 'email':
      return 'user@example.com';
    case 'uri':
      return 'https://example.com';
  }
  const text = words.length > 0 ? words.slice(0, 3).join(' ') : 'value';
  const minimum = Number(node.minLength ?? 0);
  return text.length >= minimum ? text : text.padEnd(minimum, 'x');
}

function resolveReference(root: Schema, reference: string): unknown {
  if (!reference.startsWith('#/')) return {};
  let current: unknown = root;
  for (const part of reference.slice(2).split('/')) {
    if (!current || typeof current !== 'object') return {};
    current = (current as Schema)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return current;
}

function rotate(words: readonly string[], by: number): string[] {
  if (words.length === 0) return [];
  const shift = by % words.length;
  return [...words.slice(shift), ...words.slice(0, shift)];
}
