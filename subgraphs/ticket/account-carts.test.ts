import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartIdOf } from '../../lib/cart-id.js';
import { createPool, migrate } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { createTicketCheckoutClient } from './client.js';
import { migrateTicket } from './server.js';
import { CART_QUERY, CHANGE_QUANTITY_MUTATION, HOLD_MUTATION, RecordingEventBus, RELEASE_MUTATION, startTicketForTest, type TicketUnderTest } from './testing.js';

// Account carts and the guest → account merge at login, on real PostgreSQL; stores are
// in-memory fakes that apply the inventory's own rules (so their counts are the truth).
const directory = new StaticStoreDirectory([
  { id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' },
  { id: 'store-b', name: 'B', url: 'http://127.0.0.1:1/graphql', secret: 'sb', apiKey: 'kb' },
]);
const inventory = new InMemoryInventoryClient();
const events = new RecordingEventBus();
const STOCK = 100;

let t: TicketUnderTest;
beforeAll(async () => {
  t = await startTicketForTest('account_carts', { directory, inventory, events, maxLiveTicketsPerCart: 6 });
});
afterAll(async () => {
  await t?.stop();
});

/** Fresh items for one test, so stock counts are the test's own. */
const items = (...skus: string[]) => inventory.addFreshItems('store-a', skus, { price: 100, stockOnHand: STOCK });

const hold = (identity: Identity, sku: string, quantity: number, extra: Record<string, unknown> = {}) =>
  t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku, quantity, idempotencyKey: randomUUID(), ...extra } }, { identity }).then((r) => r.body.data?.hold ?? r.body);
const cart = (identity: Identity) => t.graphql(CART_QUERY, {}, { identity }).then((r) => r.body.data.cart);
const available = async (sku: string) => (await inventory.inspectItem('store-a', sku))!.available;
const version = async (cartId: string) => (await t.pool.query('SELECT version FROM cart_versions WHERE cart_id = $1', [cartId])).rows[0]?.version ?? 0;
const statusOf = async (id: string) => (await t.pool.query('SELECT cart_id, status FROM tickets WHERE id = $1', [id])).rows[0];
const releasesOf = (ticketId: string) => inventory.calls.filter((c) => c.method === 'release' && (c.input as { ticketId: string }).ticketId === ticketId);
const published = (channel: string) => events.published.filter((p) => p.channel === channel).map((p) => p.message);
const lines = (view: { tickets: { sku: string; quantity: number; status: string }[] }) => view.tickets.map((x) => [x.sku, x.quantity]).sort();

/** A guest who logs in: the session is upgraded in place (same session id). */
function login(guest: Identity, accountId: string): Identity {
  return { kind: 'ACCOUNT', sessionId: guest.sessionId, accountId };
}

describe('an account has one cart across its sessions', () => {
  it('both sessions see, change and count against the same cart, whose id is account:<id>', async () => {
    const accountId = `acct_${randomUUID()}`;
    const phone = t.account(accountId);
    const laptop = t.account(accountId);
    const [a, b] = items('A', 'B');
    const ticket = await hold(phone, a, 2);
    expect(ticket).toMatchObject({ __typename: 'Ticket', status: 'HELD' });
    const seen = await cart(laptop);
    expect(seen).toMatchObject({ id: `account:${accountId}`, version: 1, itemCount: 2, tickets: [{ id: ticket.id }] });
    expect(cartIdOf({ sessionId: laptop.sessionId!, accountId })).toBe(seen.id);

    // the other session changes it, with the version it saw
    const changed = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 3, cartVersion: 1 }, { identity: laptop });
    expect(changed.body.data.changeTicketQuantity).toMatchObject({ __typename: 'Ticket', quantity: 3 });
    // and a stale page of the first is refused
    const stale = await hold(phone, b, 1, { cartVersion: 1 });
    expect(stale).toMatchObject({ __typename: 'CartVersionMismatchError', cart: { version: 2, itemCount: 3 } });

    // one ticket is visible from every session of the account, never from another account's
    const one = `query($id: ID!) { ticket(id: $id) { id quantity } }`;
    expect((await t.graphql(one, { id: ticket.id }, { identity: laptop })).body.data.ticket).toEqual({ id: ticket.id, quantity: 3 });
    expect((await t.graphql(one, { id: ticket.id }, { identity: t.account() })).body.data.ticket).toBeNull();
    expect((await t.graphql(one, { id: ticket.id }, { identity: t.shopper(phone.sessionId) })).body.data.ticket).toBeNull();

    const released = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id }, { identity: laptop });
    expect(released.body.data.releaseTicket).toMatchObject({ status: 'RELEASED' });
    expect(await cart(phone)).toMatchObject({ version: 3, tickets: [] });
    expect(await available(a)).toBe(STOCK);
    // the events went to the account cart's channel
    expect(published(`cart:account:${accountId}`).map((m) => [m.type, m.sequence])).toEqual([['HELD', 1], ['QUANTITY_CHANGED', 2], ['RELEASED', 3]]);
  });

  it('the live-ticket limit is per cart, across the sessions', async () => {
    const accountId = `acct_${randomUUID()}`;
    const [sku] = items('LIMIT');
    for (let i = 0; i < 6; i++) expect((await hold(t.account(accountId), sku, 1)).__typename).toBe('Ticket');
    expect(await hold(t.account(accountId), sku, 1)).toMatchObject({ __typename: 'HoldLimitExceededError', limit: 6, message: 'A cart may hold at most 6 tickets at once.' });
  });

  it('checkout begin with accountId takes the account cart', async () => {
    const accountId = `acct_${randomUUID()}`;
    const me = t.account(accountId);
    const [sku] = items('CHK');
    const ticket = await hold(t.account(accountId), sku, 1);
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    // without accountId, begin looks at the session's own (empty) cart
    expect(await client.begin({ sessionId: me.sessionId!, orderId: `o-${randomUUID()}` })).toMatchObject({ ok: false, code: 'EMPTY_CART' });
    const orderId = `o-${randomUUID()}`;
    expect(await client.begin({ sessionId: me.sessionId!, accountId, orderId, cartVersion: 1 })).toMatchObject({ ok: true, cartVersion: 2, tickets: [{ id: ticket.id }] });
    expect(await client.abort(orderId)).toEqual({ ok: true });
    expect(await t.rpc('checkout/begin', { sessionId: me.sessionId, accountId: '', orderId })).toMatchObject({ body: { result: { ok: false, code: 'INVALID_INPUT' } } });
  });
});

