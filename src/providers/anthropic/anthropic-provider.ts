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
import { sseEvents } from '../http/sse-events.ts';
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
    const response = await this.send(call, false);
    return convertResponse(await readText(response, this.name, call.signal), this.name);
  }

  async chatStream(call: ProviderCall): Promise<ChatStream> {
    const response = await this.send(call, true);
    return this.relay(response, call.signal);
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

  private send(call: ProviderCall, stream: boolean): Promise<UpstreamResponse> {
    const body = convertRequest(call.body, call.upstreamModel, this.quirks, stream);
    return sendUpstream(this.settings, {
      method: 'POST',
      path: '/messages',
      body: JSON.stringify(body),
      signal: call.signal,
      headers: this.versionHeader(),
      headersTimeoutMs: stream ? call.timeouts.firstByteMs : call.timeouts.totalMs,
      bodyTimeoutMs: call.timeouts.idleMs,
    });
  }

  private async *relay(response: UpstreamResponse, signal: CancelSignal): AsyncGenerator<StreamPart, void, undefined> {
    const converter = new AnthropicStreamConverter(this.name);
    let started = false;
    const phase = (): 'stream' | 'response' => (started ? 'stream' : 'response');
    for await (const event of sseEvents(response, signal, this.name, phase, () => converter.done)) {
      for (const part of converter.convert(event.data, started)) {
        started = true;
        yield part;
      }
      if (converter.done) return;
    }
    throw new ProviderError('upstream_stream_cut', `Upstream ${this.name} ended the stream before message_stop.`, {
      upstreamStatus: 200,
      phase: 'stream',
      retryable: !started,
    });
  }
}
