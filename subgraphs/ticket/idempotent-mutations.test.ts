import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/identity.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { createTicketCheckoutClient } from './client.js';
import {
  CART_QUERY,
  CHANGE_QUANTITY_MUTATION,
  HOLD_MUTATION,
  RecordingEventBus,
  RELEASE_MUTATION,
  SAVE_CART_MUTATION,
  SAVED_CARTS_QUERY,
  startTicketForTest,
  type TicketUnderTest,
} from './testing.js';

// releaseTicket, changeTicketQuantity and saveCart take an idempotency key
// (lib/idempotency.ts through domain/keyed.ts). Real PostgreSQL; in-memory stores.
const directory = new StaticStoreDirectory([{ id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' }]);
const inventory = new InMemoryInventoryClient();
const events = new RecordingEventBus();

let t: TicketUnderTest;
/** A replica whose repeats do not wait for a running first request (REQUEST_IN_PROGRESS at once). */
let impatient: number;
beforeAll(async () => {
  t = await startTicketForTest('ticket_idem', { directory, inventory, events });
  impatient = t.servers.indexOf(await t.addReplica({ idempotencyWaitMs: 0 }));
});
afterAll(async () => {
  await t?.stop();
});

let skuCount = 0;
/** A fresh item of `stock` at store-a (each test counts its own stock). */
function freshSku(stock: number): string {
  const sku = `IDEM-${++skuCount}`;
  inventory.addItem('store-a', { sku, price: 500, stockOnHand: stock });
  return sku;
}

const available = async (sku: string) => (await inventory.inspectItem('store-a', sku))!.available;
const callsFor = (ticketId: string, method: string) => inventory.calls.filter((c) => c.method === method && (c.input as { ticketId?: string }).ticketId === ticketId);
const cart = (identity: Identity) => t.graphql(CART_QUERY, {}, { identity }).then((r) => r.body.data.cart);
const hold = async (identity: Identity, sku: string, quantity: number) => {
  const res = await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku, quantity, idempotencyKey: randomUUID() } }, { identity });
  expect(res.body.data.hold.__typename).toBe('Ticket');
  return res.body.data.hold as { id: string; quantity: number };
};
type Vars = Record<string, unknown>;
const release = (identity: Identity, vars: Vars, replica = 0) =>
  t.graphql(RELEASE_MUTATION, vars, { identity, replica }).then((r) => r.body.data?.releaseTicket ?? r.body);
const change = (identity: Identity, vars: Vars, replica = 0) =>
  t.graphql(CHANGE_QUANTITY_MUTATION, vars, { identity, replica }).then((r) => r.body.data?.changeTicketQuantity ?? r.body);
const save = (identity: Identity, vars: Vars, replica = 0) =>
  t.graphql(SAVE_CART_MUTATION, vars, { identity, replica }).then((r) => r.body.data?.saveCart ?? r.body);
const savedCarts = (identity: Identity) => t.graphql(SAVED_CARTS_QUERY, {}, { identity }).then((r) => r.body.data.savedCarts as { id: string }[]);

