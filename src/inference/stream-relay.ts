import { usageToOpenAI, type ReadyParts, type StreamPart, type Usage } from '../providers/spec.ts';
import { errorBody, toKaiyuanError, type KaiyuanError } from '../util/errors.ts';
import type { Endpoint, OutcomeStatus } from './gateway-hooks.ts';
import type { SseSink } from './sse-sink.ts';
import { timeoutError } from './timeouts.ts';
import { deliveredText, estimateUsage } from './usage-estimate.ts';

export interface RelayFinish {
  status: OutcomeStatus;
  usage: Usage;
  usageEstimated: boolean;
  errorCode: string | null;
  /** The upstream's failure when the answer failed mid-way (what the deployment's health learns from). */
  error?: KaiyuanError;
  errorDetail?: string | null;
}

export interface StreamRelayInput {
  endpoint: Endpoint;
  body: Record<string, unknown>;
  /** The first part, already received (that is what committed us to this deployment). */
  first: StreamPart;
  iterator: AsyncIterator<StreamPart>;
  headers: Record<string, string>;
  clientWantsUsage: boolean;
  idleMs: number;
  /** Epoch ms after which the whole answer counts as timed out. */
  deadline: number;
  /** The total budget the deadline came from, for the error message. */
  totalMs: number;
  /** Aborts the upstream call (client gone, timeout). */
  abortUpstream: () => void;
  /** Settles billing and statistics; awaited before the last bytes go out. */
  finish: (result: RelayFinish) => Promise<void>;
  /** The model the client asked for: the model of a usage chunk synthesized when the upstream reports none. */
  publicModel: string;
  /** Rewrites a chunk before it goes out (the model name the client asked for); identity when absent. */
  rewrite?: (data: string) => string;
  /** The client-facing form of an error (no upstream names or messages). */
  publicError?: (error: KaiyuanError) => KaiyuanError;
}

const DONE = 'data: [DONE]\n\n';

/**
 * Relays an upstream stream to the client, bytes as they come. The closing parts (finish reasons,
 * usage) are held back until the outcome is settled, so a response the client receives in full has
 * always been billed. A cut or malformed upstream stream ends with an OpenAI-style error event,
 * never a clean-looking truncated answer; a client that leaves aborts the upstream.
 */
export async function relayStream(input: StreamRelayInput, sink: SseSink): Promise<void> {
  const delivered: string[] = [];
  const held: string[] = [];
  let usage: Usage | undefined;
  let part: StreamPart | undefined = input.first;
  const watchdog = new StreamWatchdog(input);
  const readyParts =
    typeof (input.iterator as Partial<ReadyParts>).takeReady === 'function'
      ? (input.iterator as AsyncIterator<StreamPart> & ReadyParts)
      : null;
  const rewrite = input.rewrite;
  /** The frames of the parts in hand, written to the sink once they are all relayed (one write per read). */
  let frames = '';
  sink.open(input.headers);
  try {
    while (part) {
      if (part.usage) usage = part.usage;
      if (!(part.usageOnly && !input.clientWantsUsage)) {
        const data = rewrite ? rewrite(part.data) : part.data;
        if (part.finishReason || part.usageOnly || held.length > 0) held.push(`data: ${data}\n\n`);
        else {
          delivered.push(data);
          frames += `data: ${data}\n\n`;
        }
      }
      if (sink.closed) throw CLIENT_GONE;
      // Parts that arrived in the same upstream read are relayed without a promise hop each.
      if (readyParts !== null) {
        part = readyParts.takeReady();
        if (part) continue;
      }
      if (frames !== '') {
        const written = sink.write(frames);
        frames = '';
        if (!written) await sink.drain();
        if (sink.closed) throw CLIENT_GONE;
      }
      // The proper end came in the same read (an upstream that sends the answer at once): no wait.
      if (readyParts !== null && readyParts.ended()) break;
      watchdog.arm();
      let result: IteratorResult<StreamPart>;
      try {
        result = await input.iterator.next();
      } catch (error) {
        // A try around the await, not `.catch()`: no extra promise and closure per wait.
        throw watchdog.explain(error);
      }
      if (sink.closed) throw CLIENT_GONE;
      part = result.done ? undefined : result.value;
    }
  } catch (thrown) {
    watchdog.stop();
    input.abortUpstream();
    if (thrown === CLIENT_GONE || sink.closed) {
      await input.finish(deliveredOutcome(input, delivered, 'client_disconnected', 'client_disconnected'));
      sink.end();
      return;
    }
    const error = toKaiyuanError(thrown);
    await input.finish({ ...deliveredOutcome(input, delivered, 'failed_midway', error.code), error });
    const shown = input.publicError ? input.publicError(error) : error;
    sink.write(`data: ${JSON.stringify(errorBody(shown))}\n\n`);
    sink.end();
    return;
  }
  watchdog.stop();
  // Parts of this turn not yet sent wait for the closing ones: one write once the answer is billed.
  sink.holdUntilEnd?.();
  const estimated = usage === undefined;
  const finalUsage =
    usage ?? estimateUsage(input.endpoint, input.body, deliveredText([...delivered, ...held.map(unframe)]));
  await input.finish({ status: 'completed', usage: finalUsage, usageEstimated: estimated, errorCode: null });
  if (estimated && input.clientWantsUsage) held.push(`data: ${usageChunk(input, finalUsage)}\n\n`);
  sink.write(held.join('') + DONE);
  sink.end();
}

