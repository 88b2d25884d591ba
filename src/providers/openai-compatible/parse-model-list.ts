/**
 * Reads the answer of `GET /models` of OpenAI-compatible servers, with the context lengths that
 * vLLM (`max_model_len`), llama.cpp (`meta.n_ctx_train`), OpenRouter/Together (`context_length`)
 * and LM Studio (`max_context_length`) add.
 */
import { ProviderError, truncate, type UpstreamModel } from '../spec.ts';

type Json = Record<string, any>;

export function parseModelList(text: string, providerName: string): UpstreamModel[] {
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    throw new ProviderError(
      'upstream_malformed_response',
      `Upstream ${providerName} answered the model list with non-JSON: ${truncate(text, 200)}`,
      {
        upstreamStatus: 200,
        phase: 'response',
        retryable: true,
      },
    );
  }
  const list: unknown[] = Array.isArray(json)
    ? json
    : Array.isArray(json?.data)
      ? json.data
      : Array.isArray(json?.models)
        ? json.models
        : [];
  const models: UpstreamModel[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const entry = item as Json;
    const id =
      typeof entry.id === 'string'
        ? entry.id
        : typeof entry.name === 'string'
          ? entry.name
          : typeof entry.model === 'string'
            ? entry.model
            : undefined;
    if (!id) continue;
    const model: UpstreamModel = { id };
    if (typeof entry.owned_by === 'string') model.ownedBy = entry.owned_by;
    const context = firstNumber(
      entry.max_model_len,
      entry.context_length,
      entry.max_context_length,
      entry.context_window,
      entry.meta?.n_ctx_train,
      entry.meta?.n_ctx,
    );
    if (context !== undefined) model.contextLength = context;
    models.push(model);
  }
  return models;
}

function firstNumber(...values: unknown[]): number | undefined {
  for (const value of values) {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}
