import { systemClock, type Clock } from '../../../lib/clock.js';
import type { NonceStore } from '../domain/ports.js';

/** Store login nonces in process memory (single-process stand-in for Redis, and unit tests). */
export class InMemoryNonceStore implements NonceStore {
  /** scope + NUL + nonce → forget at (epoch ms, by the clock). */
  private readonly until = new Map<string, number>();
  private writesSinceSweep = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  async remember(scope: string, nonce: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now().getTime();
    // NUL cannot occur in a scope, so no (scope, nonce) pair can spell another's key
    const key = `${scope}\u0000${nonce}`;
    const forgetAt = this.until.get(key);
    if (forgetAt !== undefined && forgetAt > now) return false;
    this.until.set(key, now + Math.max(1, Math.ceil(ttlMs)));
    if (++this.writesSinceSweep >= 1_000) {
      this.writesSinceSweep = 0;
      for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
    }
    return true;
  }
}
