import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import { createTestDatabase, createTestRedisPrefix, testRedisUrl } from '../../test/support/databases.js';
import { createSessionResolver, type SessionResolver } from './client.js';
import { RedisLoginRateLimiter } from './infra/redis-login-rate-limiter.js';
import { RedisSessionStore } from './infra/redis-session-store.js';
import { createSessionServer, migrateSession } from './server.js';

// The session subgraph against real PostgreSQL and Redis; the tests play the gateway:
// resolve the token over internal RPC, then sign the identity for the GraphQL call.
const IDENTITY_KEY = 'test-identity-key';
const INTERNAL_SECRET = 'test-internal-secret';
const TTL_MS = 30 * 60_000;
const PASSWORD = 'correct horse battery staple';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const redisPrefix = createTestRedisPrefix('session');
let pool: Pool;
let redis: RedisClientType;
let server: HttpService;
let url: string;
let resolve: SessionResolver;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  db = await createTestDatabase('session');
  pool = createPool(db.url, 4);
  await migrateSession(pool);
  redis = createClient({ url: testRedisUrl() }) as RedisClientType;
  await redis.connect();
  server = createSessionServer({
    pool,
    sessions: new RedisSessionStore(redis, `${redisPrefix.prefix}session:`),
    loginLimiter: new RedisLoginRateLimiter(redis, `${redisPrefix.prefix}login:`, {
      perEmail: { maxFailures: 3, windowMs: 15 * 60_000 },
      perIp: { maxFailures: 6, windowMs: 15 * 60_000 },
    }),
    identityKey: IDENTITY_KEY,
    internalSecret: INTERNAL_SECRET,
    logger: silentLogger(),
    clock,
    sessionTtlMs: TTL_MS,
  });
  url = await server.listen(0);
  resolve = createSessionResolver({ baseUrl: url, secret: INTERNAL_SECRET });
});

afterAll(async () => {
  await server?.close();
  await pool?.end();
  await redisPrefix.cleanup();
  await redis?.quit();
  await db?.drop();
});

let ipCounter = 0;
/** A distinct client IP per test, so IP rate limits do not leak between tests. */
const nextIp = () => `192.0.2.${++ipCounter}`;

