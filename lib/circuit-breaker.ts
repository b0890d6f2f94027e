/**
 * Per-store circuit breaker (gateway routing and the exchange's store client): after `failureThreshold` failures in a row a store is not
 * asked again for `cooldownMs` (its data comes back STORE_UNAVAILABLE at once instead of
 * every request waiting out the timeout); then one trial request decides whether it is
 * back. State is per gateway replica, which is fine: it only saves waiting, never
 * decides stock or money.
 */
export interface CircuitBreakerOptions {
  failureThreshold?: number;
  cooldownMs?: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

interface Circuit {
  failures: number;
  openedAt?: number;
  trialInFlight: boolean;
}

export class StoreCircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.cooldownMs = options.cooldownMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  state(storeId: string): CircuitState {
    const circuit = this.circuits.get(storeId);
    if (circuit?.openedAt === undefined) return 'closed';
    return this.now() - circuit.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether to send a request now; in half-open state only one trial goes through. */
  tryAcquire(storeId: string): boolean {
    const state = this.state(storeId);
    if (state === 'closed') return true;
    if (state === 'open') return false;
    const circuit = this.circuits.get(storeId)!;
    if (circuit.trialInFlight) return false;
    circuit.trialInFlight = true;
    return true;
  }

  recordSuccess(storeId: string): void {
    this.circuits.delete(storeId);
  }

  recordFailure(storeId: string): void {
    const circuit = this.circuits.get(storeId) ?? { failures: 0, trialInFlight: false };
    circuit.failures += 1;
    // a failed trial re-opens at once; otherwise open on reaching the threshold
    if (circuit.trialInFlight || circuit.failures >= this.threshold) circuit.openedAt = this.now();
    circuit.trialInFlight = false;
    this.circuits.set(storeId, circuit);
  }
}
