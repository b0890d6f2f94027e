import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../lib/logger.js';
import { dropDatabase } from '../../lib/db.js';
import { startExchange, type ExchangeOptions, type RunningExchange } from '../../scripts/exchange.js';
import { createTestRedisPrefix, testDatabaseAdminUrl, testRedisUrl } from './databases.js';

export const TEST_STORES = [
  { id: 'store-a', name: 'Store A Books', currency: 'USD', catalog: 'books' as const },
  { id: 'store-b', name: 'Store B Hardware', currency: 'USD', catalog: 'hardware' as const },
];

/** A store with only a REST API: examples/rest-store (own database) behind the inventory-rest wrapper. */
export const REST_TEST_STORE = { kind: 'rest' as const, id: 'store-r', name: 'Store R Grocer', currency: 'USD', catalog: 'grocery' as const };

/**
 * The whole exchange for one test file: its own databases (random prefix) and Redis
 * prefix, real PostgreSQL and Redis, every server on a free port. Call `stop` in afterAll.
 */
export async function startTestExchange(overrides: Partial<ExchangeOptions> = {}): Promise<RunningExchange & { dispose(): Promise<void> }> {
  const prefix = `t_${randomBytes(4).toString('hex')}_`;
  const redis = createTestRedisPrefix('exchange');
  const stores = overrides.stores ?? TEST_STORES;
  const exchange = await startExchange({
    adminDatabaseUrl: testDatabaseAdminUrl(),
    databasePrefix: prefix,
    redisUrl: testRedisUrl(),
    redisPrefix: redis.prefix,
    stores,
    logger: silentLogger(),
    sweepIntervalMs: 100,
    // Every service of the exchange shares this one test process (and 2 cores) with the
    // test's own burst of clients; a production-length store timeout would count
    // event-loop queueing as a store outage.
    storeTimeoutMs: 10_000,
    ...overrides,
  });
  const dbNames = ['session', 'ticket', 'payment', 'registry', ...stores.map((s) => `store_${s.id}`)].map((n) => `${prefix}${n}`.replace(/[^a-z0-9_]/g, '_'));
  return {
    ...exchange,
    async dispose() {
      await exchange.stop();
      await redis.cleanup();
      for (const name of dbNames) await dropDatabase(testDatabaseAdminUrl(), name).catch(() => {});
    },
  };
}
