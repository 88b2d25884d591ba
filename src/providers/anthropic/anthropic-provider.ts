/**
 * The Anthropic provider: the native Messages API upstream (`POST /messages`), translated both
 * ways so that clients keep speaking OpenAI chat completions.
 */
import {
  ProviderError,
  type ChatStream,
  type JsonResult,
  type Provider,
  type ProviderCall,
  type ProviderSettings,
  type StreamPart,
  type UpstreamModel,
} from '../spec.ts';
import { openUpstreamEventStream, type EventReader } from '../http/upstream-event-stream.ts';
import { readText, sendUpstream, type UpstreamResponse } from '../http/upstream-request.ts';
import { parseModelList } from '../openai-compatible/parse-model-list.ts';
import { resolveAnthropicQuirks, type AnthropicQuirkSettings, type AnthropicQuirks } from './anthropic-quirks.ts';
import { convertRequest } from './convert-request.ts';
import { convertResponse } from './convert-response.ts';
import { AnthropicStreamConverter } from './stream-converter.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

/** The settings of an Anthropic Messages upstream: transport, auth headers and quirks. */
export interface AnthropicProviderSettings extends ProviderSettings {
  quirks?: AnthropicQuirkSettings;
}

export class AnthropicProvider implements Provider {
  readonly name: string;
  readonly protocol = 'anthropic';
  readonly streamUsage = true;
  private readonly quirks: AnthropicQuirks;

  constructor(private readonly settings: AnthropicProviderSettings) {
    this.name = settings.name;
    this.quirks = resolveAnthropicQuirks(settings.quirks);
  }

  async chat(call: ProviderCall): Promise<JsonResult> {
    const response = await this.send(call);
    return convertResponse(await readText(response, this.name, call.signal), this.name);
  }

  async chatStream(call: ProviderCall): Promise<ChatStream> {
    const body = convertRequest(call.body, call.upstreamModel, this.quirks, true);
    return openUpstreamEventStream(
      this.settings,
      {
        method: 'POST',
        path: '/messages',
        body: JSON.stringify(body),
        signal: call.signal,
        headers: this.versionHeader(),
        headersTimeoutMs: call.timeouts.firstByteMs,
        bodyTimeoutMs: call.timeouts.idleMs,
      },
      new AnthropicEventReader(this.name),
    );
  }

  async listModels(signal: CancelSignal): Promise<UpstreamModel[]> {
    const response = await sendUpstream(this.settings, {
      method: 'GET',
      path: '/models',
      signal,
      headers: this.versionHeader(),
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
    });
    return parseModelList(await readText(response, this.name, signal), this.name);
  }

  private versionHeader(): Record<string, string> {
    const headers = this.settings.headers();
    return headers['anthropic-version'] ? {} : { 'anthropic-version': this.quirks.apiVersion };
  }

  private send(call: ProviderCall): Promise<UpstreamResponse> {
    const body = convertRequest(call.body, call.upstreamModel, this.quirks, false);
    return sendUpstream(this.settings, {
      method: 'POST',
      path: '/messages',
      body: JSON.stringify(body),
      signal: call.signal,
      headers: this.versionHeader(),
      headersTimeoutMs: call.timeouts.totalMs,
      bodyTimeoutMs: call.timeouts.idleMs,
    });
  }
}

/** Anthropic's events as chat chunks: ends at `message_stop`; an EOF before it is a cut stream. */
class AnthropicEventReader implements EventReader {
  private readonly converter: AnthropicStreamConverter;
  private started = false;

  constructor(private readonly providerName: string) {
    this.converter = new AnthropicStreamConverter(providerName);
  }

  read(_event: string | undefined, data: string, parts: StreamPart[]): boolean {
    for (const part of this.converter.convert(data, this.started)) {
      this.started = true;
      parts.push(part);
    }
    return this.converter.done;
  }

  endOfBody(): Error | undefined {
    return this.converter.done ? undefined : this.cut();
  }

  /** A JSON body with status 200 has no events: the stream ended before message_stop. */
  jsonAnswer(): Error {
    return this.cut();
  }

  private cut(): ProviderError {
    return new ProviderError(
      'upstream_stream_cut',
      `Upstream ${this.providerName} ended the stream before message_stop.`,
      {
        upstreamStatus: 200,
        phase: 'stream',
        retryable: !this.started,
      },
    );
  }
}