async function gql(query: string, variables?: Record<string, unknown>, identity?: Identity, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(identity ? { [IDENTITY_HEADER]: signIdentity(identity, IDENTITY_KEY) } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** What the gateway does per request: token → identity (or the resolve failure). */
async function identityFor(token: string, clientIp?: string): Promise<Identity> {
  const result = await resolve(token, clientIp);
  if (!result.ok) throw new Error(`resolve failed: ${result.code}`);
  return result.identity;
}

const GRANTED = `__typename ... on SessionGranted { token session { id kind createdAt expiresAt account { id email } } } ... on ErrorResult { code message }`;
const REGISTER = `mutation($e: String!, $p: String!) { register(email: $e, password: $p) { ${GRANTED} ... on InvalidInputError { field } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ${GRANTED} ... on InvalidInputError { field } ... on RateLimitedError { retryAfterSeconds } } }`;
const LOGOUT = `mutation { logout { __typename ... on LoggedOut { sessionId } ... on ErrorResult { code } } }`;

let emailCounter = 0;
const newEmail = () => `shopper${++emailCounter}.${Date.now()}@Example.com`;

async function startGuest(clientIp = nextIp()) {
  const res = await gql(`mutation { startGuestSession { token session { id kind expiresAt account { id } } } }`, undefined, { kind: 'ANONYMOUS', clientIp });
  expect(res.errors).toBeUndefined();
  return res.data.startGuestSession as { token: string; session: { id: string; kind: string; expiresAt: string } };
}

describe('guest sessions', () => {
  it('starts a guest session whose token resolves to a GUEST identity', async () => {
    const ip = nextIp();
    const guest = await startGuest(ip);
    expect(guest.session.kind).toBe('GUEST');
    expect(guest.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const resolved = await resolve(guest.token, ip);
    expect(resolved).toEqual({
      ok: true,
      identity: { kind: 'GUEST', sessionId: guest.session.id, clientIp: ip },
      expiresAt: new Date(clock.now().getTime() + TTL_MS).toISOString(),
    });
    const res = await gql(`{ session { id kind account { id } } me { id } }`, undefined, await identityFor(guest.token));
    expect(res.data).toEqual({ session: { id: guest.session.id, kind: 'GUEST', account: null }, me: null });
  });

  it('answers session/me with null for anonymous callers', async () => {
    const res = await gql(`{ session { id } me { id } }`);
    expect(res).toEqual({ data: { session: null, me: null } });
  });

  it('expires an idle session: SESSION_EXPIRED, not SESSION_INVALID', async () => {
    const guest = await startGuest();
    clock.advance(TTL_MS - 1_000);
    expect((await resolve(guest.token)).ok).toBe(true); // slides
    clock.advance(TTL_MS - 1_000);
    expect((await resolve(guest.token)).ok).toBe(true);
    clock.advance(TTL_MS);
    expect(await resolve(guest.token)).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
  });

  it('resolves over RPC without sliding when touch is false', async () => {
    const guest = await startGuest();
    clock.advance(TTL_MS - 1_000);
    expect(await resolve(guest.token, undefined, { touch: false })).toMatchObject({ ok: true, expiresAt: guest.session.expiresAt });
    clock.advance(2_000);
    expect(await resolve(guest.token, undefined, { touch: false })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
  });

  it('answers unknown and malformed tokens with SESSION_INVALID', async () => {
    for (const token of ['not-a-real-token', 'A'.repeat(43), '']) {
      expect(await resolve(token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    }
  });
});

describe('register, login, logout', () => {
  it('upgrades the guest session in place under a rotated token', async () => {
    const ip = nextIp();
    const guest = await startGuest(ip);
    const email = newEmail();
    const res = await gql(REGISTER, { e: email, p: PASSWORD }, await identityFor(guest.token, ip));
    const granted = res.data.register;
    expect(granted.__typename).toBe('SessionGranted');
    expect(granted.session).toMatchObject({ id: guest.session.id, kind: 'ACCOUNT', account: { email } });
    expect(granted.token).not.toBe(guest.token);

    // no fixation: the guest token is dead at once, the new one carries the account
    expect(await resolve(guest.token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    const identity = await identityFor(granted.token, ip);
    expect(identity).toEqual({ kind: 'ACCOUNT', sessionId: guest.session.id, accountId: granted.session.account.id, clientIp: ip });

    const me = await gql(`{ me { id email createdAt } session { id kind account { email } } }`, undefined, identity);
    expect(me.data.me).toMatchObject({ id: granted.session.account.id, email });
    expect(me.data.session).toEqual({ id: guest.session.id, kind: 'ACCOUNT', account: { email } });
  });

  it('stores a scrypt hash, never the password', async () => {
    const email = newEmail();
    await gql(REGISTER, { e: email, p: PASSWORD });
    const { rows } = await pool.query('SELECT email, password_hash FROM accounts WHERE lower(email) = lower($1)', [email]);
    expect(rows).toHaveLength(1);
    expect(rows[0].password_hash).not.toBe(PASSWORD);
    expect(rows[0].password_hash).not.toContain(PASSWORD);
    expect(rows[0].password_hash).toMatch(/^scrypt\$ln=15,r=8,p=1\$/);
  });

  it('refuses taken emails (case-insensitively), weak passwords and malformed emails', async () => {
    const email = newEmail();
    expect((await gql(REGISTER, { e: email, p: PASSWORD })).data.register.__typename).toBe('SessionGranted');
    expect((await gql(REGISTER, { e: email.toUpperCase(), p: 'another fine passphrase' })).data.register).toMatchObject({ __typename: 'EmailTakenError', code: 'EMAIL_TAKEN' });
    expect((await gql(REGISTER, { e: newEmail(), p: 'short' })).data.register).toMatchObject({ __typename: 'WeakPasswordError', code: 'WEAK_PASSWORD' });
    expect((await gql(REGISTER, { e: 'not-an-email', p: PASSWORD })).data.register).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'email' });
  });

  it('logs out: the token stops working at once; logging out without a session is NOT_AUTHENTICATED', async () => {
    const email = newEmail();
    const { token } = (await gql(REGISTER, { e: email, p: PASSWORD })).data.register;
    const identity = await identityFor(token);
    expect((await gql(LOGOUT, undefined, identity)).data.logout).toEqual({ __typename: 'LoggedOut', sessionId: identity.sessionId });
    expect(await resolve(token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect((await gql(LOGOUT)).data.logout).toEqual({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
  });

  it('logs in with a new session, and rotates the token of an existing one', async () => {
    const email = newEmail();
    const registered = (await gql(REGISTER, { e: email, p: PASSWORD })).data.register;
    const ip = nextIp();

    const fresh = (await gql(LOGIN, { e: email.toLowerCase(), p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: ip })).data.login;
    expect(fresh).toMatchObject({ __typename: 'SessionGranted', session: { kind: 'ACCOUNT', account: { email } } });
    expect(fresh.session.id).not.toBe(registered.session.id);

    const again = (await gql(LOGIN, { e: email, p: PASSWORD }, await identityFor(fresh.token, ip))).data.login;
    expect(again.session.id).toBe(fresh.session.id);
    expect(again.token).not.toBe(fresh.token);
    expect(await resolve(fresh.token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await resolve(again.token)).toMatchObject({ ok: true });
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const email = newEmail();
    await gql(REGISTER, { e: email, p: PASSWORD });
    const anon: Identity = { kind: 'ANONYMOUS', clientIp: nextIp() };
    const wrong = (await gql(LOGIN, { e: email, p: 'wrong password!!' }, anon)).data.login;
    const unknown = (await gql(LOGIN, { e: newEmail(), p: 'wrong password!!' }, anon)).data.login;
    expect(wrong).toEqual({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' });
    expect(unknown).toEqual(wrong);
  });

  it('rate limits password guessing per email, with retryAfterSeconds', async () => {
    const email = newEmail();
    await gql(REGISTER, { e: email, p: PASSWORD });
    for (let i = 0; i < 3; i++) {
      const res = await gql(LOGIN, { e: email, p: `wrong password ${i}` }, { kind: 'ANONYMOUS', clientIp: nextIp() });
      expect(res.data.login.code).toBe('INVALID_CREDENTIALS');
    }
    // even the right password waits: the account is locked for this window, from any IP
    const limited = (await gql(LOGIN, { e: email, p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: nextIp() })).data.login;
    expect(limited).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThan(800);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('rate limits one client IP trying many emails', async () => {
    const anon: Identity = { kind: 'ANONYMOUS', clientIp: nextIp() };
    for (let i = 0; i < 6; i++) await gql(LOGIN, { e: newEmail(), p: 'wrong password!!' }, anon);
    expect((await gql(LOGIN, { e: newEmail(), p: 'wrong password!!' }, anon)).data.login.code).toBe('RATE_LIMITED');
  });
});

describe('federation', () => {
  it('resolves an Account reference for its owner only', async () => {
    const a = (await gql(REGISTER, { e: newEmail(), p: PASSWORD })).data.register;
    const b = (await gql(REGISTER, { e: newEmail(), p: PASSWORD })).data.register;
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Account { id email } } }`;
    const representations = [
      { __typename: 'Account', id: a.session.account.id },
      { __typename: 'Account', id: b.session.account.id },
      { __typename: 'Account', id: 'not-a-uuid' },
    ];
    const res = await gql(query, { r: representations }, await identityFor(a.token));
    expect(res.errors).toBeUndefined();
    expect(res.data._entities).toEqual([{ id: a.session.account.id, email: a.session.account.email }, null, null]);
  });
});

describe('trust boundaries', () => {
  it('refuses forged, tampered and stale identity headers with INVALID_IDENTITY', async () => {
    const forged = signIdentity({ kind: 'ACCOUNT', sessionId: 'x', accountId: 'y' }, 'not-the-gateway-key');
    const genuine = signIdentity({ kind: 'GUEST', sessionId: 'x' }, IDENTITY_KEY);
    const signature = genuine.split('.')[1];
    const tampered = `${Buffer.from(JSON.stringify({ kind: 'ACCOUNT', sessionId: 'x', accountId: 'y', exp: Date.now() + 60_000 })).toString('base64url')}.${signature}`;
    const stale = signIdentity({ kind: 'GUEST', sessionId: 'x' }, IDENTITY_KEY, Date.now() - 120_000);
    for (const header of [forged, tampered, stale]) {
      const res = await gql(`{ session { id } }`, undefined, undefined, { [IDENTITY_HEADER]: header });
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions?.code).toBe('INVALID_IDENTITY');
    }
  });

  it('refuses unsigned and wrongly signed resolve calls', async () => {
    const guest = await startGuest();
    const resolveUrl = new URL('/internal/sessions/resolve', url);
    const body = JSON.stringify({ token: guest.token });
    const unsigned = await fetch(resolveUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).error.code).toBe('INVALID_SIGNATURE');
    const wrongSecret = await fetch(resolveUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequestHeaders('wrong', body) }, body });
    expect(wrongSecret.status).toBe(401);
    await expect(createSessionResolver({ baseUrl: url, secret: 'wrong' })(guest.token)).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
  });

  it('treats a resolve body without a string token as SESSION_INVALID', async () => {
    const body = JSON.stringify({ token: { $ne: null }, clientIp: 'not an ip' });
    const res = await fetch(new URL('/internal/sessions/resolve', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequestHeaders(INTERNAL_SECRET, body) },
      body,
    });
    expect(await res.json()).toMatchObject({ result: { ok: false, code: 'SESSION_INVALID' } });
  });

  it('reports health with the database', async () => {
    const res = await fetch(new URL('/health', url));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
