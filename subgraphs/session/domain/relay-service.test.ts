import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import type { Identity } from '../../../lib/identity.js';
import { silentLogger } from '../../../lib/logger.js';
import { StaticStoreDirectory } from '../../../lib/store-directory.js';
import { InMemoryAccountRepository } from '../infra/memory-account-repository.js';
import { InMemoryLoginRateLimiter } from '../infra/memory-login-rate-limiter.js';
import { InMemoryRelayCodeStore } from '../infra/memory-relay-code-store.js';
import { InMemorySessionStore } from '../infra/memory-session-store.js';
import type { SessionGranted, SessionRelay } from './model.js';
import { ScryptPasswordHasher } from './password.js';
import { DEFAULT_RELAY_CODE_TTL_MS, RelayService, type RelayServiceDeps } from './relay-service.js';
import { SessionService } from './session-service.js';

const MINUTE = 60_000;
const TTL = 30 * MINUTE;
const PASSWORD = 'correct horse battery staple';
const SHOPPER_IP = '203.0.113.7';

let clock: ManualClock;
let sessionStore: InMemorySessionStore;
let relayCodes: InMemoryRelayCodeStore;
let service: SessionService;
let relays: RelayService;

const stores = new StaticStoreDirectory(
  ['store-a', 'store-b', 'store-c'].map((id) => ({ id, name: id, url: `http://${id}.invalid/graphql`, secret: `secret-${id}`, apiKey: `key-${id}` })),
);
const STORE_B: Identity = { kind: 'STORE', storeId: 'store-b', clientIp: '10.0.0.2' };
const STORE_C: Identity = { kind: 'STORE', storeId: 'store-c', clientIp: '10.0.0.3' };

function relayService(overrides: Partial<RelayServiceDeps> = {}): RelayService {
  return new RelayService({ sessionService: service, sessions: sessionStore, relayCodes, stores, logger: silentLogger(), clock, ...overrides });
}

beforeEach(() => {
  clock = new ManualClock();
  sessionStore = new InMemorySessionStore(clock);
  relayCodes = new InMemoryRelayCodeStore(clock);
  service = new SessionService({
    accounts: new InMemoryAccountRepository(),
    sessions: sessionStore,
    loginLimiter: new InMemoryLoginRateLimiter(undefined, clock),
    hasher: new ScryptPasswordHasher({ logN: 10, r: 8, p: 1 }),
    logger: silentLogger(),
    clock,
    ttlMs: TTL,
  });
  relays = relayService();
});

async function identityOf(token: string, clientIp?: string): Promise<Identity> {
  const resolved = await service.resolveToken({ token, clientIp });
  if (!resolved.ok) throw new Error(`token did not resolve: ${resolved.code}`);
  return resolved.identity;
}

async function guest(clientIp = SHOPPER_IP) {
  const granted = await service.startGuestSession({ kind: 'ANONYMOUS', clientIp });
  return { ...granted, identity: await identityOf(granted.token, clientIp) };
}

function asRelay(result: { __typename: string }): SessionRelay {
  expect(result.__typename).toBe('SessionRelay');
  return result as SessionRelay;
}

function asGranted(result: { __typename: string }): SessionGranted {
  expect(result.__typename).toBe('SessionGranted');
  return result as SessionGranted;
}

async function relayTo(identity: Identity, storeId = 'store-b', service = relays): Promise<string> {
  return asRelay(await service.createSessionRelay(identity, storeId)).relayCode;
}

