import { systemClock, type Clock } from '../../../lib/clock.js';
import { DEFAULT_LOGIN_LIMITS, loginCounters, type LoginLimits } from '../domain/login-limits.js';
import type { LoginRateLimiter, LoginSubject } from '../domain/ports.js';

/** Failed-login counters in process memory (single-process stand-in and unit tests). */
export class InMemoryLoginRateLimiter implements LoginRateLimiter {
  private readonly counters = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly clock: Clock = systemClock,
  ) {}

  async retryAfterSeconds(subject: LoginSubject): Promise<number> {
    const now = this.clock.now().getTime();
    let waitMs = 0;
    for (const counter of loginCounters(subject, this.limits)) {
      const entry = this.current(counter.key, now);
      if (entry && entry.count >= counter.maxFailures) waitMs = Math.max(waitMs, entry.resetAt - now);
    }
    return Math.ceil(waitMs / 1000);
  }

  async recordFailure(subject: LoginSubject): Promise<void> {
    const now = this.clock.now().getTime();
    for (const counter of loginCounters(subject, this.limits)) {
      const entry = this.current(counter.key, now);
      if (entry) entry.count += 1;
      else this.counters.set(counter.key, { count: 1, resetAt: now + counter.windowMs });
    }
    // Counters of clients that never come back are otherwise only dropped when read.
    if (this.counters.size > 10_000) for (const key of [...this.counters.keys()]) this.current(key, now);
  }

  async recordSuccess(subject: LoginSubject): Promise<void> {
    for (const counter of loginCounters(subject, this.limits)) if (counter.clearedOnSuccess) this.counters.delete(counter.key);
  }

  /** The counter's live window, dropping it once the window has passed. */
  private current(key: string, now: number) {
    const entry = this.counters.get(key);
    if (entry && entry.resetAt <= now) {
      this.counters.delete(key);
      return undefined;
    }
    return entry;
  }
}
