import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import { createTestDatabase, createTestRedisPrefix, testRedisUrl } from '../../test/support/databases.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createAccountContactsClient, createSessionOfferCodesClient, createSessionResolver, type SessionResolver } from './client.js';
import { signStoreLoginAssertion } from './domain/store-login.js';
import { RedisLoginRateLimiter } from './infra/redis-login-rate-limiter.js';
import { RedisNonceStore } from './infra/redis-nonce-store.js';
import { RedisRelayCodeStore } from './infra/redis-relay-code-store.js';
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
const STORE_SECRETS = { 'store-a': 'secret-of-store-a', 'store-b': 'secret-of-store-b' } as const;
const stores = new StaticStoreDirectory(
  Object.entries(STORE_SECRETS).map(([id, secret]) => ({ id, name: id, url: `http://${id}.invalid/graphql`, secret, apiKey: `key-${id}` })),
);
const STORE_A: Identity = { kind: 'STORE', storeId: 'store-a', clientIp: '10.0.0.1' };
const STORE_B: Identity = { kind: 'STORE', storeId: 'store-b', clientIp: '10.0.0.2' };

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
    stores,
    relayCodes: new RedisRelayCodeStore(redis, `${redisPrefix.prefix}relay:`),
    nonces: new RedisNonceStore(redis, `${redisPrefix.prefix}nonce:`),
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

const SESSION_FIELDS = `id kind offerCodes account { id email }`;
const CREATE_RELAY = `mutation($s: ID!) { createSessionRelay(targetStoreId: $s) { __typename ... on SessionRelay { relayCode targetStoreId expiresAt } ... on ErrorResult { code message } ... on StoreNotFoundError { storeId } } }`;
const REDEEM_RELAY = `mutation($c: String!, $ip: String) { redeemSessionRelay(code: $c, clientIp: $ip) { __typename ... on SessionGranted { token session { ${SESSION_FIELDS} } } ... on ErrorResult { code message } ... on RelayCodeExpiredError { expiredAt } } }`;
const STORE_LOGIN = `mutation($a: StoreLoginAssertionInput!, $t: String) { resolveStoreLogin(assertion: $a, sessionToken: $t) { __typename ... on SessionGranted { token session { ${SESSION_FIELDS} } } ... on ErrorResult { code message } ... on AssertionExpiredError { maxSkewSeconds } ... on InvalidInputError { field } } }`;
const MY_SESSIONS = `{ mySessions { id kind createdAt lastSeenAt expiresAt clientIp current handles { id storeId createdAt } } }`;
const REVOKE_SESSION = `mutation($id: ID!) { revokeSession(sessionId: $id) { __typename ... on SessionRevoked { sessionId } ... on ErrorResult { code } ... on SessionNotFoundError { sessionId } } }`;
const APPLY_CODE = `mutation($c: String!) { applyOfferCode(code: $c) { __typename ... on Session { id offerCodes } ... on ErrorResult { code } ... on InvalidInputError { field } ... on OfferCodeLimitError { limit } } }`;
const REMOVE_CODE = `mutation($c: String!) { removeOfferCode(code: $c) { __typename ... on Session { id offerCodes } ... on ErrorResult { code } } }`;

let nonceCounter = 0;
function storeAssertion(storeId: keyof typeof STORE_SECRETS, fields: { storeUserId: string; email: string; timestamp?: string; nonce?: string }) {
  const unsigned = {
    storeId,
    storeUserId: fields.storeUserId,
    email: fields.email,
    timestamp: fields.timestamp ?? String(Math.floor(clock.now().getTime() / 1000)),
    nonce: fields.nonce ?? `nonce-${Date.now()}-${++nonceCounter}-abcdefgh`,
  };
  return { ...unsigned, signature: signStoreLoginAssertion(STORE_SECRETS[storeId], unsigned) };
}

