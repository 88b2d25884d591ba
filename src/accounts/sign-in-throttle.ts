import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LimitCounter, RateLimiter } from '../limits/rate-limiter.ts';
import type { SettingsRepository } from '../store/settings-repository.ts';
import { randomBase62 } from '../util/ids.ts';
import { KaiyuanError } from '../util/errors.ts';

/** Who is signing in, as the HTTP layer sees it. */
export interface SignInClient {
  /** The client's address (behind a load balancer: from X-Forwarded-For of trusted proxies only). */
  address: string;
  /** The `ky_device` cookie: proof of an earlier successful sign-in to this account from this browser. */
  deviceToken: string | null;
}

const minute = 60_000;

/**
 * Windows per counter, short to long: together they are a back-off that grows with the guesses
 * (5 a minute, then 10 per quarter hour, then 30 a day) and is answered at once with 429 and
 * Retry-After, never by holding the socket.
 */
const pairWindows = [
  { limit: 5, windowMs: minute, name: '1m' },
  { limit: 10, windowMs: 15 * minute, name: '15m' },
  { limit: 30, windowMs: 24 * 60 * minute, name: '1d' },
];
const addressWindows = [
  { limit: 20, windowMs: minute, name: '1m' },
  { limit: 100, windowMs: 15 * minute, name: '15m' },
];
const accountWindows = [{ limit: 50, windowMs: 15 * minute, name: '15m' }];

/**
 * Sign-in protection that holds under concurrent guesses and across replicas: every attempt takes
 * a slot in atomic counters (the rate limiter: in Redis when set) before the password is checked,
 * so 40 guesses at once get at most the counters' few slots and 429 for the rest.
 *
 * Counters: per account and client address (the tight one), per client address (any account,
 * also the flood of sign-ins), and per account across all addresses. The last is the only one an
 * attacker elsewhere can exhaust, so a browser that signed in to the account before (its
 * `ky_device` cookie) is exempt from it: the owner is never locked out by someone else's guesses.
 * A successful sign-in gives back the slots of its account.
 */
export class SignInThrottle {
  private secret: Promise<string> | null = null;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly settings: SettingsRepository,
  ) {}

  /** Takes a slot for the attempt or throws 429 with Retry-After. Returns what `succeeded` gives back. */
  async begin(email: string, client: SignInClient): Promise<LimitCounter[]> {
    const account = normalize(email);
    const counters: LimitCounter[] = [
      ...pairWindows.map((window) => counter(`signin:pair:${window.name}:${account}|${client.address}`, window)),
      ...addressWindows.map((window) => counter(`signin:address:${window.name}:${client.address}`, window)),
    ];
    const knownDevice = await this.isKnownDevice(account, client.deviceToken);
    const accountCounters = knownDevice
      ? []
      : accountWindows.map((window) => counter(`signin:account:${window.name}:${account}`, window));
    const result = await this.limiter.acquire([...counters, ...accountCounters]);
    if (!result.allowed) {
      throw new KaiyuanError('too_many_sign_in_attempts', 'Too many sign-in attempts; try again later.', {
        status: 429,
        type: 'rate_limit_error',
        retryAfterMs: result.retryAfterMs,
      });
    }
    return [...counters.slice(0, pairWindows.length), ...accountCounters];
  }

  /** The right password: the account's counters start over (the address's stay, they cap floods). */
  async succeeded(taken: LimitCounter[]): Promise<void> {
    await this.limiter.adjust(taken.map((taken) => ({ key: taken.key, delta: -taken.limit })));
  }

  /** A token proving that this browser signed in to the account (HMAC over a random id and the account). */
  async deviceTokenFor(email: string): Promise<string> {
    const id = randomBase62(24);
    return `${id}.${await this.sign(id, normalize(email))}`;
  }

  private async isKnownDevice(account: string, token: string | null): Promise<boolean> {
    if (!token) return false;
    const dot = token.indexOf('.');
    if (dot <= 0) return false;
    const expected = Buffer.from(await this.sign(token.slice(0, dot), account));
    const given = Buffer.from(token.slice(dot + 1));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async sign(id: string, account: string): Promise<string> {
    this.secret ??= this.loadSecret();
    return createHmac('sha256', await this.secret)
      .update(`${id}|${account}`)
      .digest('base64url');
  }

  /** One secret for every replica, made on first use and kept in the store's settings. */
  private async loadSecret(): Promise<string> {
    await this.settings.setIfAbsent(secretSetting, randomBase62(48));
    const secret = await this.settings.get(secretSetting);
    if (!secret) throw new Error('The sign-in device secret could not be stored.');
    return secret;
  }
}

const secretSetting = 'sign_in_device_secret';

function normalize(email: string): string {
  return email.trim().toLowerCase();
}

function counter(key: string, window: { limit: number; windowMs: number }): LimitCounter {
  return {
    key,
    label: 'sign-in attempts',
    kind: 'requests',
    limit: window.limit,
    windowMs: window.windowMs,
    amount: 1,
  };
}
