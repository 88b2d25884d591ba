import cluster from 'node:cluster';
import { isKaiyuanMessage, workerSlotVariable, type CallFrame, type PrimaryToWorker } from './cluster-messages.ts';

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A worker's line to the primary that owns the shared counters. Calls made within one turn of the
 * event loop leave in one IPC message (`setImmediate`), so at 32 connections one message carries
 * the admissions of many requests; a call resolves with the primary's answer. When the primary is
 * gone (killed), every open and later call fails at once: nothing is admitted that it cannot count.
 */
export class PrimaryLink {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: CallFrame[] = [];
  private flushScheduled = false;
  private readonly subscribers = new Map<string, Array<(message: string) => void>>();
  private gone = false;
  private features: ReadonlySet<string> = new Set();

  constructor(
    private readonly send: (message: unknown) => boolean,
    listen: (handler: (message: unknown) => void) => void,
    onDisconnect: (handler: () => void) => void,
  ) {
    listen((message) => this.receive(message));
    onDisconnect(() => {
      this.gone = true;
      for (const waiting of this.waiting.values()) waiting.reject(primaryGone());
      this.waiting.clear();
    });
  }

  get connected(): boolean {
    return !this.gone;
  }

  /**
   * Asks the primary which calls it accepts beyond the first version's (clusterFeatures). Until it
   * answers, and for good if it is of an earlier version (it answers with an error), the worker
   * sends the separate calls every primary accepts.
   */
  askFeatures(): void {
    this.call<string[]>('cluster.features', []).then(
      (features) => {
        this.features = new Set(features);
      },
      () => undefined,
    );
  }

  /** Whether the primary accepts this call (a method of clusterFeatures). */
  supports(feature: string): boolean {
    return this.features.has(feature);
  }

  /** Calls a method of the primary's counter owner. */
  call<T>(method: string, args: unknown[]): Promise<T> {
    if (this.gone) return Promise.reject(primaryGone());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.enqueue([id, method, args]);
    });
  }

  /** Sends an update that needs no answer; it is ordered with this worker's calls. */
  tell(method: string, args: unknown[]): void {
    if (!this.gone) this.enqueue([0, method, args]);
  }

  /** Sends a message to every other worker (through the primary). */
  publish(topic: string, message: string): void {
    if (this.gone) return;
    this.flush();
    this.send({ kaiyuan: 'publish', topic, message });
  }

  subscribe(topic: string, handler: (message: string) => void): void {
    const list = this.subscribers.get(topic) ?? [];
    list.push(handler);
    this.subscribers.set(topic, list);
  }

  private enqueue(frame: CallFrame): void {
    this.outbox.push(frame);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    const calls = this.outbox;
    this.outbox = [];
    try {
      this.send({ kaiyuan: 'calls', calls });
    } catch {
      for (const [id] of calls) this.settle(id, false, 'The primary process is gone.');
    }
  }

  private receive(message: unknown): void {
    if (!isKaiyuanMessage(message)) return;
    const typed = message as PrimaryToWorker;
    if (typed.kaiyuan === 'results') {
      for (const [id, ok, value] of typed.results) this.settle(id, ok, value);
    } else if (typed.kaiyuan === 'deliver') {
      for (const handler of this.subscribers.get(typed.topic) ?? []) handler(typed.message);
    }
  }

  private settle(id: number, ok: boolean, value: unknown): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    if (ok) waiting.resolve(value);
    else waiting.reject(new Error(String(value)));
  }
}

function primaryGone(): Error {
  return new Error('The primary process is gone; this worker is shutting down.');
}

let link: PrimaryLink | null | undefined;

/** The worker's slot (1…N) when this process is a worker of `kaiyuan serve --workers N`, else null. */
export function workerSlot(): number | null {
  const slot = Number(process.env[workerSlotVariable]);
  return cluster.isWorker && Number.isInteger(slot) && slot >= 0 ? slot : null;
}

/** The link to the primary when this process is a Kaiyuan cluster worker; null in a single process. */
export function primaryLink(): PrimaryLink | null {
  if (link !== undefined) return link;
  if (workerSlot() === null || !process.send) return (link = null);
  link = new PrimaryLink(
    (message) => process.send!(message),
    (handler) => process.on('message', handler),
    (handler) => process.once('disconnect', handler),
  );
  link.askFeatures();
  return link;
}
