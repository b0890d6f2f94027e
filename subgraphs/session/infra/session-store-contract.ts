import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import type { SessionHandleRecord, StoredSession } from '../domain/model.js';
import type { SessionStore } from '../domain/ports.js';

/*
 * The SessionStore contract (domain/ports.ts), run by session-store.test.ts against every
 * implementation so the in-memory stand-in behaves like Redis. Retention is real time in
 * Redis and clock time in memory, so `elapse` moves both.
 */

const NOW = new Date('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
/** Short enough to wait out in a test, long enough to outlast the calls before the wait. */
const SHORT_RETAIN_MS = 800;

const newTokenHash = () => createHash('sha256').update(randomBytes(32)).digest('base64url');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

function session(overrides: Partial<StoredSession> = {}): StoredSession {
  return {
    id: randomUUID(),
    kind: 'GUEST',
    clientIp: '203.0.113.7',
    createdAt: NOW,
    lastSeenAt: NOW,
    expiresAt: at(HOUR),
    absoluteExpiresAt: at(24 * HOUR),
    offerCodes: [],
    generation: 0,
    ...overrides,
  };
}

function handle(sessionId: string, overrides: Partial<SessionHandleRecord> = {}): SessionHandleRecord {
  return { id: randomUUID(), tokenHash: newTokenHash(), sessionId, createdAt: NOW, ...overrides };
}

export function describeSessionStoreContract(name: string, makeStore: (clock: ManualClock) => SessionStore): void {
  describe(`${name} (SessionStore contract)`, () => {
    function setup() {
      const clock = new ManualClock(NOW);
      const store = makeStore(clock);
      const elapse = async (ms: number) => {
        clock.advance(ms);
        await sleep(ms);
      };
      return { clock, store, elapse };
    }

    /** A session with its own handle and `relays` relayed handles (created one second apart). */
    async function sessionWithHandles(store: SessionStore, relays = 0, overrides: Partial<StoredSession> = {}, retainMs = 2 * HOUR) {
      const s = session(overrides);
      const own = handle(s.id);
      await store.create(s, own, retainMs);
      const relayed: SessionHandleRecord[] = [];
      for (let i = 0; i < relays; i++) {
        const h = handle(s.id, { storeId: `store-${i + 1}`, createdAt: at((i + 1) * 1_000) });
        expect(await store.addHandle(s.id, h, at((i + 1) * 1_000), 0)).toBe(true);
        relayed.push(h);
      }
      return { s, own, relayed };
    }

    it('creates a session and finds it by id and by token hash, every field round-tripped', async () => {
      const { store } = setup();
      const account = session({ kind: 'ACCOUNT', accountId: randomUUID(), offerCodes: ['WELCOME10'], priceClass: 'WHOLESALE' });
      const accountHandle = handle(account.id);
      const guest = session({ clientIp: undefined });
      const guestHandle = handle(guest.id);
      await store.create(account, accountHandle, 2 * HOUR);
      await store.create(guest, guestHandle, 2 * HOUR);
      expect(await store.findById(account.id)).toEqual(account);
      expect(await store.findByTokenHash(accountHandle.tokenHash)).toEqual({ session: account, handle: accountHandle });
      expect(await store.findByTokenHash(guestHandle.tokenHash)).toEqual({ session: guest, handle: guestHandle });
      expect(await store.handlesOf(guest.id)).toEqual([guestHandle]);
      expect(await store.findById(randomUUID())).toBeNull();
      expect(await store.findByTokenHash(newTokenHash())).toBeNull();
      expect(await store.handlesOf(randomUUID())).toEqual([]);
    });

    it('resolves every handle to the same session; handlesOf lists them oldest first', async () => {
      const { store } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 2);
      for (const h of [own, ...relayed]) {
        expect(await store.findByTokenHash(h.tokenHash)).toEqual({ session: s, handle: h });
      }
      expect(await store.handlesOf(s.id)).toEqual([own, ...relayed]);
      // a handle added with an earlier createdAt still sorts by createdAt
      const early = handle(s.id, { storeId: 'store-early', createdAt: at(500) });
      expect(await store.addHandle(s.id, early, at(5_000), 0)).toBe(true);
      expect((await store.handlesOf(s.id)).map((h) => h.storeId)).toEqual([undefined, 'store-early', 'store-1', 'store-2']);
    });

    it('touches through any current handle, only forward and only before expiry', async () => {
      const { store } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 1, { offerCodes: ['SPRING'] });
      const seen = at(60_000);
      const later = at(2 * HOUR);
      expect(await store.touch(s.id, newTokenHash(), { lastSeenAt: seen, expiresAt: later, now: seen }, 3 * HOUR)).toBe(false);
      expect(await store.touch(s.id, relayed[0].tokenHash, { lastSeenAt: seen, expiresAt: later, now: seen }, 3 * HOUR)).toBe(true);
      expect(await store.findById(s.id)).toEqual({ ...s, lastSeenAt: seen, expiresAt: later });
      expect((await store.findByTokenHash(own.tokenHash))?.session.expiresAt).toEqual(later);
      // an older, concurrent renewal must not pull the expiry back
      expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: NOW, expiresAt: s.expiresAt, now: NOW }, 3 * HOUR)).toBe(true);
      expect(await store.findById(s.id)).toMatchObject({ lastSeenAt: seen, expiresAt: later });
      // an expired session cannot be revived by a touch
      expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: later, expiresAt: at(3 * HOUR), now: later }, 4 * HOUR)).toBe(false);
      expect((await store.findById(s.id))?.expiresAt).toEqual(later);
      // a handle of another session does not touch this one
      const other = await sessionWithHandles(store);
      expect(await store.touch(s.id, other.own.tokenHash, { lastSeenAt: seen, expiresAt: at(90 * 60_000), now: seen }, 3 * HOUR)).toBe(false);
    });

    it('touch extends the retention of the session and of every handle', async () => {
      const { store, elapse } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 2, {}, SHORT_RETAIN_MS);
      expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: at(1), expiresAt: at(2 * HOUR), now: at(1) }, 3 * HOUR)).toBe(true);
      await elapse(SHORT_RETAIN_MS + 300);
      expect(await store.findById(s.id)).not.toBeNull();
      for (const h of [own, ...relayed]) expect((await store.findByTokenHash(h.tokenHash))?.handle).toEqual(h);
      expect(await store.handlesOf(s.id)).toHaveLength(3);
    });

    it('touch through a revoked handle fails; the other handles still touch', async () => {
      const { store } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 1);
      expect(await store.revokeHandle(relayed[0].tokenHash)).toBe(true);
      const update = { lastSeenAt: at(60_000), expiresAt: at(2 * HOUR), now: at(60_000) };
      expect(await store.touch(s.id, relayed[0].tokenHash, update, 3 * HOUR)).toBe(false);
      expect((await store.findById(s.id))?.expiresAt).toEqual(s.expiresAt);
      expect(await store.touch(s.id, own.tokenHash, update, 3 * HOUR)).toBe(true);
    });

    it('rotate replaces the fields and every handle: only the new token resolves', async () => {
      const { store } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 2);
      const next: StoredSession = { ...s, kind: 'ACCOUNT', accountId: randomUUID(), lastSeenAt: at(10_000), expiresAt: at(3 * HOUR), offerCodes: ['LOYAL'], generation: 1 };
      const fresh = handle(s.id, { createdAt: at(10_000) });
      // login through a relayed handle (the shopper logs in on store 2)
      expect(await store.rotate(relayed[1].tokenHash, next, fresh, 4 * HOUR)).toBe(true);
      for (const h of [own, ...relayed]) expect(await store.findByTokenHash(h.tokenHash)).toBeNull();
      expect(await store.findByTokenHash(fresh.tokenHash)).toEqual({ session: next, handle: fresh });
      expect(await store.findById(s.id)).toEqual(next);
      expect(await store.handlesOf(s.id)).toEqual([fresh]);
      // a late touch still carrying an old token cannot write over the rotated session
      expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: at(1), expiresAt: at(5 * HOUR), now: at(1) }, 6 * HOUR)).toBe(false);
      expect(await store.findByTokenHash(own.tokenHash)).toBeNull();
      expect((await store.findById(s.id))?.expiresAt).toEqual(next.expiresAt);
    });

    it('rotate with a stale or foreign token hash changes nothing', async () => {
      const { store } = setup();
      const { s, own } = await sessionWithHandles(store, 1);
      const other = await sessionWithHandles(store);
      const next: StoredSession = { ...s, kind: 'ACCOUNT', accountId: randomUUID(), generation: 1 };
      expect(await store.rotate(newTokenHash(), next, handle(s.id), HOUR)).toBe(false);
      expect(await store.rotate(other.own.tokenHash, next, handle(s.id), HOUR)).toBe(false);
      expect(await store.findById(s.id)).toEqual(s);
      expect((await store.findByTokenHash(other.own.tokenHash))?.session).toEqual(other.s);
      const fresh = handle(s.id);
      expect(await store.rotate(own.tokenHash, next, fresh, HOUR)).toBe(true);
      // the token that was rotated away cannot rotate again
      const fresher = handle(s.id);
      expect(await store.rotate(own.tokenHash, { ...next, accountId: randomUUID() }, fresher, HOUR)).toBe(false);
      expect(await store.findByTokenHash(fresher.tokenHash)).toBeNull();
      expect(await store.findById(s.id)).toEqual(next);
      // rotate on a session that is gone
      expect(await store.revoke(s.id)).toBe(true);
      expect(await store.rotate(fresh.tokenHash, next, handle(s.id), HOUR)).toBe(false);
      expect(await store.findById(s.id)).toBeNull();
    });

    it('addHandle is refused on an expired, a revoked or an unknown session', async () => {
      const { store } = setup();
      const { s } = await sessionWithHandles(store);
      const late = handle(s.id);
      expect(await store.addHandle(s.id, late, s.expiresAt, 0)).toBe(false);
      expect(await store.addHandle(s.id, late, at(2 * HOUR), 0)).toBe(false);
      expect(await store.findByTokenHash(late.tokenHash)).toBeNull();
      const ghost = randomUUID();
      const stray = handle(ghost);
      expect(await store.addHandle(ghost, stray, NOW, 0)).toBe(false);
      expect(await store.findByTokenHash(stray.tokenHash)).toBeNull();
      expect(await store.revoke(s.id)).toBe(true);
      expect(await store.addHandle(s.id, handle(s.id), NOW, 0)).toBe(false);
      expect(await store.handlesOf(s.id)).toEqual([]);
    });

    it('addHandle is refused once a login rotated the session after the generation the caller read', async () => {
      const { store } = setup();
      const { s, own } = await sessionWithHandles(store);
      const read = await store.findById(s.id);
      expect(read?.generation).toBe(0);
      // a login lands between the relay's read and its addHandle
      const fresh = handle(s.id, { createdAt: at(1_000) });
      expect(await store.rotate(own.tokenHash, { ...s, kind: 'ACCOUNT', accountId: randomUUID() }, fresh, 2 * HOUR)).toBe(true);
      const stale = handle(s.id, { storeId: 'store-1', createdAt: at(2_000) });
      expect(await store.addHandle(s.id, stale, at(2_000), read!.generation)).toBe(false);
      expect(await store.findByTokenHash(stale.tokenHash)).toBeNull();
      expect(await store.handlesOf(s.id)).toEqual([fresh]);
      // the generation after the login is accepted; a relay does not move it
      const after = await store.findById(s.id);
      expect(after?.generation).toBe(1);
      const current = handle(s.id, { storeId: 'store-1', createdAt: at(3_000) });
      expect(await store.addHandle(s.id, current, at(3_000), after!.generation)).toBe(true);
      expect((await store.findById(s.id))?.generation).toBe(1);
      expect(await store.handlesOf(s.id)).toEqual([fresh, current]);
      // every login moves it on, whatever the rotated-in fields say
      const again = handle(s.id, { createdAt: at(4_000) });
      expect(await store.rotate(fresh.tokenHash, s, again, 2 * HOUR)).toBe(true);
      expect((await store.findById(s.id))?.generation).toBe(2);
      expect(await store.addHandle(s.id, handle(s.id, { storeId: 'store-2' }), at(5_000), 1)).toBe(false);
      expect(await store.handlesOf(s.id)).toEqual([again]);
    });

    it('revokeHandle ends one handle; the session and its other handles live on', async () => {
      const { store } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 2);
      expect(await store.revokeHandle(relayed[0].tokenHash)).toBe(true);
      expect(await store.findByTokenHash(relayed[0].tokenHash)).toBeNull();
      expect((await store.findByTokenHash(own.tokenHash))?.session).toEqual(s);
      expect((await store.findByTokenHash(relayed[1].tokenHash))?.handle).toEqual(relayed[1]);
      expect(await store.handlesOf(s.id)).toEqual([own, relayed[1]]);
      expect(await store.revokeHandle(relayed[0].tokenHash)).toBe(false);
      expect(await store.revokeHandle(newTokenHash())).toBe(false);
    });

    it('revoke deletes the session and every handle', async () => {
      const { store } = setup();
      const { s, own, relayed } = await sessionWithHandles(store, 2);
      expect(await store.revoke(s.id)).toBe(true);
      expect(await store.findById(s.id)).toBeNull();
      for (const h of [own, ...relayed]) expect(await store.findByTokenHash(h.tokenHash)).toBeNull();
      expect(await store.handlesOf(s.id)).toEqual([]);
      expect(await store.revoke(s.id)).toBe(false);
      expect(await store.revokeHandle(own.tokenHash)).toBe(false);
    });

    it("lists an account's sessions: created, rotated to it, away from it, revoked", async () => {
      const { store } = setup();
      const accountA = randomUUID();
      const accountB = randomUUID();
      const byId = (list: StoredSession[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
      expect(await store.sessionsOfAccount(accountA)).toEqual([]);

      const direct = await sessionWithHandles(store, 0, { kind: 'ACCOUNT', accountId: accountA });
      const guest = await sessionWithHandles(store, 1);
      const loggedIn: StoredSession = { ...guest.s, kind: 'ACCOUNT', accountId: accountA, generation: 1 };
      expect(await store.sessionsOfAccount(accountA)).toEqual([direct.s]);
      const fresh = handle(guest.s.id);
      expect(await store.rotate(guest.relayed[0].tokenHash, loggedIn, fresh, 2 * HOUR)).toBe(true);
      expect(byId(await store.sessionsOfAccount(accountA))).toEqual(byId([direct.s, loggedIn]));

      // the same session logs in as another account: it leaves A's list
      const asB: StoredSession = { ...loggedIn, accountId: accountB, generation: 2 };
      expect(await store.rotate(fresh.tokenHash, asB, handle(guest.s.id), 2 * HOUR)).toBe(true);
      expect(await store.sessionsOfAccount(accountA)).toEqual([direct.s]);
      expect(await store.sessionsOfAccount(accountB)).toEqual([asB]);

      expect(await store.revoke(direct.s.id)).toBe(true);
      expect(await store.sessionsOfAccount(accountA)).toEqual([]);
      expect(await store.revoke(guest.s.id)).toBe(true);
      expect(await store.sessionsOfAccount(accountB)).toEqual([]);
    });

    it('attaches and removes offer codes, up to a limit', async () => {
      const { store } = setup();
      const { s, own } = await sessionWithHandles(store);
      expect(await store.addOfferCode(s.id, 'SPRING', 2)).toBe('added');
      expect(await store.addOfferCode(s.id, 'SPRING', 2)).toBe('present');
      expect(await store.addOfferCode(s.id, 'WELCOME10', 2)).toBe('added');
      expect(await store.addOfferCode(s.id, 'EXTRA', 2)).toBe('limit');
      // a code already attached is present, not over the limit
      expect(await store.addOfferCode(s.id, 'WELCOME10', 2)).toBe('present');
      expect((await store.findById(s.id))?.offerCodes).toEqual(['SPRING', 'WELCOME10']);
      expect((await store.findByTokenHash(own.tokenHash))?.session.offerCodes).toEqual(['SPRING', 'WELCOME10']);
      // a touch keeps them
      expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: at(1_000), expiresAt: at(2 * HOUR), now: at(1_000) }, 3 * HOUR)).toBe(true);
      expect((await store.findById(s.id))?.offerCodes).toEqual(['SPRING', 'WELCOME10']);

      expect(await store.removeOfferCode(s.id, 'SPRING')).toBe(true);
      expect(await store.removeOfferCode(s.id, 'SPRING')).toBe(false);
      expect((await store.findById(s.id))?.offerCodes).toEqual(['WELCOME10']);
      expect(await store.addOfferCode(s.id, 'EXTRA', 2)).toBe('added');
      expect(await store.removeOfferCode(s.id, 'WELCOME10')).toBe(true);
      expect(await store.removeOfferCode(s.id, 'EXTRA')).toBe(true);
      expect((await store.findById(s.id))?.offerCodes).toEqual([]);
      expect(await store.addOfferCode(s.id, 'SPRING', 0)).toBe('limit');

      const ghost = randomUUID();
      expect(await store.addOfferCode(ghost, 'SPRING', 2)).toBe('missing');
      expect(await store.removeOfferCode(ghost, 'SPRING')).toBe(false);
      expect(await store.findById(ghost)).toBeNull();
    });

    it('sets and clears the price class of a session of the account, and of no other', async () => {
      const { store } = setup();
      const accountId = randomUUID();
      const { s, own } = await sessionWithHandles(store, 0, { kind: 'ACCOUNT', accountId, offerCodes: ['SPRING'] });
      expect(await store.setPriceClass(s.id, accountId, 'WHOLESALE')).toBe(true);
      expect(await store.findById(s.id)).toEqual({ ...s, priceClass: 'WHOLESALE' });
      expect((await store.findByTokenHash(own.tokenHash))?.session.priceClass).toBe('WHOLESALE');
      expect(await store.sessionsOfAccount(accountId)).toEqual([{ ...s, priceClass: 'WHOLESALE' }]);
      // a touch and an offer code keep it
      expect(await store.touch(s.id, own.tokenHash, { lastSeenAt: at(1_000), expiresAt: at(2 * HOUR), now: at(1_000) }, 3 * HOUR)).toBe(true);
      expect(await store.addOfferCode(s.id, 'EXTRA', 10)).toBe('added');
      expect((await store.findById(s.id))?.priceClass).toBe('WHOLESALE');
      // replaced, then cleared (the field is gone, not empty)
      expect(await store.setPriceClass(s.id, accountId, 'STAFF')).toBe(true);
      expect((await store.findById(s.id))?.priceClass).toBe('STAFF');
      expect(await store.setPriceClass(s.id, accountId, null)).toBe(true);
      const cleared = await store.findById(s.id);
      expect(cleared).not.toHaveProperty('priceClass');
      expect(cleared).toMatchObject({ id: s.id, accountId, offerCodes: ['SPRING', 'EXTRA'] });

      // another account's session, a guest session and a missing one are left alone
      expect(await store.setPriceClass(s.id, randomUUID(), 'WHOLESALE')).toBe(false);
      const guest = await sessionWithHandles(store);
      expect(await store.setPriceClass(guest.s.id, accountId, 'WHOLESALE')).toBe(false);
      expect(await store.findById(guest.s.id)).toEqual(guest.s);
      const ghost = randomUUID();
      expect(await store.setPriceClass(ghost, accountId, 'WHOLESALE')).toBe(false);
      expect(await store.findById(ghost)).toBeNull();
      expect((await store.findById(s.id))?.priceClass).toBeUndefined();
    });

    it('rotate writes the price class of the next session (and drops one it lacks)', async () => {
      const { store } = setup();
      const { s, own } = await sessionWithHandles(store);
      const accountId = randomUUID();
      const next: StoredSession = { ...s, kind: 'ACCOUNT', accountId, priceClass: 'WHOLESALE', generation: 1 };
      const fresh = handle(s.id);
      expect(await store.rotate(own.tokenHash, next, fresh, 2 * HOUR)).toBe(true);
      expect(await store.findById(s.id)).toEqual(next);
      const { priceClass: _dropped, ...without } = next;
      expect(await store.rotate(fresh.tokenHash, without, handle(s.id), 2 * HOUR)).toBe(true);
      expect(await store.findById(s.id)).toEqual({ ...without, generation: 2 });
    });

    it('keeps records as tombstones past expiresAt, until the retention runs out', async () => {
      const { clock, store, elapse } = setup();
      const accountId = randomUUID();
      const old = await sessionWithHandles(store, 1, { kind: 'ACCOUNT', accountId }, 4 * HOUR);
      // past expiresAt by the caller's clock (retention is clock time in memory; in Redis
      // these two hours do not pass, which is within the retention all the same)
      clock.advance(2 * HOUR);
      const now = clock.now();
      expect((await store.findByTokenHash(old.own.tokenHash))?.session).toEqual(old.s);
      expect((await store.findByTokenHash(old.relayed[0].tokenHash))?.handle).toEqual(old.relayed[0]);
      expect(await store.findById(old.s.id)).toEqual(old.s);
      expect(await store.handlesOf(old.s.id)).toEqual([old.own, old.relayed[0]]);
      expect(await store.sessionsOfAccount(accountId)).toEqual([old.s]);
      // an expired session is neither renewed nor relayed
      expect(await store.touch(old.s.id, old.own.tokenHash, { lastSeenAt: now, expiresAt: at(5 * HOUR), now }, 6 * HOUR)).toBe(false);
      expect(await store.addHandle(old.s.id, handle(old.s.id), now, 0)).toBe(false);

      const brief = await sessionWithHandles(store, 0, { kind: 'ACCOUNT', accountId, expiresAt: at(3 * HOUR) }, SHORT_RETAIN_MS);
      const relay = handle(brief.s.id, { storeId: 'store-1', createdAt: now });
      // a relayed handle lives as long as its session, not longer
      expect(await store.addHandle(brief.s.id, relay, now, 0)).toBe(true);
      expect(await store.findById(brief.s.id)).toEqual(brief.s);
      await elapse(SHORT_RETAIN_MS + 300);
      expect(await store.findById(brief.s.id)).toBeNull();
      expect(await store.findByTokenHash(brief.own.tokenHash)).toBeNull();
      expect(await store.findByTokenHash(relay.tokenHash)).toBeNull();
      expect(await store.handlesOf(brief.s.id)).toEqual([]);
      expect(await store.sessionsOfAccount(accountId)).toEqual([old.s]);
      // the long-retained tombstone is still there
      expect((await store.findByTokenHash(old.own.tokenHash))?.session).toEqual(old.s);
    });
  });
}