const CLIENT_GONE = new Error('client disconnected');

/**
 * One timer per stream for the idle and total limits. A chunk only stamps the time (no timer call
 * per chunk); when the timer fires it checks the stamp and either sleeps again for what is left or
 * aborts the upstream call, and the pending read's failure is explained as a timeout.
 */
class StreamWatchdog {
  private timer: NodeJS.Timeout | null = null;
  private fired: 'idle' | 'total' | null = null;
  /** When the relay last started waiting for a chunk (epoch ms). */
  private waitingSince = 0;
  private readonly check = () => {
    this.timer = null;
    const now = Date.now();
    if (now >= this.input.deadline) this.fire('total');
    else if (now - this.waitingSince >= this.input.idleMs) this.fire('idle');
    else this.schedule(now);
  };

  constructor(private readonly input: StreamRelayInput) {}

  /** The relay waits for the next chunk from now on. */
  arm(): void {
    this.waitingSince = Date.now();
    if (this.timer === null && this.fired === null) this.schedule(this.waitingSince);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Rethrows a failed read, as a timeout when the watchdog caused it. */
  explain(error: unknown): never {
    if (this.fired === 'idle') throw timeoutError('waiting for the next chunk', this.input.idleMs, 'stream');
    if (this.fired === 'total') throw timeoutError('the whole answer', this.input.totalMs, 'stream');
    throw error;
  }

  private schedule(now: number): void {
    const delay = Math.min(this.waitingSince + this.input.idleMs, this.input.deadline) - now;
    this.timer = setTimeout(this.check, Math.max(0, delay));
  }

  private fire(kind: 'idle' | 'total'): void {
    this.fired = kind;
    this.input.abortUpstream();
  }
}

function deliveredOutcome(
  input: StreamRelayInput,
  delivered: string[],
  status: OutcomeStatus,
  errorCode: string,
): RelayFinish {
  return {
    status,
    usage: estimateUsage(input.endpoint, input.body, deliveredText(delivered)),
    usageEstimated: true,
    errorCode,
  };
}

function unframe(frame: string): string {
  return frame.slice('data: '.length, -2);
}

/** A usage chunk for a stream whose upstream reported none, with the id of the stream's first chunk. */
function usageChunk(input: StreamRelayInput, usage: Usage): string {
  const { id, created, object } = chunkIdentity(input.first, input.endpoint);
  return JSON.stringify({ id, object, created, model: input.publicModel, choices: [], usage: usageToOpenAI(usage) });
}

// Parsed only when a usage chunk is synthesized (rare): not a JSON parse per stream.
function chunkIdentity(first: StreamPart, endpoint: Endpoint): { id: string; created: number; object: string } {
  const object = endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  try {
    const chunk = JSON.parse(first.data) as { id?: string; created?: number; object?: string };
    return {
      id: chunk.id ?? '',
      created: chunk.created ?? Math.floor(Date.now() / 1000),
      object: chunk.object ?? object,
    };
  } catch {
    return { id: '', created: Math.floor(Date.now() / 1000), object };
  }
}
