/**
 * Anthropic streaming events → OpenAI chat.completion.chunk JSON strings. message_start opens
 * the answer (role chunk), text/thinking/input_json deltas become content/reasoning_content/
 * tool-call argument deltas, message_delta carries the finish reason, and message_stop ends the
 * stream with a usage-only chunk (choices empty) that the core drops if the client did not ask.
 */
import { ProviderError, truncate, type StreamPart } from '../spec.ts';
import { errorFromBody, errorInBody } from '../http/error-body.ts';
import { toOpenAIUsage, toUsage, type AnthropicUsage } from './convert-usage.ts';
import { mapStopReason } from './map-stop-reason.ts';

type Json = Record<string, any>;

export class AnthropicStreamConverter {
  /** message_stop seen: the stream ended properly. */
  done = false;
  private id = '';
  private model = '';
  private readonly created = Math.floor(Date.now() / 1000);
  private usage: AnthropicUsage = {};
  /** Anthropic content block index → OpenAI tool_calls index. */
  private readonly toolIndexes = new Map<number, number>();

  constructor(private readonly providerName: string) {}

  /** Converts one event's data; returns the parts to relay (often none). */
  convert(data: string, started: boolean): StreamPart[] {
    const phase = started ? 'stream' : 'response';
    let event: Json;
    try {
      event = JSON.parse(data) as Json;
    } catch {
      throw new ProviderError(
        'upstream_malformed_chunk',
        `Upstream ${this.providerName} sent a malformed event: ${truncate(data, 200)}`,
        {
          upstreamStatus: 200,
          phase,
          retryable: true,
        },
      );
    }
    switch (event.type) {
      case 'message_start': {
        const message: Json = event.message ?? {};
        this.id = String(message.id ?? '');
        this.model = String(message.model ?? '');
        this.usage = { ...(message.usage ?? {}) };
        return [this.chunk({ role: 'assistant', content: '' })];
      }
      case 'content_block_start':
        return this.blockStart(event.index, event.content_block ?? {});
      case 'content_block_delta':
        return this.blockDelta(event.index, event.delta ?? {});
      case 'message_delta': {
        this.usage = { ...this.usage, ...definedOnly(event.usage ?? {}) };
        const finishReason = mapStopReason(event.delta?.stop_reason);
        return [{ data: this.chunk({}, finishReason).data, finishReason }];
      }
      case 'message_stop': {
        this.done = true;
        const usage = toOpenAIUsage(this.usage);
        const data = JSON.stringify({
          id: this.id,
          object: 'chat.completion.chunk',
          created: this.created,
          model: this.model,
          choices: [],
          usage,
        });
        return [{ data, usage: toUsage(this.usage), usageOnly: true }];
      }
      case 'error':
        throw errorFromBody(
          errorInBody(event) ?? { message: data, code: undefined, type: undefined },
          this.providerName,
          phase,
        );
      default:
        // ping, content_block_stop, and event types added later
        return [];
    }
  }

  private blockStart(index: number, block: Json): StreamPart[] {
    if (block.type === 'tool_use') {
      const toolIndex = this.toolIndexes.size;
      this.toolIndexes.set(index, toolIndex);
      return [
        this.chunk({
          tool_calls: [
            { index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } },
          ],
        }),
      ];
    }
    if (block.type === 'text' && typeof block.text === 'string' && block.text !== '')
      return [this.chunk({ content: block.text })];
    return [];
  }

  private blockDelta(index: number, delta: Json): StreamPart[] {
    switch (delta.type) {
      case 'text_delta':
        return [this.chunk({ content: delta.text ?? '' })];
      case 'thinking_delta':
        return [this.chunk({ reasoning_content: delta.thinking ?? '' })];
      case 'input_json_delta': {
        const toolIndex = this.toolIndexes.get(index) ?? 0;
        return [this.chunk({ tool_calls: [{ index: toolIndex, function: { arguments: delta.partial_json ?? '' } }] })];
      }
      default:
        // signature_delta, citations_delta
        return [];
    }
  }

  private chunk(delta: Json, finishReason: string | null = null): StreamPart {
    return {
      data: JSON.stringify({
        id: this.id,
        object: 'chat.completion.chunk',
        created: this.created,
        model: this.model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      }),
    };
  }
}

function definedOnly(usage: Json): Json {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== null && value !== undefined));
}
