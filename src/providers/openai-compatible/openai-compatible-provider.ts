/**
 * The OpenAI-compatible provider: vLLM, SGLang, Ollama `/v1`, llama.cpp, LM Studio, TGI and the
 * hosted vendors (through presets that set base URL, auth and quirks).
 */
import type {
  ChatStream,
  EmbeddingsResult,
  JsonResult,
  Provider,
  ProviderCall,
  ProviderSettings,
  Usage,
  UpstreamModel,
} from '../spec.ts';
import { readText, sendUpstream } from '../http/upstream-request.ts';
import { requestUpstreamText } from '../http/upstream-text-request.ts';
import { openUpstreamEventStream } from '../http/upstream-event-stream.ts';
import { convertRequest, type Endpoint } from './convert-request.ts';
import { convertResponse } from './convert-response.ts';
import { parseModelList } from './parse-model-list.ts';
import { StreamChunkParser } from './parse-stream-chunk.ts';
import { resolveQuirks, type OpenAICompatibleQuirkSettings, type OpenAICompatibleQuirks } from './quirks.ts';
import { OpenAIEventReader } from './stream-response.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

/** The settings of an OpenAI-compatible upstream: transport, auth headers and its dialect's quirks. */
export interface OpenAICompatibleProviderSettings extends ProviderSettings {
  quirks?: OpenAICompatibleQuirkSettings;
}

export class OpenAICompatibleProvider implements Provider {
  readonly name: string;
  readonly protocol = 'openai-compatible';
  readonly streamUsage: boolean;
  readonly quirks: OpenAICompatibleQuirks;

  constructor(private readonly settings: OpenAICompatibleProviderSettings) {
    this.name = settings.name;
    this.quirks = resolveQuirks(settings.quirks);
    this.streamUsage = this.quirks.streamUsage;
  }

  chat(call: ProviderCall): Promise<JsonResult> {
    return this.complete(call, 'chat');
  }

  chatStream(call: ProviderCall): Promise<ChatStream> {
    return this.stream(call, 'chat');
  }

  completion(call: ProviderCall): Promise<JsonResult> {
    return this.complete(call, 'completions');
  }

  completionStream(call: ProviderCall): Promise<ChatStream> {
    return this.stream(call, 'completions');
  }

  embeddings(call: ProviderCall): Promise<EmbeddingsResult> {
    return this.complete(call, 'embeddings');
  }

  async rerank(call: ProviderCall): Promise<JsonResult> {
    const result = await this.complete(call, 'rerank');
    return { ...result, usage: rerankUsage(result.json) ?? result.usage };
  }

  async listModels(signal: CancelSignal): Promise<UpstreamModel[]> {
    const response = await sendUpstream(this.settings, {
      method: 'GET',
      path: this.quirks.modelsPath,
      signal,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
    });
    return parseModelList(await readText(response, this.name, signal), this.name);
  }

  private path(endpoint: Endpoint): string {
    return endpoint === 'chat'
      ? this.quirks.chatPath
      : endpoint === 'completions'
        ? this.quirks.completionsPath
        : endpoint === 'rerank'
          ? this.quirks.rerankPath
          : this.quirks.embeddingsPath;
  }

  private complete(call: ProviderCall, endpoint: Endpoint): Promise<JsonResult> {
    // A `.then`, not an async function: every non-streamed call passes here (one promise fewer).
    try {
      const body = convertRequest(call.body, call.upstreamModel, this.quirks, endpoint, false);
      return requestUpstreamText(this.settings, {
        method: 'POST',
        path: this.path(endpoint),
        body: JSON.stringify(body),
        signal: call.signal,
        headersTimeoutMs: call.timeouts.totalMs,
        bodyTimeoutMs: call.timeouts.idleMs,
      }).then((text) => convertResponse(text, this.quirks, this.name, endpoint === 'chat'));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private stream(call: ProviderCall, endpoint: 'chat' | 'completions'): Promise<ChatStream> {
    // Not an async function: one that returns a promise wraps it in another (and two more jobs).
    try {
      const body = convertRequest(call.body, call.upstreamModel, this.quirks, endpoint, true);
      const choiceCount = typeof call.body.n === 'number' && call.body.n > 1 ? call.body.n : 1;
      const parser = new StreamChunkParser(this.quirks, this.name, choiceCount, endpoint === 'chat');
      return openUpstreamEventStream(
        this.settings,
        {
          method: 'POST',
          path: this.path(endpoint),
          body: JSON.stringify(body),
          signal: call.signal,
          headersTimeoutMs: call.timeouts.firstByteMs,
          bodyTimeoutMs: call.timeouts.idleMs,
        },
        new OpenAIEventReader(parser, this.name),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * Usage of a rerank answer: Jina and vLLM report `usage.total_tokens` (or prompt_tokens),
 * SiliconFlow `meta.tokens.input_tokens`, Cohere `meta.billed_units.input_tokens`.
 */
function rerankUsage(json: Record<string, unknown>): Usage | undefined {
  const usage = json.usage as Record<string, unknown> | undefined;
  const meta = json.meta as { tokens?: Record<string, unknown>; billed_units?: Record<string, unknown> } | undefined;
  const tokens = Number(
    usage?.prompt_tokens ?? usage?.total_tokens ?? meta?.tokens?.input_tokens ?? meta?.billed_units?.input_tokens,
  );
  if (!Number.isFinite(tokens)) return undefined;
  return { promptTokens: tokens, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
}
