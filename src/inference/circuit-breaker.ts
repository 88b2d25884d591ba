export type CircuitState = 'closed' | 'open' | 'half-open';

/** Who opened a circuit: real traffic, or a health probe. A probe never closes what traffic opened. */
export type CircuitOpener = 'traffic' | 'probe' | 'peer';

export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects before a trial request, in ms (doubles on each failed trial, up to maxCooldownMs). */
  cooldownMs: number;
  maxCooldownMs: number;
  /**
   * The failure-rate rule next to the consecutive one: the circuit also opens when, within the last
   * `windowMs`, at least `minimumCalls` calls were judged and `failureRate` of them failed (a
   * deployment that fails every other request never reaches the consecutive threshold).
   */
  failureRate?: number;
  minimumCalls?: number;
  windowMs?: number;
}

export const defaultCircuitSettings: CircuitBreakerSettings = {
  failureThreshold: 3,
  cooldownMs: 10_000,
  maxCooldownMs: 120_000,
  failureRate: 0.5,
  minimumCalls: 10,
  windowMs: 60_000,
};

/** Most outcomes the sliding window keeps (a busy deployment's window is cut to the newest ones). */
const WINDOW_CAPACITY = 1_000;

/**
 * A per-deployment circuit breaker. Closed: calls pass; consecutive failures and the failure rate
 * in a sliding time window are counted. Open: calls are refused until the cooldown passes.
 * Half-open: exactly one trial call passes; its success closes the circuit, its failure opens it
 * again for a longer cooldown. A pause asked for by the upstream (429 with Retry-After) takes the
 * deployment out for exactly that long, without counting as a failure of the deployment.
 */
export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openUntil = 0;
  private pausedUntil = 0;
  private cooldown: number;
  private trialInFlight = false;
  private opener: CircuitOpener = 'traffic';
  /** Judged calls in the window: time and whether it failed, oldest first. */
  private readonly windowTimes: number[] = [];
  private readonly windowFailed: boolean[] = [];
  private windowFailures = 0;

  constructor(
    private readonly settings: CircuitBreakerSettings = defaultCircuitSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.cooldown = settings.cooldownMs;
  }

  get state(): CircuitState {
    if (this.stateValue === 'open' && this.now() >= this.openUntil) return 'half-open';
    return this.stateValue;
  }

  /** Who opened the circuit the last time it opened. */
  get openedBy(): CircuitOpener {
    return this.opener;
  }

  /** Milliseconds until the deployment takes calls again (open circuit or upstream's pause; 0 when it would now). */
  get retryInMs(): number {
    const now = this.now();
    const open = this.stateValue === 'open' ? Math.max(0, this.openUntil - now) : 0;
    return Math.max(open, this.pausedUntil - now, 0);
  }

  /** Share of failures among the calls judged in the sliding window. */
  get windowFailureRate(): number {
    this.trimWindow();
    return this.windowTimes.length === 0 ? 0 : this.windowFailures / this.windowTimes.length;
  }

  /** Whether a call may go now, without taking the half-open trial slot. */
  isAvailable(): boolean {
    if (this.pausedUntil > this.now()) return false;
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.trialInFlight);
  }

  /** Takes permission for one call; in half-open only the first caller gets it. */
  tryAcquire(): boolean {
    if (this.pausedUntil > this.now()) return false;
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'half-open' && !this.trialInFlight) {
      this.stateValue = 'half-open';
      this.trialInFlight = true;
      return true;
    }
    return false;
  }

  onSuccess(): void {
    this.consecutiveFailures = 0;
    this.trialInFlight = false;
    this.stateValue = 'closed';
    this.cooldown = this.settings.cooldownMs;
    this.remember(false);
  }

  /** A failed call. `opener` says whose failure it is (a probe's failure opens a circuit as a probe's). */
  onFailure(opener: CircuitOpener = 'traffic'): void {
    this.consecutiveFailures++;
    this.remember(true);
    if (this.stateValue === 'half-open') {
      this.trialInFlight = false;
      this.cooldown = Math.min(this.cooldown * 2, this.settings.maxCooldownMs);
      // A circuit that traffic opened stays traffic's: a failed probe trial cannot make it probe-closable.
      this.open(this.opener === 'traffic' ? 'traffic' : opener);
    } else if (this.stateValue === 'closed' && (this.overThreshold() || this.overFailureRate())) {
      this.open(opener);
    }
  }

  /**
   * The upstream asked for a pause (429 with Retry-After): no calls until then, no failure counted,
   * no doubled cooldown. A held trial slot is freed.
   */
  pause(milliseconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + milliseconds);
    if (this.stateValue === 'half-open') this.trialInFlight = false;
  }

  /** A call that ended without judging the upstream (client gone): frees a held trial slot. */
  onAbandoned(): void {
    if (this.stateValue === 'half-open') this.trialInFlight = false;
  }

  /** Another replica opened this deployment's circuit until `until` (epoch ms): open it here too. */
  openFromPeer(until: number): void {
    if (until <= this.now()) return;
    if (this.stateValue === 'open' && this.openUntil >= until) return;
    this.stateValue = 'open';
    this.trialInFlight = false;
    this.openUntil = until;
    this.opener = 'peer';
  }

  /** When the circuit is open, the epoch ms at which it lets a trial through (for sharing with peers). */
  get openUntilEpochMs(): number | null {
    return this.stateValue === 'open' ? this.openUntil : null;
  }

  private overThreshold(): boolean {
    return this.consecutiveFailures >= this.settings.failureThreshold;
  }

  private overFailureRate(): boolean {
    const rate = this.settings.failureRate;
    if (rate === undefined || rate <= 0 || rate > 1) return false;
    this.trimWindow();
    const calls = this.windowTimes.length;
    return calls >= (this.settings.minimumCalls ?? 10) && this.windowFailures / calls >= rate;
  }

  private remember(failed: boolean): void {
    if (this.settings.failureRate === undefined) return;
    this.windowTimes.push(this.now());
    this.windowFailed.push(failed);
    if (failed) this.windowFailures++;
    if (this.windowTimes.length > WINDOW_CAPACITY) this.dropOldest();
  }

  private trimWindow(): void {
    const oldest = this.now() - (this.settings.windowMs ?? 60_000);
    while (this.windowTimes.length > 0 && this.windowTimes[0]! < oldest) this.dropOldest();
  }

  private dropOldest(): void {
    this.windowTimes.shift();
    if (this.windowFailed.shift()) this.windowFailures--;
  }

  private open(opener: CircuitOpener): void {
    this.stateValue = 'open';
    this.openUntil = this.now() + this.cooldown;
    this.opener = opener;
    // A fresh start for the rate rule after the cooldown: the trial decides, not old failures.
    this.windowTimes.length = 0;
    this.windowFailed.length = 0;
    this.windowFailures = 0;
  }
}
