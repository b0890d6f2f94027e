// The session subgraph on its own: `tsx subgraphs/session/main.ts`, configured by env.
import { createClient, type RedisClientType } from 'redis';
import { createPool } from '../../lib/db.js';
import { createLogger } from '../../lib/logger.js';
import type { LoginRateLimiter, NonceStore, RelayCodeStore, SessionStore } from './domain/ports.js';
import { InMemoryLoginRateLimiter } from './infra/memory-login-rate-limiter.js';
import { InMemoryNonceStore } from './infra/memory-nonce-store.js';
import { InMemoryRelayCodeStore } from './infra/memory-relay-code-store.js';
import { InMemorySessionStore } from './infra/memory-session-store.js';
import { RedisLoginRateLimiter } from './infra/redis-login-rate-limiter.js';
import { RedisNonceStore } from './infra/redis-nonce-store.js';
import { RedisRelayCodeStore } from './infra/redis-relay-code-store.js';
import { RedisSessionStore } from './infra/redis-session-store.js';
import { createSessionServer, migrateSession } from './server.js';
import { envSecondsAsMs, openStoreDirectoryFromEnv, requiredEnv, stopOnSignals } from '../../lib/process.js';

const logger = createLogger('session');

const databaseUrl = requiredEnv('DATABASE_URL');
const identityKey = requiredEnv('IDENTITY_KEY');
const internalSecret = requiredEnv('INTERNAL_SECRET');
const port = Number(process.env.PORT ?? 4001);
const host = process.env.HOST ?? '127.0.0.1';

const relayBind = (process.env.RELAY_BIND_CLIENT_IP ?? '').trim().toLowerCase();
if (relayBind !== '' && !['1', 'true', '0', 'false'].includes(relayBind)) {
  throw new Error(`RELAY_BIND_CLIENT_IP must be 1/true or 0/false, got ${JSON.stringify(process.env.RELAY_BIND_CLIENT_IP)}`);
}

const pool = createPool(databaseUrl);
await migrateSession(pool, logger);
// REGISTRY_URL set: stores come from the registry (polled), else from STORES
const storeDirectory = await openStoreDirectoryFromEnv(logger);

let redis: RedisClientType | undefined;
let stores: { sessions: SessionStore; loginLimiter: LoginRateLimiter; relayCodes: RelayCodeStore; nonces: NonceStore };
if (process.env.REDIS_URL) {
  redis = createClient({ url: process.env.REDIS_URL }) as RedisClientType;
  redis.on('error', (err) => logger.error({ err }, 'redis error'));
  await redis.connect();
  const prefix = process.env.REDIS_PREFIX ?? 'cartstart:';
  stores = {
    sessions: new RedisSessionStore(redis, `${prefix}session:`),
    loginLimiter: new RedisLoginRateLimiter(redis, `${prefix}login:`),
    relayCodes: new RedisRelayCodeStore(redis, `${prefix}relay:`),
    nonces: new RedisNonceStore(redis, `${prefix}nonce:`),
  };
} else {
  // Only correct while this is the one session process: replicas would not share sessions.
  logger.warn('REDIS_URL unset: sessions, relay codes, nonces and login counters live in this process only');
  stores = { sessions: new InMemorySessionStore(), loginLimiter: new InMemoryLoginRateLimiter(), relayCodes: new InMemoryRelayCodeStore(), nonces: new InMemoryNonceStore() };
}

const service = createSessionServer({
  pool,
  ...stores,
  stores: storeDirectory.directory,
  identityKey,
  internalSecret,
  logger,
  sessionTtlMs: envSecondsAsMs('SESSION_TTL_SECONDS'),
  sessionMaxAgeMs: envSecondsAsMs('SESSION_MAX_AGE_SECONDS'),
  relayCodeTtlMs: envSecondsAsMs('RELAY_CODE_TTL_SECONDS'),
  relayBindClientIp: relayBind === '1' || relayBind === 'true',
  storeLoginMaxSkewMs: envSecondsAsMs('STORE_LOGIN_MAX_SKEW_SECONDS'),
});
const url = await service.listen(port, host);
logger.info({ url }, 'session subgraph listening');

stopOnSignals(logger, async () => {
  await service.close();
  await storeDirectory.close();
  await redis?.quit();
  await pool.end();
});
