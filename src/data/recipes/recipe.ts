import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { invalidRequest } from '../../util/errors.ts';
import { operatorDefinitions, operatorsByName } from '../operators/index.ts';

export interface RecipeStep {
  name: string;
  /** Parameters after validation, defaults filled in. */
  params: Record<string, unknown>;
}

export interface Recipe {
  name: string | null;
  steps: RecipeStep[];
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

export function nearestOperatorName(name: string): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const definition of operatorDefinitions) {
    const candidate = definition.name;
    const score = candidate.includes(name) || name.includes(candidate) ? 1 : distance(name.toLowerCase(), candidate);
    if (score < bestDistance) {
      bestDistance = score;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(3, Math.floor(name.length / 2)) ? best : null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys')
    return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return `${where}${issue.message}`;
}

/** Validates a recipe given as data (parsed YAML/JSON). Throws a 400 KaiyuanError naming the step and the problem. */
export function validateRecipe(raw: unknown): Recipe {
  const document = Array.isArray(raw) ? { operators: raw } : raw;
  if (!document || typeof document !== 'object')
    throw invalidRequest('A recipe must be a mapping with an `operators` list.', 'recipe', 'invalid_recipe');
  const body = document as Record<string, unknown>;
  const list = body.operators ?? body.process;
  if (!Array.isArray(list) || list.length === 0)
    throw invalidRequest('A recipe needs a non-empty `operators` list.', 'recipe.operators', 'invalid_recipe');
  const steps = list.map((item, index): RecipeStep => {
    const location = `operators[${index}]`;
    let name: string;
    let params: unknown;
    if (typeof item === 'string') {
      name = item;
      params = {};
    } else if (item && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 1) {
      [name, params] = Object.entries(item)[0]!;
    } else {
      throw invalidRequest(
        `${location}: expected an operator name or a mapping {operator_name: {parameters}}.`,
        `recipe.${location}`,
        'invalid_recipe',
      );
    }
    const definition = operatorsByName.get(name);
    if (!definition) {
      const suggestion = nearestOperatorName(name);
      throw invalidRequest(
        `${location}: unknown operator '${name}'.${suggestion ? ` Did you mean '${suggestion}'?` : ''} Known operators: ${operatorDefinitions.map((item) => item.name).join(', ')}.`,
        `recipe.${location}`,
        'unknown_operator',
      );
    }
    const parsed = definition.schema.safeParse(params ?? {});
    if (!parsed.success) {
      throw invalidRequest(
        `${location} (${name}): ${parsed.error.issues.slice(0, 3).map(describeIssue).join('; ')}.`,
        `recipe.${location}`,
        'invalid_operator_parameter',
      );
    }
    return { name, params: parsed.data as Record<string, unknown> };
  });
  return { name: typeof body.name === 'string' ? body.name : null, steps };
}

/** Parses and validates recipe YAML (or JSON, which is YAML). */
export function parseRecipe(text: string): Recipe {
  checkRecipeText(text);
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: recipeLimits.maxAliases, uniqueKeys: true });
  } catch (error) {
    throw invalidRequest(
      `The recipe is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      'recipe',
      'invalid_recipe',
    );
  }
  return validateRecipe(raw);
}

/** What a recipe's text may be: a real recipe is a few dozen lines; these are far above that. */
export const recipeLimits = { maxLength: 64 * 1024, maxDepth: 32, maxAliases: 50 };

/**
 * Refuses, before the YAML parser sees it, a recipe text longer or more deeply nested (flow
 * brackets or indentation) than any recipe needs: the parser's cost grows with the nesting, and a
 * few thousand nested brackets exhaust its memory.
 */
export function checkRecipeText(text: string): void {
  const refuse = (why: string) => {
    throw invalidRequest(`The recipe is ${why}.`, 'recipe', 'recipe_too_large');
  };
  if (text.length > recipeLimits.maxLength) refuse(`longer than ${recipeLimits.maxLength} characters`);
  let depth = 0;
  let quote: string | null = null;
  let lineStart = true;
  let indent = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === '\n') {
      // Quotes end with the line here: an apostrophe in plain text must not hide the brackets after it.
      quote = null;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && (character === ' ' || character === '-')) {
      // Block nesting shows as indentation ("- " opens a level as well).
      if (++indent > recipeLimits.maxDepth * 4) refuse(`nested more than ${recipeLimits.maxDepth} levels deep`);
      continue;
    }
    lineStart = false;
    if (quote) {
      if (character === quote) quote = null;
      else if (character === '\\' && quote === '"') index++;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '[' || character === '{') {
      if (++depth > recipeLimits.maxDepth) refuse(`nested more than ${recipeLimits.maxDepth} levels deep`);
    } else if (character === ']' || character === '}') depth = Math.max(0, depth - 1);
  }
}