const REUSED = { __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' };
const IN_PROGRESS = { __typename: 'RequestInProgressError', code: 'REQUEST_IN_PROGRESS' };

/**
 * 10 identical requests at once while the cart's lock is held elsewhere: the one that
 * claimed the key waits for the lock, so the other 9 find it running. Resolves to the 9
 * early answers and the claimer's (after the lock is let go).
 */
async function tenWhileCartLocked<R>(cartId: string, send: () => Promise<R>): Promise<{ early: R[]; first: R }> {
  const client = await t.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT 1 FROM cart_versions WHERE cart_id = $1 FOR UPDATE', [cartId]);
    const answered: R[] = [];
    const requests = Array.from({ length: 10 }, () => send().then((r) => (answered.push(r), r)));
    const deadline = Date.now() + 10_000;
    while (answered.length < 9 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const early = [...answered];
    await client.query('COMMIT');
    const all = await Promise.all(requests);
    return { early, first: all.find((r) => !early.includes(r))! };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

describe('releaseTicket', () => {
  it('a repeat with the same key replays the first result; the stock went back once', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 3);
    expect(await available(sku)).toBe(7);
    const key = randomUUID();
    const first = await release(me, { ticketId: ticket.id, idempotencyKey: key, cartVersion: 1 });
    expect(first).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'RELEASED', quantity: 3 });
    expect(await available(sku)).toBe(10);
    expect(await release(me, { ticketId: ticket.id, idempotencyKey: key, cartVersion: 1 })).toEqual(first);
    // the cart version is no part of the request: a page that saw the release retries the same request
    expect(await release(me, { ticketId: ticket.id, idempotencyKey: key, cartVersion: 2 })).toEqual(first);
    expect(callsFor(ticket.id, 'release')).toHaveLength(1);
    expect(events.cartEvents('RELEASED', ticket.id)).toHaveLength(1);
    expect(await cart(me)).toMatchObject({ version: 2, tickets: [] });
    expect(await available(sku)).toBe(10);
  });

  it('the same key with other input is IDEMPOTENCY_KEY_REUSED and moves nothing; keys are per cart and per mutation', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const a = await hold(me, sku, 1);
    const b = await hold(me, sku, 2);
    const key = randomUUID();
    expect(await release(me, { ticketId: a.id, idempotencyKey: key })).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
    expect(await release(me, { ticketId: b.id, idempotencyKey: key })).toMatchObject(REUSED);
    expect(await available(sku)).toBe(8);
    expect((await cart(me)).tickets).toEqual([expect.objectContaining({ id: b.id, status: 'HELD' })]);
    // another cart may use the key
    const other = t.shopper();
    const theirs = await hold(other, sku, 1);
    expect(await release(other, { ticketId: theirs.id, idempotencyKey: key })).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
    // another mutation of the same cart may use the key
    expect(await change(me, { ticketId: b.id, quantity: 1, idempotencyKey: key })).toMatchObject({ __typename: 'Ticket', quantity: 1 });
  });

  it('a typed failure is kept and replayed: TicketNotHeldError stays the answer to its key', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 1);
    const checkout = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const orderId = `o-${randomUUID()}`;
    expect(await checkout.begin({ sessionId: me.sessionId!, orderId })).toMatchObject({ ok: true });
    const key = randomUUID();
    const refused = await release(me, { ticketId: ticket.id, idempotencyKey: key });
    expect(refused).toMatchObject({ __typename: 'TicketNotHeldError', code: 'TICKET_NOT_HELD', ticketId: ticket.id, status: 'CHECKING_OUT' });
    expect(await checkout.abort(orderId)).toEqual({ ok: true });
    // HELD again, but the key's answer was given
    expect(await release(me, { ticketId: ticket.id, idempotencyKey: key })).toEqual(refused);
    expect((await cart(me)).tickets).toEqual([expect.objectContaining({ id: ticket.id, status: 'HELD' })]);
    expect(await release(me, { ticketId: ticket.id, idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
  });

  it('a stale cart version keeps nothing: the retry with the fresh version runs under the same key', async () => {
    const me = t.shopper();
    const ticket = await hold(me, freshSku(10), 1);
    const key = randomUUID();
    expect(await release(me, { ticketId: ticket.id, idempotencyKey: key, cartVersion: 0 })).toMatchObject({ __typename: 'CartVersionMismatchError', expectedVersion: 0, cart: { version: 1 } });
    expect(await release(me, { ticketId: ticket.id, idempotencyKey: key, cartVersion: 1 })).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
  });

  it('refuses a blank or too long key as invalid input', async () => {
    const me = t.shopper();
    const ticket = await hold(me, freshSku(10), 1);
    for (const key of ['', '   ', 'k'.repeat(201)]) {
      expect(await release(me, { ticketId: ticket.id, idempotencyKey: key })).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });
      expect(await change(me, { ticketId: ticket.id, quantity: 2, idempotencyKey: key })).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });
    }
    expect((await cart(me)).tickets).toEqual([expect.objectContaining({ id: ticket.id, quantity: 1, status: 'HELD' })]);
  });

  it('10 concurrent identical releases: one release; the others replay it or get REQUEST_IN_PROGRESS', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 4);
    const vars = { ticketId: ticket.id, idempotencyKey: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 10 }, () => release(me, vars)));
    for (const answer of answers) {
      if (answer.__typename === 'Ticket') expect(answer).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'RELEASED', quantity: 4 });
      else expect(answer).toMatchObject(IN_PROGRESS);
    }
    expect(answers.filter((a) => a.__typename === 'Ticket').length).toBeGreaterThan(0);
    expect(callsFor(ticket.id, 'release')).toHaveLength(1);
    expect(events.cartEvents('RELEASED', ticket.id)).toHaveLength(1);
    expect(await cart(me)).toMatchObject({ version: 2 });
    expect(await available(sku)).toBe(10);
  });

  it('a repeat while the first still runs is REQUEST_IN_PROGRESS and runs nothing', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 4);
    const vars = { ticketId: ticket.id, idempotencyKey: randomUUID() };
    const { early, first } = await tenWhileCartLocked(me.sessionId!, () => release(me, vars, impatient));
    expect(early).toHaveLength(9);
    for (const answer of early) expect(answer).toMatchObject({ ...IN_PROGRESS, message: expect.any(String) });
    expect(first).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'RELEASED', quantity: 4 });
    expect(await release(me, vars, impatient)).toEqual(first);
    expect(callsFor(ticket.id, 'release')).toHaveLength(1);
    expect(events.cartEvents('RELEASED', ticket.id)).toHaveLength(1);
    expect(await available(sku)).toBe(10);
  });
});

