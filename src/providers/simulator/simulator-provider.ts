import {
  type ChatStream,
  type EmbeddingsResult,
  type JsonResult,
  type Provider,
  type ProviderCall,
  type StreamPart,
  type UpstreamModel,
  type Usage,
  invalidUpstreamRequest,
  usageToOpenAI,
} from '../spec.ts';
import { simulateChoice, type SimulatedChoice } from './simulated-answer.ts';
import { embedText, encodeBase64 } from './simulated-embeddings.ts';
import { documentText, relevanceScore } from './simulated-rerank.ts';
import { countMessageTokens, countTokens } from './simulated-tokens.ts';
import { choiceDeltas, interleave } from './simulator-chunks.ts';
import { sleep } from '../../util/sleep.ts';
import { FaultSchedule, failureBeforeAnswer, malformedChunkError, streamCutError } from './simulator-faults.ts';
import { parseSimulatorOptions, type SimulatorFault, type SimulatorOptions } from './simulator-options.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

export const simulatorModels: UpstreamModel[] = [
  { id: 'sim-chat', ownedBy: 'kaiyuan', contextLength: 32_768 },
  { id: 'sim-reasoner', ownedBy: 'kaiyuan', contextLength: 32_768 },
  { id: 'sim-embed', ownedBy: 'kaiyuan', contextLength: 8_192 },
  { id: 'sim-rerank', ownedBy: 'kaiyuan', contextLength: 8_192 },
];

/**
 * The built-in, deterministic model server: no network, configurable latency, speed and faults.
 * The same request always gets the same answer and the same usage, streamed or not.
 */
export class SimulatorProvider implements Provider {
  readonly protocol = 'simulator';
  readonly streamUsage = true;
  readonly options: SimulatorOptions;
  private readonly faults: FaultSchedule;
  private created = Math.floor(Date.now() / 1000);

  constructor(
    readonly name: string,
    options: unknown = {},
  ) {
    this.options = parseSimulatorOptions(options);
    this.faults = new FaultSchedule(this.options.faults);
  }

