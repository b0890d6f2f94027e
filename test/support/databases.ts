import { randomBytes } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll } from 'vitest';
import { dropDatabase, ensureDatabase } from '../../lib/db.js';

export function testDatabaseAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run tests through vitest (global setup sets it)');
  return url;
}

export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run tests through vitest (global setup sets it)');
  return url;
}

/**
 * A fresh, empty database for one test file (or one service within it). Call `drop` in
 * afterAll; names are random so test files run in parallel.
 */
export async function createTestDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `t_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = testDatabaseAdminUrl();
  const url = await ensureDatabase(admin, name);
  return { url, name, drop: () => dropDatabase(admin, name) };
}

/** A unique Redis key prefix for one test file; `cleanup` deletes its keys. */
export function createTestRedisPrefix(label: string): { prefix: string; cleanup: () => Promise<void> } {
  const prefix = `test:${label}:${randomBytes(4).toString('hex')}:`;
  return {
    prefix,
    async cleanup() {
      const client = createClient({ url: testRedisUrl() });
      await client.connect();
      try {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...(batch as unknown as string[]));
        if (keys.length) await client.del(keys);
      } finally {
        await client.quit();
      }
    },
  };
}

/**
 * For a test file: one Redis connection opened before its tests and a key prefix of its
 * own, whose keys are deleted (and the connection closed) after them. `client()` is valid
 * inside tests and factories called from them.
 */
export function useTestRedis(label: string): { client: () => RedisClientType; prefix: string } {
  const keys = createTestRedisPrefix(label);
  let redis: RedisClientType | undefined;
  beforeAll(async () => {
    redis = createClient({ url: testRedisUrl() }) as RedisClientType;
    await redis.connect();
  });
  afterAll(async () => {
    await keys.cleanup();
    await redis?.quit();
  });
  return {
    prefix: keys.prefix,
    client: () => {
      if (!redis) throw new Error('useTestRedis: the client is available inside tests only');
      return redis;
    },
  };
}