describe('changeTicketQuantity', () => {
  it('a repeat with the same key replays and resizes nothing, even after a later change', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 1);
    const key = randomUUID();
    const first = await change(me, { ticketId: ticket.id, quantity: 3, idempotencyKey: key, cartVersion: 1 });
    expect(first).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'HELD', quantity: 3 });
    expect(await available(sku)).toBe(7);
    expect(await change(me, { ticketId: ticket.id, quantity: 3, idempotencyKey: key, cartVersion: 1 })).toEqual(first);
    expect(callsFor(ticket.id, 'reserve')).toHaveLength(2);

    // a later change (its own key), then a late retry of the first: the ticket as it is now, nothing resized back
    expect(await change(me, { ticketId: ticket.id, quantity: 2, idempotencyKey: randomUUID() })).toMatchObject({ quantity: 2 });
    expect(await change(me, { ticketId: ticket.id, quantity: 3, idempotencyKey: key })).toEqual({ ...first, quantity: 2 });
    expect(callsFor(ticket.id, 'reserve')).toHaveLength(3);
    expect(await available(sku)).toBe(8);
    expect(events.cartEvents('QUANTITY_CHANGED', ticket.id)).toHaveLength(2);
    expect(await cart(me)).toMatchObject({ version: 3, itemCount: 2 });
  });

  it('the same key with other input is IDEMPOTENCY_KEY_REUSED; a kept OutOfStockError is replayed without asking the store', async () => {
    const me = t.shopper();
    const sku = freshSku(5);
    const ticket = await hold(me, sku, 1);
    const key = randomUUID();
    const refused = await change(me, { ticketId: ticket.id, quantity: 8, idempotencyKey: key });
    expect(refused).toMatchObject({ __typename: 'OutOfStockError', code: 'OUT_OF_STOCK', requested: 8, available: 5 });
    const reserves = callsFor(ticket.id, 'reserve').length;
    expect(await change(me, { ticketId: ticket.id, quantity: 8, idempotencyKey: key })).toEqual(refused);
    expect(callsFor(ticket.id, 'reserve')).toHaveLength(reserves);
    expect(await change(me, { ticketId: ticket.id, quantity: 2, idempotencyKey: key })).toMatchObject(REUSED);
    expect(await available(sku)).toBe(4);
    expect((await cart(me)).tickets).toEqual([expect.objectContaining({ id: ticket.id, quantity: 1 })]);
  });

  it('a store that did not answer keeps nothing: the same key resizes once the store is back', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 1);
    const vars = { ticketId: ticket.id, quantity: 2, idempotencyKey: randomUUID() };
    inventory.setUnavailable('store-a');
    try {
      expect(await change(me, vars)).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' });
    } finally {
      inventory.setUnavailable('store-a', false);
    }
    expect(await change(me, vars)).toMatchObject({ __typename: 'Ticket', quantity: 2 });
    expect(await available(sku)).toBe(8);
  });

  it('10 concurrent identical changes: one resize; the others replay it or get REQUEST_IN_PROGRESS', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 1);
    const vars = { ticketId: ticket.id, quantity: 4, idempotencyKey: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 10 }, () => change(me, vars)));
    for (const answer of answers) {
      if (answer.__typename === 'Ticket') expect(answer).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'HELD', quantity: 4 });
      else expect(answer).toMatchObject(IN_PROGRESS);
    }
    expect(callsFor(ticket.id, 'reserve')).toHaveLength(2);
    expect(events.cartEvents('QUANTITY_CHANGED', ticket.id)).toHaveLength(1);
    expect(await cart(me)).toMatchObject({ version: 2, itemCount: 4 });
    expect(await available(sku)).toBe(6);
  });

  it('a repeat while the first still runs is REQUEST_IN_PROGRESS and runs nothing', async () => {
    const me = t.shopper();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 1);
    const vars = { ticketId: ticket.id, quantity: 5, idempotencyKey: randomUUID() };
    const { early, first } = await tenWhileCartLocked(me.sessionId!, () => change(me, vars, impatient));
    expect(early).toHaveLength(9);
    for (const answer of early) expect(answer).toMatchObject(IN_PROGRESS);
    expect(first).toEqual({ __typename: 'Ticket', id: ticket.id, status: 'HELD', quantity: 5 });
    expect(await change(me, vars, impatient)).toEqual(first);
    expect(callsFor(ticket.id, 'reserve')).toHaveLength(2);
    expect(events.cartEvents('QUANTITY_CHANGED', ticket.id)).toHaveLength(1);
    expect(await available(sku)).toBe(5);
  });
});

