import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

function breaker() {
  let time = 0;
  const circuit = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, maxCooldownMs: 4000 }, () => time);
  return { circuit, advance: (ms: number) => (time += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { circuit } = breaker();
    circuit.onFailure();
    circuit.onFailure();
    expect(circuit.state).toBe('closed');
    circuit.onSuccess();
    circuit.onFailure();
    circuit.onFailure();
    expect(circuit.tryAcquire()).toBe(true);
    circuit.onFailure();
    expect(circuit.state).toBe('open');
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.retryInMs).toBe(1000);
  });

  it('lets exactly one trial through when half-open; success closes it', () => {
    const { circuit, advance } = breaker();
    for (let index = 0; index < 3; index++) circuit.onFailure();
    advance(1000);
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.isAvailable()).toBe(false);
    circuit.onSuccess();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('re-opens on a failed trial with a doubled cooldown, capped', () => {
    const { circuit, advance } = breaker();
    for (let index = 0; index < 3; index++) circuit.onFailure();
    for (const expected of [2000, 4000, 4000]) {
      advance(circuit.retryInMs);
      expect(circuit.tryAcquire()).toBe(true);
      circuit.onFailure();
      expect(circuit.state).toBe('open');
      expect(circuit.retryInMs).toBe(expected);
    }
  });

  it('frees the trial slot when the trial was abandoned', () => {
    const { circuit, advance } = breaker();
    for (let index = 0; index < 3; index++) circuit.onFailure();
    advance(1000);
    expect(circuit.tryAcquire()).toBe(true);
    circuit.onAbandoned();
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('opens on the failure rate in the window when failures never come three in a row (flapping)', () => {
    let time = 0;
    const circuit = new CircuitBreaker(
      {
        failureThreshold: 3,
        cooldownMs: 1000,
        maxCooldownMs: 4000,
        failureRate: 0.5,
        minimumCalls: 6,
        windowMs: 10_000,
      },
      () => time,
    );
    for (let index = 0; index < 2; index++) {
      circuit.onSuccess();
      circuit.onFailure();
      time += 100;
    }
    expect(circuit.state).toBe('closed');
    circuit.onSuccess();
    circuit.onFailure();
    expect(circuit.state).toBe('open');
  });

  it('forgets failures older than the window', () => {
    let time = 0;
    const circuit = new CircuitBreaker(
      {
        failureThreshold: 99,
        cooldownMs: 1000,
        maxCooldownMs: 4000,
        failureRate: 0.5,
        minimumCalls: 4,
        windowMs: 1000,
      },
      () => time,
    );
    circuit.onFailure();
    circuit.onFailure();
    time += 2000;
    circuit.onSuccess();
    circuit.onFailure();
    circuit.onSuccess();
    expect(circuit.windowFailureRate).toBeCloseTo(1 / 3);
    expect(circuit.state).toBe('closed');
  });

  it('a pause asked for by the upstream lasts exactly that long and counts no failure', () => {
    const { circuit, advance } = breaker();
    circuit.pause(1500);
    expect(circuit.isAvailable()).toBe(false);
    expect(circuit.retryInMs).toBe(1500);
    expect(circuit.state).toBe('closed');
    advance(1500);
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('remembers that traffic opened it, also after a failed trial of a probe', () => {
    const { circuit, advance } = breaker();
    for (let index = 0; index < 3; index++) circuit.onFailure('traffic');
    advance(1000);
    expect(circuit.tryAcquire()).toBe(true);
    circuit.onFailure('probe');
    expect(circuit.openedBy).toBe('traffic');
  });
});
