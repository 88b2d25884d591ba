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
  const extra =
    endpoint === 'embeddings' || endpoint === 'rerank'
      ? {}
      : stream
        ? quirks.extraBody
        : { ...quirks.extraBody, ...quirks.nonStreamExtraBody };
  const converted: Record<string, unknown> = { ...extra, ...body };
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
