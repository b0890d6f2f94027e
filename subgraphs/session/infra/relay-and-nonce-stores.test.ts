import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { describe, expect, it } from 'vitest';
import { testRedisUrl, useTestRedis } from '../../../test/support/databases.js';
import { InMemoryNonceStore } from './memory-nonce-store.js';
import { InMemoryRelayCodeStore } from './memory-relay-code-store.js';
import { RedisNonceStore } from './redis-nonce-store.js';
import { RedisRelayCodeStore } from './redis-relay-code-store.js';
import { describeNonceStoreContract, describeRelayCodeStoreContract } from './relay-store-contract.js';

const testRedis = useTestRedis('relay-nonce');

describeRelayCodeStoreContract('InMemoryRelayCodeStore', (clock) => new InMemoryRelayCodeStore(clock));
describeRelayCodeStoreContract('RedisRelayCodeStore', () => new RedisRelayCodeStore(testRedis.client(), `${testRedis.prefix}${randomUUID()}:`));
describeNonceStoreContract('InMemoryNonceStore', (clock) => new InMemoryNonceStore(clock));
describeNonceStoreContract('RedisNonceStore', () => new RedisNonceStore(testRedis.client(), `${testRedis.prefix}${randomUUID()}:`));

describe('Redis relay and nonce keys', () => {
  async function keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const batch of testRedis.client().scanIterator({ MATCH: `${prefix}*` })) keys.push(...(batch as unknown as string[]));
    return keys;
  }

  it('a relay code keeps its retention through claim and markGranted, and only its hash is stored', async () => {
    const prefix = `${testRedis.prefix}relay-keys:`;
    const store = new RedisRelayCodeStore(testRedis.client(), prefix);
    const code = randomBytes(32).toString('base64url');
    const codeHash = createHash('sha256').update(code).digest('base64url');
    const now = new Date();
    await store.save({ codeHash, sessionId: randomUUID(), targetStoreId: 'store-b', issuedAt: now, sessionGeneration: 0, expiresAt: new Date(now.getTime() + 30_000) }, 60_000);
    await store.claim(codeHash);
    await store.claim(codeHash);
    await store.markGranted(codeHash, 'granted-hash');
    const keys = await keysUnder(prefix);
    expect(keys).toEqual([`${prefix}c:${codeHash}`]);
    expect(keys[0]).not.toContain(code);
    const ttl = await testRedis.client().pTTL(keys[0]);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await testRedis.client().hGetAll(keys[0])).toMatchObject({ claimed: '1', replayed: '1', grantedTokenHash: 'granted-hash' });
  });

  it('claims from many connections at once: exactly one is first', async () => {
    const prefix = `${testRedis.prefix}relay-conns:`;
    const clients = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const client = createClient({ url: testRedisUrl() }) as RedisClientType;
        await client.connect();
        return client;
      }),
    );
    try {
      const codeHash = randomUUID();
      const now = new Date();
      await new RedisRelayCodeStore(clients[0], prefix).save({ codeHash, sessionId: randomUUID(), targetStoreId: 'store-b', issuedAt: now, sessionGeneration: 0, expiresAt: now }, 60_000);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => new RedisRelayCodeStore(clients[i % clients.length], prefix).claim(codeHash)));
      expect(results.filter((r) => r?.first === true)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((client) => client.quit()));
    }
  });

  it('a nonce key carries its ttl', async () => {
    const prefix = `${testRedis.prefix}nonce-keys:`;
    expect(await new RedisNonceStore(testRedis.client(), prefix).remember('store-a', 'n-1', 30_000)).toBe(true);
    const keys = await keysUnder(prefix);
    expect(keys).toHaveLength(1);
    const ttl = await testRedis.client().pTTL(keys[0]);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });
});
