/**
 * Answers carry the model name the client asked for, not the upstream's id (which names a vendor,
 * a path on a GPU server or a snapshot the operator may change at any time).
 */
import type { JsonResult } from '../providers/spec.ts';

/** The JSON answer's text with `model` set to the public name (re-serialized only when it differs). */
export function withPublicModel(result: JsonResult, publicModel: string): string {
  const model = result.json.model;
  if (model === undefined || model === publicModel) return result.text;
  return JSON.stringify({ ...result.json, model: publicModel });
}

/**
 * A rewriter for the chunks of one stream: replaces the upstream's `"model":"…"` (as seen in the
 * first chunk) by the public name; identity when they are equal.
 */
export function modelRewriter(upstreamModel: string, publicModel: string): ((data: string) => string) | undefined {
  if (upstreamModel === '' || upstreamModel === publicModel) return undefined;
  const pattern = new RegExp(`"model"\\s*:\\s*${escapeRegExp(JSON.stringify(upstreamModel))}`);
  const replacement = `"model":${JSON.stringify(publicModel)}`;
  return (data) => data.replace(pattern, () => replacement);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
