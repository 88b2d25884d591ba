import type { Redis } from 'ioredis';
import type { AcquireResult, CounterAdjustment, CounterState, LimitCounter, RateLimiter } from './rate-limiter.ts';

/**
 * Checks every counter, then increments all of them, in one Lua script: atomic across replicas.
 * ARGV per counter: limit, amount, windowMs. Returns {0, used1, ttl1, …} when admitted,
 * {index, used1, ttl1, …} (1-based index of the refusing counter) when refused.
 */
const acquireScript = `
local n = #KEYS
local used = {}
local ttls = {}
local refused = 0
for i = 1, n do
  used[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  ttls[i] = redis.call('PTTL', KEYS[i])
  if refused == 0 and used[i] + tonumber(ARGV[3 * i - 1]) > tonumber(ARGV[3 * i - 2]) then refused = i end
end
if refused == 0 then
  for i = 1, n do
    used[i] = redis.call('INCRBY', KEYS[i], ARGV[3 * i - 1])
    if ttls[i] < 0 then
      redis.call('PEXPIRE', KEYS[i], ARGV[3 * i])
      ttls[i] = tonumber(ARGV[3 * i])
    end
  end
end
local out = { refused }
for i = 1, n do
  table.insert(out, used[i])
  table.insert(out, ttls[i])
end
return out
`;

const adjustScript = `
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    local value = redis.call('INCRBY', KEYS[i], ARGV[i])
    if value < 0 then redis.call('SET', KEYS[i], 0, 'KEEPTTL') end
  end
end
return 1
`;

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    /** Prefix of every counter key, e.g. `kaiyuan:rl:`. */
    private readonly prefix = 'kaiyuan:rl:',
  ) {}

  async acquire(counters: readonly LimitCounter[]): Promise<AcquireResult> {
    if (counters.length === 0) return { allowed: true, counters: [] };
    const keys = counters.map((counter) => this.prefix + counter.key);
    const argv = counters.flatMap((counter) => [counter.limit, counter.amount, counter.windowMs].map(String));
    const reply = (await this.redis.eval(acquireScript, keys.length, ...keys, ...argv)) as number[];
    const refusedIndex = Number(reply[0]);
    const result: CounterState[] = counters.map((counter, index) => {
      const ttl = Number(reply[2 + index * 2]);
      return {
        key: counter.key,
        kind: counter.kind,
        limit: counter.limit,
        windowMs: counter.windowMs,
        used: Number(reply[1 + index * 2]),
        resetMs: ttl >= 0 ? ttl : counter.windowMs,
      };
    });
    if (refusedIndex === 0) return { allowed: true, counters: result };
    const refused = counters[refusedIndex - 1]!;
    return { allowed: false, refused, retryAfterMs: Math.max(1, result[refusedIndex - 1]!.resetMs), counters: result };
  }

  async adjust(adjustments: readonly CounterAdjustment[]): Promise<void> {
    const relevant = adjustments.filter((adjustment) => adjustment.delta !== 0);
    if (relevant.length === 0) return;
    const keys = relevant.map((adjustment) => this.prefix + adjustment.key);
    await this.redis.eval(
      adjustScript,
      keys.length,
      ...keys,
      ...relevant.map((adjustment) => String(Math.round(adjustment.delta))),
    );
  }

  async close(): Promise<void> {}
}
