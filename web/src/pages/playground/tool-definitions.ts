import type { ProtocolTool } from '../../api/client-protocols.ts';

/** What the tools box holds when first switched on: one function, ready to edit. */
export const exampleToolDefinitions = `[
  {
    "type": "function",
    "function": {
      "name": "get_weather",
      "description": "Current weather of a city",
      "parameters": {
        "type": "object",
        "properties": { "city": { "type": "string" } },
        "required": ["city"]
      }
    }
  }
]`;

export type ToolDefinitionsResult =
  | { ok: true; tools: ProtocolTool[] }
  | { ok: false; error: { code: 'invalid_json' | 'not_a_list' | 'invalid_tool'; index?: number; detail?: string } };

const functionName = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads the user's tool list: a JSON array of Chat Completions tools
 * (`{type: "function", function: {name, description?, parameters?}}`) or of bare functions
 * (`{name, description?, parameters?}`), which are wrapped. Bad input names the entry.
 */
export function parseToolDefinitions(text: string): ToolDefinitionsResult {
  if (!text.trim()) return { ok: true, tools: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: { code: 'invalid_json', detail: (error as Error).message } };
  }
  if (!Array.isArray(value)) return { ok: false, error: { code: 'not_a_list' } };
  const tools: ProtocolTool[] = [];
  for (const [index, entry] of value.entries()) {
    const definition = isObject(entry) && isObject(entry.function) ? entry.function : entry;
    if (
      !isObject(definition) ||
      (isObject(entry) && entry.type !== undefined && entry.type !== 'function') ||
      typeof definition.name !== 'string' ||
      !functionName.test(definition.name) ||
      (definition.description !== undefined && typeof definition.description !== 'string') ||
      (definition.parameters !== undefined && !isObject(definition.parameters))
    )
      return { ok: false, error: { code: 'invalid_tool', index } };
    tools.push({
      type: 'function',
      function: {
        name: definition.name,
        ...(definition.description !== undefined ? { description: definition.description as string } : {}),
        ...(definition.parameters !== undefined
          ? { parameters: definition.parameters as Record<string, unknown> }
          : {}),
      },
    });
  }
  return { ok: true, tools };
}

/** A tool call's arguments for reading: indented JSON when they parse, else as the model wrote them. */
export function formatToolArguments(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** A JSON-mode answer for reading: indented when it parses, else null (then it shows as written). */
export function formatJsonAnswer(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
