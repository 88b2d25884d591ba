import { ProviderError, errorForStatus } from '../spec.ts';
import type { SimulatorFault } from './simulator-options.ts';

/** Decides, call by call, which configured fault (if any) fires. */
export class FaultSchedule {
  private calls = 0;

  constructor(
    private readonly faults: readonly SimulatorFault[],
    private readonly random: () => number = Math.random,
  ) {}

  next(): SimulatorFault | null {
    this.calls++;
    for (const fault of this.faults) {
      const fires = fault.rate !== undefined ? this.random() < fault.rate : this.calls % fault.every === 0;
      if (fires) return fault;
    }
    return null;
  }
}

/** The error a fault produces before any byte of the answer (status, reset, error body). */
export function failureBeforeAnswer(fault: SimulatorFault, providerName: string): ProviderError | null {
  switch (fault.kind) {
    case 'status': {
      const retryAfterMs = fault.retryAfterSeconds === undefined ? undefined : fault.retryAfterSeconds * 1000;
      const body = JSON.stringify({
        error: { message: `Simulated ${fault.status}`, type: 'simulated', code: String(fault.status) },
      });
      return errorForStatus(fault.status, body, retryAfterMs, providerName);
    }
    case 'reset':
      return new ProviderError('upstream_connection_failed', `Upstream ${providerName}: connection reset (simulated)`, {
        upstreamStatus: 0,
        phase: 'connect',
        retryable: true,
      });
    case 'error-in-200':
      return new ProviderError(
        'upstream_error_in_body',
        `Upstream ${providerName} returned an error with HTTP 200 (simulated)`,
        {
          upstreamStatus: 200,
          phase: 'response',
          retryable: true,
        },
      );
    default:
      return null;
  }
}

export function streamCutError(providerName: string): ProviderError {
  return new ProviderError(
    'upstream_stream_cut',
    `Upstream ${providerName} ended the stream before the answer was complete (simulated)`,
    {
      upstreamStatus: 200,
      phase: 'stream',
      retryable: true,
    },
  );
}

export function malformedChunkError(providerName: string): ProviderError {
  return new ProviderError(
    'upstream_malformed_chunk',
    `Upstream ${providerName} sent a chunk that is not valid JSON (simulated)`,
    {
      upstreamStatus: 200,
      phase: 'stream',
      retryable: true,
    },
  );
}
