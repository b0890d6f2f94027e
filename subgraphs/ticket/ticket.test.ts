import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, signIdentity } from '../../lib/identity.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { createTicketCheckoutClient } from './client.js';
import { CART_QUERY, CHANGE_QUANTITY_MUTATION, HOLD_MUTATION, RecordingEventBus, RELEASE_MUTATION, startTicketForTest, type TicketUnderTest } from './testing.js';
import { until as pollUntil } from '../../test/support/wait.js';

// Real PostgreSQL; stores are in-memory fakes that apply the inventory's own rules.
const directory = new StaticStoreDirectory([
  { id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' },
  { id: 'store-b', name: 'B', url: 'http://127.0.0.1:1/graphql', secret: 'sb', apiKey: 'kb' },
  { id: 'store-down', name: 'Down', url: 'http://127.0.0.1:1/graphql', secret: 'sd', apiKey: 'kd' },
]);
const inventory = new InMemoryInventoryClient()
  .addItem('store-a', { sku: 'BOOK-1', price: 1250, stockOnHand: 1000 })
  .addItem('store-a', { sku: 'BOOK-2', price: 800, stockOnHand: 5 })
  .addItem('store-a', { sku: 'RARE', price: 9900, stockOnHand: 1 })
  .addItem('store-a', { sku: 'LIMIT', price: 100, stockOnHand: 1000 })
  .addItem('store-a', { sku: 'SHORT', price: 300, stockOnHand: 20 })
  .addItem('store-b', { sku: 'HAMMER', price: 2000, stockOnHand: 3 })
  .addItem('store-b', { sku: 'NAIL', price: 2000, stockOnHand: 3 })
  .addItem('store-down', { sku: 'X', price: 100, stockOnHand: 5 });
const events = new RecordingEventBus();

let t: TicketUnderTest;
beforeAll(async () => {
  t = await startTicketForTest('ticket', { directory, inventory, events, maxLiveTicketsPerCart: 5 });
});
afterAll(async () => {
  await t?.stop();
});

const hold = (identity: ReturnType<TicketUnderTest['shopper']>, input: Record<string, unknown>) =>
  t.graphql(HOLD_MUTATION, { input: { idempotencyKey: randomUUID(), ...input } }, { identity }).then((r) => r.body.data?.hold ?? r.body);
const cart = (identity: ReturnType<TicketUnderTest['shopper']>) => t.graphql(CART_QUERY, {}, { identity }).then((r) => r.body.data.cart);
const available = async (storeId: string, sku: string) => (await inventory.inspectItem(storeId, sku))!.available;
const callsFor = (ticketId: string, method: string) => inventory.calls.filter((c) => c.method === method && (c.input as { ticketId?: string }).ticketId === ticketId);

describe('hold and the cart', () => {
  it('holds stock at two stores; the cart prices lines from the catalogs with one catalog read per store', async () => {
    const me = t.shopper();
    const before = await available('store-a', 'BOOK-1');
    const a = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 2 });
    expect(a).toMatchObject({ __typename: 'Ticket', status: 'HELD', quantity: 2, unitPrice: { amount: 1250, currency: 'USD' }, lineTotal: { amount: 2500 } });
    expect(a.store).toEqual({ id: 'store-a' });
    expect(a.item).toEqual({ storeId: 'store-a', sku: 'BOOK-1' });
    expect(new Date(a.expiresAt).getTime() - new Date(a.createdAt).getTime()).toBe(15 * 60_000);
    expect(await available('store-a', 'BOOK-1')).toBe(before - 2);
    const reservation = inventory.inspectReservation('store-a', a.id)!;
    // the store lease outlives the ticket by the grace period
    expect(reservation.leaseUntil.getTime() - new Date(a.expiresAt).getTime()).toBe(120_000);

    await hold(me, { storeId: 'store-a', sku: 'BOOK-2', quantity: 1 });
    const c = await hold(me, { storeId: 'store-b', sku: 'HAMMER', quantity: 1 });

    const reads = inventory.calls.filter((call) => call.method === 'getItems').length;
    const view = await cart(me);
    expect(inventory.calls.filter((call) => call.method === 'getItems').length - reads).toBe(2);
    expect(view.version).toBe(3);
    expect(view.itemCount).toBe(4);
    expect(view.tickets.map((x: { sku: string }) => x.sku)).toEqual(['BOOK-1', 'BOOK-2', 'HAMMER']);
    expect(view.totals).toEqual([{ amount: 2500 + 800 + 2000, currency: 'USD' }]);
    expect(events.cartEvents('HELD', c.id)).toHaveLength(1);

    const one = await t.graphql(`query($id: ID!) { ticket(id: $id) { id status } }`, { id: c.id }, { identity: me });
    expect(one.body.data.ticket).toEqual({ id: c.id, status: 'HELD' });
  });

  it('lists the stores of the federation', async () => {
    const res = await t.graphql('{ stores { id } }', {}, { identity: t.shopper() });
    expect(res.body.data.stores).toEqual([{ id: 'store-a' }, { id: 'store-b' }, { id: 'store-down' }]);
  });

  it('an empty cart is version 0 with no totals', async () => {
    const me = t.shopper();
    expect(await cart(me)).toEqual({ id: me.sessionId, version: 0, itemCount: 0, totals: [], tickets: [] });
  });

  it('refuses a stale page with the current cart', async () => {
    const me = t.shopper();
    await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1, cartVersion: 0 });
    const stale = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1, cartVersion: 0 });
    expect(stale).toMatchObject({ __typename: 'CartVersionMismatchError', code: 'CART_VERSION_MISMATCH', expectedVersion: 0, cart: { version: 1, itemCount: 1 } });
    const fresh = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1, cartVersion: 1 });
    expect(fresh.__typename).toBe('Ticket');
  });

  it('limits live tickets per session', async () => {
    const me = t.shopper();
    for (let i = 0; i < 5; i++) expect((await hold(me, { storeId: 'store-a', sku: 'LIMIT', quantity: 1 })).__typename).toBe('Ticket');
    expect(await hold(me, { storeId: 'store-a', sku: 'LIMIT', quantity: 1 })).toMatchObject({ __typename: 'HoldLimitExceededError', code: 'HOLD_LIMIT_EXCEEDED', limit: 5 });
    expect((await cart(me)).tickets).toHaveLength(5);
  });
});

