import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import type { Identity } from '../../../lib/identity.js';
import { silentLogger } from '../../../lib/logger.js';
import { InMemoryAccountRepository } from '../infra/memory-account-repository.js';
import { InMemoryLoginRateLimiter } from '../infra/memory-login-rate-limiter.js';
import { InMemorySessionStore } from '../infra/memory-session-store.js';
import type { SessionGranted } from './model.js';
import { ScryptPasswordHasher } from './password.js';
import { OFFER_CODE_LIMIT, SessionService } from './session-service.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const TTL = 30 * MINUTE;
const MAX_AGE = 24 * HOUR;
const PASSWORD = 'correct horse battery staple';

let clock: ManualClock;
let accounts: InMemoryAccountRepository;
let store: InMemorySessionStore;
let limiter: InMemoryLoginRateLimiter;
let hasher: ScryptPasswordHasher;
let service: SessionService;

beforeEach(() => {
  clock = new ManualClock();
  accounts = new InMemoryAccountRepository();
  store = new InMemorySessionStore(clock);
  limiter = new InMemoryLoginRateLimiter(
    { perEmail: { maxFailures: 3, windowMs: 15 * MINUTE }, perIp: { maxFailures: 5, windowMs: 15 * MINUTE } },
    clock,
  );
  hasher = new ScryptPasswordHasher({ logN: 10, r: 8, p: 1 });
  service = new SessionService({ accounts, sessions: store, loginLimiter: limiter, hasher, logger: silentLogger(), clock, ttlMs: TTL, maxAgeMs: MAX_AGE });
});

/** What the gateway would sign after resolving `token`. */
async function identityOf(token: string): Promise<Identity> {
  const resolved = await service.resolveToken({ token });
  if (!resolved.ok) throw new Error(`token did not resolve: ${resolved.code}`);
  return resolved.identity;
}

function granted<T extends { __typename: string }>(result: T): SessionGranted {
  expect(result.__typename).toBe('SessionGranted');
  return result as unknown as SessionGranted;
}

const ANON: Identity = { kind: 'ANONYMOUS', clientIp: '203.0.113.7' };

