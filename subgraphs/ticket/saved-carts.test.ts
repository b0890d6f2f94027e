import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, migrate } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { restoreRequestHash } from './domain/rules.js';
import { migrateTicket } from './server.js';
import { createTicketCheckoutClient } from './client.js';
import {
  CART_QUERY,
  DELETE_SAVED_CART_MUTATION,
  HOLD_MUTATION,
  InMemorySessionOfferCodes,
  RecordingEventBus,
  RESTORE_MUTATION,
  SAVE_CART_MUTATION,
  SAVED_CARTS_QUERY,
  startTicketForTest,
  type TicketUnderTest,
} from './testing.js';

// Saved carts and their restore, on real PostgreSQL; stores are in-memory fakes that
// apply the inventory's own rules; the session service's offer codes are a test double.
const directory = new StaticStoreDirectory([
  { id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' },
  { id: 'store-b', name: 'B', url: 'http://127.0.0.1:1/graphql', secret: 'sb', apiKey: 'kb' },
]);
const inventory = new InMemoryInventoryClient();
const events = new RecordingEventBus();
const offerCodes = new InMemorySessionOfferCodes();
const STOCK = 50;

let t: TicketUnderTest;
/** A replica whose repeats do not wait for a running first request (REQUEST_IN_PROGRESS at once). */
let impatient: number;
beforeAll(async () => {
  t = await startTicketForTest('saved_carts', { directory, inventory, events, sessionOfferCodes: offerCodes });
  impatient = t.servers.indexOf(await t.addReplica({ idempotencyWaitMs: 0 }));
});
afterAll(async () => {
  await t?.stop();
});

const items = (...skus: string[]) => inventory.addFreshItems('store-a', skus, { price: 100, stockOnHand: STOCK });

const hold = (identity: Identity, sku: string, quantity: number, storeId = 'store-a') =>
  t.graphql(HOLD_MUTATION, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } }, { identity }).then((r) => r.body.data.hold);
const cart = (identity: Identity) => t.graphql(CART_QUERY, {}, { identity }).then((r) => r.body.data.cart);
const save = (identity: Identity, name: string, releaseHolds?: boolean) =>
  t.graphql(SAVE_CART_MUTATION, { idempotencyKey: randomUUID(), name, releaseHolds }, { identity }).then((r) => r.body.data?.saveCart ?? r.body);
const savedCarts = (identity: Identity) => t.graphql(SAVED_CARTS_QUERY, {}, { identity }).then((r) => r.body.data?.savedCarts ?? r.body);
const restore = (identity: Identity, id: string, key: string = randomUUID(), replica = 0) =>
  t.graphql(RESTORE_MUTATION, { id, key }, { identity, replica }).then((r) => r.body.data?.restoreSavedCart ?? r.body);
const remove = (identity: Identity, id: string) => t.graphql(DELETE_SAVED_CART_MUTATION, { id }, { identity }).then((r) => r.body.data?.deleteSavedCart ?? r.body);
const available = async (sku: string) => (await inventory.inspectItem('store-a', sku))!.available;
const reservesOf = (sku: string) => inventory.calls.filter((c) => c.method === 'reserve' && (c.input as { sku: string }).sku === sku).length;

/** An account's cart with `lines` held, saved (holds released), its live cart empty again. */
async function savedWith(me: Identity, lines: [string, number][], name = 'later') {
  for (const [sku, quantity] of lines) await hold(me, sku, quantity);
  const saved = await save(me, name, true);
  expect(saved.__typename).toBe('SavedCart');
  return saved;
}

