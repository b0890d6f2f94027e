import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import { useTestRedis } from '../../../test/support/databases.js';
import type { LoginLimits } from '../domain/login-limits.js';
import type { LoginRateLimiter } from '../domain/ports.js';
import { InMemoryLoginRateLimiter } from './memory-login-rate-limiter.js';
import { RedisLoginRateLimiter } from './redis-login-rate-limiter.js';

const testRedis = useTestRedis('login-limiter');

const limits: LoginLimits = { perEmail: { maxFailures: 2, windowMs: 60_000 }, perIp: { maxFailures: 3, windowMs: 120_000 } };

const implementations: [string, () => LoginRateLimiter][] = [
  ['InMemoryLoginRateLimiter', () => new InMemoryLoginRateLimiter(limits, new ManualClock())],
  ['RedisLoginRateLimiter', () => new RedisLoginRateLimiter(testRedis.client(), `${testRedis.prefix}${randomUUID()}:`, limits)],
];

describe.each(implementations)('%s', (_name, makeLimiter) => {
  it('refuses an email after its failures, for the rest of the window', async () => {
    const limiter = makeLimiter();
    const subject = { email: 'ada@example.com', clientIp: '203.0.113.7' };
    expect(await limiter.retryAfterSeconds(subject)).toBe(0);
    await limiter.recordFailure(subject);
    expect(await limiter.retryAfterSeconds(subject)).toBe(0);
    await limiter.recordFailure(subject);
    const wait = await limiter.retryAfterSeconds(subject);
    expect(wait).toBeGreaterThan(55);
    expect(wait).toBeLessThanOrEqual(60);
    // another email from another IP is unaffected
    expect(await limiter.retryAfterSeconds({ email: 'bob@example.com', clientIp: '198.51.100.1' })).toBe(0);
  });

  it('refuses an IP after its failures across emails; success clears only the email', async () => {
    const limiter = makeLimiter();
    const ip = '198.51.100.20';
    await limiter.recordFailure({ email: 'a@example.com', clientIp: ip });
    await limiter.recordFailure({ email: 'b@example.com', clientIp: ip });
    await limiter.recordSuccess({ email: 'b@example.com', clientIp: ip });
    expect(await limiter.retryAfterSeconds({ email: 'c@example.com', clientIp: ip })).toBe(0);
    await limiter.recordFailure({ email: 'c@example.com', clientIp: ip });
    const wait = await limiter.retryAfterSeconds({ email: 'd@example.com', clientIp: ip });
    expect(wait).toBeGreaterThan(115);
    expect(wait).toBeLessThanOrEqual(120);
    expect(await limiter.retryAfterSeconds({ email: 'd@example.com' })).toBe(0);
  });
});

it('InMemoryLoginRateLimiter forgets a window once it has passed', async () => {
  const clock = new ManualClock();
  const limiter = new InMemoryLoginRateLimiter(limits, clock);
  const subject = { email: 'ada@example.com' };
  await limiter.recordFailure(subject);
  await limiter.recordFailure(subject);
  expect(await limiter.retryAfterSeconds(subject)).toBe(60);
  clock.advance(60_000);
  expect(await limiter.retryAfterSeconds(subject)).toBe(0);
});

it('RedisLoginRateLimiter keeps emails out of its keys', async () => {
  const prefix = `${testRedis.prefix}keys:`;
  await new RedisLoginRateLimiter(testRedis.client(), prefix, limits).recordFailure({ email: 'ada@example.com', clientIp: '203.0.113.7' });
  const keys: string[] = [];
  for await (const batch of testRedis.client().scanIterator({ MATCH: `${prefix}*` })) keys.push(...(batch as unknown as string[]));
  expect(keys).toHaveLength(2);
  expect(keys.join()).not.toContain('ada');
  for (const key of keys) expect(await testRedis.client().pTTL(key)).toBeGreaterThan(0);
});