describe('idempotent holds', () => {
  it('a repeat with the same key returns the same ticket and holds nothing more', async () => {
    const me = t.shopper();
    const input = { storeId: 'store-a', sku: 'BOOK-2', quantity: 1, idempotencyKey: 'buy-book-2' };
    const before = await available('store-a', 'BOOK-2');
    const [first, second] = await Promise.all([hold(me, input), hold(me, input)]);
    const third = await hold(me, { ...input, cartVersion: 0 });
    expect(first.__typename).toBe('Ticket');
    expect(second.id).toBe(first.id);
    expect(third.id).toBe(first.id);
    expect(callsFor(first.id, 'reserve')).toHaveLength(1);
    expect(await available('store-a', 'BOOK-2')).toBe(before - 1);
    expect((await cart(me)).tickets).toHaveLength(1);
  });

  it('the same key with different input is refused', async () => {
    const me = t.shopper();
    await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1, idempotencyKey: 'k' });
    expect(await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 2, idempotencyKey: 'k' })).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    // keys belong to a session: another shopper may use the same key
    expect((await hold(t.shopper(), { storeId: 'store-a', sku: 'BOOK-1', quantity: 2, idempotencyKey: 'k' })).__typename).toBe('Ticket');
  });

  it('a refused hold is refused the same way on repeat', async () => {
    const me = t.shopper();
    const input = { storeId: 'store-a', sku: 'RARE', quantity: 2, idempotencyKey: 'rare' };
    const first = await hold(me, input);
    expect(first).toMatchObject({ __typename: 'OutOfStockError', code: 'OUT_OF_STOCK', requested: 2, available: 1, sku: 'RARE', storeId: 'store-a' });
    expect(await hold(me, input)).toEqual(first);
    expect(await cart(me)).toMatchObject({ version: 0, tickets: [] });
  });
});