describe('saving a cart', () => {
  it('snapshots the live cart (one line per item) and the session\'s offer codes; the holds stay', async () => {
    const me = t.account(undefined, undefined, ['SPRING10']);
    const [a, b] = items('A', 'B');
    await hold(me, a, 2);
    await hold(me, b, 1);
    await hold(me, a, 1);
    const saved = await save(me, '  Birthday presents  ');
    expect(saved).toMatchObject({
      __typename: 'SavedCart',
      name: 'Birthday presents',
      offerCodes: ['SPRING10'],
      lines: [
        { storeId: 'store-a', sku: a, quantity: 3, item: { storeId: 'store-a', sku: a } },
        { storeId: 'store-a', sku: b, quantity: 1, item: { storeId: 'store-a', sku: b } },
      ],
    });
    expect(Date.parse(saved.savedAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(await cart(me)).toMatchObject({ itemCount: 4 });
    expect(await available(a)).toBe(STOCK - 3);
  });

  it('releaseHolds: the live HELD tickets are released as releaseTicket releases them; tickets in checkout are saved and kept', async () => {
    const me = t.account();
    const [a, b] = items('A', 'B');
    const ta = await hold(me, a, 2);
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const orderId = `o-${randomUUID()}`;
    expect(await client.begin({ sessionId: me.sessionId!, accountId: me.accountId, orderId })).toMatchObject({ ok: true });
    const tb = await hold(me, b, 1);
    const saved = await save(me, 'both', true);
    expect(saved.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([[a, 2], [b, 1]]);
    expect(await available(b)).toBe(STOCK);
    expect(inventory.inspectReservation('store-a', tb.id)?.status).toBe('RELEASED');
    expect(events.cartEvents('RELEASED', tb.id)).toHaveLength(1);
    expect(await cart(me)).toMatchObject({ tickets: [{ id: ta.id, status: 'CHECKING_OUT' }] });
    await client.abort(orderId);
  });

  it('refuses an empty cart, a bad name, and guests', async () => {
    const me = t.account();
    expect(await save(me, 'nothing')).toMatchObject({ __typename: 'EmptyCartError', code: 'EMPTY_CART' });
    const [a] = items('A');
    await hold(me, a, 1);
    for (const name of ['', '   ', 'x'.repeat(101)]) expect(await save(me, name)).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'name' });
    expect((await save(me, 'x'.repeat(100))).__typename).toBe('SavedCart');

    const guest = t.shopper();
    await hold(guest, a, 1);
    for (const response of [await save(guest, 'mine'), await savedCarts(guest), await remove(guest, randomUUID()), await restore(guest, randomUUID())]) {
      expect(response.errors[0]).toMatchObject({ message: expect.stringContaining('log in to save carts'), extensions: { code: 'NOT_AUTHENTICATED' } });
    }
  });

  it('lists newest first, keeps at most 20 per account, deletes (returning the deleted cart)', async () => {
    const me = t.account();
    const [a] = items('A');
    await hold(me, a, 1);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await save(me, `cart ${i}`)).id);
    expect(await save(me, 'one too many')).toMatchObject({ __typename: 'SavedCartLimitError', code: 'SAVED_CART_LIMIT', limit: 20 });
    const list = await savedCarts(me);
    expect(list.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    // another session of the account sees them; another account does not
    expect(await savedCarts(t.account(me.accountId))).toHaveLength(20);
    const stranger = t.account();
    expect(await savedCarts(stranger)).toEqual([]);
    expect(await remove(stranger, ids[0])).toMatchObject({ __typename: 'SavedCartNotFoundError', code: 'SAVED_CART_NOT_FOUND', savedCartId: ids[0] });

    const deleted = await remove(me, ids[0]);
    expect(deleted).toMatchObject({ __typename: 'SavedCart', id: ids[0], name: 'cart 0', lines: [{ sku: a, quantity: 1 }] });
    expect(await remove(me, ids[0])).toMatchObject({ __typename: 'SavedCartNotFoundError' });
    expect(await remove(me, 'not-an-id')).toMatchObject({ __typename: 'SavedCartNotFoundError', savedCartId: 'not-an-id' });
    expect((await save(me, 'room again')).__typename).toBe('SavedCart');
  });

  it('a guest cart merges before the save (the first request after login)', async () => {
    const guest = t.shopper();
    const [a] = items('A');
    await hold(guest, a, 2);
    const me: Identity = { kind: 'ACCOUNT', sessionId: guest.sessionId, accountId: `acct_${randomUUID()}` };
    expect(await save(me, 'from the guest')).toMatchObject({ __typename: 'SavedCart', lines: [{ sku: a, quantity: 2 }] });
  });
});

