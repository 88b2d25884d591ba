/**
 * Turns one SSE `data:` payload of an OpenAI-style stream into a StreamPart. On the hot path the
 * JSON text is passed on unchanged and only probed; it is parsed only when it may carry usage, a
 * finish reason, an error, or needs a transform (reasoning in `<think>` tags, `reasoning` field).
 */
import { ProviderError, truncate, usageFromOpenAI, type StreamPart } from '../spec.ts';
import { errorInBody, errorFromBody } from '../http/error-body.ts';
import { hasQuotedValue, looksLikeJsonObject } from './json-probe.ts';
import type { OpenAICompatibleQuirks } from './quirks.ts';
import { ThinkTagSplitter } from './think-tag-splitter.ts';

type Json = Record<string, any>;

/**
 * What makes a chunk need a real parse, found in one pass: a line break (re-serialized), `"usage"`
 * with an object value, `"finish_reason"` with a string value, `"error` (it only occurs unescaped as
 * a key — error, error_code — or a string value, "object":"error"), and, for upstreams whose
 * reasoning is renamed, `"reasoning"` with a string value. A key in quotes only occurs unescaped as a
 * real key or string in the JSON, so a miss is exact; a hit is confirmed by the parse.
 */
const MAY_MATTER = /\n|"(?:usage"[ \t\n\r]*:[ \t\n\r]*\{|finish_reason"[ \t\n\r]*:[ \t\n\r]*"|error)/;
const MAY_MATTER_OR_REASONING =
  /\n|"(?:usage"[ \t\n\r]*:[ \t\n\r]*\{|finish_reason"[ \t\n\r]*:[ \t\n\r]*"|error|reasoning"[ \t\n\r]*:[ \t\n\r]*")/;

export class StreamChunkParser {
  /** A choice finished (finish_reason seen): an EOF without `[DONE]` is then a proper end. */
  finished = false;
  /** One per choice, made when its first chunk needs the `<think>` transform (not per stream). */
  private splitters: Map<number, ThinkTagSplitter> | null = null;
  private answeredChoices = 0;

  constructor(
    private readonly quirks: OpenAICompatibleQuirks,
    private readonly providerName: string,
    /** Number of choices asked for (`n`), to know when the `<think>` transform is over. */
    private readonly choiceCount: number,
    /** Chat chunks (`delta`) or completion chunks (`text`). */
    private readonly chat: boolean,
  ) {}

  parse(data: string, started: boolean): StreamPart {
    const phase = started ? 'stream' : 'response';
    if (!looksLikeJsonObject(data)) throw this.malformed(data, phase);
    // Most chunks carry none of what needs a parse: one pass of one expression tells (see below).
    if (
      !this.thinking() &&
      !(this.chat && this.quirks.renameReasoning ? MAY_MATTER_OR_REASONING : MAY_MATTER).test(data)
    )
      return { data };
    const transform = this.chat && this.needsTransform(data);
    let chunk: Json;
    try {
      chunk = JSON.parse(data) as Json;
    } catch {
      throw this.malformed(data, phase);
    }
    const error = errorInBody(chunk);
    if (error) throw errorFromBody(error, this.providerName, phase);
    let changed = data.includes('\n');
    if (transform) changed = this.transform(chunk) || changed;
    const part: StreamPart = { data: changed ? JSON.stringify(chunk) : data };
    const choices: Json[] = Array.isArray(chunk.choices) ? chunk.choices : [];
    // Usage: top level (OpenAI), inside the choice (Moonshot), or under x_groq (Groq).
    const usage = usageFromOpenAI(chunk.usage ?? choices[0]?.usage ?? chunk.x_groq?.usage);
    if (usage) {
      part.usage = usage;
      if (choices.length === 0) part.usageOnly = true;
    }
    for (const choice of choices) {
      if (typeof choice?.finish_reason === 'string' && choice.finish_reason !== '') {
        part.finishReason = choice.finish_reason;
        this.finished = true;
      }
    }
    return part;
  }

  private needsTransform(data: string): boolean {
    if (this.quirks.renameReasoning && hasQuotedValue(data, '"reasoning"', '"')) return true;
    return this.thinking();
  }

  /** `<think>` tags may still come: every chat chunk goes through the transform. */
  private thinking(): boolean {
    return this.chat && this.quirks.thinkTags !== false && this.answeredChoices < this.choiceCount;
  }

  /** Applies the reasoning transforms to one parsed chunk; true when it changed. */
  private transform(chunk: Json): boolean {
    let changed = false;
    const choices: Json[] = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      const delta = choice?.delta;
      if (!delta || typeof delta !== 'object') continue;
      if (this.quirks.renameReasoning && typeof delta.reasoning === 'string') {
        if (delta.reasoning_content == null) delta.reasoning_content = delta.reasoning;
        delete delta.reasoning;
        changed = true;
      }
      if (this.quirks.thinkTags === false) continue;
      changed = this.splitContent(choice, delta) || changed;
    }
    return changed;
  }

  private splitContent(choice: Json, delta: Json): boolean {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    const splitters = (this.splitters ??= new Map());
    let splitter = splitters.get(index);
    if (!splitter) {
      splitter = new ThinkTagSplitter(this.quirks.thinkTags === 'implicit-open');
      splitters.set(index, splitter);
    }
    const wasAnswer = splitter.inAnswer;
    if (wasAnswer) return false;
    const finishing = typeof choice.finish_reason === 'string' && choice.finish_reason !== '';
    if (typeof delta.content !== 'string' && !finishing) return false;
    const piece = splitter.push(typeof delta.content === 'string' ? delta.content : '');
    if (finishing) {
      const rest = splitter.flush();
      piece.reasoning += rest.reasoning;
      piece.content += rest.content;
    }
    if (splitter.inAnswer) this.answeredChoices++;
    let changed = false;
    if (piece.reasoning !== '') {
      delta.reasoning_content =
        (typeof delta.reasoning_content === 'string' ? delta.reasoning_content : '') + piece.reasoning;
      changed = true;
    }
    // Content the splitter passed through whole leaves the chunk as it came (no re-serialization).
    if ((typeof delta.content === 'string' || piece.content !== '') && delta.content !== piece.content) {
      delta.content = piece.content;
      changed = true;
    }
    return changed;
  }

  private malformed(data: string, phase: 'stream' | 'response'): ProviderError {
    return new ProviderError(
      'upstream_malformed_chunk',
      `Upstream ${this.providerName} sent a malformed stream chunk: ${truncate(data, 200)}`,
      {
        upstreamStatus: 200,
        phase,
        retryable: true,
        upstreamMessage: truncate(data, 1000),
      },
    );
  }
}
