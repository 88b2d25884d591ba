import { ProviderError } from '../providers/spec.ts';

export function timeoutError(
  what: string,
  milliseconds: number,
  phase: 'connect' | 'response' | 'stream',
): ProviderError {
  return new ProviderError('upstream_timeout', `Upstream did not answer: ${what} took longer than ${milliseconds} ms`, {
    upstreamStatus: 0,
    phase,
    retryable: true,
  });
}

/**
 * Resolves with the promise, or rejects with `onTimeout()` (and calls `abort`) when it takes longer
 * than `milliseconds`. The timer is always cleared.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  milliseconds: number,
  onTimeout: () => Error,
  abort?: () => void,
): Promise<T> {
  // One promise instead of a timeout promise, Promise.race and .finally: this wraps every upstream call.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      abort?.();
      reject(onTimeout());
    }, milliseconds);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' ||
      (error as { code?: string }).code === 'ABORT_ERR' ||
      (error as { code?: string }).code === 'UND_ERR_ABORTED')
  );
}
