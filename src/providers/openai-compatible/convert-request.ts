/**
 * The request transform: the client's OpenAI body with the upstream's model id, the vendor's
 * naming of the output limit, rejected parameters removed, and usage asked for on streams.
 * Unknown parameters pass through untouched.
 */
import type { OpenAICompatibleQuirks } from './quirks.ts';

export type Endpoint = 'chat' | 'completions' | 'embeddings' | 'rerank';

export function convertRequest(
  body: Record<string, unknown>,
  upstreamModel: string,
  quirks: OpenAICompatibleQuirks,
  endpoint: Endpoint,
  stream: boolean,
): Record<string, unknown> {
  const extra = endpoint === 'embeddings' || endpoint === 'rerank' ? null : extraFields(quirks, stream);
  // One spread when there is nothing to merge (most upstreams): a second spread into the same
  // literal takes V8's slow path, and this runs on every upstream call.
  const converted: Record<string, unknown> = extra === null ? { ...body } : { ...extra, ...body };
  converted.model = upstreamModel;
  if (endpoint === 'embeddings' || endpoint === 'rerank') {
    for (const name of quirks.dropParams) delete converted[name];
    return converted;
  }
  if (stream) converted.stream = true;
  else delete converted.stream;
  renameMaxTokens(converted, quirks.maxTokensField);
  if (stream) {
    const options = isRecord(body.stream_options) ? { ...body.stream_options } : {};
    if (quirks.streamOptions) converted.stream_options = { ...options, include_usage: true };
    else delete converted.stream_options;
  } else {
    delete converted.stream_options;
  }
  for (const name of quirks.dropParams) delete converted[name];
  return converted;
}

/** The fields merged into a provider's streamed and non-streamed bodies, null when none. */
interface ExtraFields {
  stream: Record<string, unknown> | null;
  nonStream: Record<string, unknown> | null;
}

/** Per quirks object (one per provider, never changed after it is resolved): merged once, not per call. */
const extraFieldsOf = new WeakMap<OpenAICompatibleQuirks, ExtraFields>();

function extraFields(quirks: OpenAICompatibleQuirks, stream: boolean): Record<string, unknown> | null {
  let fields = extraFieldsOf.get(quirks);
  if (!fields) {
    const nonStream = { ...quirks.extraBody, ...quirks.nonStreamExtraBody };
    fields = {
      stream: Object.keys(quirks.extraBody).length > 0 ? quirks.extraBody : null,
      nonStream: Object.keys(nonStream).length > 0 ? nonStream : null,
    };
    extraFieldsOf.set(quirks, fields);
  }
  return stream ? fields.stream : fields.nonStream;
}

function renameMaxTokens(body: Record<string, unknown>, field: OpenAICompatibleQuirks['maxTokensField']): void {
  if (field === 'keep') return;
  const other = field === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  if (body[other] === undefined) return;
  if (body[field] === undefined) body[field] = body[other];
  delete body[other];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
