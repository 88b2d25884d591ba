import type { UsageWriteResult } from '../billing/usage-write.ts';
import type { Settlement } from '../limits/combined-counters.ts';
import { clusterFeatures, type CallFrame, type ResultFrame } from './cluster-messages.ts';
import type { CounterOwner } from './counter-owner.ts';
import type { MeteringOwner } from './metering-owner.ts';

/**
 * How the primary runs a worker's calls, in the order they arrived: metering to the one writer
 * (SQLite), everything else to the counters' owner. Calls with id 0 get no answer. It still
 * accepts every call of earlier versions (a reload runs old and new workers under one primary).
 */
export function primaryCalls(
  owner: CounterOwner,
  metering: MeteringOwner | null,
): (worker: number, frame: CallFrame, reply: (frame: ResultFrame) => void) => void {
  // Settling with the write needs the metering here (SQLite); admission needs only the counters.
  const features: string[] = metering
    ? [clusterFeatures.admission, clusterFeatures.settle]
    : [clusterFeatures.admission];
  return (worker, [id, method, args], reply) => {
    try {
      if (method === 'cluster.features') {
        reply([id, true, features]);
        return;
      }
      if (metering && method === clusterFeatures.settle) {
        // The commit and the true-ups are applied once the write has committed (or failed), before it is answered.
        const settlement = args[1] as Settlement;
        try {
          metering.handle('metering.write', [args[0]], (ok, value) => {
            owner.settle(settlement, ok ? (value as UsageWriteResult) : null);
            if (id !== 0) reply([id, ok, value]);
          });
        } catch (error) {
          // The store could not take the write: nothing is spent, the hold still goes.
          owner.settle(settlement, null);
          throw error;
        }
        return;
      }
      if (metering && method.startsWith('metering.')) {
        metering.handle(method, args, (ok, value) => {
          if (id !== 0) reply([id, ok, value]);
        });
        return;
      }
      owner.handle(worker, method, args, (value) => {
        if (id !== 0) reply([id, true, value]);
      });
    } catch (error) {
      if (id !== 0) reply([id, false, (error as Error).message]);
    }
  };
}