describe('a guest cart merges into the account cart at login', () => {
  it('moves what only the guest holds, keeps the larger ticket of what both hold; stock stays exact', async () => {
    const accountId = `acct_${randomUUID()}`;
    const accountCart = `account:${accountId}`;
    const elsewhere = t.account(accountId);
    const [a, b, c, d, e] = items('A', 'B', 'C', 'D', 'E');
    // the account, from another session: A×1, B×2, D×1, E×2
    const accountA = await hold(elsewhere, a, 1);
    const accountB = await hold(elsewhere, b, 2);
    const accountD = await hold(elsewhere, d, 1);
    const accountE = await hold(elsewhere, e, 2);
    // the guest: A×3 (larger), B×1 (smaller), C×2 (only the guest), E×2 (a tie)
    const guest = t.shopper();
    const guestA = await hold(guest, a, 3);
    const guestB = await hold(guest, b, 1);
    const guestC = await hold(guest, c, 2);
    const guestE = await hold(guest, e, 2);
    expect([await available(a), await available(b), await available(e)]).toEqual([STOCK - 4, STOCK - 3, STOCK - 4]);
    const before = { guest: await version(guest.sessionId!), account: await version(accountCart) };
    const reservesBefore = inventory.calls.filter((x) => x.method === 'reserve').length;

    const me = login(guest, accountId);
    const merged = await cart(me);
    expect(merged.id).toBe(accountCart);
    expect(merged.tickets.map((x: { id: string }) => x.id).sort()).toEqual([guestA.id, accountB.id, guestC.id, accountD.id, accountE.id].sort());
    expect(lines(merged)).toEqual([[a, 3], [b, 2], [c, 2], [d, 1], [e, 2]].sort());
    expect(merged.version).toBe(before.account + 1);
    expect(await version(guest.sessionId!)).toBe(before.guest + 1);

    // nothing was reserved anew; the dropped tickets were released at the store
    expect(inventory.calls.filter((x) => x.method === 'reserve').length).toBe(reservesBefore);
    expect(await available(a)).toBe(STOCK - 3);
    expect(await available(b)).toBe(STOCK - 2);
    expect(await available(c)).toBe(STOCK - 2);
    expect(await available(d)).toBe(STOCK - 1);
    expect(await available(e)).toBe(STOCK - 2);
    for (const dropped of [accountA, guestB, guestE]) {
      expect(releasesOf(dropped.id)).toHaveLength(1);
      expect(inventory.inspectReservation('store-a', dropped.id)?.status).toBe('RELEASED');
      expect((await statusOf(dropped.id)).status).toBe('RELEASED');
    }
    expect(await statusOf(guestA.id)).toEqual({ cart_id: accountCart, status: 'HELD' });
    expect((await t.pool.query('SELECT account_id FROM tickets WHERE id = $1', [guestC.id])).rows[0].account_id).toBe(accountId);
    // the guest cart is empty now
    expect((await t.pool.query(`SELECT count(*) AS n FROM tickets WHERE cart_id = $1 AND status = 'HELD'`, [guest.sessionId])).rows[0].n).toBe(0);

    // events: HELD for the moved tickets on the account cart, RELEASED where each dropped ticket was
    const onAccount = published(`cart:${accountCart}`).filter((m) => m.sequence === merged.version);
    expect(onAccount.filter((m) => m.type === 'HELD').map((m) => m.ticketId).sort()).toEqual([guestA.id, guestC.id].sort());
    expect(onAccount.filter((m) => m.type === 'RELEASED').map((m) => m.ticketId)).toEqual([accountA.id]);
    const onGuest = published(`cart:${guest.sessionId}`).filter((m) => m.sequence === before.guest + 1);
    expect(onGuest.map((m) => [m.type, m.ticketId]).sort()).toEqual([['RELEASED', guestB.id], ['RELEASED', guestE.id]].sort());

    // merged once: later requests change nothing
    expect(await cart(me)).toMatchObject({ version: merged.version });
    expect(await cart(elsewhere)).toMatchObject({ id: accountCart, version: merged.version });
    // the guest's ticket, now in the account cart, answers to the account
    const changed = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: guestC.id, quantity: 1 }, { identity: elsewhere });
    expect(changed.body.data.changeTicketQuantity).toMatchObject({ __typename: 'Ticket', quantity: 1 });
    // and a dropped guest ticket is still the session's to look at
    const one = await t.graphql(`query($id: ID!) { ticket(id: $id) { status } }`, { id: guestB.id }, { identity: me });
    expect(one.body.data.ticket).toEqual({ status: 'RELEASED' });
  });

  it('a login into an account without a cart moves the whole guest cart; a repeat of a guest hold key still finds its ticket', async () => {
    const guest = t.shopper();
    const [a] = items('A');
    const key = `key-${randomUUID()}`;
    const ticket = await hold(guest, a, 2, { idempotencyKey: key });
    const me = login(guest, `acct_${randomUUID()}`);
    // the first request after login is a hold (the retry of the guest's own)
    const repeat = await hold(me, a, 2, { idempotencyKey: key });
    expect(repeat).toMatchObject({ __typename: 'Ticket', id: ticket.id });
    expect(await cart(me)).toMatchObject({ version: 1, itemCount: 2, tickets: [{ id: ticket.id }] });
    expect(await available(a)).toBe(STOCK - 2);
    // the guest cart lost its ticket with no ticket event of its own: a marker carries its new version
    expect(published(`cart:${guest.sessionId}`).map((m) => [m.type, m.sequence])).toEqual([['HELD', 1], ['CART_CHANGED', 2]]);
  });

  it('is idempotent when requests race right after login: one merge, no double release', async () => {
    const accountId = `acct_${randomUUID()}`;
    const accountCart = `account:${accountId}`;
    const [a, b] = items('A', 'B');
    const accountA = await hold(t.account(accountId), a, 1);
    const guest = t.shopper();
    const guestA = await hold(guest, a, 2);
    const guestB = await hold(guest, b, 1);
    const me = login(guest, accountId);
    const accountBefore = await version(accountCart);

    const views = await Promise.all([cart(me), cart(me), cart(me), hold(me, b, 1).then(() => cart(me))]);
    for (const view of views.slice(0, 3)) expect(view.tickets.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([guestA.id, guestB.id]));
    expect(await version(accountCart)).toBe(accountBefore + 2); // the merge, then the hold
    expect(releasesOf(accountA.id)).toHaveLength(1);
    expect(events.cartEvents('RELEASED', accountA.id)).toHaveLength(1);
    expect(events.cartEvents('HELD', guestA.id)).toHaveLength(2); // its hold, then its move
    expect(await available(a)).toBe(STOCK - 2);
    expect(await available(b)).toBe(STOCK - 2);
  });

  it('guest tickets in checkout stay until they are HELD again; then a later request merges them', async () => {
    const accountId = `acct_${randomUUID()}`;
    const [a] = items('A');
    const guest = t.shopper();
    const ticket = await hold(guest, a, 1);
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const orderId = `o-${randomUUID()}`;
    expect(await client.begin({ sessionId: guest.sessionId!, orderId })).toMatchObject({ ok: true });
    const me = login(guest, accountId);
    expect(await cart(me)).toMatchObject({ tickets: [] });
    // payment retries begin for the same order, now knowing the account: the same tickets
    expect(await client.begin({ sessionId: guest.sessionId!, accountId, orderId })).toMatchObject({ ok: true, tickets: [{ id: ticket.id }] });
    expect(await client.abort(orderId)).toEqual({ ok: true });
    expect(await cart(me)).toMatchObject({ tickets: [{ id: ticket.id, status: 'HELD' }] });
    expect((await statusOf(ticket.id)).cart_id).toBe(`account:${accountId}`);
  });

  it('checkout begin merges first', async () => {
    const accountId = `acct_${randomUUID()}`;
    const [a, b] = items('A', 'B');
    const mine = await hold(t.account(accountId), a, 1);
    const guest = t.shopper();
    const guestTicket = await hold(guest, b, 1);
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const begun = await client.begin({ sessionId: guest.sessionId!, accountId, orderId: `o-${randomUUID()}` });
    expect(begun.ok && begun.tickets.map((x) => x.id).sort()).toEqual([mine.id, guestTicket.id].sort());
  });
});