describe('saveCart', () => {
  it('a repeat with the same key returns the same saved cart; one save, the holds released once', async () => {
    const me = t.account();
    const sku = freshSku(10);
    const a = await hold(me, sku, 2);
    const b = await hold(me, freshSku(10), 1);
    const key = randomUUID();
    const first = await save(me, { name: 'later', releaseHolds: true, idempotencyKey: key });
    expect(first).toMatchObject({ __typename: 'SavedCart', name: 'later', lines: [{ sku, quantity: 2 }, { quantity: 1 }] });
    expect(await available(sku)).toBe(10);
    // the name is trimmed before it is compared: the same request
    expect(await save(me, { name: ' later ', releaseHolds: true, idempotencyKey: key })).toEqual(first);
    expect(await savedCarts(me)).toEqual([expect.objectContaining({ id: first.id })]);
    expect(callsFor(a.id, 'release')).toHaveLength(1);
    expect(callsFor(b.id, 'release')).toHaveLength(1);
    expect(events.cartEvents('RELEASED', a.id)).toHaveLength(1);
    expect(await save(me, { name: 'other', releaseHolds: true, idempotencyKey: key })).toMatchObject(REUSED);
    expect(await save(me, { name: 'later', releaseHolds: false, idempotencyKey: key })).toMatchObject(REUSED);
    expect(await savedCarts(me)).toHaveLength(1);
  });

  it('a kept EmptyCartError is replayed: the key saves nothing later', async () => {
    const me = t.account();
    const key = randomUUID();
    const empty = await save(me, { name: 'nothing', idempotencyKey: key });
    expect(empty).toMatchObject({ __typename: 'EmptyCartError', code: 'EMPTY_CART' });
    await hold(me, freshSku(10), 1);
    expect(await save(me, { name: 'nothing', idempotencyKey: key })).toEqual(empty);
    expect(await savedCarts(me)).toEqual([]);
  });

  it('10 concurrent identical saves releasing the holds: one saved cart, one release', async () => {
    const me = t.account();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 3);
    const vars = { name: 'race', releaseHolds: true, idempotencyKey: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 10 }, () => save(me, vars)));
    const saved = answers.filter((a) => a.__typename === 'SavedCart');
    expect(saved.length).toBeGreaterThan(0);
    for (const answer of saved) expect(answer).toEqual(saved[0]);
    for (const answer of answers.filter((a) => a.__typename !== 'SavedCart')) expect(answer).toMatchObject(IN_PROGRESS);
    expect(await savedCarts(me)).toEqual([expect.objectContaining({ id: saved[0].id })]);
    expect(callsFor(ticket.id, 'release')).toHaveLength(1);
    expect(events.cartEvents('RELEASED', ticket.id)).toHaveLength(1);
    expect(await available(sku)).toBe(10);
  });

  it('a repeat while the first still runs is REQUEST_IN_PROGRESS and saves nothing', async () => {
    const me = t.account();
    const sku = freshSku(10);
    const ticket = await hold(me, sku, 3);
    const vars = { name: 'locked', releaseHolds: true, idempotencyKey: randomUUID() };
    const { early, first } = await tenWhileCartLocked(`account:${me.accountId}`, () => save(me, vars, impatient));
    expect(early).toHaveLength(9);
    for (const answer of early) expect(answer).toMatchObject(IN_PROGRESS);
    expect(first).toMatchObject({ __typename: 'SavedCart', name: 'locked' });
    expect(await save(me, vars, impatient)).toEqual(first);
    expect(await savedCarts(me)).toEqual([expect.objectContaining({ id: first.id })]);
    expect(callsFor(ticket.id, 'release')).toHaveLength(1);
    expect(await available(sku)).toBe(10);
  });
});
