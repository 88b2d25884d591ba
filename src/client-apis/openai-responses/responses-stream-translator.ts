/**
 * Chat chunks → the Responses API's semantic events: `response.created`, `response.in_progress`,
 * per output item `response.output_item.added` … `response.output_item.done` (a reasoning item
 * with `response.reasoning_summary_*` events when summaries were asked for, a message with
 * `response.content_part.*` and `response.output_text.delta/done`, function calls with
 * `response.function_call_arguments.delta/done`), then `response.completed` (or
 * `response.incomplete`) carrying usage; `error` and `response.failed` when the answer fails
 * midway. Every event has a `sequence_number`.
 */
import { zeroUsage, type Usage } from '../../providers/spec.ts';
import { newId } from '../../util/ids.ts';
import { readChatChunk, type ChatAnswer, type ToolCallDelta } from '../chat-chunk.ts';
import { sseEvent, type StreamTranslator } from '../translating-sink.ts';
import type { ResponsesRequestFacts } from './convert-responses-request.ts';
import {
  functionCallItem,
  messageItem,
  outputTextPart,
  reasoningItem,
  responseObject,
  statusOf,
  type ResponseState,
} from './response-object.ts';

type Json = Record<string, any>;

type OpenItem =
  | { kind: 'reasoning'; id: string; index: number; text: string }
  | { kind: 'message'; id: string; index: number; text: string }
  | {
      kind: 'function_call';
      id: string;
      index: number;
      call: { id: string; name: string; arguments: string };
      toolIndex: number;
    };

/** Called with the final response before the client sees it completed (the service stores it there). */
export type OnResponseComplete = (response: Json, answer: ChatAnswer) => Promise<void>;

export class ResponsesStreamTranslator implements StreamTranslator {
  private sequence = 0;
  private started = false;
  private readonly output: Json[] = [];
  private open: OpenItem | null = null;
  private readonly answer: ChatAnswer = {
    content: '',
    reasoning: '',
    toolCalls: [],
    finishReason: 'stop',
    stopSequence: null,
  };
  private usage: Usage | undefined;

  constructor(
    private readonly facts: ResponsesRequestFacts,
    private readonly identity: { id: string; createdAt: number },
    private readonly onComplete: OnResponseComplete,
  ) {}

  chunk(chunk: Record<string, unknown>): string {
    const reading = readChatChunk(chunk);
    let out = this.start();
    if (reading.reasoning !== '') out += this.reasoning(reading.reasoning);
    if (reading.content !== '') out += this.text(reading.content);
    for (const call of reading.toolCalls) out += this.toolCall(call);
    if (reading.finishReason) this.answer.finishReason = reading.finishReason;
    if (reading.usage) this.usage = reading.usage;
    return out;
  }

  async done(): Promise<string> {
    let out = this.start();
    if (this.output.length === 0 && this.open === null) out += this.openMessage();
    out += this.closeItem();
    const { status, incompleteReason } = statusOf(this.answer.finishReason);
    const response = this.response({ status, incompleteReason, usage: this.usage ?? zeroUsage });
    await this.onComplete(response, this.answer);
    return out + this.event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }

  error(body: { message?: string; code?: string; param?: string | null }): string {
    const error = { code: body.code ?? 'server_error', message: body.message ?? 'The answer failed.' };
    return (
      this.start() +
      this.event('error', { code: error.code, message: error.message, param: body.param ?? null }) +
      this.event('response.failed', { response: this.response({ status: 'failed', error }) })
    );
  }

  private response(change: Partial<ResponseState>): Json {
    return responseObject(this.facts, {
      ...this.identity,
      status: 'in_progress',
      output: this.output,
      usage: null,
      incompleteReason: null,
      error: null,
      ...change,
    });
  }

  private event(type: string, fields: Json): string {
    return sseEvent(type, { type, ...fields, sequence_number: this.sequence++ });
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const response = this.response({});
    return this.event('response.created', { response }) + this.event('response.in_progress', { response });
  }

  private reasoning(text: string): string {
    let out = '';
    if (this.open?.kind !== 'reasoning') {
      out += this.closeItem();
      const item = reasoningItem('', false);
      this.open = { kind: 'reasoning', id: item.id, index: this.output.length, text: '' };
      out += this.event('response.output_item.added', { output_index: this.open.index, item });
      if (this.facts.summary) {
        out += this.event('response.reasoning_summary_part.added', {
          ...this.where(),
          summary_index: 0,
          part: { type: 'summary_text', text: '' },
        });
      }
    }
    (this.open as { text: string }).text += text;
    this.answer.reasoning += text;
    if (!this.facts.summary) return out;
    return (
      out + this.event('response.reasoning_summary_text.delta', { ...this.where(), summary_index: 0, delta: text })
    );
  }

  private openMessage(): string {
    let out = this.closeItem();
    const item = messageItem('', 'in_progress');
    this.open = { kind: 'message', id: item.id, index: this.output.length, text: '' };
    out += this.event('response.output_item.added', { output_index: this.open.index, item });
    out += this.event('response.content_part.added', { ...this.where(), content_index: 0, part: outputTextPart('') });
    return out;
  }

  private text(text: string): string {
    const out = this.open?.kind === 'message' ? '' : this.openMessage();
    (this.open as { text: string }).text += text;
    this.answer.content += text;
    return (
      out + this.event('response.output_text.delta', { ...this.where(), content_index: 0, delta: text, logprobs: [] })
    );
  }

  private toolCall(delta: ToolCallDelta): string {
    let out = '';
    if (this.open?.kind !== 'function_call' || this.open.toolIndex !== delta.index) {
      out += this.closeItem();
      const call = { id: delta.id ?? newId('call', 24), name: delta.name ?? '', arguments: '' };
      const item = functionCallItem(call, 'in_progress');
      this.open = { kind: 'function_call', id: item.id, index: this.output.length, call, toolIndex: delta.index };
      out += this.event('response.output_item.added', { output_index: this.open.index, item });
    }
    if (!delta.arguments) return out;
    this.open.call.arguments += delta.arguments;
    return out + this.event('response.function_call_arguments.delta', { ...this.where(), delta: delta.arguments });
  }

  private where(): { item_id: string; output_index: number } {
    return { item_id: this.open!.id, output_index: this.open!.index };
  }

  private closeItem(): string {
    const open = this.open;
    if (!open) return '';
    let out = '';
    let item: Json;
    if (open.kind === 'reasoning') {
      item = reasoningItem(open.text, this.facts.summary, open.id);
      if (this.facts.summary) {
        const where = this.where();
        out += this.event('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: open.text });
        out += this.event('response.reasoning_summary_part.done', {
          ...where,
          summary_index: 0,
          part: { type: 'summary_text', text: open.text },
        });
      }
    } else if (open.kind === 'message') {
      item = messageItem(open.text, 'completed', open.id);
      out += this.event('response.output_text.done', {
        ...this.where(),
        content_index: 0,
        text: open.text,
        logprobs: [],
      });
      out += this.event('response.content_part.done', {
        ...this.where(),
        content_index: 0,
        part: outputTextPart(open.text),
      });
    } else {
      item = functionCallItem(open.call, 'completed', open.id);
      this.answer.toolCalls.push({ ...open.call });
      out += this.event('response.function_call_arguments.done', {
        ...this.where(),
        name: open.call.name,
        arguments: open.call.arguments,
      });
    }
    this.output.push(item);
    this.open = null;
    return out + this.event('response.output_item.done', { output_index: open.index, item });
  }
}
