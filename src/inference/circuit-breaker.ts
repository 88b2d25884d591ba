export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects before a trial request, in ms (doubles on each failed trial, up to maxCooldownMs). */
  cooldownMs: number;
  maxCooldownMs: number;
}

export const defaultCircuitSettings: CircuitBreakerSettings = {
  failureThreshold: 3,
  cooldownMs: 10_000,
  maxCooldownMs: 120_000,
};

/**
 * A per-deployment circuit breaker. Closed: calls pass, consecutive failures are counted.
 * Open: calls are refused until the cooldown passes. Half-open: exactly one trial call passes;
 * its success closes the circuit, its failure opens it again for a longer cooldown.
 */
export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openUntil = 0;
  private cooldown: number;
  private trialInFlight = false;

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

  /** Milliseconds until an open circuit lets a trial through (0 when it would now). */
  get retryInMs(): number {
    return this.stateValue === 'open' ? Math.max(0, this.openUntil - this.now()) : 0;
  }

  /** Whether a call may go now, without taking the half-open trial slot. */
  isAvailable(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.trialInFlight);
  }

  /** Takes permission for one call; in half-open only the first caller gets it. */
  tryAcquire(): boolean {
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
  }

  onFailure(): void {
    this.consecutiveFailures++;
    if (this.stateValue === 'half-open') {
      this.trialInFlight = false;
      this.cooldown = Math.min(this.cooldown * 2, this.settings.maxCooldownMs);
      this.open();
    } else if (this.stateValue === 'closed' && this.consecutiveFailures >= this.settings.failureThreshold) {
      this.open();
    }
  }

  /** A call that ended without judging the upstream (client gone): frees a held trial slot. */
  onAbandoned(): void {
    if (this.stateValue === 'half-open') this.trialInFlight = false;
  }

  private open(): void {
    this.stateValue = 'open';
    this.openUntil = this.now() + this.cooldown;
  }
}
