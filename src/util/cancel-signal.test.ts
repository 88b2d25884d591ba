import { describe, expect, it } from 'vitest';
import { CancelSource, childSource, toAbortSignal } from './cancel-signal.ts';

describe('CancelSource', () => {
  it('runs each listener once, in order, and none that was removed', () => {
    const source = new CancelSource();
    const calls: string[] = [];
    const removed = () => calls.push('removed');
    source.addEventListener('abort', () => calls.push('first'));
    source.addEventListener('abort', removed);
    source.addEventListener('abort', () => calls.push('third'));
    source.removeEventListener('abort', removed);
    const reason = new Error('client left');
    source.abort(reason);
    source.abort(new Error('again'));
    expect(calls).toEqual(['first', 'third']);
    expect(source.aborted).toBe(true);
    expect(source.reason).toBe(reason);
  });

  it('aborts with an AbortError when no reason is given, and ignores listeners added after', () => {
    const source = new CancelSource();
    source.abort();
    expect((source.reason as DOMException).name).toBe('AbortError');
    let called = false;
    source.addEventListener('abort', () => (called = true));
    expect(called).toBe(false);
  });

  it('links a child to its parent until released', () => {
    const parent = new CancelSource();
    const linked = childSource(parent);
    const released = childSource(parent);
    released.release();
    parent.abort(new Error('gone'));
    expect(linked.source.aborted).toBe(true);
    expect((linked.source.reason as Error).message).toBe('gone');
    expect(released.source.aborted).toBe(false);
  });

  it('links to a standard AbortSignal parent, and starts aborted under an aborted one', () => {
    const controller = new AbortController();
    const linked = childSource(controller.signal);
    controller.abort(new Error('timeout'));
    expect(linked.source.aborted).toBe(true);
    expect(childSource(controller.signal).source.aborted).toBe(true);
  });

  it('gives a standard AbortSignal that follows it, made on demand', () => {
    const source = new CancelSource();
    const signal = toAbortSignal(source);
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(toAbortSignal(source)).toBe(signal);
    source.abort(new Error('stop'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('stop');
    const late = new CancelSource();
    late.abort();
    expect(toAbortSignal(late).aborted).toBe(true);
    const standard = new AbortController().signal;
    expect(toAbortSignal(standard)).toBe(standard);
  });
});
