import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisRoutingState } from './redis-routing-state.ts';
import { MemoryRoutingState, type SharedRoutingState } from './shared-routing-state.ts';

/**
 * The routing state replicas share: through Redis when a URL is set (breakers and concurrency
 * slots across replicas), else in this process. Redis commands fail fast (no offline queue), so an
 * unreachable Redis costs a request little before the replica falls back to its own state.
 */
export async function createRoutingState(
  redisUrl: string | undefined,
  logger: Logger,
  prefix = 'kaiyuan:',
): Promise<SharedRoutingState> {
  if (!redisUrl) return new MemoryRoutingState();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 500 });
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  subscriber.on('error', (error) => logger.debug({ err: error }, 'redis error (routing state subscriber)'));
  const state = new RedisRoutingState({ redis, subscriber, prefix, logger });
  // Waits a moment for the subscription, never for long: a replica starts also while Redis is down.
  const subscribed = state.start().then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, 2_000, false).unref());
  const ready = new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true)));
  const both = Promise.all([subscribed, ready]).then(([first, second]) => first && second);
  if (!(await Promise.race([both, timeout])))
    logger.warn('Redis unreachable at start: routing state is per replica until it answers');
  const close = state.close.bind(state);
  state.close = async () => {
    await close();
    redis.disconnect();
    subscriber.disconnect();
  };
  return state;
}
