import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPool, migrate } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { createTicketCheckoutClient } from './client.js';
import { migrateTicket } from './server.js';
import {
  HOLD_MUTATION,
  RecordingEventBus,
  RELEASE_MUTATION,
  RESTORE_MUTATION,
  SAVE_CART_MUTATION,
  SAVED_CARTS_QUERY,
  DELETE_SAVED_CART_MUTATION,
  startTicketForTest,
  type TicketUnderTest,
} from './testing.js';

// Baskets over time on real PostgreSQL, with a clock moved by hand. The sweepers' and
// janitors' timers are off: each test sweeps and runs the janitor itself.
const clock = new ManualClock(new Date());
const directory = new StaticStoreDirectory([
  { id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' },
  { id: 'store-b', name: 'B', url: 'http://127.0.0.1:1/graphql', secret: 'sb', apiKey: 'kb' },
  { id: 'store-p', name: 'P', url: 'http://127.0.0.1:1/graphql', secret: 'sp', apiKey: 'kp' },
]);
const inventory = new InMemoryInventoryClient({ clock });
const events = new RecordingEventBus();
// long holds, so a basket can sit idle past the abandonment threshold with its holds alive
const TTL_MS = 2 * 60 * 60_000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let t: TicketUnderTest;
beforeAll(async () => {
  t = await startTicketForTest('baskets', {
    directory,
    inventory,
    events,
    clock,
    ticketTtlMs: TTL_MS,
    basketJanitor: { autoStart: false, abandonedAfterMs: 60 * MINUTE, maxAgeMs: 30 * DAY },
  });
  await t.addReplica();
  for (const server of t.servers) await server.sweeper.stop();
});
afterAll(async () => {
  await t?.stop();
});

const items = (storeId: string, ...skus: string[]) => inventory.addFreshItems(storeId, skus, { price: (i) => 100 * (i + 1), stockOnHand: 50 });

const hold = (identity: Identity, storeId: string, sku: string, quantity = 1) =>
  t.graphql(HOLD_MUTATION, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } }, { identity }).then((r) => r.body.data.hold);
const release = (identity: Identity, ticketId: string) => t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId }, { identity }).then((r) => r.body.data.releaseTicket);
const sweep = () => t.servers[0].sweeper.runOnce();
const janitor = (replica = 0) => t.servers[replica].basketJanitor.runOnce();
const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });
const cartIdOf = (identity: Identity) => (identity.accountId ? `account:${identity.accountId}` : identity.sessionId!);

