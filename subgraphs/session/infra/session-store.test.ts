import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../test/support/databases.js';
import type { SessionHandleRecord, StoredSession } from '../domain/model.js';
import { InMemorySessionStore } from './memory-session-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import { describeSessionStoreContract } from './session-store-contract.js';

const testRedis = useTestRedis('session-store');

// One contract, both implementations: the in-memory stand-in must behave like Redis.
describeSessionStoreContract('InMemorySessionStore', (clock) => new InMemorySessionStore(clock));
describeSessionStoreContract('RedisSessionStore', () => new RedisSessionStore(testRedis.client(), `${testRedis.prefix}${randomUUID()}:`));

describe('RedisSessionStore keys', () => {
  const NOW = new Date('2026-01-01T00:00:00Z');
  const HOUR = 3_600_000;

  async function keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const batch of testRedis.client().scanIterator({ MATCH: `${prefix}*` })) keys.push(...(batch as unknown as string[]));
    return keys.sort();
  }

  function fixture(prefix: string) {
    const token = randomBytes(32).toString('base64url');
    const relayToken = randomBytes(32).toString('base64url');
    const hash = (t: string) => createHash('sha256').update(t).digest('base64url');
    const s: StoredSession = {
      id: randomUUID(),
      kind: 'ACCOUNT',
      accountId: randomUUID(),
      createdAt: NOW,
      lastSeenAt: NOW,
      expiresAt: new Date(NOW.getTime() + HOUR),
      absoluteExpiresAt: new Date(NOW.getTime() + 24 * HOUR),
      offerCodes: [],
      generation: 0,
    };
    const own: SessionHandleRecord = { id: randomUUID(), tokenHash: hash(token), sessionId: s.id, createdAt: NOW };
    const relay: SessionHandleRecord = { id: randomUUID(), tokenHash: hash(relayToken), sessionId: s.id, storeId: 'store-b', createdAt: NOW };
    return { store: new RedisSessionStore(testRedis.client(), prefix), s, own, relay, tokens: [token, relayToken] };
  }

  it('keeps only token hashes, with the session retention on every key', async () => {
    const prefix = `${testRedis.prefix}keys:${randomUUID()}:`;
    const { store, s, own, relay, tokens } = fixture(prefix);
    await store.create(s, own, 2 * HOUR);
    expect(await store.addHandle(s.id, relay, NOW, 0)).toBe(true);
    const keys = await keysUnder(prefix);
    expect(keys).toEqual(
      [`${prefix}s:${s.id}`, `${prefix}t:${own.tokenHash}`, `${prefix}t:${relay.tokenHash}`, `${prefix}h:${s.id}`, `${prefix}a:${s.accountId}`].sort(),
    );
    for (const key of keys) {
      const ttl = await testRedis.client().pTTL(key);
      expect(ttl).toBeGreaterThan(2 * HOUR - 10_000);
      expect(ttl).toBeLessThanOrEqual(2 * HOUR);
      for (const token of tokens) expect(key).not.toContain(token);
    }
    const values = JSON.stringify([await testRedis.client().hGetAll(`${prefix}s:${s.id}`), await testRedis.client().hGetAll(`${prefix}t:${relay.tokenHash}`)]);
    for (const token of tokens) expect(values).not.toContain(token);
  });

  it('touch moves the retention of every key of the session; an earlier renewal never shortens it', async () => {
    const prefix = `${testRedis.prefix}touch:${randomUUID()}:`;
    const { store, s, own, relay } = fixture(prefix);
    await store.create(s, own, HOUR);
    expect(await store.addHandle(s.id, relay, NOW, 0)).toBe(true);
    const seen = new Date(NOW.getTime() + 1_000);
    expect(await store.touch(s.id, relay.tokenHash, { lastSeenAt: seen, expiresAt: new Date(NOW.getTime() + 2 * HOUR), now: seen }, 5 * HOUR)).toBe(true);
    for (const key of await keysUnder(prefix)) expect(await testRedis.client().pTTL(key)).toBeGreaterThan(5 * HOUR - 10_000);
    // a forward touch with a smaller retention keeps the longer one
    expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: seen, expiresAt: new Date(NOW.getTime() + 3 * HOUR), now: seen }, HOUR)).toBe(true);
    for (const key of await keysUnder(prefix)) expect(await testRedis.client().pTTL(key)).toBeGreaterThan(5 * HOUR - 10_000);
  });

  it('revoke leaves no key behind', async () => {
    const prefix = `${testRedis.prefix}revoke:${randomUUID()}:`;
    const { store, s, own, relay } = fixture(prefix);
    await store.create(s, own, HOUR);
    expect(await store.addHandle(s.id, relay, NOW, 0)).toBe(true);
    expect(await store.revoke(s.id)).toBe(true);
    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('rotate leaves only the new handle key and moves the session between account indexes', async () => {
    const prefix = `${testRedis.prefix}rotate:${randomUUID()}:`;
    const { store, s, own, relay } = fixture(prefix);
    await store.create(s, own, HOUR);
    expect(await store.addHandle(s.id, relay, NOW, 0)).toBe(true);
    const next = { ...s, accountId: randomUUID() };
    const fresh: SessionHandleRecord = { id: randomUUID(), tokenHash: createHash('sha256').update(randomBytes(32)).digest('base64url'), sessionId: s.id, createdAt: NOW };
    expect(await store.rotate(own.tokenHash, next, fresh, 2 * HOUR)).toBe(true);
    expect(await keysUnder(prefix)).toEqual([`${prefix}s:${s.id}`, `${prefix}t:${fresh.tokenHash}`, `${prefix}h:${s.id}`, `${prefix}a:${next.accountId}`].sort());
  });

  it('addHandle never takes over a token hash already on record', async () => {
    const prefix = `${testRedis.prefix}steal:${randomUUID()}:`;
    const { store, s, own } = fixture(prefix);
    const victim = fixture(prefix);
    await store.create(s, own, HOUR);
    await store.create(victim.s, victim.own, HOUR);
    expect(await store.addHandle(s.id, { ...victim.own, sessionId: s.id }, NOW, 0)).toBe(false);
    expect((await store.findByTokenHash(victim.own.tokenHash))?.session.id).toBe(victim.s.id);
  });
});
