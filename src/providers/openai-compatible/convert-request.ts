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
  const converted = copyOf(extra, body);
  converted.model = upstreamModel;
  if (endpoint === 'embeddings' || endpoint === 'rerank') {
    for (const name of quirks.dropParams) delete converted[name];
    return converted;
  }
  if (stream) converted.stream = true;
  else delete converted.stream;
  renameMaxTokens(converted, quirks.maxTokensField);
  if (stream) {
    if (!quirks.streamOptions) delete converted.stream_options;
    else if (isRecord(body.stream_options)) {
      const options = copyOf(null, body.stream_options);
      options.include_usage = true;
      converted.stream_options = options;
    } else converted.stream_options = { include_usage: true };
  } else {
    delete converted.stream_options;
  }
  for (const name of quirks.dropParams) delete converted[name];
  return converted;
}

/**
 * A copy of the client's body (the provider's extra fields first, then the body over them) to change.
 * `Object.assign`, not a spread: a spread's copy of a parsed JSON object shares its map, and adding a
 * key the body lacks (`stream_options` on nearly every stream) then takes V8's slow path, about 1.3
 * µs against 0.1 (decision 048); a second spread into one literal is slow as well. A source with an
 * own `__proto__` key (JSON.parse makes one; the HTTP layer refuses such bodies, other callers may
 * not) is spread: assigning that key would set the copy's prototype instead of copying it.
 */
function copyOf(extra: Record<string, unknown> | null, body: Record<string, unknown>): Record<string, unknown> {
  if (Object.hasOwn(body, '__proto__') || (extra !== null && Object.hasOwn(extra, '__proto__')))
    return extra === null ? { ...body } : { ...extra, ...body };
  return extra === null ? Object.assign({}, body) : Object.assign({}, extra, body);
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