describe('session relay', () => {
  it('relays a session to another store: same session, a new handle; a replay is USED and revokes that handle', async () => {
    const ip = nextIp();
    const guest = await startGuest(ip);
    const identity = await identityFor(guest.token, ip);
    const relay = (await gql(CREATE_RELAY, { s: 'store-b' }, identity)).data.createSessionRelay;
    expect(relay).toMatchObject({ __typename: 'SessionRelay', targetStoreId: 'store-b', expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() });

    const granted = (await gql(REDEEM_RELAY, { c: relay.relayCode, ip }, STORE_B)).data.redeemSessionRelay;
    expect(granted).toMatchObject({ __typename: 'SessionGranted', session: { id: guest.session.id, kind: 'GUEST', offerCodes: [], account: null } });
    expect(await identityFor(granted.token)).toMatchObject({ kind: 'GUEST', sessionId: guest.session.id });

    const replay = (await gql(REDEEM_RELAY, { c: relay.relayCode }, STORE_B)).data.redeemSessionRelay;
    expect(replay).toMatchObject({ __typename: 'RelayCodeUsedError', code: 'RELAY_CODE_USED' });
    expect(await resolve(granted.token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect((await resolve(guest.token)).ok).toBe(true);
  });

  it('answers wrong store, late and unknown codes with their own results', async () => {
    const guest = await startGuest();
    const identity = await identityFor(guest.token);
    const toB = (await gql(CREATE_RELAY, { s: 'store-b' }, identity)).data.createSessionRelay;
    expect((await gql(REDEEM_RELAY, { c: toB.relayCode }, STORE_A)).data.redeemSessionRelay).toMatchObject({ __typename: 'RelayCodeWrongStoreError', code: 'RELAY_CODE_WRONG_STORE' });

    const late = (await gql(CREATE_RELAY, { s: 'store-b' }, identity)).data.createSessionRelay;
    clock.advance(61_000);
    expect((await gql(REDEEM_RELAY, { c: late.relayCode }, STORE_B)).data.redeemSessionRelay).toMatchObject({
      __typename: 'RelayCodeExpiredError',
      code: 'RELAY_CODE_EXPIRED',
      expiredAt: late.expiresAt,
    });
    expect((await gql(REDEEM_RELAY, { c: 'A'.repeat(43) }, STORE_B)).data.redeemSessionRelay).toMatchObject({ __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID' });
    expect((await gql(REDEEM_RELAY, { c: 'nope' }, STORE_B)).data.redeemSessionRelay).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT' });
  });

  it('needs a shopper to issue and a store to redeem', async () => {
    expect((await gql(CREATE_RELAY, { s: 'store-b' })).data.createSessionRelay).toMatchObject({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
    const guest = await startGuest();
    const identity = await identityFor(guest.token);
    expect((await gql(CREATE_RELAY, { s: 'store-zz' }, identity)).data.createSessionRelay).toMatchObject({ __typename: 'StoreNotFoundError', code: 'STORE_NOT_FOUND', storeId: 'store-zz' });
    const relay = (await gql(CREATE_RELAY, { s: 'store-b' }, identity)).data.createSessionRelay;
    const asShopper = await gql(REDEEM_RELAY, { c: relay.relayCode }, identity);
    expect(asShopper.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(REDEEM_RELAY, { c: relay.relayCode });
    expect(anonymous.errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect((await gql(REDEEM_RELAY, { c: relay.relayCode }, STORE_B)).data.redeemSessionRelay.__typename).toBe('SessionGranted');
  });
});

describe('store login resolution', () => {
  it('links the store user to a new password-less account and upgrades the guest session in place', async () => {
    const guest = await startGuest();
    const email = newEmail();
    const storeUserId = `u-${Date.now()}-${++nonceCounter}`;
    const res = (await gql(STORE_LOGIN, { a: storeAssertion('store-a', { storeUserId, email }), t: guest.token }, STORE_A)).data.resolveStoreLogin;
    expect(res).toMatchObject({ __typename: 'SessionGranted', session: { id: guest.session.id, kind: 'ACCOUNT', account: { email } } });
    expect(await resolve(guest.token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    const { rows } = await pool.query('SELECT password_hash FROM accounts WHERE id = $1', [res.session.account.id]);
    expect(rows[0].password_hash).toBeNull();
    // a password login cannot get in
    expect((await gql(LOGIN, { e: email, p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: nextIp() })).data.login.code).toBe('INVALID_CREDENTIALS');
    // the same store user again: the same account, a new session
    const again = (await gql(STORE_LOGIN, { a: storeAssertion('store-a', { storeUserId, email: newEmail() }) }, STORE_A)).data.resolveStoreLogin;
    expect(again.session.account.id).toBe(res.session.account.id);
    expect(again.session.id).not.toBe(res.session.id);
  });

  it('refuses bad signatures, other stores, stale timestamps and replayed nonces', async () => {
    const good = storeAssertion('store-a', { storeUserId: 'u-sig', email: newEmail() });
    const tampered = { ...good, storeUserId: 'u-other' };
    expect((await gql(STORE_LOGIN, { a: tampered }, STORE_A)).data.resolveStoreLogin).toMatchObject({ __typename: 'AssertionSignatureInvalidError', code: 'ASSERTION_SIGNATURE_INVALID' });
    expect((await gql(STORE_LOGIN, { a: good }, STORE_B)).data.resolveStoreLogin).toMatchObject({ code: 'ASSERTION_SIGNATURE_INVALID' });
    const stale = storeAssertion('store-a', { storeUserId: 'u-sig', email: newEmail(), timestamp: String(Math.floor(clock.now().getTime() / 1000) - 301) });
    expect((await gql(STORE_LOGIN, { a: stale }, STORE_A)).data.resolveStoreLogin).toMatchObject({ __typename: 'AssertionExpiredError', code: 'ASSERTION_EXPIRED', maxSkewSeconds: 300 });
    expect((await gql(STORE_LOGIN, { a: good }, STORE_A)).data.resolveStoreLogin.__typename).toBe('SessionGranted');
    expect((await gql(STORE_LOGIN, { a: good }, STORE_A)).data.resolveStoreLogin).toMatchObject({ __typename: 'AssertionReplayedError', code: 'ASSERTION_REPLAYED' });
    expect((await gql(STORE_LOGIN, { a: { ...good, nonce: 'x' } }, STORE_A)).data.resolveStoreLogin).toMatchObject({ __typename: 'InvalidInputError', field: 'nonce' });
    const guest = await startGuest();
    expect((await gql(STORE_LOGIN, { a: good }, await identityFor(guest.token))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('the account sessions list', () => {
  it('lists the live sessions of the account with their handles, and revokes one of them', async () => {
    const email = newEmail();
    const laptopIp = nextIp();
    const laptop = (await gql(REGISTER, { e: email, p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: laptopIp })).data.register;
    clock.advance(1_000);
    const phone = (await gql(LOGIN, { e: email, p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: nextIp() })).data.login;
    const laptopIdentity = await identityFor(laptop.token, laptopIp);
    const relay = (await gql(CREATE_RELAY, { s: 'store-a' }, laptopIdentity)).data.createSessionRelay;
    const atA = (await gql(REDEEM_RELAY, { c: relay.relayCode }, STORE_A)).data.redeemSessionRelay;

    const phoneIdentity = await identityFor(phone.token);
    const list = (await gql(MY_SESSIONS, undefined, phoneIdentity)).data.mySessions;
    expect(list.map((s: { id: string; current: boolean }) => [s.id, s.current])).toEqual([
      [phone.session.id, true],
      [laptop.session.id, false],
    ]);
    expect(list[1]).toMatchObject({ kind: 'ACCOUNT', clientIp: laptopIp });
    expect(list[1].handles.map((h: { storeId: string | null }) => h.storeId)).toEqual([null, 'store-a']);

    expect((await gql(REVOKE_SESSION, { id: laptop.session.id }, phoneIdentity)).data.revokeSession).toEqual({ __typename: 'SessionRevoked', sessionId: laptop.session.id });
    for (const token of [laptop.token, atA.token]) expect(await resolve(token)).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect((await gql(REVOKE_SESSION, { id: laptop.session.id }, phoneIdentity)).data.revokeSession).toEqual({ __typename: 'SessionNotFoundError', code: 'SESSION_NOT_FOUND', sessionId: laptop.session.id });

    const guest = await startGuest();
    const guestIdentity = await identityFor(guest.token);
    expect((await gql(MY_SESSIONS, undefined, guestIdentity)).data.mySessions).toEqual([]);
    expect((await gql(REVOKE_SESSION, { id: phone.session.id }, guestIdentity)).data.revokeSession).toEqual({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
  });
});

describe('offer codes', () => {
  it('applies and removes codes on the session; they travel in the resolved identity', async () => {
    const guest = await startGuest();
    const identity = await identityFor(guest.token);
    expect((await gql(APPLY_CODE, { c: ' summer-25 ' }, identity)).data.applyOfferCode).toEqual({ __typename: 'Session', id: guest.session.id, offerCodes: ['SUMMER-25'] });
    expect((await gql(APPLY_CODE, { c: 'no' }, identity)).data.applyOfferCode).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'code' });
    expect(await identityFor(guest.token)).toMatchObject({ offerCodes: ['SUMMER-25'] });
    expect((await gql(`{ session { offerCodes } }`, undefined, identity)).data.session).toEqual({ offerCodes: ['SUMMER-25'] });
    for (let i = 0; i < 9; i++) await gql(APPLY_CODE, { c: `CODE-${i}` }, identity);
    expect((await gql(APPLY_CODE, { c: 'ONE-TOO-MANY' }, identity)).data.applyOfferCode).toEqual({ __typename: 'OfferCodeLimitError', code: 'OFFER_CODE_LIMIT', limit: 10 });
    expect((await gql(REMOVE_CODE, { c: 'summer-25' }, identity)).data.removeOfferCode.offerCodes).not.toContain('SUMMER-25');
    expect((await gql(APPLY_CODE, { c: 'SUMMER' })).data.applyOfferCode).toMatchObject({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
  });

  it('attaches codes over the signed internal route (a restored saved cart)', async () => {
    const guest = await startGuest();
    const client = createSessionOfferCodesClient({ baseUrl: url, secret: INTERNAL_SECRET });
    expect(await client.attach(guest.session.id, ['saved-1', 'not valid!', 'SAVED-1', 'vip'])).toEqual({ offerCodes: ['SAVED-1', 'VIP'] });
    expect(await identityFor(guest.token)).toMatchObject({ offerCodes: ['SAVED-1', 'VIP'] });
    expect(await client.attach('00000000-0000-4000-8000-000000000000', ['VIP'])).toEqual({ offerCodes: null });
    await expect(createSessionOfferCodesClient({ baseUrl: url, secret: 'wrong' }).attach(guest.session.id, ['VIP'])).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    const body = JSON.stringify({ sessionId: { $ne: null }, codes: 'VIP' });
    const res = await fetch(new URL('/internal/sessions/offer-codes/attach', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequestHeaders(INTERNAL_SECRET, body) },
      body,
    });
    expect(await res.json()).toEqual({ result: { offerCodes: null } });
  });
});

describe('account contacts (internal route, for gift certificates)', () => {
  it("answers an account's email over the signed route; null for anything else", async () => {
    const email = newEmail();
    const registered = (await gql(REGISTER, { e: email, p: 'correct horse battery staple' }, { kind: 'ANONYMOUS', clientIp: nextIp() })).data.register;
    const accountId = registered.session.account.id;
    const client = createAccountContactsClient({ baseUrl: url, secret: INTERNAL_SECRET });
    expect(await client.contactOf(accountId)).toEqual({ email: registered.session.account.email });
    expect(await client.contactOf('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await client.contactOf('not-a-uuid')).toBeNull();
    await expect(createAccountContactsClient({ baseUrl: url, secret: 'wrong' }).contactOf(accountId)).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    const body = JSON.stringify({ accountId: { $ne: null } });
    const res = await fetch(new URL('/internal/accounts/contact', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequestHeaders(INTERNAL_SECRET, body) },
      body,
    });
    expect(await res.json()).toEqual({ result: null });
  });
});

describe('price classes', () => {
  const OPERATOR: Identity = { kind: 'OPERATOR' };
  const SET_CLASS = `mutation($a: ID!, $c: String) { setAccountPriceClass(accountId: $a, priceClass: $c) {
    __typename ... on Account { id email priceClass } ... on ErrorResult { code message } ... on InvalidInputError { field } ... on AccountNotFoundError { accountId } } }`;

  it('an operator sets an account\'s class: its live sessions carry it at once, later logins too; null clears it', async () => {
    const email = newEmail();
    const ip = nextIp();
    const registered = (await gql(REGISTER, { e: email, p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: ip })).data.register;
    const accountId = registered.session.account.id;
    const other = (await gql(REGISTER, { e: newEmail(), p: PASSWORD })).data.register;
    expect(await identityFor(registered.token, ip)).toEqual({ kind: 'ACCOUNT', sessionId: registered.session.id, accountId, clientIp: ip });

    const set = (await gql(SET_CLASS, { a: accountId, c: ' wholesale ' }, OPERATOR)).data.setAccountPriceClass;
    expect(set).toEqual({ __typename: 'Account', id: accountId, email: registered.session.account.email, priceClass: 'WHOLESALE' });
    // the live session, at once (no new login)
    expect(await identityFor(registered.token, ip)).toEqual({ kind: 'ACCOUNT', sessionId: registered.session.id, accountId, clientIp: ip, priceClass: 'WHOLESALE' });
    // another account's session is untouched
    expect(await identityFor(other.token)).not.toHaveProperty('priceClass');
    const me = await gql(`{ me { priceClass } }`, undefined, await identityFor(registered.token));
    expect(me.data.me).toEqual({ priceClass: 'WHOLESALE' });

    // a new login (fresh session) and a guest upgraded by a login read it from the account
    const fresh = (await gql(LOGIN, { e: email, p: PASSWORD }, { kind: 'ANONYMOUS', clientIp: nextIp() })).data.login;
    expect(await identityFor(fresh.token)).toMatchObject({ accountId, priceClass: 'WHOLESALE' });
    const guest = await startGuest();
    expect(await identityFor(guest.token)).not.toHaveProperty('priceClass');
    const upgraded = (await gql(LOGIN, { e: email, p: PASSWORD }, await identityFor(guest.token))).data.login;
    expect(upgraded.session.id).toBe(guest.session.id);
    expect(await identityFor(upgraded.token)).toMatchObject({ kind: 'ACCOUNT', sessionId: guest.session.id, priceClass: 'WHOLESALE' });

    // changed, then cleared: every live session follows
    expect((await gql(SET_CLASS, { a: accountId, c: 'STAFF_2' }, OPERATOR)).data.setAccountPriceClass.priceClass).toBe('STAFF_2');
    for (const token of [registered.token, fresh.token, upgraded.token]) expect((await identityFor(token)).priceClass).toBe('STAFF_2');
    expect((await gql(SET_CLASS, { a: accountId, c: null }, OPERATOR)).data.setAccountPriceClass).toMatchObject({ __typename: 'Account', priceClass: null });
    for (const token of [registered.token, fresh.token, upgraded.token]) expect(await identityFor(token)).not.toHaveProperty('priceClass');
    const { rows } = await pool.query('SELECT price_class FROM accounts WHERE id = $1', [accountId]);
    expect(rows[0].price_class).toBeNull();
  });

  it("a guest has no class; logging in as another account on the same browser leaves the first account's class behind", async () => {
    const classed = newEmail();
    const plain = newEmail();
    const a = (await gql(REGISTER, { e: classed, p: PASSWORD })).data.register;
    await gql(REGISTER, { e: plain, p: PASSWORD });
    await gql(SET_CLASS, { a: a.session.account.id, c: 'WHOLESALE' }, OPERATOR);
    const guest = await startGuest();
    const asA = (await gql(LOGIN, { e: classed, p: PASSWORD }, await identityFor(guest.token))).data.login;
    expect((await identityFor(asA.token)).priceClass).toBe('WHOLESALE');
    // the same browser logs in as someone else: a new session, without A's class
    const asB = (await gql(LOGIN, { e: plain, p: PASSWORD }, await identityFor(asA.token))).data.login;
    expect(asB.session.id).not.toBe(guest.session.id);
    expect(await identityFor(asB.token)).not.toHaveProperty('priceClass');
  });

  it('a store login reads the class of the linked account', async () => {
    const email = newEmail();
    const registered = (await gql(REGISTER, { e: email, p: PASSWORD })).data.register;
    await gql(SET_CLASS, { a: registered.session.account.id, c: 'WHOLESALE' }, OPERATOR);
    const res = (await gql(STORE_LOGIN, { a: storeAssertion('store-a', { storeUserId: `u-class-${++nonceCounter}`, email }) }, STORE_A)).data.resolveStoreLogin;
    expect(res.session.account.id).toBe(registered.session.account.id);
    expect(await identityFor(res.token)).toMatchObject({ accountId: registered.session.account.id, priceClass: 'WHOLESALE' });
  });

  it('refuses malformed classes, unknown accounts and non-operators', async () => {
    const registered = (await gql(REGISTER, { e: newEmail(), p: PASSWORD })).data.register;
    const accountId = registered.session.account.id;
    for (const c of ['1ST', 'WHOLE SALE', 'A'.repeat(33), 'ÜBER', 'X-Y']) {
      expect((await gql(SET_CLASS, { a: accountId, c }, OPERATOR)).data.setAccountPriceClass).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'priceClass' });
    }
    for (const a of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await gql(SET_CLASS, { a, c: 'WHOLESALE' }, OPERATOR)).data.setAccountPriceClass).toEqual({ __typename: 'AccountNotFoundError', code: 'ACCOUNT_NOT_FOUND', message: 'No account has this id.', accountId: a });
    }
    // blank clears (like null)
    expect((await gql(SET_CLASS, { a: accountId, c: '  ' }, OPERATOR)).data.setAccountPriceClass).toMatchObject({ __typename: 'Account', priceClass: null });
    const self = await identityFor(registered.token);
    expect((await gql(SET_CLASS, { a: accountId, c: 'WHOLESALE' }, self)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(SET_CLASS, { a: accountId, c: 'WHOLESALE' }, STORE_A)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(SET_CLASS, { a: accountId, c: 'WHOLESALE' })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect(await identityFor(registered.token)).not.toHaveProperty('priceClass');
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
