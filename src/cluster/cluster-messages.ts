/**
 * The messages between the primary and its workers (`kaiyuan serve --workers N`), over the IPC
 * channel node:cluster opens. Calls travel in batches: every call a worker makes within one turn
 * of its event loop goes out in one message, and the primary answers each worker's calls of one
 * turn in one message too.
 */

/** A call of the primary: id, method, arguments. */
export type CallFrame = [id: number, method: string, args: unknown[]];
/** The answer to a call: id, whether it succeeded, its value or the error's message. */
export type ResultFrame = [id: number, ok: boolean, value: unknown];

export type WorkerToPrimary =
  /** Calls with id 0 are updates that want no answer (true-ups, commits), ordered with the others. */
  | { kaiyuan: 'calls'; calls: CallFrame[] }
  | { kaiyuan: 'ready'; url: string }
  | { kaiyuan: 'publish'; topic: string; message: string };

export type PrimaryToWorker =
  | { kaiyuan: 'results'; results: ResultFrame[] }
  | { kaiyuan: 'deliver'; topic: string; message: string }
  /** Stop accepting, finish what is in flight, flush metering, exit. */
  | { kaiyuan: 'stop' };

export function isKaiyuanMessage(value: unknown): value is { kaiyuan: string } {
  return typeof value === 'object' && value !== null && typeof (value as { kaiyuan?: unknown }).kaiyuan === 'string';
}

/**
 * Calls a primary accepts beyond the first version's, named by method; a worker asks for the list
 * (`cluster.features`) and uses a call only once its primary has named it: a reload can start new
 * workers under a primary of an earlier version, which answers the question with an error (decision 039).
 */
export const clusterFeatures = {
  /** The rate-limit counters, then — if they admit — a budget reservation, in one call. */
  admission: 'admission.acquireReserve',
  /** A usage write whose budget commit and token true-ups the primary applies once it has committed. */
  settle: 'metering.writeSettle',
} as const;

/** The environment variable that gives a worker its slot (1…N); slot 1 runs the once-per-server work. */
export const workerSlotVariable = 'KAIYUAN_WORKER_SLOT';
