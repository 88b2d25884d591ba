import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { isKaiyuanMessage, workerSlotVariable, type ResultFrame, type WorkerToPrimary } from './cluster-messages.ts';
import { CounterOwner } from './counter-owner.ts';
import { MeteringOwner, type MeteringOwnerOptions } from './metering-owner.ts';
import { primaryCalls } from './primary-calls.ts';

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** How long a stopping worker may take to finish its answers before it is killed. */
  shutdownGraceMs: number;
  /** A worker that dies is started again after this (doubled while it keeps dying young). */
  restartDelayMs?: number;
  /**
   * The store when it is a SQLite file: the primary is then the one writer of usage records, ledger
   * debits and request log rows for all workers (decision 032). Absent (PostgreSQL): each worker writes.
   */
  metering?: Omit<MeteringOwnerOptions, 'logger'> | null;
}

export interface RunningPrimary {
  /** Forks the workers: slot 1 first, the others once it listens. */
  start(): Promise<void>;
  /** Starts a new worker per slot and retires the old one once the new one listens (SIGHUP). */
  reload(): Promise<void>;
  /** Stops every worker gracefully (SIGTERM / SIGINT). */
  stop(): Promise<void>;
}

interface Slot {
  worker: Worker;
  startedAt: number;
  failures: number;
}

/**
 * The primary of `kaiyuan serve --workers N`: forks N workers that serve the one port (node:cluster
 * hands them the connections in turn), owns the counters they share (limits and reservations,
 * when there is no Redis), on SQLite writes the metering of all of them (usage records, ledger
 * debits, request log rows), passes invalidation messages between them, starts a worker again when
 * one dies, and reloads them one by one on SIGHUP without closing the port. It serves no requests. Slot 1 is started first (it migrates the store and does the once-per-server
 * work); the others follow once it listens.
 */
export function createPrimary(options: PrimaryOptions): RunningPrimary {
  const { logger } = options;
  const baseDelay = options.restartDelayMs ?? 250;
  const owner = new CounterOwner();
  const metering = options.metering ? new MeteringOwner({ ...options.metering, logger }) : null;
  const slots = new Map<number, Slot>();
  /** Workers being retired (reload) or stopped: their exit starts nothing. */
  const retiring = new Set<Worker>();
  const ready = new Map<Worker, () => void>();
  const outboxes = new Map<Worker, ResultFrame[]>();
  let stopping = false;
  let url = '';
  const run = primaryCalls(owner, metering);

  const reply = (worker: Worker, frame: ResultFrame) => {
    let outbox = outboxes.get(worker);
    if (!outbox) {
      outbox = [];
      outboxes.set(worker, outbox);
      setImmediate(() => {
        outboxes.delete(worker);
        if (worker.isConnected()) worker.send({ kaiyuan: 'results', results: outbox! });
      });
    }
    outbox.push(frame);
  };

  const onMessage = (worker: Worker, message: unknown) => {
    if (!isKaiyuanMessage(message)) return;
    const typed = message as WorkerToPrimary;
    if (typed.kaiyuan === 'calls') {
      const answer = (result: ResultFrame) => reply(worker, result);
      for (const frame of typed.calls) run(worker.id, frame, answer);
    } else if (typed.kaiyuan === 'publish') {
      for (const other of Object.values(cluster.workers ?? {})) {
        if (other && other !== worker && other.isConnected())
          other.send({ kaiyuan: 'deliver', topic: typed.topic, message: typed.message });
      }
    } else if (typed.kaiyuan === 'ready') {
      url = typed.url;
      logger.info({ pid: worker.process.pid }, 'worker ready');
      ready.get(worker)?.();
      ready.delete(worker);
    }
  };

  const fork = (slot: number): Promise<Worker> => {
    const worker = cluster.fork({ [workerSlotVariable]: String(slot) });
    worker.on('message', (message) => onMessage(worker, message));
    // Any worker, the reload's bridge included: a budget read it was doing passes to the next reservation.
    worker.once('exit', () => owner.workerGone(worker.id));
    return new Promise((resolve, reject) => {
      ready.set(worker, () => resolve(worker));
      worker.once('exit', (code, signal) => {
        if (ready.has(worker)) {
          ready.delete(worker);
          reject(new Error(`worker ${slot} exited before it listened (${signal ?? `code ${code}`})`));
        }
      });
    });
  };

  const place = async (slot: number, failures = 0): Promise<void> => {
    const pending = fork(slot);
    const worker = await pending.catch((error: unknown) => {
      logger.error({ err: error, slot }, 'a worker failed to start');
      return null;
    });
    if (!worker) {
      if (!stopping) scheduleRestart(slot, failures + 1);
      return;
    }
    slots.set(slot, { worker, startedAt: Date.now(), failures });
    worker.once('exit', (code, signal) => {
      if (stopping || retiring.has(worker)) return;
      if (slots.get(slot)?.worker !== worker) return;
      const young = Date.now() - slots.get(slot)!.startedAt < 10_000;
      logger.error({ slot, pid: worker.process.pid, code, signal }, 'a worker died; starting it again');
      scheduleRestart(slot, young ? failures + 1 : 0);
    });
  };

  const scheduleRestart = (slot: number, failures: number) => {
    const delay = Math.min(10_000, baseDelay * 2 ** Math.min(failures, 6));
    setTimeout(() => {
      if (!stopping) void place(slot, failures);
    }, delay).unref();
  };

  const retire = (worker: Worker): Promise<void> =>
    new Promise((resolve) => {
      if (worker.isDead()) return resolve();
      retiring.add(worker);
      worker.once('exit', () => resolve());
      if (worker.isConnected()) worker.send({ kaiyuan: 'stop' });
      else worker.process.kill('SIGTERM');
      setTimeout(() => worker.process.kill('SIGKILL'), options.shutdownGraceMs + 10_000).unref();
    });

  let started = false;
  let reloading: Promise<void> | null = null;
  return {
    async start() {
      // Slot 1 first: it migrates the store and creates what a first start creates.
      await place(1);
      if (!slots.has(1)) throw new Error('the first worker did not start; see the log above');
      await Promise.all(Array.from({ length: options.workers - 1 }, (_, index) => place(index + 2)));
      started = true;
      logger.info({ url, workers: options.workers }, `Kaiyuan is listening on ${url} with ${options.workers} workers`);
    },
    reload() {
      if (!started || stopping) {
        logger.warn('SIGHUP ignored: the workers are still starting or stopping');
        return Promise.resolve();
      }
      reloading ??= (async () => {
        logger.info({ workers: options.workers }, 'reloading: starting new workers, then retiring the old ones');
        // A bridge worker (slot 0, no once-per-server work) keeps the port served while slot 1 changes hands.
        const bridge = await fork(0);
        const old1 = slots.get(1)?.worker;
        if (old1) await retire(old1);
        await place(1);
        for (let slot = 2; slot <= options.workers; slot++) {
          const old = slots.get(slot)?.worker;
          await place(slot);
          if (old) await retire(old);
        }
        await retire(bridge);
        logger.info('reload done');
      })().finally(() => {
        reloading = null;
      });
      return reloading;
    },
    async stop() {
      stopping = true;
      await Promise.all(Object.values(cluster.workers ?? {}).map((worker) => (worker ? retire(worker) : undefined)));
      // The workers are gone: what they sent is here; commit it and close the store.
      await metering
        ?.close()
        .catch((error: unknown) => logger.error({ err: error }, 'closing the metering store failed'));
    },
  };
}
