import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../lib/clock.js';
import { migrate, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { internalRoutes } from '../../lib/internal-rpc.js';
import type { Logger } from '../../lib/logger.js';
import type { StoreDirectory } from '../../lib/store-directory.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { SessionContext } from './context.js';
import { AccountReader } from './domain/account-reader.js';
import type { AccountContactResult, AttachOfferCodesRequest, ResolveSessionRequest } from './domain/model.js';
import { ScryptPasswordHasher, type PasswordHasher } from './domain/password.js';
import type { LoginRateLimiter, NonceStore, RelayCodeStore, SessionStore } from './domain/ports.js';
import { RelayService } from './domain/relay-service.js';
import { SessionService } from './domain/session-service.js';
import { StoreLoginService } from './domain/store-login.js';
import { PgAccountRepository } from './infra/pg-account-repository.js';
import { resolvers } from './resolvers.js';

export interface SessionServerDeps {
  pool: Pool;
  sessions: SessionStore;
  loginLimiter: LoginRateLimiter;
  /** The federation's stores: relay targets, and the secrets store login assertions are signed with. */
  stores: StoreDirectory;
  /** Single-use session relay codes (Redis in production). */
  relayCodes: RelayCodeStore;
  /** Store login assertion nonces (Redis in production). */
  nonces: NonceStore;
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
  /** How long a session relay code can be redeemed (default 60 s). */
  relayCodeTtlMs?: number;
  /** Refuse a relay redemption whose clientIp differs from the IP that asked for the code (default off). */
  relayBindClientIp?: boolean;
  /** How far a store login assertion's timestamp may be from now (default 300 s). */
  storeLoginMaxSkewMs?: number;
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

/** The ticket subgraph's input (restoring a saved cart): anything malformed attaches nothing. */
function parseAttachOfferCodesRequest(input: unknown): AttachOfferCodesRequest {
  const { sessionId, codes } = (input ?? {}) as Record<string, unknown>;
  return {
    sessionId: typeof sessionId === 'string' ? sessionId : '',
    codes: Array.isArray(codes) ? codes.filter((code): code is string => typeof code === 'string').slice(0, 100) : [],
  };
}

/** `accounts/contact`: {accountId} → {email} of that account, or null (no such account, or a malformed request). */
async function accountContact(service: Pick<SessionService, 'accountsByIds'>, input: unknown): Promise<AccountContactResult> {
  const { accountId } = (input ?? {}) as Record<string, unknown>;
  if (typeof accountId !== 'string' || accountId.length === 0 || accountId.length > 200) return null;
  const [account] = await service.accountsByIds([accountId]);
  return account ? { email: account.email } : null;
}

export function createSessionServer(deps: SessionServerDeps): HttpService {
  const accounts = new PgAccountRepository(deps.pool);
  const clock = deps.clock ?? systemClock;
  const service = new SessionService({
    accounts,
    sessions: deps.sessions,
    loginLimiter: deps.loginLimiter,
    hasher: deps.passwordHasher ?? new ScryptPasswordHasher(),
    logger: deps.logger,
    clock,
    ttlMs: deps.sessionTtlMs,
    maxAgeMs: deps.sessionMaxAgeMs,
  });
  const relays = new RelayService({
    sessionService: service,
    sessions: deps.sessions,
    relayCodes: deps.relayCodes,
    stores: deps.stores,
    logger: deps.logger,
    clock,
    relayCodeTtlMs: deps.relayCodeTtlMs,
    relayBindClientIp: deps.relayBindClientIp,
  });
  const storeLogins = new StoreLoginService({
    sessionService: service,
    accounts,
    nonces: deps.nonces,
    stores: deps.stores,
    logger: deps.logger,
    clock,
    maxSkewMs: deps.storeLoginMaxSkewMs,
  });
  return createSubgraphService<SessionContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({
      ...base,
      sessions: service,
      relays,
      storeLogins,
      accounts: new AccountReader(base.identity, (ids) => service.accountsByIds(ids)),
    }),
    routes: internalRoutes(deps.internalSecret, {
      'sessions/resolve': (input) => service.resolveToken(parseResolveRequest(input)),
      'sessions/offer-codes/attach': (input) => service.attachOfferCodes(parseAttachOfferCodesRequest(input)),
      // the payment subgraph's read of an account's email (a gift certificate issued to the account is announced there)
      'accounts/contact': (input) => accountContact(service, input),
    }),
    health: async () => {
      await accounts.ping();
      return { database: 'ok' };
    },
  });
}