const ABANDONED_QUERY = `query Abandoned($first: Int, $after: String, $since: DateTime) {
  abandonedCarts(first: $first, after: $after, since: $since) {
    edges { cursor node { id cartRef abandonedAt lines { storeId sku quantity unitPrice { amount currency } item { storeId sku } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const abandoned = (storeId: string, variables: Record<string, unknown> = {}) => t.graphql(ABANDONED_QUERY, { first: 100, ...variables }, { identity: store(storeId) });
/** The store's reports that name any of `skus`. */
async function reportsOf(storeId: string, skus: string[]) {
  const { body } = await abandoned(storeId);
  expect(body.errors).toBeUndefined();
  return body.data.abandonedCarts.edges.map((e: any) => e.node).filter((n: any) => n.lines.some((l: any) => skus.includes(l.sku)));
}
async function basketsOf(identity: Identity) {
  const { rows } = await t.pool.query('SELECT seq, state, opened_at, emptied_at, abandoned_at, reported_at FROM baskets WHERE cart_id = $1 ORDER BY seq', [cartIdOf(identity)]);
  return rows;
}
const reportCount = async (identity: Identity) =>
  (await t.pool.query<{ n: number }>('SELECT count(*) AS n FROM abandoned_cart_reports WHERE cart_id = $1', [cartIdOf(identity)])).rows[0].n;

/** Moves past the holds' lifetime and sweeps: every hold still HELD expires. */
async function expireHolds() {
  clock.advance(TTL_MS + 1_000);
  await sweep();
}

describe('basket activity', () => {
  it('a cart change stamps the activity time in the version bump; the first hold opens a basket, the last end closes it', async () => {
    const me = t.shopper();
    const [a] = items('store-a', 'ACT');
    const openedAt = clock.now();
    const ticket = await hold(me, 'store-a', a);
    clock.advance(5 * MINUTE);
    await t.graphql(`mutation($id: ID!, $key: String!) { changeTicketQuantity(ticketId: $id, quantity: 3, idempotencyKey: $key) { __typename } }`, { id: ticket.id, key: randomUUID() }, { identity: me });
    const { rows } = await t.pool.query('SELECT version, last_activity_at, open_basket FROM cart_versions WHERE cart_id = $1', [me.sessionId]);
    expect(rows[0]).toEqual({ version: 2, last_activity_at: clock.now(), open_basket: 1 });
    expect(await basketsOf(me)).toMatchObject([{ seq: 1, state: 'OPEN', opened_at: openedAt, emptied_at: null }]);

    clock.advance(MINUTE);
    await release(me, ticket.id);
    expect(await basketsOf(me)).toMatchObject([{ seq: 1, state: 'EMPTIED', emptied_at: clock.now(), abandoned_at: null }]);
    // a new hold opens the cart's next basket
    await hold(me, 'store-a', a);
    expect((await basketsOf(me)).map((b) => [b.seq, b.state])).toEqual([[1, 'EMPTIED'], [2, 'OPEN']]);
  });
});

describe('abandoned carts', () => {
  it('holds that all expire make one report per store, exactly once, with the store\'s lines and an anonymous reference', async () => {
    const me = t.shopper();
    const [a, b] = items('store-a', 'ABN-A', 'ABN-B');
    const [c] = items('store-b', 'ABN-C');
    await hold(me, 'store-a', a, 2);
    await hold(me, 'store-a', b, 1);
    await hold(me, 'store-b', c, 3);
    await hold(me, 'store-a', a, 1);
    await expireHolds();
    const [basket] = await basketsOf(me);
    expect(basket).toMatchObject({ state: 'ABANDONED', abandoned_at: clock.now(), reported_at: null });

    expect((await janitor()).reported).toBeGreaterThanOrEqual(1);
    await janitor();
    await janitor(1);
    expect(await reportCount(me)).toBe(2);

    const [atA] = await reportsOf('store-a', [a, b]);
    expect(atA).toEqual({
      id: expect.any(String),
      cartRef: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      abandonedAt: clock.now().toISOString(),
      lines: [
        { storeId: 'store-a', sku: a, quantity: 3, unitPrice: { amount: 100, currency: 'USD' }, item: { storeId: 'store-a', sku: a } },
        { storeId: 'store-a', sku: b, quantity: 1, unitPrice: { amount: 200, currency: 'USD' }, item: { storeId: 'store-a', sku: b } },
      ],
    });
    expect(atA.cartRef).not.toContain(me.sessionId);
    const [atB] = await reportsOf('store-b', [c]);
    expect(atB.lines).toEqual([{ storeId: 'store-b', sku: c, quantity: 3, unitPrice: { amount: 100, currency: 'USD' }, item: { storeId: 'store-b', sku: c } }]);
    // two stores cannot match their references of one cart
    expect(atB.cartRef).not.toBe(atA.cartRef);
    // a store sees its own lines only
    expect(await reportsOf('store-b', [a, b])).toEqual([]);
    expect(await reportsOf('store-a', [c])).toEqual([]);

    // the same cart abandoned again: a new report, the same reference for the store
    await hold(me, 'store-a', b, 2);
    await expireHolds();
    await janitor();
    const again = await reportsOf('store-a', [a, b]);
    expect(again.map((r: any) => [r.cartRef, r.lines.map((l: any) => [l.sku, l.quantity])])).toEqual([
      [atA.cartRef, [[b, 2]]],
      [atA.cartRef, [[a, 3], [b, 1]]],
    ]);
    expect((await basketsOf(me)).map((x) => x.state)).toEqual(['ABANDONED', 'ABANDONED']);
  });

  it('a purchased cart, a cart the shopper emptied and one whose last hold was released are not abandoned', async () => {
    const [x, y, p1, p2] = items('store-a', 'BUY', 'REL', 'P1', 'P2');
    const buyer = t.account();
    await hold(buyer, 'store-a', x, 2);
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const orderId = randomUUID();
    expect(await client.begin({ sessionId: buyer.sessionId!, accountId: buyer.accountId, orderId })).toMatchObject({ ok: true });
    await client.complete(orderId);

    const releaser = t.shopper();
    await release(releaser, (await hold(releaser, 'store-a', y)).id);

    // one hold expired, the last one was released: the shopper emptied the basket
    const mixed = t.shopper();
    await hold(mixed, 'store-a', p1);
    clock.advance(TTL_MS / 2);
    const second = await hold(mixed, 'store-a', p2);
    clock.advance(TTL_MS / 2 + 1_000);
    await sweep();
    await release(mixed, second.id);

    await expireHolds();
    await janitor();
    expect((await basketsOf(buyer)).map((b) => b.state)).toEqual(['CHECKED_OUT']);
    expect((await basketsOf(releaser)).map((b) => b.state)).toEqual(['EMPTIED']);
    expect((await basketsOf(mixed)).map((b) => b.state)).toEqual(['EMPTIED']);
    for (const who of [buyer, releaser, mixed]) expect(await reportCount(who)).toBe(0);
    expect(await reportsOf('store-a', [x, y, p1, p2])).toEqual([]);
  });

  it('two janitors running at once write one report per basket and store', async () => {
    const shoppers = Array.from({ length: 8 }, () => t.shopper());
    const [a] = items('store-a', 'PAR-A');
    const [b] = items('store-b', 'PAR-B');
    for (const me of shoppers) {
      await hold(me, 'store-a', a);
      await hold(me, 'store-b', b);
    }
    await expireHolds();
    const runs = await Promise.all([janitor(0), janitor(1), janitor(0), janitor(1)]);
    expect(runs.reduce((n, r) => n + r.reported, 0)).toBe(shoppers.length);
    for (const me of shoppers) expect(await reportCount(me)).toBe(2);
    expect(await reportsOf('store-a', [a])).toHaveLength(shoppers.length);
    expect(await reportsOf('store-b', [b])).toHaveLength(shoppers.length);
  });

  it('a basket idle past the threshold with holds never purchased is abandoned once; one in checkout is not', async () => {
    const idle = t.shopper();
    const [q, r] = items('store-a', 'IDLE', 'CHK');
    await hold(idle, 'store-a', q, 4);
    const checkingOut = t.shopper();
    await hold(checkingOut, 'store-a', r);
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const orderId = randomUUID();
    expect(await client.begin({ sessionId: checkingOut.sessionId!, orderId })).toMatchObject({ ok: true });

    clock.advance(59 * MINUTE);
    await janitor();
    expect((await basketsOf(idle)).map((b) => b.state)).toEqual(['OPEN']);
    clock.advance(2 * MINUTE);
    await janitor();
    expect(await basketsOf(idle)).toMatchObject([{ state: 'ABANDONED', abandoned_at: clock.now(), emptied_at: null }]);
    expect((await basketsOf(checkingOut)).map((b) => b.state)).toEqual(['OPEN']);
    const [report] = await reportsOf('store-a', [q]);
    expect(report.lines).toMatchObject([{ sku: q, quantity: 4 }]);

    // its holds expire later: still the one report
    await client.complete(orderId);
    await expireHolds();
    await janitor();
    expect(await basketsOf(idle)).toMatchObject([{ state: 'ABANDONED', emptied_at: clock.now() }]);
    expect(await reportCount(idle)).toBe(1);
    expect((await basketsOf(checkingOut)).map((b) => b.state)).toEqual(['CHECKED_OUT']);
    expect(await reportCount(checkingOut)).toBe(0);
  });

  it('abandonedCarts pages newest first, filters by since, and needs store credentials', async () => {
    const [s] = items('store-p', 'PAGE');
    const times: string[] = [];
    for (let i = 0; i < 3; i++) {
      await hold(t.shopper(), 'store-p', s, i + 1);
      await expireHolds();
      times.push(clock.now().toISOString());
      clock.advance(MINUTE);
    }
    await janitor();
    const first = (await abandoned('store-p', { first: 2 })).body.data.abandonedCarts;
    expect(first.edges.map((e: any) => [e.node.abandonedAt, e.node.lines[0].quantity])).toEqual([[times[2], 3], [times[1], 2]]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1].cursor });
    const rest = (await abandoned('store-p', { first: 2, after: first.pageInfo.endCursor })).body.data.abandonedCarts;
    expect(rest.edges.map((e: any) => e.node.abandonedAt)).toEqual([times[0]]);
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges[0].cursor });
    const since = (await abandoned('store-p', { since: times[1] })).body.data.abandonedCarts;
    expect(since.edges.map((e: any) => e.node.abandonedAt)).toEqual([times[2], times[1]]);

    // another store's list does not have them; bad arguments and non-stores are refused
    expect((await abandoned('store-b')).body.data.abandonedCarts.edges.flatMap((e: any) => e.node.lines).some((l: any) => l.sku === s)).toBe(false);
    expect((await abandoned('store-p', { first: 0 })).body.errors[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
    expect((await abandoned('store-p', { after: 'nope' })).body.errors[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
    for (const identity of [t.shopper(), t.account()]) {
      const { body } = await t.graphql(ABANDONED_QUERY, {}, { identity });
      expect(body.errors[0].extensions.code).toBe('NOT_AUTHENTICATED');
    }
  });
});

describe('baskets left open past the max age', () => {
  const save = (identity: Identity, name: string) => t.graphql(SAVE_CART_MUTATION, { idempotencyKey: randomUUID(), name, releaseHolds: true }, { identity }).then((r) => r.body.data.saveCart);
  const savedCarts = (identity: Identity) => t.graphql(SAVED_CARTS_QUERY, {}, { identity }).then((r) => r.body.data.savedCarts);
  const restore = (identity: Identity, id: string) =>
    t.graphql(RESTORE_MUTATION, { id, key: randomUUID() }, { identity }).then((r) => r.body.data.restoreSavedCart);

  it('a saved cart neither saved nor restored for the max age expires: no longer listed or restorable', async () => {
    const me = t.account();
    const [a, b] = items('store-a', 'SAVE-A', 'SAVE-B');
    await hold(me, 'store-a', a, 2);
    const old = await save(me, 'old');
    await hold(me, 'store-a', b);
    const used = await save(me, 'used');
    expect(old.__typename).toBe('SavedCart');

    clock.advance(20 * DAY);
    expect(await restore(me, used.id)).toMatchObject({ __typename: 'CartRestored', complete: true });
    clock.advance(10 * DAY + MINUTE);
    const run = await janitor();
    expect(run.expiredSavedCarts).toBeGreaterThanOrEqual(1);

    expect((await savedCarts(me)).map((c: { id: string }) => c.id)).toEqual([used.id]);
    expect(await restore(me, old.id)).toMatchObject({ __typename: 'SavedCartNotFoundError', code: 'SAVED_CART_NOT_FOUND', savedCartId: old.id });
    const removed = await t.graphql(DELETE_SAVED_CART_MUTATION, { id: old.id }, { identity: me });
    expect(removed.body.data.deleteSavedCart).toMatchObject({ __typename: 'SavedCartNotFoundError' });
    const { rows } = await t.pool.query('SELECT name, lines, expired_at FROM expired_saved_carts WHERE id = $1', [old.id]);
    expect(rows).toEqual([{ name: 'old', lines: [{ storeId: 'store-a', sku: a, quantity: 2 }], expired_at: clock.now() }]);

    // the restored one lasts the max age from its restore
    clock.advance(20 * DAY);
    await janitor();
    expect(await savedCarts(me)).toEqual([]);
  });

  it('a live cart idle past the max age is closed: its holds released at the store, its basket EXPIRED', async () => {
    const me = t.shopper();
    const [a] = items('store-a', 'OLD');
    // the sweepers are off, so nothing expires the hold on the way
    const ticket = await hold(me, 'store-a', a, 2);
    clock.advance(30 * DAY + MINUTE);
    const releasesBefore = inventory.calls.filter((c) => c.method === 'release').length;
    const run = await janitor();
    expect(run.expiredCarts).toBeGreaterThanOrEqual(1);
    expect(run.releasedTickets).toBeGreaterThanOrEqual(1);

    const { rows } = await t.pool.query('SELECT status, release_owed FROM tickets WHERE id = $1', [ticket.id]);
    expect(rows).toEqual([{ status: 'RELEASED', release_owed: false }]);
    expect(inventory.calls.filter((c) => c.method === 'release').length).toBeGreaterThan(releasesBefore);
    expect(events.cartEvents('RELEASED', ticket.id)).toHaveLength(1);
    // abandoned (idle) first, then expired; the cart is empty at a new version
    expect(await basketsOf(me)).toMatchObject([{ state: 'EXPIRED', emptied_at: clock.now() }]);
    expect(await reportCount(me)).toBe(1);
    const cart = await t.graphql('{ cart { version itemCount } }', {}, { identity: me });
    expect(cart.body.data.cart).toEqual({ version: 2, itemCount: 0 });
    expect((await janitor()).expiredCarts).toBe(0);
  });
});

describe('the migration to baskets', () => {
  it('opens a basket for each cart with content now; the next change of a cart is booked as any other', async () => {
    const database = await createTestDatabase('ticket_basket_migration');
    const pool = createPool(database.url, 2);
    const dir = await mkdtemp(path.join(tmpdir(), 'ticket-migrations-'));
    try {
      const migrations = fileURLToPath(new URL('./migrations', import.meta.url));
      for (const file of ['001_init.sql', '002_expiring_notice.sql', '003_account_carts_saved_carts.sql']) await cp(path.join(migrations, file), path.join(dir, file));
      await migrate(pool, dir);
      const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));
      const row = (cart: string, status: string, created: Date, updated: Date) =>
        pool.query(
          `INSERT INTO tickets (id, cart_id, store_id, sku, quantity, status, expires_at, created_at, updated_at)
           VALUES ($1, $2, 'store-a', 'A', 1, $3, $4, $5, $6)`,
          [randomUUID(), cart, status, new Date(created.getTime() + 15 * MINUTE), created, updated],
        );
      await row('live', 'EXPIRED', at(0), at(15));
      await row('live', 'HELD', at(10), at(10));
      await row('live', 'HELD', at(20), at(21));
      await row('done', 'PURCHASED', at(0), at(5));
      await pool.query(`INSERT INTO cart_versions (cart_id, version) VALUES ('live', 4), ('done', 2), ('never', 0)`);

      expect(await migrateTicket(pool)).toContain('004_basket_lifecycle.sql');
      const carts = (await pool.query('SELECT cart_id, last_activity_at, basket_count, open_basket, emptied_at FROM cart_versions ORDER BY cart_id')).rows;
      expect(carts).toEqual([
        { cart_id: 'done', last_activity_at: at(5), basket_count: 0, open_basket: null, emptied_at: at(5) },
        { cart_id: 'live', last_activity_at: at(21), basket_count: 1, open_basket: 1, emptied_at: null },
        { cart_id: 'never', last_activity_at: null, basket_count: 0, open_basket: null, emptied_at: null },
      ]);
      expect((await pool.query('SELECT cart_id, seq, state, opened_at FROM baskets')).rows).toEqual([{ cart_id: 'live', seq: 1, state: 'OPEN', opened_at: at(10) }]);

      // the sweeper expires the last holds: the basket closes ABANDONED (the earlier expiry is its own)
      await pool.query(`UPDATE tickets SET status = 'EXPIRED', updated_at = $1 WHERE cart_id = 'live' AND status = 'HELD'`, [at(40)]);
      await pool.query(`UPDATE cart_versions SET version = version + 1 WHERE cart_id = 'live'`);
      expect((await pool.query('SELECT state, emptied_at, abandoned_at FROM baskets')).rows).toEqual([{ state: 'ABANDONED', emptied_at: at(40), abandoned_at: at(40) }]);
    } finally {
      await pool.end();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
