// The session subgraph on its own: `tsx subgraphs/session/main.ts`, configured by env.
import { createClient, type RedisClientType } from 'redis';
import { createPool } from '../../lib/db.js';
import { createLogger } from '../../lib/logger.js';
import { InMemoryLoginRateLimiter } from './infra/memory-login-rate-limiter.js';
import { InMemorySessionStore } from './infra/memory-session-store.js';
import { RedisLoginRateLimiter } from './infra/redis-login-rate-limiter.js';
import { RedisSessionStore } from './infra/redis-session-store.js';
import { createSessionServer, migrateSession } from './server.js';

const logger = createLogger('session');

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    logger.fatal(`${name} is required`);
    process.exit(1);
  }
  return value;
}

function seconds(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    logger.fatal({ [name]: raw }, `${name} must be a positive number of seconds`);
    process.exit(1);
  }
  return value * 1000;
}

const databaseUrl = required('DATABASE_URL');
const identityKey = required('IDENTITY_KEY');
const internalSecret = required('INTERNAL_SECRET');
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
  sessionTtlMs: seconds('SESSION_TTL_SECONDS'),
  sessionMaxAgeMs: seconds('SESSION_MAX_AGE_SECONDS'),
});
const url = await service.listen(port, host);
logger.info({ url }, 'session subgraph listening');

// Apollo Server stops itself on SIGINT/SIGTERM too (stopOnTerminationSignals is on outside
// tests), and in @apollo/server 5 a second stop() during that one never settles; so the
// HTTP close is bounded rather than awaited forever.
const CLOSE_DEADLINE_MS = 5_000;

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  try {
    await Promise.race([service.close(), new Promise((resolve) => setTimeout(resolve, CLOSE_DEADLINE_MS))]);
    await redis?.quit();
    await pool.end();
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