describe('restoring a saved cart', () => {
  it('holds every line in full and attaches the saved offer codes to the session', async () => {
    const saver = t.account(undefined, undefined, ['SPRING10', 'VIP']);
    const [a, b] = items('A', 'B');
    const saved = await savedWith(saver, [[a, 2], [b, 3]]);
    expect(await available(a)).toBe(STOCK);
    // later, from another session of the account that has one code already
    const me = t.account(saver.accountId, undefined, ['VIP']);
    const restored = await restore(me, saved.id);
    expect(restored).toMatchObject({
      __typename: 'CartRestored',
      complete: true,
      offerCodes: ['SPRING10', 'VIP'],
      cart: { id: `account:${saver.accountId}`, itemCount: 5 },
      lines: [
        { storeId: 'store-a', sku: a, requested: 2, held: 2, ticket: { quantity: 2, status: 'HELD' }, problem: null },
        { storeId: 'store-a', sku: b, requested: 3, held: 3, ticket: { quantity: 3, status: 'HELD' }, problem: null },
      ],
    });
    expect(await available(a)).toBe(STOCK - 2);
    expect(offerCodes.calls.at(-1)).toEqual({ sessionId: me.sessionId, codes: ['SPRING10', 'VIP'] });
  });

  it('holds what is available when the store is short (OUT_OF_STOCK), nothing of an item gone', async () => {
    const me = t.account();
    const [scarce, plenty] = items('SCARCE', 'PLENTY');
    const saved = await savedWith(me, [[scarce, 5], [plenty, 1]]);
    // lines of items that went away since (inserted as an older save would have them)
    await t.pool.query(`INSERT INTO saved_cart_lines (saved_cart_id, position, store_id, sku, quantity) VALUES ($1, 2, 'store-a', 'GONE', 1), ($1, 3, 'store-zzz', 'X', 1)`, [saved.id]);
    // someone else holds all but 2
    await hold(t.shopper(), scarce, STOCK - 2);
    const key = `restore-${randomUUID()}`;
    const restored = await restore(me, saved.id, key);
    expect(restored.complete).toBe(false);
    expect(restored.lines).toEqual([
      {
        storeId: 'store-a',
        sku: scarce,
        requested: 5,
        held: 2,
        ticket: { id: expect.any(String), quantity: 2, status: 'HELD' },
        problem: { __typename: 'OutOfStockError', code: 'OUT_OF_STOCK', message: expect.any(String), requested: 5, available: 2 },
      },
      { storeId: 'store-a', sku: plenty, requested: 1, held: 1, ticket: expect.objectContaining({ quantity: 1 }), problem: null },
      { storeId: 'store-a', sku: 'GONE', requested: 1, held: 0, ticket: null, problem: { __typename: 'ItemNotFoundError', code: 'ITEM_NOT_FOUND', message: expect.any(String), storeId: 'store-a', sku: 'GONE' } },
      { storeId: 'store-zzz', sku: 'X', requested: 1, held: 0, ticket: null, problem: { __typename: 'StoreNotFoundError', code: 'STORE_NOT_FOUND', message: expect.any(String), storeId: 'store-zzz' } },
    ]);
    expect(await available(scarce)).toBe(0);
    expect(restored.cart.itemCount).toBe(3);
    // the replay serves the same problems (each resolves to its own ErrorResult type)
    expect((await restore(me, saved.id, key)).lines).toEqual(restored.lines);
  });

  it('raises a line the live cart holds in part, never holds it twice; a line held in full stays as it is', async () => {
    const me = t.account();
    const [a, b, c] = items('A', 'B', 'C');
    const saved = await savedWith(me, [[a, 3], [b, 2], [c, 4]]);
    const ta = await hold(me, a, 1);
    const tb = await hold(me, b, 5);
    // c: only 2 more than the held one can be had
    const tc = await hold(me, c, 1);
    await hold(t.shopper(), c, STOCK - 3);
    const restored = await restore(me, saved.id);
    expect(restored.lines.map((l: any) => [l.sku, l.requested, l.held, l.ticket.id, l.problem?.code ?? null])).toEqual([
      [a, 3, 3, ta.id, null],
      [b, 2, 5, tb.id, null],
      [c, 4, 3, tc.id, 'OUT_OF_STOCK'],
    ]);
    expect(restored.lines[2].problem).toMatchObject({ requested: 4, available: 3 });
    expect(restored.cart.tickets.map((x: { id: string; quantity: number }) => [x.id, x.quantity])).toEqual([[ta.id, 3], [tb.id, 5], [tc.id, 3]]);
    expect([await available(a), await available(b), await available(c)]).toEqual([STOCK - 3, STOCK - 5, 0]);
  });

  it('a repeat with the same key replays the report (tickets as they are now) and holds nothing more', async () => {
    const me = t.account(undefined, undefined, ['VIP']);
    const [a, b] = items('A', 'B');
    const saved = await savedWith(me, [[a, 2], [b, 1]]);
    const other = await savedWith(me, [[a, 1]], 'other');
    const key = `restore-${randomUUID()}`;
    const [first, concurrent] = await Promise.all([restore(me, saved.id, key), restore(me, saved.id, key)]);
    expect(concurrent.lines.map((l: any) => l.ticket.id)).toEqual(first.lines.map((l: any) => l.ticket.id));
    expect(await available(a)).toBe(STOCK - 2);
    const reserves = reservesOf(a) + reservesOf(b);

    // the shopper releases a line; the replay shows it as it is now
    await t.graphql(`mutation($id: ID!, $key: String!) { releaseTicket(ticketId: $id, idempotencyKey: $key) { __typename } }`, { id: first.lines[1].ticket.id, key: randomUUID() }, { identity: me });
    const replay = await restore(me, saved.id, key);
    expect(replay.lines.map((l: any) => [l.held, l.ticket.id, l.ticket.status])).toEqual([
      [2, first.lines[0].ticket.id, 'HELD'],
      [1, first.lines[1].ticket.id, 'RELEASED'],
    ]);
    expect(replay.offerCodes).toEqual(first.offerCodes);
    expect(reservesOf(a) + reservesOf(b)).toBe(reserves);
    // even once the saved cart is gone
    await remove(me, saved.id);
    expect((await restore(me, saved.id, key)).__typename).toBe('CartRestored');
    expect(await restore(me, other.id, key)).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await restore(me, saved.id)).toMatchObject({ __typename: 'SavedCartNotFoundError', savedCartId: saved.id });
  });

  it('a repeat while the first still runs is REQUEST_IN_PROGRESS and holds nothing; afterwards it replays', async () => {
    const saver = t.account(undefined, undefined, ['SPRING10']);
    const [a, b] = items('A', 'B');
    const saved = await savedWith(saver, [[a, 2], [b, 1]]);
    const me = t.account(saver.accountId);
    const key = `restore-${randomUUID()}`;
    // the first restore stops after its lines, as it attaches the offer codes
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reached!: () => void;
    const attaching = new Promise<void>((resolve) => (reached = resolve));
    const attach = offerCodes.attach.bind(offerCodes);
    const spy = vi.spyOn(offerCodes, 'attach').mockImplementationOnce(async (...args) => {
      reached();
      await gate;
      return attach(...args);
    });
    try {
      const before = reservesOf(a) + reservesOf(b);
      const first = restore(me, saved.id, key);
      await attaching;
      const reserves = reservesOf(a) + reservesOf(b);
      expect(reserves).toBe(before + 2);
      const concurrent = await restore(me, saved.id, key, impatient);
      expect(concurrent).toMatchObject({ __typename: 'RequestInProgressError', code: 'REQUEST_IN_PROGRESS', message: expect.any(String) });
      expect(reservesOf(a) + reservesOf(b)).toBe(reserves);
      open();
      const done = await first;
      expect(done).toMatchObject({ __typename: 'CartRestored', complete: true, offerCodes: ['SPRING10'] });
      const replay = await restore(me, saved.id, key, impatient);
      expect(replay.lines.map((l: any) => l.ticket.id)).toEqual(done.lines.map((l: any) => l.ticket.id));
      expect(reservesOf(a) + reservesOf(b)).toBe(reserves);
      expect([await available(a), await available(b)]).toEqual([STOCK - 2, STOCK - 1]);
    } finally {
      open();
      spy.mockRestore();
    }
  });

  it('a restore that crashed midway runs again on a repeat without holding anything twice', async () => {
    const me = t.account();
    const [a, b] = items('A', 'B');
    const saved = await savedWith(me, [[a, 2], [b, 1]]);
    const key = `restore-${randomUUID()}`;
    const first = await restore(me, saved.id, key);
    // as if the process died after holding the lines, before keeping the report: the key
    // is left IN_PROGRESS, and its lock lapses
    const crashed = await t.pool.query(
      `UPDATE idempotency_requests SET state = 'IN_PROGRESS', response = NULL, locked_until = now() - interval '1 second'
       WHERE scope = $1 AND key = $2`,
      [`cart:account:${me.accountId}:restoreSavedCart`, key],
    );
    expect(crashed.rowCount).toBe(1);
    const again = await restore(me, saved.id, key);
    expect(again.lines.map((l: any) => [l.held, l.ticket.id])).toEqual(first.lines.map((l: any) => [l.held, l.ticket.id]));
    expect(again.cart.tickets).toHaveLength(2);
    expect([await available(a), await available(b)]).toEqual([STOCK - 2, STOCK - 1]);
    // the re-run kept its report: a later repeat replays it
    expect((await restore(me, saved.id, key, impatient)).lines.map((l: any) => l.ticket.id)).toEqual(first.lines.map((l: any) => l.ticket.id));
  });

  it('a restore that failed midway frees its key; the retry finishes it holding nothing twice', async () => {
    const me = t.account();
    const [a, b] = items('A', 'B');
    const saved = await savedWith(me, [[a, 2], [b, 1]]);
    const key = `restore-${randomUUID()}`;
    // the second line's store call fails unexpectedly, after the first line was held
    const reserve = inventory.reserve.bind(inventory);
    const spy = vi.spyOn(inventory, 'reserve').mockImplementation(async (storeId, input) => {
      if (input.sku === b) throw new Error('connection reset');
      return reserve(storeId, input);
    });
    try {
      expect((await t.graphql(RESTORE_MUTATION, { id: saved.id, key }, { identity: me })).body.errors).toBeDefined();
    } finally {
      spy.mockRestore();
    }
    expect(await available(a)).toBe(STOCK - 2);
    const again = await restore(me, saved.id, key);
    expect(again).toMatchObject({ __typename: 'CartRestored', complete: true });
    expect(again.cart.tickets).toHaveLength(2);
    expect([await available(a), await available(b)]).toEqual([STOCK - 2, STOCK - 1]);
  });

  it('an offer code failure is logged and reported as the session\'s current codes, never failing the restore', async () => {
    const me = t.account(undefined, undefined, ['WINTER']);
    const [a] = items('A');
    await hold(me, a, 1);
    const saved = await save(t.account(me.accountId, undefined, ['SPRING10']), 'with codes', true);
    offerCodes.failing = true;
    try {
      expect(await restore(me, saved.id)).toMatchObject({ __typename: 'CartRestored', complete: true, offerCodes: ['WINTER'] });
    } finally {
      offerCodes.failing = false;
    }
    offerCodes.gone.add(me.sessionId!);
    expect(await restore(me, saved.id)).toMatchObject({ __typename: 'CartRestored', offerCodes: ['WINTER'] });
  });

  it('refuses another account\'s saved cart, a malformed id and a bad key', async () => {
    const owner = t.account();
    const [a] = items('A');
    const saved = await savedWith(owner, [[a, 1]]);
    const stranger = t.account();
    expect(await restore(stranger, saved.id)).toMatchObject({ __typename: 'SavedCartNotFoundError', code: 'SAVED_CART_NOT_FOUND', savedCartId: saved.id });
    expect(await restore(stranger, 'nope')).toMatchObject({ __typename: 'SavedCartNotFoundError', savedCartId: 'nope' });
    expect(await restore(owner, saved.id, '  ')).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });
    expect(await available(a)).toBe(STOCK);
  });
});

