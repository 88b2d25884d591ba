import type { InferenceService } from '../inference/inference-service.ts';
import type { Principal } from '../accounts/principal.ts';
import { CancelSource } from '../util/cancel-signal.ts';
import { errorBody, toKaiyuanError, type KaiyuanError } from '../util/errors.ts';
import { sleep } from '../util/sleep.ts';
import { batchEndpointTable } from './batch-endpoints.ts';
import type { BatchLine } from './batch-input.ts';

export interface LineResult {
  succeeded: boolean;
  /** The output (or error) file line, JSON text. */
  line: string;
}

export interface LineRunSettings {
  inference: InferenceService;
  principal: Principal;
  batchId: string;
  /** Stops waiting (and the call in flight) when the batch is cancelled or the slice ends. */
  stop: CancelSource;
  /** Attempts of a line that fails with a retryable server error (rate limits wait instead). */
  maxAttempts?: number;
}

/**
 * The request id of a line: the same on every run of the line, so that metering (idempotent by
 * request id) bills a line once even when a crash makes it run again.
 */
export function lineRequestId(batchId: string, index: number): string {
  return `${batchId}_line_${index}`;
}

/**
 * Runs one line through the normal request path (auth already resolved: the batch's principal;
 * limits, balance, routing, fallbacks and metering as for any request). Waits out rate limits of
 * the organization and retries transient server errors; returns null when stopped first.
 */
export async function runBatchLine(line: BatchLine, settings: LineRunSettings): Promise<LineResult | null> {
  const { inference, principal, batchId, stop } = settings;
  const maxAttempts = settings.maxAttempts ?? 5;
  const requestId = lineRequestId(batchId, line.index);
  for (let attempt = 1; ; attempt++) {
    if (stop.aborted) return null;
    await yieldToRealTime(inference, line.body.model, stop);
    try {
      const answer = await batchEndpointTable[line.url].call(
        inference,
        { requestId, clientRequestId: line.customId, principal, signal: stop, batchId },
        line.body,
      );
      if (answer.kind !== 'json') throw new Error('a batch line answered with a stream');
      return { succeeded: true, line: outputLine(line, requestId, 200, JSON.parse(answer.text)) };
    } catch (thrown) {
      if (stop.aborted) return null;
      const error = toKaiyuanError(thrown);
      if (error.status === 429 || error.code === 'limits_unavailable') {
        // The organization's limits hold for batches too: wait for the window, then go on.
        if (await pause(error.retryAfterMs ?? 1000, stop)) continue;
        return null;
      }
      if (error.retryable && attempt < maxAttempts) {
        if (await pause(Math.min(30_000, 500 * 2 ** attempt), stop)) continue;
        return null;
      }
      return { succeeded: false, line: failedLine(line, requestId, error) };
    }
  }
}

/** The error-file line of a line that was never run (the batch was cancelled or expired first). */
export function unrunLine(line: BatchLine, batchId: string, code: 'batch_cancelled' | 'batch_expired'): string {
  const message =
    code === 'batch_expired'
      ? 'This request could not be executed before the completion window of the batch expired.'
      : 'This request was not executed: the batch was cancelled.';
  return JSON.stringify({
    id: `batch_req_${lineRequestId(batchId, line.index)}`,
    custom_id: line.customId,
    response: null,
    error: { code, message },
  });
}

function outputLine(line: BatchLine, requestId: string, status: number, body: unknown): string {
  return JSON.stringify({
    id: `batch_req_${requestId}`,
    custom_id: line.customId,
    response: { status_code: status, request_id: requestId, body },
    error: null,
  });
}

function failedLine(line: BatchLine, requestId: string, error: KaiyuanError): string {
  return outputLine(line, requestId, error.status, errorBody(error));
}

/** Real-time requests first: while any wait for a slot of the model, the line waits too. */
async function yieldToRealTime(inference: InferenceService, model: unknown, stop: CancelSource): Promise<void> {
  if (typeof model !== 'string') return;
  while (!stop.aborted && inference.queueDepth(model) > 0) await pause(100, stop);
}

/** Sleeps; false when stopped meanwhile. */
async function pause(milliseconds: number, stop: CancelSource): Promise<boolean> {
  try {
    await sleep(Math.max(50, Math.min(milliseconds, 60_000)), stop);
    return true;
  } catch {
    return false;
  }
}
