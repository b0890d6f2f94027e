import { describe, expect, it } from 'vitest';
import { StoreCircuitBreaker } from './circuit-breaker.js';

describe('StoreCircuitBreaker', () => {
  const setup = () => {
    let now = 0;
    const breaker = new StoreCircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  };

  it('opens after consecutive failures, per store', () => {
    const { breaker } = setup();
    breaker.recordFailure('a');
    breaker.recordFailure('a');
    breaker.recordSuccess('a');
    breaker.recordFailure('a');
    breaker.recordFailure('a');
    expect(breaker.tryAcquire('a')).toBe(true);
    breaker.recordFailure('a');
    expect(breaker.state('a')).toBe('open');
    expect(breaker.tryAcquire('a')).toBe(false);
    expect(breaker.tryAcquire('b')).toBe(true);
  });

  it('lets one trial through after the cooldown; success closes, failure re-opens', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure('a');
    advance(1_000);
    expect(breaker.state('a')).toBe('half-open');
    expect(breaker.tryAcquire('a')).toBe(true);
    expect(breaker.tryAcquire('a')).toBe(false);
    breaker.recordFailure('a');
    expect(breaker.state('a')).toBe('open');
    advance(1_000);
    expect(breaker.tryAcquire('a')).toBe(true);
    breaker.recordSuccess('a');
    expect(breaker.state('a')).toBe('closed');
    expect(breaker.tryAcquire('a')).toBe(true);
  });
});
