/**
 * Answers carry the model name the client asked for, not the upstream's id (which names a vendor,
 * a path on a GPU server or a snapshot the operator may change at any time).
 *
 * Both rewrites are on the hot path of every request whose upstream id differs from the public
 * name (the usual case), so they replace the one `"model":"…"` member in the text instead of
 * re-serializing the answer: one `indexOf` for the compact form upstreams write, a regular
 * expression only for spaced JSON.
 */
import type { JsonResult } from '../providers/spec.ts';

/** The JSON answer's text with `model` set to the public name (the text itself when it already is). */
export function withPublicModel(result: JsonResult, publicModel: string): string {
  const model = result.json.model;
  if (model === undefined || model === publicModel) return result.text;
  if (typeof model === 'string') {
    const literal = `"model":${JSON.stringify(model)}`;
    const at = result.text.indexOf(literal);
    // Only a member of the top-level object: the text before it must sit at nesting depth one.
    if (at !== -1 && depthAt(result.text, at) === 1)
      return `${result.text.slice(0, at)}"model":${JSON.stringify(publicModel)}${result.text.slice(at + literal.length)}`;
  }
  return JSON.stringify({ ...result.json, model: publicModel });
}

/**
 * A rewriter for the chunks of one stream: replaces the upstream's `"model":"…"` (as seen in the
 * first chunk) by the public name; undefined (no rewriting) when they are equal.
 */
export function modelRewriter(upstreamModel: string, publicModel: string): ((data: string) => string) | undefined {
  if (upstreamModel === '' || upstreamModel === publicModel) return undefined;
  const quoted = JSON.stringify(upstreamModel);
  const literal = `"model":${quoted}`;
  const replacement = `"model":${JSON.stringify(publicModel)}`;
  // Spaced JSON only: the expression is compiled when a chunk first misses the compact form.
  let pattern: RegExp | null = null;
  return (data) => {
    const at = data.indexOf(literal);
    if (at !== -1) return data.slice(0, at) + replacement + data.slice(at + literal.length);
    pattern ??= new RegExp(`"model"\\s*:\\s*${escapeRegExp(quoted)}`);
    return data.replace(pattern, () => replacement);
  };
}

/**
 * The top-level `model` of a stream chunk's JSON text ('' when it has none): found in place for the
 * compact form upstreams write (no escapes in the name), parsed otherwise.
 */
export function chunkModel(data: string): string {
  const literal = '"model":"';
  const at = data.indexOf(literal);
  if (at !== -1 && depthAt(data, at) === 1) {
    const start = at + literal.length;
    const end = data.indexOf('"', start);
    if (end !== -1 && data.lastIndexOf('\\', end) < start) return data.slice(start, end);
  }
  try {
    const model = (JSON.parse(data) as { model?: unknown }).model;
    return typeof model === 'string' ? model : '';
  } catch {
    return '';
  }
}

/** Nesting depth of arrays and objects at a position of a JSON text (strings skipped). */
function depthAt(text: string, position: number): number {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < position; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92 /* \ */) index++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 /* { */ || code === 91 /* [ */) depth++;
    else if (code === 125 /* } */ || code === 93 /* ] */) depth--;
  }
  return depth;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