describe('guest sessions and token resolution', () => {
  it('issues an opaque token that resolves to a guest identity', async () => {
    const { token, session } = await service.startGuestSession(ANON);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session).toMatchObject({ kind: 'GUEST', accountId: null, createdAt: clock.now() });
    expect(session.expiresAt.getTime()).toBe(clock.now().getTime() + TTL);
    const resolved = await service.resolveToken({ token, clientIp: '198.51.100.1' });
    expect(resolved).toEqual({
      ok: true,
      identity: { kind: 'GUEST', sessionId: session.id, clientIp: '198.51.100.1' },
      expiresAt: session.expiresAt.toISOString(),
    });
  });

  it('keeps the session IP when the resolve call brings none', async () => {
    const { token } = await service.startGuestSession(ANON);
    expect(await identityOf(token)).toMatchObject({ clientIp: '203.0.113.7' });
  });

  it('answers malformed and unknown tokens with SESSION_INVALID', async () => {
    for (const token of ['', 'short', 'x'.repeat(43) + '=', 'A'.repeat(43)]) {
      expect(await service.resolveToken({ token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    }
  });

  it('slides the expiry on use', async () => {
    const { token } = await service.startGuestSession(ANON);
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * MINUTE);
      const resolved = await service.resolveToken({ token });
      expect(resolved).toMatchObject({ ok: true, expiresAt: new Date(clock.now().getTime() + TTL).toISOString() });
    }
  });

  it('expires when idle longer than the TTL: SESSION_EXPIRED while the tombstone lasts, then SESSION_INVALID', async () => {
    const { token, session } = await service.startGuestSession(ANON);
    clock.advance(TTL);
    expect(await service.resolveToken({ token })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
    expect(await service.currentSession({ kind: 'GUEST', sessionId: session.id })).toBeNull();
    clock.advance(MAX_AGE - 1);
    expect(await service.resolveToken({ token })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
    clock.advance(2);
    expect(await service.resolveToken({ token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
  });

  it('never slides past the absolute maximum age', async () => {
    const { token, session } = await service.startGuestSession(ANON);
    const cap = session.createdAt.getTime() + MAX_AGE;
    let last = await service.resolveToken({ token });
    while (last.ok) {
      expect(new Date(last.expiresAt).getTime()).toBeLessThanOrEqual(cap);
      clock.advance(25 * MINUTE);
      last = await service.resolveToken({ token });
    }
    expect(last.code).toBe('SESSION_EXPIRED');
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(cap);
    expect(clock.now().getTime()).toBeLessThan(cap + 25 * MINUTE);
  });

  it('looks without sliding when asked not to touch (subscription re-checks)', async () => {
    const { token, session } = await service.startGuestSession(ANON);
    const touch = vi.spyOn(store, 'touch');
    clock.advance(10 * MINUTE);
    const looked = await service.resolveToken({ token, touch: false });
    expect(looked).toMatchObject({ ok: true, expiresAt: session.expiresAt.toISOString() });
    expect(touch).not.toHaveBeenCalled();
    clock.advance(TTL - 10 * MINUTE);
    expect(await service.resolveToken({ token, touch: false })).toMatchObject({ ok: false, code: 'SESSION_EXPIRED' });
  });

  it('does not write to the store for renewals smaller than the touch granularity', async () => {
    const { token } = await service.startGuestSession(ANON);
    const touch = vi.spyOn(store, 'touch');
    clock.advance(1_000);
    const resolved = await service.resolveToken({ token });
    expect(touch).not.toHaveBeenCalled();
    expect(resolved.ok).toBe(true);
    clock.advance(MINUTE);
    await service.resolveToken({ token });
    expect(touch).toHaveBeenCalledOnce();
  });
});

describe('register and login', () => {
  it('upgrades a guest session in place under a new token; the guest token dies at once', async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    const result = granted(await service.register(identity, 'Ada@Example.com', PASSWORD));
    expect(result.session.id).toBe(guest.session.id);
    expect(result.session.kind).toBe('ACCOUNT');
    expect(result.session.createdAt).toEqual(guest.session.createdAt);
    expect(result.token).not.toBe(guest.token);
    expect(await service.resolveToken({ token: guest.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await identityOf(result.token)).toMatchObject({ kind: 'ACCOUNT', sessionId: guest.session.id, accountId: result.session.accountId });
  });

  it('creates a new session when called without one', async () => {
    const result = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    expect(result.session.kind).toBe('ACCOUNT');
    const login = granted(await service.login(ANON, 'ADA@example.com', PASSWORD));
    expect(login.session.id).not.toBe(result.session.id);
    expect(login.session.accountId).toBe(result.session.accountId);
  });

  it('rotates the token when the same account logs in again on its session', async () => {
    const first = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    const again = granted(await service.login(await identityOf(first.token), 'ada@example.com', PASSWORD));
    expect(again.session.id).toBe(first.session.id);
    expect(await service.resolveToken({ token: first.token })).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it("ends another account's session instead of handing its cart to a different person", async () => {
    const ada = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    granted(await service.register(ANON, 'bob@example.com', PASSWORD));
    const bob = granted(await service.login(await identityOf(ada.token), 'bob@example.com', PASSWORD));
    expect(bob.session.id).not.toBe(ada.session.id);
    expect(await service.resolveToken({ token: ada.token })).toMatchObject({ code: 'SESSION_INVALID' });
  });

  it('starts a fresh session when the current one expired meanwhile', async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    clock.advance(TTL + 1);
    const result = granted(await service.register(identity, 'ada@example.com', PASSWORD));
    expect(result.session.id).not.toBe(guest.session.id);
  });

  it('restarts the absolute lifetime at login, not from when the guest session began', async () => {
    const guest = await service.startGuestSession(ANON);
    const cap = guest.session.createdAt.getTime() + MAX_AGE;
    while (clock.now().getTime() + TTL <= cap) {
      clock.advance(29 * MINUTE);
      await service.resolveToken({ token: guest.token });
    }
    expect(await service.resolveToken({ token: guest.token })).toMatchObject({ ok: true, expiresAt: new Date(cap).toISOString() });
    const result = granted(await service.register(await identityOf(guest.token), 'ada@example.com', PASSWORD));
    expect(result.session.id).toBe(guest.session.id);
    expect(result.session.expiresAt.getTime()).toBe(clock.now().getTime() + TTL);
    expect(result.session.expiresAt.getTime()).toBeGreaterThan(cap);
  });

  it('refuses a taken email case-insensitively, weak passwords and malformed emails', async () => {
    granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    expect(await service.register(ANON, 'ADA@EXAMPLE.COM', 'another fine passphrase')).toMatchObject({ __typename: 'EmailTakenError', code: 'EMAIL_TAKEN' });
    expect(await service.register(ANON, 'bob@example.com', 'short')).toMatchObject({ __typename: 'WeakPasswordError', code: 'WEAK_PASSWORD' });
    expect(await service.register(ANON, 'bob@example.com', 'aaaaaaaaaaaa')).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(await service.register(ANON, 'not-an-email', PASSWORD)).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'email' });
  });

  it('stores a hash, never the password', async () => {
    granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    const account = await accounts.findByEmail('ada@example.com');
    expect(account?.passwordHash).toMatch(/^scrypt\$/);
    expect(account?.passwordHash).not.toContain(PASSWORD);
  });

  it('says the same thing for a wrong password and an unknown email, after the same hashing work', async () => {
    granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    const verify = vi.spyOn(hasher, 'verify');
    const wrong = await service.login(ANON, 'ada@example.com', 'not the password');
    const unknown = await service.login(ANON, 'nobody@example.com', 'not the password');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS' });
    expect(verify).toHaveBeenCalledTimes(2);
    // the unknown email was checked against a real scrypt hash of the same cost
    expect(verify.mock.calls[1][1]).toMatch(/^scrypt\$ln=10,r=8,p=1\$/);
  });

  it('refuses empty and oversized passwords on login without hashing', async () => {
    const verify = vi.spyOn(hasher, 'verify');
    expect(await service.login(ANON, 'ada@example.com', '')).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect(await service.login(ANON, 'ada@example.com', 'x'.repeat(10_000))).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect(verify).not.toHaveBeenCalled();
  });

  it('rehashes a password stored with older parameters on a successful login', async () => {
    const old = new ScryptPasswordHasher({ logN: 9, r: 8, p: 1 });
    await accounts.create({ email: 'ada@example.com', passwordHash: await old.hash(PASSWORD), createdAt: clock.now() });
    granted(await service.login(ANON, 'ada@example.com', PASSWORD));
    expect((await accounts.findByEmail('ada@example.com'))?.passwordHash).toMatch(/^scrypt\$ln=10,/);
  });
});

describe('login rate limits', () => {
  it('limits failures per email, then lets the owner in again once the window passes', async () => {
    granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    for (let i = 0; i < 3; i++) expect(await service.login(ANON, 'ada@example.com', `wrong password ${i}`)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const limited = await service.login(ANON, 'ADA@example.com', PASSWORD);
    expect(limited).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED', retryAfterSeconds: 15 * 60 });
    clock.advance(15 * MINUTE);
    granted(await service.login(ANON, 'ada@example.com', PASSWORD));
  });

  it('limits failures per client IP across emails', async () => {
    for (let i = 0; i < 5; i++) await service.login(ANON, `user${i}@example.com`, 'some wrong password');
    expect(await service.login(ANON, 'fresh@example.com', 'some wrong password')).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await service.login({ kind: 'ANONYMOUS', clientIp: '198.51.100.9' }, 'fresh@example.com', 'some wrong password')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('clears the email count on success', async () => {
    granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    const other: Identity = { kind: 'ANONYMOUS', clientIp: '198.51.100.2' };
    for (let i = 0; i < 2; i++) await service.login(other, 'ada@example.com', 'wrong password!');
    granted(await service.login(other, 'ada@example.com', PASSWORD));
    for (let i = 0; i < 2; i++) await service.login(other, 'ada@example.com', 'wrong password!');
    granted(await service.login(other, 'ada@example.com', PASSWORD));
  });
});

describe('logout and current session', () => {
  it('revokes the session: its token is dead at once (SESSION_INVALID, not expired)', async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    expect(await service.currentSession(identity)).toMatchObject({ id: guest.session.id, kind: 'GUEST' });
    expect(await service.logout(identity)).toEqual({ __typename: 'LoggedOut', sessionId: guest.session.id });
    expect(await service.resolveToken({ token: guest.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await service.currentSession(identity)).toBeNull();
  });

  it('needs a session', async () => {
    expect(await service.logout(ANON)).toMatchObject({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
    expect(await service.currentSession(ANON)).toBeNull();
  });
});

describe('password-less accounts (created by a store login)', () => {
  it('cannot log in with a password, and says so exactly like a wrong password, after the same hashing work', async () => {
    await accounts.linkStoreUser({ storeId: 'store-a', storeUserId: 'u-1', email: 'ada@example.com', now: clock.now() });
    const verify = vi.spyOn(hasher, 'verify');
    const result = await service.login(ANON, 'ada@example.com', PASSWORD);
    expect(result).toEqual({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' });
    expect(verify).toHaveBeenCalledOnce();
    expect(verify.mock.calls[0][1]).toMatch(/^scrypt\$ln=10,r=8,p=1\$/);
  });
});

describe('the account sessions list', () => {
  it('lists the live sessions of the caller\'s account, newest first, with handles and the current flag', async () => {
    const first = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    clock.advance(MINUTE);
    const second = granted(await service.login({ kind: 'ANONYMOUS', clientIp: '198.51.100.4' }, 'ada@example.com', PASSWORD));
    clock.advance(MINUTE);
    granted(await service.register(ANON, 'bob@example.com', PASSWORD));
    const identity = await identityOf(second.token);
    const list = await service.listSessions(identity);
    expect(list.map((s) => [s.id, s.current])).toEqual([
      [second.session.id, true],
      [first.session.id, false],
    ]);
    expect(list[0]).toMatchObject({ kind: 'ACCOUNT', clientIp: '198.51.100.4', createdAt: second.session.createdAt, lastSeenAt: clock.now(), expiresAt: new Date(clock.now().getTime() + TTL) });
    expect(list[0].handles).toEqual([{ id: expect.any(String), storeId: null, createdAt: second.session.createdAt }]);
  });

  it('leaves out expired sessions', async () => {
    const first = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    clock.advance(TTL - MINUTE);
    const second = granted(await service.login(ANON, 'ada@example.com', PASSWORD));
    clock.advance(2 * MINUTE);
    const list = await service.listSessions(await identityOf(second.token));
    expect(list.map((s) => s.id)).toEqual([second.session.id]);
    expect(list.map((s) => s.id)).not.toContain(first.session.id);
  });

  it('is empty for guests and anonymous callers', async () => {
    const guest = await service.startGuestSession(ANON);
    expect(await service.listSessions(await identityOf(guest.token))).toEqual([]);
    expect(await service.listSessions(ANON)).toEqual([]);
  });
});

describe('revoking a session', () => {
  it('ends another session of the same account, every token of it', async () => {
    const laptop = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    const phone = granted(await service.login(ANON, 'ada@example.com', PASSWORD));
    const identity = await identityOf(phone.token);
    expect(await service.revokeSession(identity, laptop.session.id)).toEqual({ __typename: 'SessionRevoked', sessionId: laptop.session.id });
    expect(await service.resolveToken({ token: laptop.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect((await service.resolveToken({ token: phone.token })).ok).toBe(true);
    expect((await service.listSessions(identity)).map((s) => s.id)).toEqual([phone.session.id]);
  });

  it("answers SESSION_NOT_FOUND for another account's session, an unknown id and an expired one", async () => {
    const ada = granted(await service.register(ANON, 'ada@example.com', PASSWORD));
    const bob = granted(await service.register(ANON, 'bob@example.com', PASSWORD));
    const identity = await identityOf(ada.token);
    expect(await service.revokeSession(identity, bob.session.id)).toMatchObject({ __typename: 'SessionNotFoundError', code: 'SESSION_NOT_FOUND', sessionId: bob.session.id });
    expect((await service.resolveToken({ token: bob.token })).ok).toBe(true);
    expect(await service.revokeSession(identity, 'no-such-session')).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    expect(await service.revokeSession(identity, 'x'.repeat(10_000))).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    const old = granted(await service.login(ANON, 'ada@example.com', PASSWORD));
    clock.advance(TTL);
    const fresh = granted(await service.login(ANON, 'ada@example.com', PASSWORD));
    expect(await service.revokeSession(await identityOf(fresh.token), old.session.id)).toMatchObject({ code: 'SESSION_NOT_FOUND' });
  });

  it('needs an account session', async () => {
    const guest = await service.startGuestSession(ANON);
    expect(await service.revokeSession(await identityOf(guest.token), guest.session.id)).toMatchObject({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
    expect(await service.revokeSession(ANON, guest.session.id)).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect((await service.resolveToken({ token: guest.token })).ok).toBe(true);
  });
});

describe('offer codes', () => {
  it('normalizes (trim, upper case), keeps each code once and returns the session with its codes', async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    expect(await service.applyOfferCode(identity, '  summer-25 ')).toMatchObject({ __typename: 'Session', id: guest.session.id, offerCodes: ['SUMMER-25'] });
    expect(await service.applyOfferCode(identity, 'SUMMER-25')).toMatchObject({ offerCodes: ['SUMMER-25'] });
    expect(await service.applyOfferCode(identity, 'vip_1')).toMatchObject({ offerCodes: ['SUMMER-25', 'VIP_1'] });
    expect(await service.currentSession(identity)).toMatchObject({ offerCodes: ['SUMMER-25', 'VIP_1'] });
    expect(await service.removeOfferCode(identity, ' summer-25')).toMatchObject({ __typename: 'Session', offerCodes: ['VIP_1'] });
    expect(await service.removeOfferCode(identity, 'NEVER-ADDED')).toMatchObject({ __typename: 'Session', offerCodes: ['VIP_1'] });
  });

  it('refuses malformed codes with INVALID_INPUT on field code', async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    for (const code of ['', '  ', 'ab', '-abc', 'has space', 'x'.repeat(33), 'ÄPFEL', 'semi;colon']) {
      expect(await service.applyOfferCode(identity, code)).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'code' });
    }
    expect(await service.applyOfferCode(identity, 'x'.repeat(32))).toMatchObject({ __typename: 'Session' });
    expect(await service.removeOfferCode(identity, 'a b')).toMatchObject({ code: 'INVALID_INPUT', field: 'code' });
  });

  it(`holds at most ${OFFER_CODE_LIMIT} codes per session; an attached code is still fine at the limit`, async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    for (let i = 0; i < OFFER_CODE_LIMIT; i++) expect(await service.applyOfferCode(identity, `CODE${i}`)).toMatchObject({ __typename: 'Session' });
    expect(await service.applyOfferCode(identity, 'ONE-MORE')).toEqual({ __typename: 'OfferCodeLimitError', code: 'OFFER_CODE_LIMIT', message: expect.any(String), limit: OFFER_CODE_LIMIT });
    expect(await service.applyOfferCode(identity, 'code0')).toMatchObject({ __typename: 'Session' });
    await service.removeOfferCode(identity, 'CODE3');
    expect(await service.applyOfferCode(identity, 'ONE-MORE')).toMatchObject({ __typename: 'Session' });
  });

  it('need a live session', async () => {
    expect(await service.applyOfferCode(ANON, 'SUMMER')).toMatchObject({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
    expect(await service.removeOfferCode({ kind: 'STORE', storeId: 'store-a' }, 'SUMMER')).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    await service.logout(identity);
    expect(await service.applyOfferCode(identity, 'SUMMER')).toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });

  it('travel in the resolved identity (absent when there are none), and survive a login', async () => {
    const guest = await service.startGuestSession(ANON);
    expect(await identityOf(guest.token)).not.toHaveProperty('offerCodes');
    await service.applyOfferCode(await identityOf(guest.token), 'summer');
    expect(await identityOf(guest.token)).toMatchObject({ kind: 'GUEST', offerCodes: ['SUMMER'] });
    const account = granted(await service.register(await identityOf(guest.token), 'ada@example.com', PASSWORD));
    expect(account.session.offerCodes).toEqual(['SUMMER']);
    expect(await identityOf(account.token)).toMatchObject({ kind: 'ACCOUNT', offerCodes: ['SUMMER'] });
    await service.removeOfferCode(await identityOf(account.token), 'SUMMER');
    expect(await identityOf(account.token)).not.toHaveProperty('offerCodes');
  });

  it('attaches codes for a restored cart: valid ones up to the limit, invalid ones skipped; null for a gone session', async () => {
    const guest = await service.startGuestSession(ANON);
    const identity = await identityOf(guest.token);
    await service.applyOfferCode(identity, 'KEEP');
    expect(await service.attachOfferCodes({ sessionId: guest.session.id, codes: [' saved-1', 'not valid', 'KEEP', 'saved-1', 'x'] })).toEqual({ offerCodes: ['KEEP', 'SAVED-1'] });
    const many = Array.from({ length: 20 }, (_, i) => `BULK${i}`);
    const { offerCodes } = await service.attachOfferCodes({ sessionId: guest.session.id, codes: many });
    expect(offerCodes).toHaveLength(OFFER_CODE_LIMIT);
    expect(offerCodes?.slice(0, 3)).toEqual(['KEEP', 'SAVED-1', 'BULK0']);
    expect(await service.attachOfferCodes({ sessionId: 'no-such-session', codes: ['A1B'] })).toEqual({ offerCodes: null });
    await service.logout(identity);
    expect(await service.attachOfferCodes({ sessionId: guest.session.id, codes: ['A1B'] })).toEqual({ offerCodes: null });
    const other = await service.startGuestSession(ANON);
    clock.advance(TTL);
    expect(await service.attachOfferCodes({ sessionId: other.session.id, codes: ['A1B'] })).toEqual({ offerCodes: null });
  });
});
