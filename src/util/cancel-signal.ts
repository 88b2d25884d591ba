/**
 * Cancellation on the request path without Node's AbortController. Making an AbortController and
 * linking it to a parent with an event listener costs more than the rest of a request's own
 * bookkeeping (decision 007), and a request needs one for the client connection and one per
 * upstream attempt. `CancelSignal` is the part of AbortSignal the gateway uses; a real AbortSignal
 * is one, and so is the `CancelSource` below, which is a plain object with a list of listeners.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

type Listener = () => void;

/** A cancellation source that is its own signal. Listeners run once, in the order they were added. */
export class CancelSource implements CancelSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Listener | Listener[] | null = null;
  private standard: AbortController | null = null;

  /** Aborts with the reason (an AbortError DOMException when none is given); later calls do nothing. */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners;
    this.listeners = null;
    if (typeof listeners === 'function') listeners();
    else if (listeners) for (const listener of listeners) listener();
    this.standard?.abort(this.reason);
  }

  addEventListener(_type: 'abort', listener: Listener): void {
    if (this.aborted) return;
    const listeners = this.listeners;
    if (listeners === null) this.listeners = listener;
    else if (typeof listeners === 'function') this.listeners = [listeners, listener];
    else listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: Listener): void {
    const listeners = this.listeners;
    if (listeners === listener) this.listeners = null;
    else if (Array.isArray(listeners)) {
      const index = listeners.indexOf(listener);
      if (index !== -1) listeners.splice(index, 1);
    }
  }

  /** A standard AbortSignal that aborts with this source (made on first use, for APIs that need one). */
  toAbortSignal(): AbortSignal {
    if (!this.standard) {
      this.standard = new AbortController();
      if (this.aborted) this.standard.abort(this.reason);
    }
    return this.standard.signal;
  }
}

/** A source that also aborts (with the parent's reason) when the parent does; `release` unlinks it. */
export function childSource(parent: CancelSignal): { source: CancelSource; release: () => void } {
  const source = new CancelSource();
  if (parent.aborted) {
    source.abort(parent.reason);
    return { source, release: noop };
  }
  const onAbort = () => source.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { source, release: () => parent.removeEventListener('abort', onAbort) };
}

/** The signal as a standard AbortSignal, for APIs that take only that (undici's request, fetch). */
export function toAbortSignal(signal: CancelSignal): AbortSignal {
  return signal instanceof CancelSource ? signal.toAbortSignal() : (signal as AbortSignal);
}

function noop(): void {}
