import { describe, expect, it } from 'vitest';
import { SlotQueue } from './slot-queue.ts';

const signal = () => new AbortController().signal;

describe('SlotQueue', () => {
  it('serves waiting higher-priority callers first, FIFO within a priority', async () => {
    const queue = new SlotQueue(() => 1);
    const first = await queue.acquire(0, 1000, signal());
    const order: string[] = [];
    const free = queue.acquire(0, 1000, signal()).then((release) => (order.push('free'), release));
    const paidA = queue.acquire(10, 1000, signal()).then((release) => (order.push('paid-a'), release));
    const paidB = queue.acquire(10, 1000, signal()).then((release) => (order.push('paid-b'), release));
    expect(queue.depth).toBe(3);
    first();
    (await paidA)();
    (await paidB)();
    (await free)();
    expect(order).toEqual(['paid-a', 'paid-b', 'free']);
    expect(queue.active).toBe(0);
  });

  it('sheds a caller that waited too long with 429 and Retry-After', async () => {
    const queue = new SlotQueue(() => 1);
    await queue.acquire(0, 1000, signal());
    const error = await queue.acquire(0, 30, signal()).catch((thrown) => thrown);
    expect(error).toMatchObject({ status: 429, code: 'server_overloaded' });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(queue.depth).toBe(0);
  });

  it('drops a waiter whose client went away', async () => {
    const queue = new SlotQueue(() => 1);
    await queue.acquire(0, 1000, signal());
    const controller = new AbortController();
    const waiting = queue.acquire(0, 1000, controller.signal).catch((thrown) => thrown);
    controller.abort(new Error('gone'));
    expect(((await waiting) as Error).message).toBe('gone');
    expect(queue.depth).toBe(0);
  });

  it('releasing twice frees one slot only', async () => {
    const queue = new SlotQueue(() => 2);
    const release = await queue.acquire(0, 10, signal());
    release();
    release();
    expect(queue.active).toBe(0);
  });
});
