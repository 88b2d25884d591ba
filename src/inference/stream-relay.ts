import type { StreamPart, Usage } from '../providers/spec.ts';
import { errorBody, toKaiyuanError } from '../util/errors.ts';
import type { Endpoint, OutcomeStatus } from './gateway-hooks.ts';
import type { SseSink } from './sse-sink.ts';
import { timeoutError, withTimeout } from './timeouts.ts';
import { deliveredText, estimateUsage, usageToOpenAI } from './usage-estimate.ts';

export interface RelayFinish {
  status: OutcomeStatus;
  usage: Usage;
  usageEstimated: boolean;
  errorCode: string | null;
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
  /** Aborts the upstream call (client gone, timeout). */
  abortUpstream: () => void;
  /** Settles billing and statistics; awaited before the last bytes go out. */
  finish: (result: RelayFinish) => Promise<void>;
  /** Template for a synthesized usage chunk when the upstream reports none: id/model of the stream. */
  chunkIdentity: { id: string; created: number; model: string; object: string };
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
  sink.open(input.headers);
  try {
    while (part) {
      if (part.usage) usage = part.usage;
      if (!(part.usageOnly && !input.clientWantsUsage)) {
        const frame = `data: ${part.data}\n\n`;
        if (part.finishReason || part.usageOnly || held.length > 0) held.push(frame);
        else {
          delivered.push(part.data);
          if (!sink.write(frame)) await sink.drain();
        }
      }
      if (sink.closed) throw clientGone();
      part = await nextPart(input, sink);
    }
  } catch (thrown) {
    input.abortUpstream();
    if (thrown === CLIENT_GONE || sink.closed) {
      await input.finish(deliveredOutcome(input, delivered, 'client_disconnected', 'client_disconnected'));
      sink.end();
      return;
    }
    const error = toKaiyuanError(thrown);
    await input.finish(deliveredOutcome(input, delivered, 'failed_midway', error.code));
    sink.write(`data: ${JSON.stringify(errorBody(error))}\n\n`);
    sink.end();
    return;
  }
  const estimated = usage === undefined;
  const finalUsage = usage ?? estimateUsage(input.endpoint, input.body, deliveredText([...delivered, ...held.map(unframe)]));
  await input.finish({ status: 'completed', usage: finalUsage, usageEstimated: estimated, errorCode: null });
  if (estimated && input.clientWantsUsage) held.push(`data: ${usageChunk(input, finalUsage)}\n\n`);
  sink.write(held.join('') + DONE);
  sink.end();
}

const CLIENT_GONE = new Error('client disconnected');
function clientGone(): Error {
  return CLIENT_GONE;
}

async function nextPart(input: StreamRelayInput, sink: SseSink): Promise<StreamPart | undefined> {
  const remaining = input.deadline - Date.now();
  if (remaining <= 0) throw timeoutError('the whole answer', input.deadline, 'stream');
  const limit = Math.min(input.idleMs, remaining);
  const result = await withTimeout(input.iterator.next(), limit, () =>
    limit === input.idleMs ? timeoutError('waiting for the next chunk', input.idleMs, 'stream') : timeoutError('the whole answer', limit, 'stream'),
  );
  if (sink.closed) throw CLIENT_GONE;
  return result.done ? undefined : result.value;
}

function deliveredOutcome(input: StreamRelayInput, delivered: string[], status: OutcomeStatus, errorCode: string): RelayFinish {
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

function usageChunk(input: StreamRelayInput, usage: Usage): string {
  const { id, created, model, object } = input.chunkIdentity;
  return JSON.stringify({ id, object, created, model, choices: [], usage: usageToOpenAI(usage) });
}
