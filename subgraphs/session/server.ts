import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../lib/clock.js';
import { migrate, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { internalRoutes } from '../../lib/internal-rpc.js';
import type { Logger } from '../../lib/logger.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { SessionContext } from './context.js';
import { AccountReader } from './domain/account-reader.js';
import type { ResolveSessionRequest } from './domain/model.js';
import { ScryptPasswordHasher, type PasswordHasher } from './domain/password.js';
import type { LoginRateLimiter, SessionStore } from './domain/ports.js';
import { SessionService } from './domain/session-service.js';
import { PgAccountRepository } from './infra/pg-account-repository.js';
import { resolvers } from './resolvers.js';

export interface SessionServerDeps {
  pool: Pool;
  sessions: SessionStore;
  loginLimiter: LoginRateLimiter;
  /** Key the gateway signs identity headers with. */
  identityKey: string;
  /** Key internal RPC (the gateway's resolve call) is signed with. */
  internalSecret: string;
  logger: Logger;
  clock?: Clock;
  /** Sliding session lifetime (default 30 min). */
  sessionTtlMs?: number;
  /** Absolute session lifetime (default 24 h). */
  sessionMaxAgeMs?: number;
  /** Defaults to scrypt N=2^15, r=8, p=1. */
  passwordHasher?: PasswordHasher;
}

/** Applies the session database's migrations (accounts). */
export function migrateSession(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, fileURLToPath(new URL('./migrations', import.meta.url)), logger);
}

/** The gateway's input is checked here: anything that is not a string token resolves as invalid. */
function parseResolveRequest(input: unknown): ResolveSessionRequest {
  const { token, clientIp, touch } = (input ?? {}) as Record<string, unknown>;
  const request: ResolveSessionRequest = { token: typeof token === 'string' ? token : '' };
  if (typeof clientIp === 'string' && isIP(clientIp)) request.clientIp = clientIp;
  // only an explicit false turns the touch off: anything else keeps the HTTP default
  if (touch === false) request.touch = false;
  return request;
}

export function createSessionServer(deps: SessionServerDeps): HttpService {
  const accounts = new PgAccountRepository(deps.pool);
  const service = new SessionService({
    accounts,
    sessions: deps.sessions,
    loginLimiter: deps.loginLimiter,
    hasher: deps.passwordHasher ?? new ScryptPasswordHasher(),
    logger: deps.logger,
    clock: deps.clock ?? systemClock,
    ttlMs: deps.sessionTtlMs,
    maxAgeMs: deps.sessionMaxAgeMs,
  });
  return createSubgraphService<SessionContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({
      ...base,
      sessions: service,
      accounts: new AccountReader(base.identity, (ids) => service.accountsByIds(ids)),
    }),
    routes: internalRoutes(deps.internalSecret, {
      'sessions/resolve': (input) => service.resolveToken(parseResolveRequest(input)),
    }),
    health: async () => {
      await accounts.ping();
      return { database: 'ok' };
    },
  });
}
