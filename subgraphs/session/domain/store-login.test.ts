import { createHmac, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import type { Identity } from '../../../lib/identity.js';
import { silentLogger } from '../../../lib/logger.js';
import { StaticStoreDirectory } from '../../../lib/store-directory.js';
import { InMemoryAccountRepository } from '../infra/memory-account-repository.js';
import { InMemoryLoginRateLimiter } from '../infra/memory-login-rate-limiter.js';
import { InMemoryNonceStore } from '../infra/memory-nonce-store.js';
import { InMemoryRelayCodeStore } from '../infra/memory-relay-code-store.js';
import { InMemorySessionStore } from '../infra/memory-session-store.js';
import type { SessionGranted } from './model.js';
import { ScryptPasswordHasher } from './password.js';
import { RelayService } from './relay-service.js';
import { SessionService } from './session-service.js';
import { signStoreLoginAssertion, StoreLoginService, type StoreLoginAssertion, type StoreLoginAssertionFields } from './store-login.js';

const PASSWORD = 'correct horse battery staple';
const SKEW_MS = 300_000;

let clock: ManualClock;
let accounts: InMemoryAccountRepository;
let sessionStore: InMemorySessionStore;
let nonces: InMemoryNonceStore;
let service: SessionService;
let storeLogins: StoreLoginService;

const stores = new StaticStoreDirectory(
  ['store-a', 'store-b'].map((id) => ({ id, name: id, url: `http://${id}.invalid/graphql`, secret: `secret-of-${id}`, apiKey: `key-${id}` })),
);
const STORE_A: Identity = { kind: 'STORE', storeId: 'store-a', clientIp: '10.0.0.1' };
const STORE_B: Identity = { kind: 'STORE', storeId: 'store-b', clientIp: '10.0.0.2' };

beforeEach(() => {
  clock = new ManualClock();
  accounts = new InMemoryAccountRepository();
  sessionStore = new InMemorySessionStore(clock);
  nonces = new InMemoryNonceStore(clock);
  service = new SessionService({
    accounts,
    sessions: sessionStore,
    loginLimiter: new InMemoryLoginRateLimiter(undefined, clock),
    hasher: new ScryptPasswordHasher({ logN: 10, r: 8, p: 1 }),
    logger: silentLogger(),
    clock,
  });
  storeLogins = new StoreLoginService({ sessionService: service, accounts, nonces, stores, logger: silentLogger(), clock });
});

/** An assertion as store `storeId`'s server would sign it now. */
function assertion(overrides: Partial<StoreLoginAssertionFields> = {}, secret?: string): StoreLoginAssertion {
  const fields: StoreLoginAssertionFields = {
    storeId: 'store-a',
    storeUserId: 'user-42',
    email: 'ada@example.com',
    timestamp: String(Math.floor(clock.now().getTime() / 1000)),
    nonce: randomBytes(18).toString('base64url'),
    ...overrides,
  };
  return { ...fields, signature: signStoreLoginAssertion(secret ?? `secret-of-${fields.storeId}`, fields) };
}

function asGranted(result: { __typename: string }): SessionGranted {
  expect(result.__typename).toBe('SessionGranted');
  return result as SessionGranted;
}

async function identityOf(token: string): Promise<Identity> {
  const resolved = await service.resolveToken({ token });
  if (!resolved.ok) throw new Error(`token did not resolve: ${resolved.code}`);
  return resolved.identity;
}

describe('the signature', () => {
  it('is the lower-case hex HMAC-SHA256 of the documented string under the store secret', () => {
    const fields = { storeId: 'store-a', storeUserId: 'u1', email: 'a@b.co', timestamp: '1767225600', nonce: 'n'.repeat(16) };
    const expected = createHmac('sha256', 'k').update(`cartstart-store-login-v1\nstore-a\nu1\na@b.co\n1767225600\n${'n'.repeat(16)}`).digest('hex');
    expect(signStoreLoginAssertion('k', fields)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('resolving a store login', () => {
  it('creates a password-less account, links the store user and starts an account session', async () => {
    const granted = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion()));
    expect(granted.session).toMatchObject({ kind: 'ACCOUNT', accountId: expect.any(String), offerCodes: [] });
    expect(await identityOf(granted.token)).toMatchObject({ kind: 'ACCOUNT', accountId: granted.session.accountId });
    const account = await accounts.findByEmail('ada@example.com');
    expect(account).toMatchObject({ id: granted.session.accountId, passwordHash: null });
    // no password login for it until one is set
    expect(await service.login({ kind: 'ANONYMOUS' }, 'ada@example.com', PASSWORD)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    // the session is not pinned to the store server's IP
    expect((await sessionStore.findById(granted.session.id))?.clientIp).toBeUndefined();
  });

  it('links to the existing account with the email, and resolves the link again later', async () => {
    const registered = asGranted(await service.register({ kind: 'ANONYMOUS' }, 'Ada@Example.com', PASSWORD));
    const first = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion({ email: 'ada@example.com' })));
    expect(first.session.accountId).toBe(registered.session.accountId);
    // the link holds even when the store later asserts another email for its user
    const again = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion({ email: 'ada.new@example.com' })));
    expect(again.session.accountId).toBe(registered.session.accountId);
    expect(again.session.id).not.toBe(first.session.id);
    // the password still works
    asGranted(await service.login({ kind: 'ANONYMOUS' }, 'ada@example.com', PASSWORD));
  });

  it("refuses a tampered signature, another store's secret and another store's id, all alike", async () => {
    const good = assertion();
    const tampered = { ...good, email: 'mallory@example.com' };
    const flipped = { ...good, signature: (good.signature[0] === 'a' ? 'b' : 'a') + good.signature.slice(1) };
    const signedByB = assertion({}, 'secret-of-store-b');
    const namesB = assertion({ storeId: 'store-b' });
    const remember = vi.spyOn(nonces, 'remember');
    for (const bad of [tampered, flipped, signedByB]) {
      expect(await storeLogins.resolveStoreLogin(STORE_A, bad)).toEqual({ __typename: 'AssertionSignatureInvalidError', code: 'ASSERTION_SIGNATURE_INVALID', message: expect.any(String) });
    }
    // store A presenting store B's (validly signed) assertion
    expect(await storeLogins.resolveStoreLogin(STORE_A, namesB)).toMatchObject({ code: 'ASSERTION_SIGNATURE_INVALID' });
    // nothing was remembered: a forger cannot burn a store's nonces
    expect(remember).not.toHaveBeenCalled();
    expect(await accounts.findByEmail('mallory@example.com')).toBeNull();
    // the genuine assertion still works
    asGranted(await storeLogins.resolveStoreLogin(STORE_A, good));
    asGranted(await storeLogins.resolveStoreLogin(STORE_B, namesB));
  });

  it('refuses timestamps outside the window, either way', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
    for (const timestamp of [now - SKEW_MS / 1000 - 1, now + SKEW_MS / 1000 + 1, 0]) {
      expect(await storeLogins.resolveStoreLogin(STORE_A, assertion({ timestamp: String(timestamp) }))).toEqual({
        __typename: 'AssertionExpiredError',
        code: 'ASSERTION_EXPIRED',
        message: expect.any(String),
        maxSkewSeconds: 300,
      });
    }
    asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion({ timestamp: String(now - SKEW_MS / 1000) })));
    asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion({ timestamp: String(now + SKEW_MS / 1000) })));
  });

  it('accepts a nonce once per store', async () => {
    const once = assertion({ nonce: 'nonce-0123456789abcdef' });
    asGranted(await storeLogins.resolveStoreLogin(STORE_A, once));
    expect(await storeLogins.resolveStoreLogin(STORE_A, once)).toEqual({ __typename: 'AssertionReplayedError', code: 'ASSERTION_REPLAYED', message: expect.any(String) });
    // a fresh signature over the same nonce is a replay too, until the nonce is forgotten (twice the window)
    clock.advance(SKEW_MS);
    expect(await storeLogins.resolveStoreLogin(STORE_A, assertion({ nonce: 'nonce-0123456789abcdef' }))).toMatchObject({ code: 'ASSERTION_REPLAYED' });
    // another store's nonces are its own
    asGranted(await storeLogins.resolveStoreLogin(STORE_B, assertion({ storeId: 'store-b', nonce: 'nonce-0123456789abcdef' })));
    clock.advance(SKEW_MS + 1);
    asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion({ nonce: 'nonce-0123456789abcdef' })));
  });

  it('checks the fields (INVALID_INPUT naming the field) before the signature', async () => {
    const cases: [Partial<StoreLoginAssertion>, string][] = [
      [{ email: 'not-an-email' }, 'email'],
      [{ storeUserId: '' }, 'storeUserId'],
      [{ storeUserId: 'x'.repeat(201) }, 'storeUserId'],
      [{ storeUserId: 'user\nada@example.com' }, 'storeUserId'],
      [{ timestamp: '17e8' }, 'timestamp'],
      [{ timestamp: '1'.repeat(13) }, 'timestamp'],
      [{ nonce: 'short' }, 'nonce'],
      [{ nonce: 'has spaces in it, sixteen+' }, 'nonce'],
      [{ signature: 'AB'.repeat(32) }, 'signature'],
      [{ signature: 'ab' }, 'signature'],
    ];
    for (const [override, field] of cases) {
      expect(await storeLogins.resolveStoreLogin(STORE_A, { ...assertion(), ...override })).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field });
    }
    asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion({ storeUserId: 'x'.repeat(200) })));
  });

  it('is for store servers: a shopper gets FORBIDDEN, nobody gets NOT_AUTHENTICATED', async () => {
    const guest = await service.startGuestSession({ kind: 'ANONYMOUS' });
    await expect(storeLogins.resolveStoreLogin(await identityOf(guest.token), assertion())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(storeLogins.resolveStoreLogin({ kind: 'ANONYMOUS' }, assertion())).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });
});

