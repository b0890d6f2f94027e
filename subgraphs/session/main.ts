// The session subgraph on its own: `tsx subgraphs/session/main.ts`, configured by env.
import { createClient, type RedisClientType } from 'redis';
import { createPool } from '../../lib/db.js';
import { createLogger } from '../../lib/logger.js';
import { InMemoryLoginRateLimiter } from './infra/memory-login-rate-limiter.js';
import { InMemorySessionStore } from './infra/memory-session-store.js';
import { RedisLoginRateLimiter } from './infra/redis-login-rate-limiter.js';
import { RedisSessionStore } from './infra/redis-session-store.js';
import { createSessionServer, migrateSession } from './server.js';
import { envSecondsAsMs, requiredEnv, stopOnSignals } from '../../lib/process.js';

const logger = createLogger('session');

const databaseUrl = requiredEnv('DATABASE_URL');
const identityKey = requiredEnv('IDENTITY_KEY');
const internalSecret = requiredEnv('INTERNAL_SECRET');
const port = Number(process.env.PORT ?? 4001);
const host = process.env.HOST ?? '127.0.0.1';

const pool = createPool(databaseUrl);
await migrateSession(pool, logger);

let redis: RedisClientType | undefined;
let stores;
if (process.env.REDIS_URL) {
  redis = createClient({ url: process.env.REDIS_URL }) as RedisClientType;
  redis.on('error', (err) => logger.error({ err }, 'redis error'));
  await redis.connect();
  const prefix = process.env.REDIS_PREFIX ?? 'cartstart:';
  stores = { sessions: new RedisSessionStore(redis, `${prefix}session:`), loginLimiter: new RedisLoginRateLimiter(redis, `${prefix}login:`) };
} else {
  // Only correct while this is the one session process: replicas would not share sessions.
  logger.warn('REDIS_URL unset: sessions and login counters live in this process only');
  stores = { sessions: new InMemorySessionStore(), loginLimiter: new InMemoryLoginRateLimiter() };
}

const service = createSessionServer({
  pool,
  ...stores,
  identityKey,
  internalSecret,
  logger,
  sessionTtlMs: envSecondsAsMs('SESSION_TTL_SECONDS'),
  sessionMaxAgeMs: envSecondsAsMs('SESSION_MAX_AGE_SECONDS'),
});
const url = await service.listen(port, host);
logger.info({ url }, 'session subgraph listening');

stopOnSignals(logger, async () => {
  await service.close();
  await redis?.quit();
  await pool.end();
});