describe('invalid input changes nothing', () => {
  it.each([
    ['quantity 0', { quantity: 0 }, 'InvalidQuantityError'],
    ['quantity -1', { quantity: -1 }, 'InvalidQuantityError'],
    ['quantity 10^9', { quantity: 10 ** 9 }, 'InvalidQuantityError'],
    ['malformed store id', { storeId: 'NOT A STORE' }, 'InvalidInputError'],
    ['unknown store', { storeId: 'store-zzz' }, 'StoreNotFoundError'],
    ['malformed sku', { sku: 'a b' }, 'InvalidInputError'],
    ['blank key', { idempotencyKey: '' }, 'InvalidInputError'],
  ])('%s', async (_name, patch, typename) => {
    const me = t.shopper();
    const calls = inventory.calls.length;
    const result = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1, ...patch });
    expect(result.__typename).toBe(typename);
    if (typename === 'InvalidQuantityError') expect(result).toMatchObject({ min: 1, max: 100 });
    expect(inventory.calls.length).toBe(calls);
    expect(await cart(me)).toMatchObject({ version: 0, tickets: [] });
  });

  it('an unknown sku: the store refuses and no ticket shows', async () => {
    const me = t.shopper();
    const result = await hold(me, { storeId: 'store-a', sku: 'NO-SUCH-SKU', quantity: 1 });
    expect(result).toMatchObject({ __typename: 'ItemNotFoundError', code: 'ITEM_NOT_FOUND', storeId: 'store-a', sku: 'NO-SUCH-SKU' });
    expect(await cart(me)).toMatchObject({ version: 0, tickets: [] });
  });

  it('a non-integer or huge quantity is refused by GraphQL itself', async () => {
    const res = await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'BOOK-1', quantity: 1e12, idempotencyKey: 'x' } }, { identity: t.shopper() });
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('malformed and foreign ticket ids', async () => {
    const me = t.shopper();
    const other = t.shopper();
    const mine = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    for (const ticketId of ['nope', "1' OR '1'='1", '']) {
      const r = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId }, { identity: me });
      expect(r.body.data.releaseTicket).toMatchObject({ __typename: 'InvalidInputError', field: 'ticketId' });
      const c = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId, quantity: 2 }, { identity: me });
      expect(c.body.data.changeTicketQuantity).toMatchObject({ __typename: 'InvalidInputError', field: 'ticketId' });
    }
    const foreign = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: mine.id }, { identity: other });
    expect(foreign.body.data.releaseTicket).toMatchObject({ __typename: 'TicketNotFoundError', code: 'TICKET_NOT_FOUND' });
    const unknown = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: randomUUID(), quantity: 2 }, { identity: me });
    expect(unknown.body.data.changeTicketQuantity.__typename).toBe('TicketNotFoundError');
    const peek = await t.graphql(`query($id: ID!) { ticket(id: $id) { id } }`, { id: mine.id }, { identity: other });
    expect(peek.body.data.ticket).toBeNull();
    expect((await cart(me)).tickets.map((x: { id: string; quantity: number }) => [x.id, x.quantity])).toEqual([[mine.id, 1]]);
  });
});

