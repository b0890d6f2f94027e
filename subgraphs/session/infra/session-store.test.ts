import { randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import { createTestRedisPrefix, testRedisUrl } from '../../../test/support/databases.js';
import type { StoredSession } from '../domain/model.js';
import type { SessionStore } from '../domain/ports.js';
import { hashSessionToken, newSessionToken } from '../domain/tokens.js';
import { InMemorySessionStore } from './memory-session-store.js';
import { RedisSessionStore } from './redis-session-store.js';

// One contract, both implementations: the in-memory stand-in must behave like Redis.
let redis: RedisClientType;
const redisPrefix = createTestRedisPrefix('session-store');

beforeAll(async () => {
  redis = createClient({ url: testRedisUrl() }) as RedisClientType;
  await redis.connect();
});
afterAll(async () => {
  await redisPrefix.cleanup();
  await redis?.quit();
});

const NOW = new Date('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    id: randomUUID(),
    kind: 'GUEST',
    clientIp: '203.0.113.7',
    tokenHash: hashSessionToken(newSessionToken()),
    createdAt: NOW,
    lastSeenAt: NOW,
    expiresAt: new Date(NOW.getTime() + HOUR),
    absoluteExpiresAt: new Date(NOW.getTime() + 24 * HOUR),
    ...overrides,
  };
}

const implementations: [string, () => SessionStore][] = [
  ['InMemorySessionStore', () => new InMemorySessionStore(new ManualClock(NOW))],
  ['RedisSessionStore', () => new RedisSessionStore(redis, `${redisPrefix.prefix}${randomUUID()}:`)],
];

describe.each(implementations)('%s', (_name, makeStore) => {
  it('finds a session by id and by token hash, and round-trips every field', async () => {
    const store = makeStore();
    const account = session({ kind: 'ACCOUNT', accountId: randomUUID() });
    const guest = session({ clientIp: undefined });
    await store.create(account, 2 * HOUR);
    await store.create(guest, 2 * HOUR);
    expect(await store.findById(account.id)).toEqual(account);
    expect(await store.findByTokenHash(account.tokenHash)).toEqual(account);
    expect(await store.findByTokenHash(guest.tokenHash)).toEqual(guest);
    expect(await store.findById(randomUUID())).toBeNull();
    expect(await store.findByTokenHash(hashSessionToken(newSessionToken()))).toBeNull();
  });

  it('touches only with the current token, only forward and only before expiry', async () => {
    const store = makeStore();
    const s = session();
    await store.create(s, 2 * HOUR);
    const later = new Date(s.expiresAt.getTime() + HOUR);
    const seen = new Date(NOW.getTime() + 1_000);
    expect(await store.touch(s.id, hashSessionToken(newSessionToken()), { lastSeenAt: seen, expiresAt: later, now: seen }, 3 * HOUR)).toBe(false);
    expect(await store.touch(s.id, s.tokenHash, { lastSeenAt: seen, expiresAt: later, now: seen }, 3 * HOUR)).toBe(true);
    expect(await store.findById(s.id)).toMatchObject({ lastSeenAt: seen, expiresAt: later });
    // an older, concurrent renewal must not pull the expiry back
    expect(await store.touch(s.id, s.tokenHash, { lastSeenAt: NOW, expiresAt: s.expiresAt, now: NOW }, 3 * HOUR)).toBe(true);
    expect((await store.findById(s.id))?.expiresAt).toEqual(later);
    // an expired session cannot be revived by a touch
    expect(await store.touch(s.id, s.tokenHash, { lastSeenAt: later, expiresAt: new Date(later.getTime() + HOUR), now: later }, 3 * HOUR)).toBe(false);
  });

  it('rotates the token in one step: the old hash stops resolving, the new one resolves', async () => {
    const store = makeStore();
    const s = session();
    await store.create(s, 2 * HOUR);
    const next = { ...s, kind: 'ACCOUNT' as const, accountId: randomUUID(), tokenHash: hashSessionToken(newSessionToken()) };
    expect(await store.rotate(hashSessionToken(newSessionToken()), next, 2 * HOUR)).toBe(false);
    expect(await store.rotate(s.tokenHash, next, 2 * HOUR)).toBe(true);
    expect(await store.findByTokenHash(s.tokenHash)).toBeNull();
    expect(await store.findByTokenHash(next.tokenHash)).toEqual(next);
    expect(await store.findById(s.id)).toEqual(next);
    // a touch still carrying the old token cannot write over the rotated session
    expect(await store.touch(s.id, s.tokenHash, { lastSeenAt: NOW, expiresAt: new Date(NOW.getTime() + 5 * HOUR), now: NOW }, 6 * HOUR)).toBe(false);
    expect(await store.findByTokenHash(s.tokenHash)).toBeNull();
    expect(await store.rotate(s.tokenHash, { ...next, tokenHash: hashSessionToken(newSessionToken()) }, HOUR)).toBe(false);
  });

  it('revokes: both lookups forget the session', async () => {
    const store = makeStore();
    const s = session();
    await store.create(s, 2 * HOUR);
    expect(await store.revoke(s.id)).toBe(true);
    expect(await store.findById(s.id)).toBeNull();
    expect(await store.findByTokenHash(s.tokenHash)).toBeNull();
    expect(await store.revoke(s.id)).toBe(false);
  });
});

describe('RedisSessionStore keys', () => {
  it('keeps only the token hash, with a TTL on every key', async () => {
    const prefix = `${redisPrefix.prefix}keys:`;
    const store = new RedisSessionStore(redis, prefix);
    const token = newSessionToken();
    const s = session({ tokenHash: hashSessionToken(token) });
    await store.create(s, 2 * HOUR);
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}*` })) keys.push(...(batch as unknown as string[]));
    expect(keys.sort()).toEqual([`${prefix}s:${s.id}`, `${prefix}t:${s.tokenHash}`].sort());
    for (const key of keys) {
      const ttl = await redis.pTTL(key);
      expect(ttl).toBeGreaterThan(2 * HOUR - 10_000);
      expect(ttl).toBeLessThanOrEqual(2 * HOUR);
      expect(key).not.toContain(token);
    }
    expect(JSON.stringify(await redis.hGetAll(`${prefix}s:${s.id}`))).not.toContain(token);
  });
});
