import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Deployment } from './deployment.ts';
import { localSlot, type ReleaseSlot, type SharedRoutingState } from './shared-routing-state.ts';

export interface RedisRoutingStateOptions {
  /** Commands (slots, breaker state). */
  redis: Redis;
  /** A second connection in subscriber mode (peers' outcomes). */
  subscriber: Redis;
  prefix: string;
  logger: Logger;
  /** This replica's id in messages (its own messages are ignored). */
  replicaId?: string;
  /** How long a slot lease lives without renewal: a killed process leaks a slot at most this long. */
  leaseMs?: number;
  /** After a Redis failure, how long to use the local fallback before trying Redis again. */
  retryRedisAfterMs?: number;
}

interface OutcomeMessage {
  replica: string;
  deployment: string;
  verdict: 'success' | 'failure';
  /** Set when this outcome opened the circuit: until when (epoch ms). */
  openUntil: number | null;
}

/**
 * Takes a slot when the deployment's lease set has room: expired leases (a killed process's) are
 * dropped first; the clock is Redis's, so replicas with skewed clocks agree.
 */
const ACQUIRE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1`;

const RENEW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1`;

/**
 * Routing state shared by replicas through Redis. Breakers: every judged outcome is published;
 * the other replicas apply it to their own breaker (so N replicas trip on the failures all of them
 * saw), and an opened circuit is also stored with its end so a replica that starts later knows.
 * Slots: a sorted set of leases per deployment with a global `maxConcurrency`; a lease is renewed
 * while its call runs and expires after `leaseMs` when its process died.
 *
 * When Redis is unreachable, each replica goes on alone: its breakers learn from its own calls and
 * it admits up to `maxConcurrency` calls itself (the limit is then per replica), until Redis answers
 * again. Requests are never refused because Redis is down.
 */
export class RedisRoutingState implements SharedRoutingState {
  readonly kind = 'redis';
  private readonly replicaId: string;
  private readonly leaseMs: number;
  private readonly retryRedisAfterMs: number;
  private readonly attached = new Map<string, Deployment>();
  private readonly channel: string;
  private redisDownUntil = 0;
  private leaseSequence = 0;
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RedisRoutingStateOptions) {
    this.replicaId = options.replicaId ?? `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.retryRedisAfterMs = options.retryRedisAfterMs ?? 5_000;
    this.channel = `${options.prefix}routing:outcomes`;
    options.redis.defineCommand('kaiyuanSlotAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    options.redis.defineCommand('kaiyuanSlotRenew', { numberOfKeys: 1, lua: RENEW });
    options.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.applyPeer(message);
    });
  }

  /** Subscribes to peers' outcomes; resolves once the subscription is active. */
  async start(): Promise<void> {
    await this.options.subscriber.subscribe(this.channel);
  }

  attach(deployment: Deployment): void {
    if (this.attached.get(deployment.id) === deployment) return;
    const known = this.attached.has(deployment.id);
    this.attached.set(deployment.id, deployment);
    deployment.state.onJudged = (judged, verdict) => this.publish(judged, verdict);
    if (!known) void this.loadOpenCircuit(deployment);
  }

  acquireSlot(deployment: Deployment): ReleaseSlot | null | Promise<ReleaseSlot | null> {
    if (deployment.maxConcurrency === null) return () => undefined;
    if (Date.now() < this.redisDownUntil) return localSlot(deployment);
    return this.acquireShared(deployment, deployment.maxConcurrency);
  }

  /** Stops sharing. Leases still held are not renewed any more and expire after leaseMs. */
  async close(): Promise<void> {
    for (const renewal of this.renewals) clearInterval(renewal);
    this.renewals.clear();
    for (const deployment of this.attached.values()) deployment.state.onJudged = null;
    this.attached.clear();
  }

  private async acquireShared(deployment: Deployment, max: number): Promise<ReleaseSlot | null> {
    const key = this.slotKey(deployment);
    const member = `${this.replicaId}:${++this.leaseSequence}`;
    const redis = this.options.redis as Redis & {
      kaiyuanSlotAcquire(key: string, max: number, leaseMs: number, member: string): Promise<number>;
      kaiyuanSlotRenew(key: string, leaseMs: number, member: string): Promise<number>;
    };
    let granted: number;
    try {
      granted = await redis.kaiyuanSlotAcquire(key, max, this.leaseMs, member);
    } catch (error) {
      this.redisFailed(error);
      return localSlot(deployment);
    }
    if (granted !== 1) return null;
    deployment.state.slotsHeld++;
    const renewal = setInterval(
      () => void redis.kaiyuanSlotRenew(key, this.leaseMs, member).catch(() => undefined),
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    renewal.unref();
    this.renewals.add(renewal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearInterval(renewal);
      this.renewals.delete(renewal);
      deployment.state.slotsHeld--;
      void this.options.redis.zrem(key, member).catch(() => undefined);
    };
  }

  private publish(deployment: Deployment, verdict: 'success' | 'failure'): void {
    const openUntil = verdict === 'failure' ? deployment.state.circuit.openUntilEpochMs : null;
    const message: OutcomeMessage = { replica: this.replicaId, deployment: deployment.id, verdict, openUntil };
    const redis = this.options.redis;
    void redis.publish(this.channel, JSON.stringify(message)).catch((error: unknown) => this.redisFailed(error));
    if (openUntil !== null) {
      const ttl = openUntil - Date.now();
      if (ttl > 0) void redis.set(this.circuitKey(deployment), String(openUntil), 'PX', ttl).catch(() => undefined);
    } else if (verdict === 'success' && deployment.state.circuit.state === 'closed') {
      void redis.del(this.circuitKey(deployment)).catch(() => undefined);
    }
  }

  private applyPeer(text: string): void {
    let message: OutcomeMessage;
    try {
      message = JSON.parse(text) as OutcomeMessage;
    } catch {
      return;
    }
    if (message.replica === this.replicaId) return;
    const deployment = this.attached.get(message.deployment);
    if (!deployment) return;
    const circuit = deployment.state.circuit;
    if (message.verdict === 'success') circuit.onSuccess();
    else if (message.openUntil !== null) circuit.openFromPeer(message.openUntil);
    else circuit.onFailure('peer');
  }

  private async loadOpenCircuit(deployment: Deployment): Promise<void> {
    try {
      const until = Number(await this.options.redis.get(this.circuitKey(deployment)));
      if (Number.isFinite(until) && until > Date.now()) deployment.state.circuit.openFromPeer(until);
    } catch (error) {
      this.redisFailed(error);
    }
  }

  private redisFailed(error: unknown): void {
    if (Date.now() >= this.redisDownUntil)
      this.options.logger.warn(
        { err: error },
        'Redis unreachable: routing state (breakers, concurrency limits) is per replica until it answers again',
      );
    this.redisDownUntil = Date.now() + this.retryRedisAfterMs;
  }

  private slotKey(deployment: Deployment): string {
    return `${this.options.prefix}routing:slots:${deployment.id}`;
  }

  private circuitKey(deployment: Deployment): string {
    return `${this.options.prefix}routing:circuit:${deployment.id}`;
  }
}
