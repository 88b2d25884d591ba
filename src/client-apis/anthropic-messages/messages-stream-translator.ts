/**
 * Chat chunks → Anthropic's stream: `message_start`, a `ping`, for each content block
 * `content_block_start` / `content_block_delta`s / `content_block_stop`, then `message_delta`
 * (stop reason and usage) and `message_stop`; `error` when the answer fails midway. Blocks come
 * one after the other: thinking, text, tool_use (the index is the block's place in `content`).
 */
import { zeroUsage, type Usage } from '../../providers/spec.ts';
import { readChatChunk, type ToolCallDelta } from '../chat-chunk.ts';
import { sseEvent, type StreamTranslator } from '../translating-sink.ts';
import { anthropicErrorType } from './anthropic-error.ts';
import { anthropicUsage, thinkingSignature } from './anthropic-usage.ts';
import type { MessagesRequestFacts } from './convert-messages-request.ts';
import { mapFinishReason } from './map-stop-reason.ts';

type OpenBlock = { kind: 'text' } | { kind: 'thinking'; text: string } | { kind: 'tool_use'; toolIndex: number };

export class MessagesStreamTranslator implements StreamTranslator {
  private started = false;
  private index = -1;
  private block: OpenBlock | null = null;
  private finishReason: string | null = null;
  private stopSequence: string | null = null;
  private usage: Usage | undefined;

  constructor(
    private readonly facts: MessagesRequestFacts,
    private readonly id: string,
    /** A prompt estimate for message_start; message_delta carries the counted usage. */
    private readonly inputEstimate: number,
  ) {}

  chunk(chunk: Record<string, unknown>): string {
    const reading = readChatChunk(chunk);
    let out = this.start();
    if (reading.reasoning !== '' && this.facts.thinking) out += this.thinking(reading.reasoning);
    if (reading.content !== '') out += this.text(reading.content);
    for (const call of reading.toolCalls) out += this.toolCall(call);
    if (reading.finishReason) this.finishReason = reading.finishReason;
    if (reading.stopSequence) this.stopSequence = reading.stopSequence;
    if (reading.usage) this.usage = reading.usage;
    return out;
  }

  done(): string {
    const usage = anthropicUsage(this.usage ?? zeroUsage);
    return (
      this.start() +
      this.closeBlock() +
      sseEvent('message_delta', {
        type: 'message_delta',
        delta: mapFinishReason(this.finishReason, this.stopSequence, this.facts.stopSequences),
        usage: {
          input_tokens: usage.input_tokens,
          cache_creation_input_tokens: usage.cache_creation_input_tokens,
          cache_read_input_tokens: usage.cache_read_input_tokens,
          output_tokens: usage.output_tokens,
        },
      }) +
      sseEvent('message_stop', { type: 'message_stop' })
    );
  }

  error(body: { message?: string; type?: string }): string {
    return (
      this.start() +
      sseEvent('error', {
        type: 'error',
        error: { type: anthropicErrorType(body.type, 500), message: body.message ?? 'The answer failed.' },
      })
    );
  }

  keepAlive(): string {
    return this.started ? sseEvent('ping', { type: 'ping' }) : '';
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    return (
      sseEvent('message_start', {
        type: 'message_start',
        message: {
          id: this.id,
          type: 'message',
          role: 'assistant',
          model: this.facts.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: {
            input_tokens: this.inputEstimate,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 0,
          },
        },
      }) + sseEvent('ping', { type: 'ping' })
    );
  }

  private thinking(text: string): string {
    let out = '';
    if (this.block?.kind !== 'thinking') {
      out += this.openBlock({ kind: 'thinking', text: '' }, { type: 'thinking', thinking: '', signature: '' });
    }
    (this.block as { text: string }).text += text;
    return out + this.delta({ type: 'thinking_delta', thinking: text });
  }

  private text(text: string): string {
    let out = '';
    if (this.block?.kind !== 'text') out += this.openBlock({ kind: 'text' }, { type: 'text', text: '' });
    return out + this.delta({ type: 'text_delta', text });
  }

  private toolCall(call: ToolCallDelta): string {
    let out = '';
    const current = this.block?.kind === 'tool_use' ? this.block.toolIndex : null;
    if (current !== call.index) {
      out += this.openBlock(
        { kind: 'tool_use', toolIndex: call.index },
        { type: 'tool_use', id: call.id ?? `toolu_${this.id}_${call.index}`, name: call.name ?? '', input: {} },
      );
    }
    if (call.arguments) out += this.delta({ type: 'input_json_delta', partial_json: call.arguments });
    return out;
  }

  private openBlock(block: OpenBlock, contentBlock: Record<string, unknown>): string {
    const out = this.closeBlock();
    this.index++;
    this.block = block;
    return (
      out +
      sseEvent('content_block_start', { type: 'content_block_start', index: this.index, content_block: contentBlock })
    );
  }

  private delta(delta: Record<string, unknown>): string {
    return sseEvent('content_block_delta', { type: 'content_block_delta', index: this.index, delta });
  }

  private closeBlock(): string {
    if (!this.block) return '';
    let out = '';
    if (this.block.kind === 'thinking') {
      out += this.delta({ type: 'signature_delta', signature: thinkingSignature(this.block.text) });
    }
    this.block = null;
    return out + sseEvent('content_block_stop', { type: 'content_block_stop', index: this.index });
  }
}