describe('the session it returns', () => {
  it('upgrades the guest session behind sessionToken in place (same id, cart and offer codes), ending its earlier handles', async () => {
    const relays = new RelayService({ sessionService: service, sessions: sessionStore, relayCodes: new InMemoryRelayCodeStore(clock), stores, logger: silentLogger(), clock });
    const guest = await service.startGuestSession({ kind: 'ANONYMOUS', clientIp: '203.0.113.7' });
    await service.applyOfferCode(await identityOf(guest.token), 'SUMMER');
    const relay = await relays.createSessionRelay(await identityOf(guest.token), 'store-a');
    if (relay.__typename !== 'SessionRelay') throw new Error(relay.code);
    const atA = asGranted(await relays.redeemSessionRelay(STORE_A, relay.relayCode));

    const granted = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion(), atA.token));
    expect(granted.session).toMatchObject({ id: guest.session.id, kind: 'ACCOUNT', offerCodes: ['SUMMER'] });
    expect((await sessionStore.findById(guest.session.id))?.clientIp).toBe('203.0.113.7');
    for (const token of [guest.token, atA.token]) expect(await service.resolveToken({ token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await identityOf(granted.token)).toMatchObject({ kind: 'ACCOUNT', sessionId: guest.session.id, offerCodes: ['SUMMER'] });
  });

  it("rotates the account's own session, and starts a new one for an unknown, expired or malformed sessionToken", async () => {
    const first = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion()));
    const again = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion(), first.token));
    expect(again.session.id).toBe(first.session.id);
    expect(await service.resolveToken({ token: first.token })).toMatchObject({ ok: false });

    for (const token of ['A'.repeat(43), 'garbage', first.token]) {
      const fresh = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion(), token));
      expect(fresh.session.id).not.toBe(first.session.id);
    }
    const guest = await service.startGuestSession({ kind: 'ANONYMOUS' });
    clock.advance(31 * 60_000);
    const afterExpiry = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion(), guest.token));
    expect(afterExpiry.session.id).not.toBe(guest.session.id);
  });

  it("ends another account's session rather than passing its cart on (as a password login does)", async () => {
    const bob = asGranted(await service.register({ kind: 'ANONYMOUS' }, 'bob@example.com', PASSWORD));
    const ada = asGranted(await storeLogins.resolveStoreLogin(STORE_A, assertion(), bob.token));
    expect(ada.session.id).not.toBe(bob.session.id);
    expect(await service.resolveToken({ token: bob.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
  });
});
