import type { Deployment } from './deployment.ts';

/** A concurrency slot of one deployment, held for one upstream call; `release` is idempotent. */
export type ReleaseSlot = () => void;

/**
 * Routing state that replicas share: what deployments' breakers learned, and the concurrency slots
 * of deployments with a `maxConcurrency`. In memory (one process) without Redis; through Redis
 * (`redis-routing-state.ts`) with it, so N replicas trip a breaker together and admit at most
 * `maxConcurrency` calls between them.
 */
export interface SharedRoutingState {
  readonly kind: 'memory' | 'redis';
  /** Makes the deployment's judged outcomes shared (idempotent; called for the candidates of every request). */
  attach(deployment: Deployment): void;
  /**
   * A slot of a deployment with a maxConcurrency: null when it is at its limit (the caller tries
   * the next deployment). Deployments without a limit always get one, without any round trip.
   */
  acquireSlot(deployment: Deployment): ReleaseSlot | null | Promise<ReleaseSlot | null>;
  close(): Promise<void>;
}

const noop: ReleaseSlot = () => undefined;

/** One process: the breaker is the deployment's own; the limit counts this process's calls. */
export class MemoryRoutingState implements SharedRoutingState {
  readonly kind = 'memory';

  attach(): void {}

  acquireSlot(deployment: Deployment): ReleaseSlot | null {
    if (deployment.maxConcurrency === null) return noop;
    return localSlot(deployment);
  }

  async close(): Promise<void> {}
}

/** A slot counted in the deployment's own in-process counter (also the fallback when Redis is unreachable). */
export function localSlot(deployment: Deployment): ReleaseSlot | null {
  if (deployment.maxConcurrency !== null && deployment.state.slotsHeld >= deployment.maxConcurrency) return null;
  deployment.state.slotsHeld++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    deployment.state.slotsHeld--;
  };
}