describe('cartEvents follows the caller\'s cart', () => {
  it('an account follows account:<id> from any session; its session id is not its cart', async () => {
    const accountId = `acct_${randomUUID()}`;
    const me = t.account(accountId);
    const streams = t.servers[0].events;
    await expect(streams.cartEvents(me, me.sessionId)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(streams.cartEvents(me, `account:acct_${randomUUID()}`)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const stream = await streams.cartEvents(me, `account:${accountId}`);
    try {
      const [sku] = items('EV');
      const next = stream.next();
      const ticket = await hold(t.account(accountId), sku, 1);
      const { value } = await next;
      expect(value).toMatchObject({ type: 'HELD', sequence: 1, ticket: { id: ticket.id, cartId: `account:${accountId}` } });
    } finally {
      await stream.return!();
    }
  });

  it('after login, the account cart\'s followers hear the merged tickets', async () => {
    const accountId = `acct_${randomUUID()}`;
    const guest = t.shopper();
    const [sku] = items('EV');
    const ticket = await hold(guest, sku, 1);
    const me = login(guest, accountId);
    const stream = await t.servers[0].events.cartEvents(me, `account:${accountId}`);
    try {
      const next = stream.next();
      await cart(me);
      expect((await next).value).toMatchObject({ type: 'HELD', sequence: 1, ticket: { id: ticket.id, status: 'HELD' } });
    } finally {
      await stream.return!();
    }
  });
});

describe('the migration to cart ids', () => {
  it('renames the columns and moves live account tickets to the account cart', async () => {
    const database = await createTestDatabase('ticket_cart_migration');
    const pool = createPool(database.url, 2);
    const dir = await mkdtemp(path.join(tmpdir(), 'ticket-migrations-'));
    try {
      const migrations = fileURLToPath(new URL('./migrations', import.meta.url));
      for (const file of ['001_init.sql', '002_expiring_notice.sql']) await cp(path.join(migrations, file), path.join(dir, file));
      await migrate(pool, dir);
      const row = (id: string, session: string, account: string | null, status: string) =>
        pool.query(
          `INSERT INTO tickets (id, session_id, account_id, store_id, sku, quantity, status, expires_at, created_at, updated_at)
           VALUES ($1, $2, $3, 'store-a', 'A', 1, $4, now() + interval '10 minutes', now(), now())`,
          [id, session, account, status],
        );
      const [held, checkingOut, purchased, guestHeld] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      await row(held, 's1', 'acct1', 'HELD');
      await row(checkingOut, 's2', 'acct1', 'CHECKING_OUT');
      await row(purchased, 's1', 'acct1', 'PURCHASED');
      await row(guestHeld, 's3', null, 'HELD');
      await pool.query(`INSERT INTO cart_versions (session_id, version) VALUES ('s1', 4), ('s2', 1), ('s3', 2)`);
      await pool.query(`INSERT INTO hold_idempotency (session_id, key, request_hash, ticket_id, created_at) VALUES ('s1', 'k', 'h', $1, now())`, [held]);

      expect(await migrateTicket(pool)).toContain('003_account_carts_saved_carts.sql');
      const cartOf = async (id: string) => (await pool.query('SELECT cart_id FROM tickets WHERE id = $1', [id])).rows[0].cart_id;
      expect(await cartOf(held)).toBe('account:acct1');
      expect(await cartOf(checkingOut)).toBe('account:acct1');
      expect(await cartOf(purchased)).toBe('s1');
      expect(await cartOf(guestHeld)).toBe('s3');
      const versions = Object.fromEntries((await pool.query('SELECT cart_id, version FROM cart_versions')).rows.map((r) => [r.cart_id, r.version]));
      expect(versions).toEqual({ 's1': 5, 's2': 2, 's3': 2, 'account:acct1': 1 });
      expect((await pool.query('SELECT cart_id FROM hold_idempotency')).rows).toEqual([{ cart_id: 's1' }]);
      const indexes = (await pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'tickets'`)).rows.map((r) => r.indexname);
      expect(indexes).toContain('tickets_cart_status_idx');
    } finally {
      await pool.end();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
