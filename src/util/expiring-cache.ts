/**
 * A small TTL cache with in-flight de-duplication: concurrent misses for one key share one load.
 * On the auth hot path a credential costs one store read per key per TTL; billing caches profiles the same way.
 */
interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** The loaded value once the load has resolved (for `peek`). */
  loaded: { value: V } | null;
}

export class ExpiringCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    if (this.entries.size >= this.maxEntries) this.prune(now);
    const value = load();
    const stored: Entry<V> = { value, expiresAt: now + this.ttlMs, loaded: null };
    this.entries.set(key, stored);
    value.then(
      (loaded) => {
        stored.loaded = { value: loaded };
      },
      // A failed load is not cached.
      () => {
        if (this.entries.get(key) === stored) this.entries.delete(key);
      },
    );
    return value;
  }

  /**
   * The value of a fresh entry whose load has finished, without a promise (hot paths skip an await
   * with it); undefined when there is none (then `get`).
   */
  peek(key: string, now = Date.now()): { value: V } | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expiresAt > now && entry.loaded !== null ? entry.loaded : undefined;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
  }
}
