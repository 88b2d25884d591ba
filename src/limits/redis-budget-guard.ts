import type { Redis } from 'ioredis';
import type { BudgetGuard } from './budget-guard.ts';

/** KEYS: budget, held. ARGV: amount, hold ttl. Returns -1 when the budget is not loaded, 0 refused, 1 held. */
const reserveScript = `
local budget = redis.call('GET', KEYS[1])
if not budget then return -1 end
local held = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(budget) - held < tonumber(ARGV[1]) then return 0 end
redis.call('INCRBY', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
`;

/** KEYS: budget, epoch. ARGV: value, epoch seen before the store read, ttl. */
const loadScript = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3], 'NX')
return 1
`;

/** KEYS: budget, held, epoch. ARGV: hold, spent. */
const commitScript = `
if tonumber(ARGV[2]) ~= 0 then redis.call('INCR', KEYS[3]) end
if tonumber(ARGV[1]) ~= 0 then
  local held = redis.call('DECRBY', KEYS[2], ARGV[1])
  if held <= 0 then redis.call('DEL', KEYS[2]) end
end
if tonumber(ARGV[2]) ~= 0 and redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECRBY', KEYS[1], ARGV[2]) end
return 1
`;

/**
 * All replicas: the budget mirror and the sum of holds live in Redis, checked and held in one
 * script. The mirror expires every `budgetTtlMs` and is reloaded from the store (top-ups made
 * anywhere show up then, or at once through `forget`). Holds of a crashed replica expire after
 * `holdTtlMs` of inactivity.
 */
export class RedisBudgetGuard implements BudgetGuard {
  /** Concurrent misses of one budget share one store read. */
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kaiyuan:budget:',
    private readonly budgetTtlMs = 5_000,
    private readonly holdTtlMs = 600_000,
  ) {}

  async reserve(key: string, amount: number, load: () => Promise<number>): Promise<boolean> {
    const keys = [`${this.prefix}${key}:budget`, `${this.prefix}${key}:held`];
    for (let attempt = 0; attempt < 5; attempt++) {
      const reply = Number(
        await this.redis.eval(reserveScript, 2, ...keys, String(Math.ceil(amount)), String(this.holdTtlMs)),
      );
      if (reply >= 0) return reply === 1;
      // A spend committed while the store was read would be missing from the loaded value:
      // the epoch (bumped by every commit) detects it and the load is retried.
      let loading = this.loading.get(key);
      if (!loading) {
        loading = this.load(key, keys[0]!, load).finally(() => this.loading.delete(key));
        this.loading.set(key, loading);
      }
      await loading;
    }
    return false;
  }

  private async load(key: string, budgetKey: string, load: () => Promise<number>): Promise<void> {
    const epochKey = `${this.prefix}${key}:epoch`;
    const epoch = (await this.redis.get(epochKey)) ?? '0';
    const budget = await load();
    await this.redis.eval(
      loadScript,
      2,
      budgetKey,
      epochKey,
      String(Math.floor(budget)),
      epoch,
      String(this.budgetTtlMs),
    );
  }

  begin(_key: string): void {}

  async commit(key: string, hold: number, spent: number): Promise<void> {
    const base = `${this.prefix}${key}`;
    await this.redis.eval(
      commitScript,
      3,
      `${base}:budget`,
      `${base}:held`,
      `${base}:epoch`,
      String(Math.ceil(hold)),
      String(Math.round(spent)),
    );
  }

  async forget(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}${key}:budget`);
  }

  async close(): Promise<void> {}
}