describe('migration 006: restore keys move to idempotency_requests', () => {
  it('carries finished restores over with their request hash (replayed as before); unfinished ones stay behind (a repeat runs them again); the old table is gone', async () => {
    const database = await createTestDatabase('restore_keys_migration');
    const pool = createPool(database.url, 2);
    const before = await mkdtemp(path.join(tmpdir(), 'ticket-migrations-'));
    try {
      const dir = fileURLToPath(new URL('./migrations', import.meta.url));
      for (const file of (await readdir(dir)).filter((f) => f < '006')) await copyFile(path.join(dir, file), path.join(before, file));
      await migrate(pool, before);
      const savedCartId = randomUUID();
      const report = { lines: [{ storeId: 'store-a', sku: 'A', requested: 1, held: 1, ticketId: randomUUID(), problem: null }], offerCodes: ['VIP'] };
      const at = new Date('2026-01-01T00:00:00Z');
      await pool.query(
        `INSERT INTO restore_idempotency (cart_id, key, request_hash, result, created_at) VALUES
           ('account:acct-1', 'done', $1, $2::jsonb, $3), ('sess-1', 'unfinished', $1, NULL, $3)`,
        [restoreRequestHash(savedCartId), JSON.stringify(report), at],
      );
      expect(await migrateTicket(pool)).toContain('006_restore_on_idempotency_requests.sql');
      const { rows } = await pool.query('SELECT scope, key, request_hash, state, response, created_at FROM idempotency_requests ORDER BY scope');
      expect(rows).toEqual([
        { scope: 'cart:account:acct-1:restoreSavedCart', key: 'done', request_hash: restoreRequestHash(savedCartId), state: 'COMPLETED', response: report, created_at: at },
      ]);
      expect((await pool.query(`SELECT to_regclass('restore_idempotency') AS t`)).rows[0].t).toBeNull();
    } finally {
      await rm(before, { recursive: true, force: true });
      await pool.end();
      await database.drop();
    }
  });
});
