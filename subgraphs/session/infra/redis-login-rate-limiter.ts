import type { RedisClientType } from 'redis';
import { DEFAULT_LOGIN_LIMITS, loginCounters, type LoginLimits } from '../domain/login-limits.js';
import type { LoginRateLimiter, LoginSubject } from '../domain/ports.js';

// Fixed window: the first failure starts the window. KEYS[1] counter; ARGV[1] window ms.
const RECORD_FAILURE = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** Failed-login counters in Redis, shared by every session replica. */
export class RedisLoginRateLimiter implements LoginRateLimiter {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix = 'cartstart:login:',
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  async retryAfterSeconds(subject: LoginSubject): Promise<number> {
    let waitMs = 0;
    for (const counter of loginCounters(subject, this.limits)) {
      const key = this.prefix + counter.key;
      const [count, ttl] = await this.redis.multi().get(key).pTTL(key).exec();
      if (Number(count ?? 0) >= counter.maxFailures) waitMs = Math.max(waitMs, Number(ttl) > 0 ? Number(ttl) : counter.windowMs);
    }
    return Math.ceil(waitMs / 1000);
  }

  async recordFailure(subject: LoginSubject): Promise<void> {
    for (const counter of loginCounters(subject, this.limits)) {
      await this.redis.eval(RECORD_FAILURE, { keys: [this.prefix + counter.key], arguments: [String(counter.windowMs)] });
    }
  }

  async recordSuccess(subject: LoginSubject): Promise<void> {
    const cleared = loginCounters(subject, this.limits).filter((counter) => counter.clearedOnSuccess);
    if (cleared.length) await this.redis.del(cleared.map((counter) => this.prefix + counter.key));
  }
}