describe('issue and redeem', () => {
  it('trades a single-use code for a new handle on the same session, valid at the target store', async () => {
    const shopper = await guest();
    await service.applyOfferCode(shopper.identity, 'SUMMER');
    const save = vi.spyOn(relayCodes, 'save');
    const relay = asRelay(await relays.createSessionRelay(shopper.identity, 'store-b'));
    expect(relay.relayCode).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(relay).toMatchObject({ targetStoreId: 'store-b', expiresAt: new Date(clock.now().getTime() + DEFAULT_RELAY_CODE_TTL_MS) });
    // only the code's hash is stored, with the shopper's IP
    const [record] = save.mock.calls[0];
    expect(JSON.stringify(record)).not.toContain(relay.relayCode);
    expect(record).toMatchObject({ sessionId: shopper.session.id, targetStoreId: 'store-b', issuedIp: SHOPPER_IP });

    clock.advance(5_000);
    const granted = asGranted(await relays.redeemSessionRelay(STORE_B, relay.relayCode, SHOPPER_IP));
    expect(granted.session).toMatchObject({ id: shopper.session.id, kind: 'GUEST', offerCodes: ['SUMMER'] });
    expect(granted.token).not.toBe(shopper.token);
    // the handle is an ordinary session token; the shopper's own token keeps working
    expect(await identityOf(granted.token)).toMatchObject({ kind: 'GUEST', sessionId: shopper.session.id, offerCodes: ['SUMMER'] });
    expect(await identityOf(shopper.token)).toMatchObject({ sessionId: shopper.session.id });
    expect((await sessionStore.handlesOf(shopper.session.id)).map((h) => h.storeId)).toEqual([undefined, 'store-b']);
  });

  it('relays on from a relayed handle (store B to store C), still the same session', async () => {
    const shopper = await guest();
    const atB = asGranted(await relays.redeemSessionRelay(STORE_B, await relayTo(shopper.identity)));
    const atC = asGranted(await relays.redeemSessionRelay(STORE_C, await relayTo(await identityOf(atB.token), 'store-c')));
    expect(atC.session.id).toBe(shopper.session.id);
    expect((await sessionStore.handlesOf(shopper.session.id)).map((h) => h.storeId)).toEqual([undefined, 'store-b', 'store-c']);
  });

  it('answers a second redemption RELAY_CODE_USED and revokes the handle the first one produced', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    const first = asGranted(await relays.redeemSessionRelay(STORE_B, code));
    expect(await relays.redeemSessionRelay(STORE_B, code)).toMatchObject({ __typename: 'RelayCodeUsedError', code: 'RELAY_CODE_USED' });
    expect(await service.resolveToken({ token: first.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    // the leak ends the leaked handle only: the shopper's session lives on
    expect((await identityOf(shopper.token)).sessionId).toBe(shopper.session.id);
    expect(await relays.redeemSessionRelay(STORE_C, code)).toMatchObject({ code: 'RELAY_CODE_USED' });
  });

  it('kills a code redeemed by another store than its target', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity, 'store-b');
    expect(await relays.redeemSessionRelay(STORE_C, code)).toMatchObject({ __typename: 'RelayCodeWrongStoreError', code: 'RELAY_CODE_WRONG_STORE' });
    expect(await relays.redeemSessionRelay(STORE_B, code)).toMatchObject({ code: 'RELAY_CODE_USED' });
    expect(await sessionStore.handlesOf(shopper.session.id)).toHaveLength(1);
  });

  it('refuses a code redeemed after its lifetime with RELAY_CODE_EXPIRED and when it expired', async () => {
    const shopper = await guest();
    const relay = asRelay(await relays.createSessionRelay(shopper.identity, 'store-b'));
    clock.advance(DEFAULT_RELAY_CODE_TTL_MS - 1);
    const onTime = await relayTo(shopper.identity);
    clock.advance(1);
    expect(await relays.redeemSessionRelay(STORE_B, relay.relayCode)).toEqual({
      __typename: 'RelayCodeExpiredError',
      code: 'RELAY_CODE_EXPIRED',
      message: expect.any(String),
      expiredAt: relay.expiresAt,
    });
    // a late code stays late (it never produced a handle)
    expect(await relays.redeemSessionRelay(STORE_B, relay.relayCode)).toMatchObject({ code: 'RELAY_CODE_EXPIRED' });
    asGranted(await relays.redeemSessionRelay(STORE_B, onTime));
  });

  it('honours a configured lifetime, and remembers codes long after it so late ones are told apart from unknown ones', async () => {
    const short = relayService({ relayCodeTtlMs: 5_000 });
    const shopper = await guest();
    const code = await relayTo(shopper.identity, 'store-b', short);
    clock.advance(9 * MINUTE);
    expect(await short.redeemSessionRelay(STORE_B, code)).toMatchObject({ code: 'RELAY_CODE_EXPIRED' });
    const forgotten = await relayTo(shopper.identity, 'store-b', short);
    clock.advance(11 * MINUTE);
    expect(await short.redeemSessionRelay(STORE_B, forgotten)).toMatchObject({ __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID' });
  });
});

describe('client IP binding', () => {
  it('is off by default: the store may report another IP, or none', async () => {
    const shopper = await guest();
    asGranted(await relays.redeemSessionRelay(STORE_B, await relayTo(shopper.identity), '198.51.100.99'));
    asGranted(await relays.redeemSessionRelay(STORE_B, await relayTo(shopper.identity)));
  });

  it('when on, needs the IP that asked for the code, and kills the code otherwise', async () => {
    const bound = relayService({ relayBindClientIp: true });
    const shopper = await guest();
    asGranted(await bound.redeemSessionRelay(STORE_B, await relayTo(shopper.identity, 'store-b', bound), SHOPPER_IP));
    asGranted(await bound.redeemSessionRelay(STORE_B, await relayTo(shopper.identity, 'store-b', bound), `::ffff:${SHOPPER_IP}`));

    const other = await relayTo(shopper.identity, 'store-b', bound);
    expect(await bound.redeemSessionRelay(STORE_B, other, '198.51.100.99')).toMatchObject({ __typename: 'RelayIpMismatchError', code: 'RELAY_IP_MISMATCH' });
    expect(await bound.redeemSessionRelay(STORE_B, other, SHOPPER_IP)).toMatchObject({ code: 'RELAY_CODE_USED' });

    expect(await bound.redeemSessionRelay(STORE_B, await relayTo(shopper.identity, 'store-b', bound))).toMatchObject({ code: 'RELAY_IP_MISMATCH' });
  });
});

describe('the session behind the handles', () => {
  it('logout ends every relayed handle at once', async () => {
    const shopper = await guest();
    const atB = asGranted(await relays.redeemSessionRelay(STORE_B, await relayTo(shopper.identity)));
    const atC = asGranted(await relays.redeemSessionRelay(STORE_C, await relayTo(shopper.identity, 'store-c')));
    await service.logout(await identityOf(atC.token));
    for (const token of [shopper.token, atB.token, atC.token]) expect(await service.resolveToken({ token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
  });

  it('a code issued for a session that ended since is RELAY_CODE_INVALID', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    await service.logout(shopper.identity);
    expect(await relays.redeemSessionRelay(STORE_B, code)).toMatchObject({ __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID' });
  });

  it('login rotates the session: relayed handles end (re-relay after login), and codes issued before it do not reach the account', async () => {
    const shopper = await guest();
    const atB = asGranted(await relays.redeemSessionRelay(STORE_B, await relayTo(shopper.identity)));
    const pending = await relayTo(shopper.identity);
    clock.advance(1_000);
    const account = asGranted(await service.register(await identityOf(atB.token), 'ada@example.com', PASSWORD));
    expect(account.session.id).toBe(shopper.session.id);
    expect(await service.resolveToken({ token: atB.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await service.resolveToken({ token: shopper.token })).toMatchObject({ ok: false, code: 'SESSION_INVALID' });
    expect(await sessionStore.handlesOf(shopper.session.id)).toHaveLength(1);
    // session fixation: a code minted while it was a guest session is dead now
    expect(await relays.redeemSessionRelay(STORE_B, pending)).toMatchObject({ code: 'RELAY_CODE_INVALID' });
    // a fresh relay after the login works
    const again = asGranted(await relays.redeemSessionRelay(STORE_B, await relayTo(await identityOf(account.token))));
    expect(await identityOf(again.token)).toMatchObject({ kind: 'ACCOUNT', sessionId: shopper.session.id, accountId: account.session.accountId });
  });
});

describe('races', () => {
  it('concurrent redemptions of one code: never two handles, at most one grant, and a raced grant is revoked', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    const results = await Promise.all([relays.redeemSessionRelay(STORE_B, code), relays.redeemSessionRelay(STORE_B, code), relays.redeemSessionRelay(STORE_B, code)]);
    const grants = results.filter((r): r is SessionGranted => r.__typename === 'SessionGranted');
    expect(grants.length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.__typename !== 'SessionGranted').every((r) => 'code' in r && r.code === 'RELAY_CODE_USED')).toBe(true);
    // the replays raced the first redemption: whatever it produced is revoked (the code leaked)
    expect((await sessionStore.handlesOf(shopper.session.id)).filter((h) => h.storeId)).toEqual([]);
    for (const granted of grants) expect((await service.resolveToken({ token: granted.token })).ok).toBe(false);
  });

  it('exactly one of two redemptions is granted when they do not overlap; the replay still revokes it', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    const results = [await relays.redeemSessionRelay(STORE_B, code), await relays.redeemSessionRelay(STORE_B, code)];
    expect(results.map((r) => r.__typename)).toEqual(['SessionGranted', 'RelayCodeUsedError']);
    expect((await service.resolveToken({ token: (results[0] as SessionGranted).token })).ok).toBe(false);
  });

  it('a replay landing between the claim and the grant is seen by the granter, which revokes its own handle', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    const addHandle = sessionStore.addHandle.bind(sessionStore);
    let replay: Promise<unknown> | undefined;
    vi.spyOn(sessionStore, 'addHandle').mockImplementationOnce(async (...args) => {
      replay = relays.redeemSessionRelay(STORE_B, code);
      await replay;
      return addHandle(...args);
    });
    const first = await relays.redeemSessionRelay(STORE_B, code);
    expect(first).toMatchObject({ code: 'RELAY_CODE_USED' });
    expect(await replay).toMatchObject({ code: 'RELAY_CODE_USED' });
    expect((await sessionStore.handlesOf(shopper.session.id)).filter((h) => h.storeId)).toEqual([]);
  });
  it('a login landing between the liveness check and the grant wins: the relayed handle never reaches the logged-in session', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    clock.advance(1_000);
    const addHandle = sessionStore.addHandle.bind(sessionStore);
    let login: SessionGranted | undefined;
    vi.spyOn(sessionStore, 'addHandle').mockImplementationOnce(async (...args) => {
      // the redemption read the session (and its login generation) before this login
      login = asGranted(await service.register(shopper.identity, 'race@example.com', PASSWORD));
      return addHandle(...args);
    });
    const result = await relays.redeemSessionRelay(STORE_B, code);
    expect(result).toMatchObject({ __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID' });
    expect(login?.session).toMatchObject({ id: shopper.session.id, kind: 'ACCOUNT' });
    // only the login's own handle: nothing relayed from before the login
    expect((await sessionStore.handlesOf(shopper.session.id)).map((h) => h.storeId)).toEqual([undefined]);
    expect(await identityOf(login!.token)).toMatchObject({ kind: 'ACCOUNT', sessionId: shopper.session.id });
  });
});

describe('who may call', () => {
  it('createSessionRelay needs a live shopper session and a store of the federation', async () => {
    expect(await relays.createSessionRelay({ kind: 'ANONYMOUS' }, 'store-b')).toMatchObject({ __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED' });
    expect(await relays.createSessionRelay(STORE_B, 'store-c')).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    const shopper = await guest();
    expect(await relays.createSessionRelay(shopper.identity, 'store-z')).toEqual({
      __typename: 'StoreNotFoundError',
      code: 'STORE_NOT_FOUND',
      message: expect.any(String),
      storeId: 'store-z',
    });
    expect(await relays.createSessionRelay(shopper.identity, 'Not A Store!')).toMatchObject({ __typename: 'InvalidInputError', field: 'targetStoreId' });
    await service.logout(shopper.identity);
    expect(await relays.createSessionRelay(shopper.identity, 'store-b')).toMatchObject({ code: 'NOT_AUTHENTICATED' });
  });

  it('redeemSessionRelay is for store servers: a shopper gets FORBIDDEN, nobody gets NOT_AUTHENTICATED', async () => {
    const shopper = await guest();
    const code = await relayTo(shopper.identity);
    await expect(relays.redeemSessionRelay(shopper.identity, code)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(relays.redeemSessionRelay({ kind: 'ANONYMOUS' }, code)).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
    // neither attempt used the code up
    asGranted(await relays.redeemSessionRelay(STORE_B, code));
  });

  it('checks the input before any lookup', async () => {
    const claim = vi.spyOn(relayCodes, 'claim');
    expect(await relays.redeemSessionRelay(STORE_B, 'not-a-code')).toMatchObject({ __typename: 'InvalidInputError', field: 'code' });
    expect(await relays.redeemSessionRelay(STORE_B, 'A'.repeat(43), 'not an ip')).toMatchObject({ __typename: 'InvalidInputError', field: 'clientIp' });
    expect(claim).not.toHaveBeenCalled();
    expect(await relays.redeemSessionRelay(STORE_B, 'A'.repeat(43))).toMatchObject({ __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID' });
  });
});