  async chat(call: ProviderCall): Promise<JsonResult> {
    const fault = await this.beginCall(call);
    this.requireMessages(call);
    const choices = this.choicesFor(call);
    const usage = this.usageFor(call, choices);
    await sleep(this.streamDelay(choices), call.signal);
    if (fault?.kind === 'cut' || fault?.kind === 'malformed')
      throw fault.kind === 'cut' ? streamCutError(this.name) : malformedChunkError(this.name);
    const json = {
      id: `chatcmpl-${call.requestId}`,
      object: 'chat.completion',
      created: this.created,
      model: call.upstreamModel,
      system_fingerprint: 'kaiyuan-simulator',
      choices: choices.map((choice, index) => ({
        index,
        message: {
          role: 'assistant',
          content: choice.content,
          ...(choice.reasoning ? { reasoning_content: choice.reasoning } : {}),
          ...(choice.toolCalls.length > 0
            ? {
                tool_calls: choice.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        logprobs: null,
        finish_reason: choice.finishReason,
        ...(choice.stopSequence !== undefined ? { stop_reason: choice.stopSequence } : {}),
      })),
      ...(this.options.omitUsage ? {} : { usage: usageToOpenAI(usage) }),
    };
    return { text: JSON.stringify(json), json, usage: this.options.omitUsage ? undefined : usage };
  }

  async chatStream(call: ProviderCall): Promise<ChatStream> {
    const fault = await this.beginCall(call);
    this.requireMessages(call);
    const choices = this.choicesFor(call);
    const usage = this.usageFor(call, choices);
    const deltas = interleave(choices.map((choice, index) => choiceDeltas(choice, index)));
    const base = `{"id":"chatcmpl-${call.requestId}","object":"chat.completion.chunk","created":${this.created},"model":${JSON.stringify(call.upstreamModel)},"system_fingerprint":"kaiyuan-simulator","choices":`;
    const parts = deltas.map<StreamPart>((delta) => ({
      data: `${base}[${JSON.stringify({ index: delta.index, delta: delta.delta, logprobs: null, finish_reason: delta.finishReason, ...(delta.stopReason !== undefined ? { stop_reason: delta.stopReason } : {}) })}]}`,
      ...(delta.finishReason ? { finishReason: delta.finishReason } : {}),
    }));
    // Usage closes every stream, as an OpenAI-compatible upstream's does once asked
    // (`stream_options.include_usage`, which the gateway always sends); the relay drops it for a
    // client that did not ask.
    if (!this.options.omitUsage)
      parts.push({ data: `${base}[],"usage":${JSON.stringify(usageToOpenAI(usage))}}`, usage, usageOnly: true });
    return this.paced(
      parts,
      deltas.map((delta) => delta.tokens),
      fault,
      call.signal,
    );
  }

  async completion(call: ProviderCall): Promise<JsonResult> {
    const chat = await this.chat(this.asChatCall(call));
    const json = {
      id: `cmpl-${call.requestId}`,
      object: 'text_completion',
      created: this.created,
      model: call.upstreamModel,
      choices: (chat.json.choices as Array<{ message: { content: string | null }; finish_reason: string }>).map(
        (choice, index) => ({
          text: choice.message.content ?? '',
          index,
          logprobs: null,
          finish_reason: choice.finish_reason,
        }),
      ),
      ...(chat.usage ? { usage: usageToOpenAI(chat.usage) } : {}),
    };
    return { text: JSON.stringify(json), json, usage: chat.usage };
  }

  async completionStream(call: ProviderCall): Promise<ChatStream> {
    const stream = await this.chatStream(this.asChatCall(call));
    const created = this.created;
    const model = call.upstreamModel;
    const id = `cmpl-${call.requestId}`;
    return (async function* toCompletionChunks() {
      for await (const part of stream) {
        const chunk = JSON.parse(part.data) as {
          choices: Array<{ index: number; delta: { content?: string }; finish_reason: string | null }>;
          usage?: unknown;
        };
        const choices = chunk.choices
          .filter((choice) => choice.delta.content !== undefined || choice.finish_reason)
          .map((choice) => ({
            text: choice.delta.content ?? '',
            index: choice.index,
            logprobs: null,
            finish_reason: choice.finish_reason,
          }));
        if (choices.length === 0 && !chunk.usage) continue;
        const data = JSON.stringify({
          id,
          object: 'text_completion',
          created,
          model,
          choices,
          ...(chunk.usage ? { usage: chunk.usage } : {}),
        });
        yield { ...part, data };
      }
    })();
  }

  async embeddings(call: ProviderCall): Promise<EmbeddingsResult> {
    const fault = await this.beginCall(call);
    if (fault?.kind === 'cut' || fault?.kind === 'malformed') throw malformedChunkError(this.name);
    const inputs = embeddingInputs(call.body.input);
    const requested = Number(call.body.dimensions ?? this.options.embeddingDimensions);
    const dimensions =
      Number.isInteger(requested) && requested > 0 && requested <= 4096 ? requested : this.options.embeddingDimensions;
    const base64 = call.body.encoding_format === 'base64';
    const promptTokens = inputs.reduce((sum, input) => sum + countTokens(input), 0);
    const json = {
      object: 'list',
      data: inputs.map((input, index) => {
        const vector = embedText(input, dimensions);
        return { object: 'embedding', index, embedding: base64 ? encodeBase64(vector) : Array.from(vector) };
      }),
      model: call.upstreamModel,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    };
    const usage: Usage = { promptTokens, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
    return { text: JSON.stringify(json), json, usage };
  }

  /** Rerank in the Jina/Cohere shape: results by relevance, `top_n`, `return_documents`, usage. */
  async rerank(call: ProviderCall): Promise<JsonResult> {
    await this.beginCall(call);
    const query = call.body.query;
    if (typeof query !== 'string' || query.length === 0)
      throw invalidUpstreamRequest(this.name, "'query' must be a non-empty string", 'query');
    const documents = Array.isArray(call.body.documents) ? call.body.documents.map(documentText) : [];
    if (documents.length === 0 || documents.some((document) => document === null))
      throw invalidUpstreamRequest(
        this.name,
        "'documents' must be a non-empty list of strings or { text }",
        'documents',
      );
    const texts = documents as string[];
    const topN = Number(call.body.top_n ?? texts.length);
    const returnDocuments = call.body.return_documents === true;
    const results = texts
      .map((text, index) => ({ index, relevance_score: relevanceScore(query, text), text }))
      .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
      .slice(0, Number.isInteger(topN) && topN > 0 ? topN : texts.length)
      .map(({ index, relevance_score, text }) => ({
        index,
        relevance_score,
        ...(returnDocuments ? { document: { text } } : {}),
      }));
    const promptTokens = texts.reduce((sum, text) => sum + countTokens(query) + countTokens(text), 0);
    const json = {
      id: `rerank-${call.requestId}`,
      model: call.upstreamModel,
      results,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    };
    const usage: Usage = { promptTokens, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
    return { text: JSON.stringify(json), json, usage };
  }

  async listModels(): Promise<UpstreamModel[]> {
    return simulatorModels;
  }

  private async beginCall(call: ProviderCall): Promise<SimulatorFault | null> {
    const fault = this.faults.next();
    if (fault?.kind === 'stall' && (fault.afterTokens ?? 0) === 0) await sleep(fault.stallMs, call.signal);
    const failure = fault ? failureBeforeAnswer(fault, this.name) : null;
    if (failure) throw failure;
    await sleep(this.options.latencyMs, call.signal);
    return fault;
  }

  private requireMessages(call: ProviderCall): void {
    if (!Array.isArray(call.body.messages) || call.body.messages.length === 0) {
      throw invalidUpstreamRequest(this.name, "'messages' must be a non-empty array", 'messages');
    }
  }

  private choicesFor(call: ProviderCall): SimulatedChoice[] {
    const count = Math.max(1, Math.min(Number(call.body.n ?? 1) || 1, 16));
    const maxTokens = call.body.max_completion_tokens ?? call.body.max_tokens;
    const settings = {
      answerTokens: this.options.answerTokens,
      maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      reasoning: call.upstreamModel.includes('reason'),
    };
    return Array.from({ length: count }, (_, index) => simulateChoice(call.body, index, settings));
  }

  private usageFor(call: ProviderCall, choices: SimulatedChoice[]): Usage {
    let completion = 0;
    let reasoning = 0;
    for (const choice of choices) {
      const reasoningTokens = choice.reasoning ? countTokens(choice.reasoning) : 0;
      reasoning += reasoningTokens;
      completion += reasoningTokens + countTokens(choice.content ?? '');
      for (const toolCall of choice.toolCalls) completion += 1 + countTokens(toolCall.arguments);
    }
    return {
      promptTokens: countMessageTokens(call.body.messages),
      completionTokens: completion,
      cachedTokens: 0,
      reasoningTokens: reasoning,
    };
  }

  private streamDelay(choices: SimulatedChoice[]): number {
    if (this.options.tokensPerSecond <= 0) return 0;
    const tokens = choices.reduce((sum, choice) => sum + countTokens(choice.content ?? ''), 0);
    return Math.min(2_000, (tokens / this.options.tokensPerSecond) * 1000);
  }

  private paced(parts: StreamPart[], tokens: number[], fault: SimulatorFault | null, signal: CancelSignal): ChatStream {
    const interval = this.options.tokensPerSecond > 0 ? 1000 / this.options.tokensPerSecond : 0;
    const name = this.name;
    return (async function* pace() {
      let streamed = 0;
      for (let index = 0; index < parts.length; index++) {
        if (fault && streamed >= (fault.afterTokens ?? (fault.kind === 'stall' ? 0 : 3))) {
          if (fault.kind === 'cut') throw streamCutError(name);
          if (fault.kind === 'malformed') throw malformedChunkError(name);
          if (fault.kind === 'stall') {
            await sleep(fault.stallMs, signal);
            fault = null;
          }
        }
        const cost = tokens[index] ?? 0;
        if (cost > 0 && interval > 0) await sleep(interval * cost, signal);
        else if (signal.aborted) throw signal.reason;
        streamed += cost;
        yield parts[index]!;
      }
    })();
  }

  private asChatCall(call: ProviderCall): ProviderCall {
    const prompt = call.body.prompt;
    const text = Array.isArray(prompt) ? prompt.map(String).join('\n') : String(prompt ?? '');
    return { ...call, body: { ...call.body, messages: [{ role: 'user', content: text }] } };
  }
}

function embeddingInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input)) {
    if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
    return input.map((item) => (Array.isArray(item) ? item.join(' ') : String(item)));
  }
  return [];
}