describe('identity', () => {
  it('refuses a forged identity header', async () => {
    const forged = signIdentity({ kind: 'GUEST', sessionId: 'victim' }, 'not-the-gateway-key');
    const res = await t.graphql(CART_QUERY, {}, { headers: { [IDENTITY_HEADER]: forged } });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('INVALID_IDENTITY');
    const tampered = signIdentity({ kind: 'GUEST', sessionId: 'me' }, t.identityKey).replace(/^[^.]+/, Buffer.from(JSON.stringify({ kind: 'GUEST', sessionId: 'victim', exp: Date.now() + 60_000 })).toString('base64url'));
    const res2 = await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'BOOK-1', quantity: 1, idempotencyKey: 'f' } }, { headers: { [IDENTITY_HEADER]: tampered } });
    expect(res2.body.errors[0].extensions.code).toBe('INVALID_IDENTITY');
  });

  it('needs a shopper session', async () => {
    const res = await t.graphql(CART_QUERY);
    expect(res.body.errors[0].extensions.code).toBe('NOT_AUTHENTICATED');
    const store = await t.graphql(CART_QUERY, {}, { identity: { kind: 'STORE', storeId: 'store-a' } });
    expect(store.body.errors[0].extensions.code).toBe('NOT_AUTHENTICATED');
  });

  it('resolves Ticket references for the owner and the ticket\'s store only', async () => {
    const me = t.shopper();
    const mine = await hold(me, { storeId: 'store-b', sku: 'HAMMER', quantity: 1 });
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ticket { id quantity } } }`;
    const r = [{ __typename: 'Ticket', id: mine.id }];
    expect((await t.graphql(query, { r }, { identity: me })).body.data._entities).toEqual([{ id: mine.id, quantity: 1 }]);
    expect((await t.graphql(query, { r }, { identity: { kind: 'STORE', storeId: 'store-b' } })).body.data._entities).toEqual([{ id: mine.id, quantity: 1 }]);
    expect((await t.graphql(query, { r }, { identity: { kind: 'STORE', storeId: 'store-a' } })).body.data._entities).toEqual([null]);
    expect((await t.graphql(query, { r }, { identity: t.shopper() })).body.data._entities).toEqual([null]);
    await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: mine.id }, { identity: me });
  });
});

describe('release and change quantity', () => {
  it('release gives the stock back at once; a repeat returns the released ticket', async () => {
    const me = t.shopper();
    const before = await available('store-a', 'BOOK-1');
    const ticket = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 3 });
    const released = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, cartVersion: 1 }, { identity: me });
    expect(released.body.data.releaseTicket).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'RELEASED', quantity: 3 });
    expect(await available('store-a', 'BOOK-1')).toBe(before);
    expect(inventory.inspectReservation('store-a', ticket.id)?.status).toBe('RELEASED');
    const again = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, cartVersion: 1 }, { identity: me });
    expect(again.body.data.releaseTicket).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
    expect(await cart(me)).toMatchObject({ version: 2, tickets: [] });
    expect(events.cartEvents('RELEASED', ticket.id)).toHaveLength(1);
    // a released ticket cannot be resized
    const change = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 1 }, { identity: me });
    expect(change.body.data.changeTicketQuantity).toMatchObject({ __typename: 'TicketNotHeldError', status: 'RELEASED' });
  });

  it('release with a stale cart version is refused', async () => {
    const me = t.shopper();
    const ticket = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    const stale = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, cartVersion: 0 }, { identity: me });
    expect(stale.body.data.releaseTicket).toMatchObject({ __typename: 'CartVersionMismatchError', expectedVersion: 0, cart: { version: 1 } });
    expect((await cart(me)).tickets).toHaveLength(1);
  });

  it('resizes a hold at the store; out of stock keeps the old quantity', async () => {
    const me = t.shopper();
    const ticket = await hold(me, { storeId: 'store-b', sku: 'NAIL', quantity: 1 });
    const grown = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 3, cartVersion: 1 }, { identity: me });
    expect(grown.body.data.changeTicketQuantity).toMatchObject({ __typename: 'Ticket', quantity: 3, status: 'HELD' });
    expect(await available('store-b', 'NAIL')).toBe(0);
    const tooMany = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 4 }, { identity: me });
    expect(tooMany.body.data.changeTicketQuantity).toMatchObject({ __typename: 'OutOfStockError', code: 'OUT_OF_STOCK', requested: 4, available: 3 });
    const invalid = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 0 }, { identity: me });
    expect(invalid.body.data.changeTicketQuantity).toMatchObject({ __typename: 'InvalidQuantityError', min: 1, max: 100 });
    expect(inventory.inspectReservation('store-b', ticket.id)?.quantity).toBe(3);
    let view = await cart(me);
    expect(view).toMatchObject({ version: 2, itemCount: 3, totals: [{ amount: 6000, currency: 'USD' }] });
    const shrunk = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 1, cartVersion: 2 }, { identity: me });
    expect(shrunk.body.data.changeTicketQuantity).toMatchObject({ quantity: 1 });
    expect(await available('store-b', 'NAIL')).toBe(2);
    view = await cart(me);
    expect(view).toMatchObject({ version: 3, itemCount: 1 });
    expect(events.cartEvents('QUANTITY_CHANGED', ticket.id)).toHaveLength(2);
    await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id }, { identity: me });
  });
});

describe('a store that is down', () => {
  it('is a StoreUnavailableError; nothing is held and the same key works once it is back', async () => {
    const me = t.shopper();
    inventory.setUnavailable('store-down');
    const input = { storeId: 'store-down', sku: 'X', quantity: 1, idempotencyKey: 'down-1' };
    try {
      expect(await hold(me, input)).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE', storeId: 'store-down' });
      expect(await cart(me)).toMatchObject({ version: 0, tickets: [] });
    } finally {
      inventory.setUnavailable('store-down', false);
    }
    expect(await hold(me, input)).toMatchObject({ __typename: 'Ticket', status: 'HELD' });
  });

  it('the cart shows a store-unavailable error for its lines only as a field error', async () => {
    const me = t.shopper();
    await hold(me, { storeId: 'store-down', sku: 'X', quantity: 1 });
    inventory.setUnavailable('store-down');
    try {
      const res = await t.graphql(`{ cart { version itemCount tickets { id sku } } }`, {}, { identity: me });
      expect(res.body.data.cart).toMatchObject({ version: 1, itemCount: 1 });
      const priced = await t.graphql(CART_QUERY, {}, { identity: me });
      expect(priced.body.errors[0].extensions.code).toBe('STORE_UNAVAILABLE');
    } finally {
      inventory.setUnavailable('store-down', false);
    }
  });
});

describe('checkout RPC for payment', () => {
  it('begin / complete / abort, idempotent on orderId', async () => {
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const me = t.shopper();
    const sessionId = me.sessionId!;
    expect(await client.begin({ sessionId, orderId: 'order-empty' })).toMatchObject({ ok: false, code: 'EMPTY_CART' });

    const a = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    const b = await hold(me, { storeId: 'store-b', sku: 'HAMMER', quantity: 1 });
    expect(await client.begin({ sessionId, orderId: 'o1', cartVersion: 1 })).toMatchObject({ ok: false, code: 'CART_VERSION_MISMATCH', currentVersion: 2 });

    const begun = await client.begin({ sessionId, orderId: 'o1', cartVersion: 2 });
    expect(begun).toEqual({
      ok: true,
      cartVersion: 3,
      tickets: [
        { id: a.id, storeId: 'store-a', sku: 'BOOK-1', quantity: 1, expiresAt: a.expiresAt },
        { id: b.id, storeId: 'store-b', sku: 'HAMMER', quantity: 1, expiresAt: b.expiresAt },
      ],
    });
    expect(await client.begin({ sessionId, orderId: 'o1', cartVersion: 2 })).toEqual(begun);
    let view = await cart(me);
    expect(view.tickets.map((x: { status: string }) => x.status)).toEqual(['CHECKING_OUT', 'CHECKING_OUT']);
    const release = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: a.id }, { identity: me });
    expect(release.body.data.releaseTicket).toMatchObject({ __typename: 'TicketNotHeldError', status: 'CHECKING_OUT' });

    // abort hands the tickets back to the cart
    expect(await client.abort('o1')).toEqual({ ok: true });
    expect(await client.abort('o1')).toEqual({ ok: true });
    view = await cart(me);
    expect(view.tickets.map((x: { status: string }) => x.status)).toEqual(['HELD', 'HELD']);

    const again = await client.begin({ sessionId, orderId: 'o2' });
    expect(again).toMatchObject({ ok: true, tickets: [{ id: a.id }, { id: b.id }] });
    expect(await client.complete('o2')).toEqual({ ok: true });
    expect(await client.complete('o2')).toEqual({ ok: true });
    // a purchased ticket left the cart; a late abort changes nothing
    expect(await client.abort('o2')).toEqual({ ok: true });
    expect(await cart(me)).toMatchObject({ tickets: [], itemCount: 0 });
    const one = await t.graphql(`query($id: ID!) { ticket(id: $id) { status } }`, { id: a.id }, { identity: me });
    expect(one.body.data.ticket.status).toBe('PURCHASED');
    expect([a.id, b.id].flatMap((id) => events.cartEvents('PURCHASED', id))).toHaveLength(2);
    // the repeat of begin for a completed order returns the same tickets
    expect(await client.begin({ sessionId, orderId: 'o2' })).toMatchObject({ ok: true, tickets: [{ id: a.id }, { id: b.id }] });
  });

  it('refuses unsigned or wrongly signed calls and malformed input', async () => {
    for (const name of ['checkout/begin', 'checkout/complete', 'checkout/abort']) {
      const unsigned = await t.rpc(name, { sessionId: 's', orderId: 'o' }, { sign: false });
      expect(unsigned.status).toBe(401);
      expect(unsigned.body.error.code).toBe('INVALID_SIGNATURE');
      const wrong = await t.rpc(name, { sessionId: 's', orderId: 'o' }, { sign: 'not-the-secret' });
      expect(wrong.status).toBe(401);
    }
    const bad = await t.rpc('checkout/begin', { orderId: 'o' });
    expect(bad.body.result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: 'wrong' });
    await expect(client.complete('o')).rejects.toMatchObject({ extensions: { code: 'INVALID_SIGNATURE' } });
  });
});

describe('expiry', () => {
  it('a short-lived ticket expires by itself: released at the store with no client call, never purchasable', async () => {
    const shortLived = await t.addReplica({ ticketTtlMs: 400, sweepIntervalMs: 50 });
    const replica = t.servers.indexOf(shortLived);
    const me = t.shopper();
    const before = await available('store-a', 'SHORT');
    const res = await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'SHORT', quantity: 4, idempotencyKey: 'short' } }, { identity: me, replica });
    const ticket = res.body.data.hold;
    expect(ticket.status).toBe('HELD');
    expect(await available('store-a', 'SHORT')).toBe(before - 4);

    const expiresAt = new Date(ticket.expiresAt).getTime();
    const deadline = expiresAt + 1_000;
    while ((await available('store-a', 'SHORT')) !== before && Date.now() < deadline + 2_000) await new Promise((r) => setTimeout(r, 25));
    const restoredAt = Date.now();
    expect(await available('store-a', 'SHORT')).toBe(before);
    expect(restoredAt).toBeLessThanOrEqual(deadline);
    expect(callsFor(ticket.id, 'release')).toHaveLength(1);
    expect(inventory.inspectReservation('store-a', ticket.id)?.status).toBe('RELEASED');

    const one = await t.graphql(`query($id: ID!) { ticket(id: $id) { status } }`, { id: ticket.id }, { identity: me });
    expect(one.body.data.ticket.status).toBe('EXPIRED');
    expect(await cart(me)).toMatchObject({ version: 2, tickets: [] });
    expect(events.cartEvents('EXPIRED', ticket.id)).toHaveLength(1);

    const change = await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 1 }, { identity: me });
    expect(change.body.data.changeTicketQuantity).toMatchObject({ __typename: 'TicketExpiredError', code: 'TICKET_EXPIRED', ticketId: ticket.id, expiredAt: ticket.expiresAt });
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const begin = await client.begin({ sessionId: me.sessionId!, orderId: 'o-expired' });
    expect(begin).toMatchObject({ ok: false, code: 'TICKET_EXPIRED', ticket: { id: ticket.id, storeId: 'store-a', sku: 'SHORT', expiresAt: ticket.expiresAt } });
    const release = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id }, { identity: me });
    expect(release.body.data.releaseTicket).toMatchObject({ __typename: 'TicketNotHeldError', status: 'EXPIRED' });
  });

  it('begin names an expired line and moves nothing; abort after expiry ends the ticket EXPIRED', async () => {
    const shortLived = t.servers[t.servers.length - 1];
    const replica = t.servers.indexOf(shortLived);
    // sweepers off, so the expiry is found by begin and abort themselves
    await Promise.all(t.servers.map((s) => s.sweeper.stop()));
    try {
      const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
      const me = t.shopper();
      const longLived = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
      const short = (await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'SHORT', quantity: 1, idempotencyKey: 's2' } }, { identity: me, replica })).body.data.hold;
      await new Promise((r) => setTimeout(r, 450));
      const begin = await client.begin({ sessionId: me.sessionId!, orderId: 'o-mixed' });
      expect(begin).toMatchObject({ ok: false, code: 'TICKET_EXPIRED', ticket: { id: short.id } });
      expect((await cart(me)).tickets.map((x: { status: string }) => x.status)).toEqual(['HELD', 'HELD']);

      const me2 = t.shopper();
      const soon = (await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'SHORT', quantity: 1, idempotencyKey: 's3' } }, { identity: me2, replica })).body.data.hold;
      expect(await client.begin({ sessionId: me2.sessionId!, orderId: 'o-late' })).toMatchObject({ ok: true });
      await new Promise((r) => setTimeout(r, 450));
      expect(await client.abort('o-late')).toEqual({ ok: true });
      const after = await t.graphql(`query($id: ID!) { ticket(id: $id) { status } }`, { id: soon.id }, { identity: me2 });
      expect(after.body.data.ticket.status).toBe('EXPIRED');
      expect(inventory.inspectReservation('store-a', soon.id)?.status).toBe('RELEASED');
      await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: longLived.id }, { identity: me });
    } finally {
      for (const s of t.servers) s.sweeper.start();
    }
  });
});

describe('the sweeper cleans up what requests left behind', () => {
  /** The shared poller (test/support/wait.ts) with this block's 5 s bound. */
  const until = (check: () => Promise<boolean>) => pollUntil('the sweeper to clean up', check, 5_000);
  const statusOf = async (id: string) => (await t.pool.query('SELECT status, failure_code, release_owed FROM tickets WHERE id = $1', [id])).rows[0];

  it('a PENDING ticket abandoned by a crashed hold is released at the store and never shows', async () => {
    inventory.addItem('store-a', { sku: 'CRASH', price: 100, stockOnHand: 5 });
    const id = randomUUID();
    const sessionId = `sess_${randomUUID()}`;
    const expiresAt = new Date(Date.now() + 15 * 60_000);
    // the hold wrote its ticket and reached the store, then its process died (the store's
    // reservation is made first here, so the sweeper running meanwhile cannot release the
    // ticket before the store holds anything)
    await inventory.reserve('store-a', { ticketId: id, sku: 'CRASH', quantity: 2, leaseUntil: new Date(expiresAt.getTime() + 120_000) });
    expect(await available('store-a', 'CRASH')).toBe(3);
    await t.pool.query(
      `INSERT INTO tickets (id, cart_id, store_id, sku, quantity, status, expires_at, created_at, updated_at)
       VALUES ($1, $2, 'store-a', 'CRASH', 2, 'PENDING', $3, now() - interval '2 minutes', now() - interval '2 minutes')`,
      [id, sessionId, expiresAt],
    );
    await until(async () => (await available('store-a', 'CRASH')) === 5);
    // the store's confirmation is recorded on the ticket just after the store released it
    await until(async () => (await statusOf(id)).release_owed === false);
    expect(await statusOf(id)).toEqual({ status: 'RELEASED', failure_code: 'ABANDONED', release_owed: false });
    expect(await cart({ kind: 'GUEST', sessionId })).toMatchObject({ version: 0, tickets: [] });
  });

  it('a checkout stuck longer than the lease grace is aborted back to HELD', async () => {
    const me = t.shopper();
    const ticket = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    const client = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    expect(await client.begin({ sessionId: me.sessionId!, orderId: 'o-stuck' })).toMatchObject({ ok: true });
    // payment crashed mid-checkout long ago
    await t.pool.query(`UPDATE tickets SET checkout_started_at = now() - interval '3 minutes' WHERE id = $1`, [ticket.id]);
    await until(async () => (await statusOf(ticket.id)).status === 'HELD');
    expect(await cart(me)).toMatchObject({ version: 3, tickets: [{ id: ticket.id, status: 'HELD' }] });
    await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id }, { identity: me });
  });

  it('a release the store missed is retried until the store confirms it', async () => {
    inventory.addItem('store-down', { sku: 'RETRY', price: 100, stockOnHand: 5 });
    const me = t.shopper();
    const ticket = await hold(me, { storeId: 'store-down', sku: 'RETRY', quantity: 2 });
    inventory.setUnavailable('store-down');
    try {
      const released = await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id }, { identity: me });
      // the ticket is released for the shopper at once; the store is told when it is back
      expect(released.body.data.releaseTicket).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
      expect(await statusOf(ticket.id)).toMatchObject({ status: 'RELEASED', release_owed: true });
    } finally {
      inventory.setUnavailable('store-down', false);
    }
    await until(async () => (await available('store-down', 'RETRY')) === 5);
    // the store's count comes back a moment before the exchange records the release as settled
    await until(async () => (await statusOf(ticket.id)).release_owed === false);
  });
});
