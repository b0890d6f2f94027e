import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentity, IDENTITY_HEADER } from '../../lib/identity.js';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { encodeCursor, MAX_QUANTITY_PER_TICKET } from './domain/inventory-service.js';
import { demoCatalog, isValidEan13, seedDemoCatalog } from './seed.js';
import { startInventoryForTest, type InventoryUnderTest } from './testing.js';

let inv: InventoryUnderTest;
let client: HttpInventoryClient;
const STORE = 'test-store';

beforeAll(async () => {
  inv = await startInventoryForTest('inventory', STORE);
  client = new HttpInventoryClient({ directory: inv.directory, timeoutMs: 10_000 });
  await seedDemoCatalog(inv.pool, { storeId: STORE, variant: 'books' });
});

afterAll(async () => {
  await inv?.stop();
});

const soon = (ms = 60_000) => new Date(Date.now() + ms);

async function itemState(sku: string): Promise<{ stockOnHand: number; available: number }> {
  const res = await inv.graphql(`query($s: ID!, $sku: String!) { item(storeId: $s, sku: $sku) { stockOnHand available } }`, { s: STORE, sku });
  return res.body.data.item;
}

async function reservationRow(ticketId: string) {
  const { rows } = await inv.pool.query('SELECT status, quantity, order_id FROM reservations WHERE ticket_id = $1', [ticketId]);
  return rows[0];
}

let skuCounter = 0;
/** A fresh item, so each test starts from known stock. */
async function freshItem(stock: number, price = 1_250): Promise<string> {
  const sku = `200000${String(++skuCounter).padStart(7, '0')}`;
  await inv.addItem({ sku, stock, price });
  return sku;
}

const PAGE = `query($id: ID!, $first: Int, $after: String) { store(id: $id) {
  id name currency
  items(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { storeId sku name description price { amount currency } stockOnHand available } } } } }`;

describe('catalog', () => {
  it('pages through the catalog in SKU order with opaque cursors', async () => {
    const demo = demoCatalog({ storeId: STORE, variant: 'books' });
    expect(demo.length).toBeGreaterThanOrEqual(24);
    const { rows } = await inv.pool.query<{ count: number }>('SELECT COUNT(*)::int AS count FROM items');
    const total = rows[0].count;

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await inv.graphql(PAGE, { id: STORE, first: 10, after });
      expect(res.body.errors).toBeUndefined();
      const store = res.body.data.store;
      expect(store).toMatchObject({ id: STORE, name: 'Test Store', currency: 'USD' });
      expect(store.items.totalCount).toBe(total);
      for (const edge of store.items.edges) {
        expect(edge.node.storeId).toBe(STORE);
        expect(edge.node.available).toBeLessThanOrEqual(edge.node.stockOnHand);
        seen.push(edge.node.sku);
      }
      pages++;
      if (!store.items.pageInfo.hasNextPage) break;
      after = store.items.pageInfo.endCursor;
      expect(after).toBe(store.items.edges.at(-1).cursor);
    }
    expect(pages).toBe(Math.ceil(total / 10));
    expect(seen).toHaveLength(total);
    expect([...seen].sort()).toEqual(seen);
    expect(new Set(seen).size).toBe(total);
    for (const item of demo) expect(seen).toContain(item.sku);
  });

  it('clamps `first` to 1..100', async () => {
    const zero = await inv.graphql(PAGE, { id: STORE, first: 0 });
    expect(zero.body.data.store.items.edges).toHaveLength(1);
    const negative = await inv.graphql(PAGE, { id: STORE, first: -5 });
    expect(negative.body.data.store.items.edges).toHaveLength(1);
    for (let i = 0; i < 110; i++) await freshItem(5);
    const huge = await inv.graphql(PAGE, { id: STORE, first: 100_000 });
    expect(huge.body.data.store.items.edges).toHaveLength(100);
    expect(huge.body.data.store.items.pageInfo.hasNextPage).toBe(true);
  });

  it('refuses a cursor it did not hand out with INVALID_INPUT', async () => {
    for (const after of ['not-a-cursor', 'aXRlbQ', Buffer.from('sku:123').toString('base64'), '!!!', '']) {
      const res = await inv.graphql(PAGE, { id: STORE, first: 5, after });
      expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
    }
    // a cursor for a SKU that no longer exists still pages from that point
    const res = await inv.graphql(PAGE, { id: STORE, first: 1, after: encodeCursor('0') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.store.items.edges).toHaveLength(1);
  });

  it('answers null for another store id, an unknown SKU, or another store\'s item', async () => {
    const [first] = demoCatalog({ storeId: STORE, variant: 'books' });
    const res = await inv.graphql(
      `query($sku: String!) {
        other: store(id: "other-store") { id }
        mine: store(id: "${STORE}") { item(sku: $sku) { sku name price { amount currency } } missing: item(sku: "0000000000000") { sku } }
        theirs: item(storeId: "other-store", sku: $sku) { sku }
        unknown: item(storeId: "${STORE}", sku: "0000000000000") { sku }
      }`,
      { sku: first.sku },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      other: null,
      mine: { item: { sku: first.sku, name: first.name, price: { amount: first.price, currency: 'USD' } }, missing: null },
      theirs: null,
      unknown: null,
    });
  });

  it('resolves Store and Item entities; many items cost one query', async () => {
    const demo = demoCatalog({ storeId: STORE, variant: 'books' }).slice(0, 8);
    const representations = [
      { __typename: 'Store', id: STORE },
      { __typename: 'Store', id: 'other-store' },
      ...demo.map((d) => ({ __typename: 'Item', storeId: STORE, sku: d.sku })),
      { __typename: 'Item', storeId: STORE, sku: '0000000000000' },
      { __typename: 'Item', storeId: 'other-store', sku: demo[0].sku },
    ];
    inv.queries.length = 0;
    const res = await inv.graphql(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Store { id name } ... on Item { storeId sku name available } } }`,
      { r: representations },
    );
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data._entities;
    expect(entities[0]).toEqual({ __typename: 'Store', id: STORE, name: 'Test Store' });
    expect(entities[1]).toBeNull();
    expect(entities.slice(2, 10).map((e: { sku: string }) => e.sku)).toEqual(demo.map((d) => d.sku));
    expect(entities.slice(10)).toEqual([null, null]);
    expect(inv.queries.filter((q) => q.includes('FROM items'))).toHaveLength(1);
  });

  it('seeds realistic, idempotent demo catalogs that differ per store', async () => {
    const books = demoCatalog({ storeId: 'a-bookshop', variant: 'books' });
    const hardware = demoCatalog({ storeId: 'hw-one', variant: 'hardware' });
    const otherHardware = demoCatalog({ storeId: 'hw-two', variant: 'hardware' });
    for (const catalog of [books, hardware]) {
      expect(catalog.length).toBeGreaterThanOrEqual(24);
      expect(new Set(catalog.map((i) => i.sku)).size).toBe(catalog.length);
      for (const item of catalog) {
        expect(isValidEan13(item.sku)).toBe(true);
        expect(item.stock).toBeGreaterThanOrEqual(5);
        expect(item.stock).toBeLessThanOrEqual(200);
        expect(item.price).toBeGreaterThan(0);
      }
    }
    const bookSkus = new Set(books.map((i) => i.sku));
    expect(hardware.some((i) => bookSkus.has(i.sku))).toBe(false);
    expect(otherHardware.some((i) => hardware.some((h) => h.sku === i.sku))).toBe(false);
    expect(await seedDemoCatalog(inv.pool, { storeId: STORE, variant: 'books' })).toBe(0);
  });
});

describe('holds and availability', () => {
  it('available drops on reserve, comes back on release', async () => {
    const sku = await freshItem(10);
    const ticketId = randomUUID();
    const held = await client.reserve(STORE, { ticketId, sku, quantity: 3, leaseUntil: soon() });
    expect(held).toMatchObject({ ok: true, reservation: { ticketId, sku, quantity: 3, status: 'HELD', unitPrice: { amount: 1_250, currency: 'USD' } } });
    expect(await itemState(sku)).toEqual({ stockOnHand: 10, available: 7 });

    const released = await client.release(STORE, ticketId);
    expect(released).toMatchObject({ ok: true, reservation: { status: 'RELEASED', quantity: 3 } });
    expect(await itemState(sku)).toEqual({ stockOnHand: 10, available: 10 });
  });

  it('a lapsed lease stops counting by itself', async () => {
    const sku = await freshItem(4);
    const leaseUntil = soon(700);
    const held = await client.reserve(STORE, { ticketId: randomUUID(), sku, quantity: 4, leaseUntil });
    expect(held.ok).toBe(true);
    expect(await itemState(sku)).toEqual({ stockOnHand: 4, available: 0 });
    const refused = await client.reserve(STORE, { ticketId: randomUUID(), sku, quantity: 1, leaseUntil: soon() });
    expect(refused).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', available: 0 });

    await new Promise((resolve) => setTimeout(resolve, leaseUntil.getTime() - Date.now() + 100));
    expect(await itemState(sku)).toEqual({ stockOnHand: 4, available: 4 });
    expect((await client.reserve(STORE, { ticketId: randomUUID(), sku, quantity: 4, leaseUntil: soon() })).ok).toBe(true);
  });

  it('reserve is idempotent, resizes a hold and moves its lease', async () => {
    const sku = await freshItem(10);
    const ticketId = randomUUID();
    const first = await client.reserve(STORE, { ticketId, sku, quantity: 2, leaseUntil: soon() });
    const again = await client.reserve(STORE, { ticketId, sku, quantity: 2, leaseUntil: soon() });
    expect(again).toMatchObject({ ok: true, reservation: { quantity: 2, status: 'HELD' } });
    expect(first.ok && again.ok).toBe(true);
    expect(await itemState(sku)).toEqual({ stockOnHand: 10, available: 8 });

    const later = soon(120_000);
    const grown = await client.reserve(STORE, { ticketId, sku, quantity: 10, leaseUntil: later });
    expect(grown).toMatchObject({ ok: true, reservation: { quantity: 10 } });
    if (grown.ok) expect(grown.reservation.leaseUntil.toISOString()).toBe(later.toISOString());
    expect(await itemState(sku)).toEqual({ stockOnHand: 10, available: 0 });

    // growing past stock is refused and leaves the hold as it was
    const tooBig = await client.reserve(STORE, { ticketId, sku, quantity: 11, leaseUntil: soon() });
    expect(tooBig).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', available: 10 });
    expect(await reservationRow(ticketId)).toMatchObject({ status: 'HELD', quantity: 10 });

    const shrunk = await client.reserve(STORE, { ticketId, sku, quantity: 1, leaseUntil: soon() });
    expect(shrunk).toMatchObject({ ok: true, reservation: { quantity: 1 } });
    expect(await itemState(sku)).toEqual({ stockOnHand: 10, available: 9 });
  });

  it('release is idempotent; a released reservation cannot be re-reserved or committed', async () => {
    const sku = await freshItem(5);
    const ticketId = randomUUID();
    await client.reserve(STORE, { ticketId, sku, quantity: 2, leaseUntil: soon() });
    expect(await client.release(STORE, ticketId)).toMatchObject({ ok: true, reservation: { status: 'RELEASED' } });
    expect(await client.release(STORE, ticketId)).toMatchObject({ ok: true, reservation: { status: 'RELEASED' } });
    expect(await client.reserve(STORE, { ticketId, sku, quantity: 2, leaseUntil: soon() })).toMatchObject({ ok: false, code: 'RESERVATION_RELEASED' });
    expect(await client.commit(STORE, { ticketId, orderId: 'order-1' })).toMatchObject({ ok: false, code: 'RESERVATION_RELEASED' });
    expect(await client.release(STORE, randomUUID())).toMatchObject({ ok: false, code: 'RESERVATION_NOT_FOUND' });
    expect(await client.commit(STORE, { ticketId: randomUUID(), orderId: 'order-1' })).toMatchObject({ ok: false, code: 'RESERVATION_NOT_FOUND' });
    expect(await itemState(sku)).toEqual({ stockOnHand: 5, available: 5 });
  });
});

describe('commit', () => {
  it('drops stock on hand once, idempotently for the same order', async () => {
    const sku = await freshItem(6);
    const ticketId = randomUUID();
    await client.reserve(STORE, { ticketId, sku, quantity: 4, leaseUntil: soon() });
    const committed = await client.commit(STORE, { ticketId, orderId: 'order-42' });
    expect(committed).toMatchObject({ ok: true, reservation: { status: 'COMMITTED', quantity: 4 } });
    expect(await itemState(sku)).toEqual({ stockOnHand: 2, available: 2 });

    expect(await client.commit(STORE, { ticketId, orderId: 'order-42' })).toMatchObject({ ok: true, reservation: { status: 'COMMITTED' } });
    expect(await itemState(sku)).toEqual({ stockOnHand: 2, available: 2 });

    expect(await client.commit(STORE, { ticketId, orderId: 'order-43' })).toMatchObject({ ok: false, code: 'RESERVATION_COMMITTED' });
    expect(await client.release(STORE, ticketId)).toMatchObject({ ok: false, code: 'RESERVATION_COMMITTED' });
    expect(await client.reserve(STORE, { ticketId, sku, quantity: 1, leaseUntil: soon() })).toMatchObject({ ok: false, code: 'RESERVATION_COMMITTED' });
    expect(await itemState(sku)).toEqual({ stockOnHand: 2, available: 2 });
    expect(await reservationRow(ticketId)).toMatchObject({ status: 'COMMITTED', order_id: 'order-42' });
  });

  it('commits a lapsed lease only while stock allows it, and never drives stock negative', async () => {
    const sku = await freshItem(3);
    const lapsing = randomUUID();
    const leaseUntil = soon(500);
    await client.reserve(STORE, { ticketId: lapsing, sku, quantity: 2, leaseUntil });
    await new Promise((resolve) => setTimeout(resolve, leaseUntil.getTime() - Date.now() + 100));

    // lapsed but stock still there: the sale goes through
    expect(await client.commit(STORE, { ticketId: lapsing, orderId: 'order-late' })).toMatchObject({ ok: true, reservation: { status: 'COMMITTED' } });
    expect(await itemState(sku)).toEqual({ stockOnHand: 1, available: 1 });

    // lapsed while someone else took the last unit: refused
    const second = randomUUID();
    const shortLease = soon(500);
    await client.reserve(STORE, { ticketId: second, sku, quantity: 1, leaseUntil: shortLease });
    await new Promise((resolve) => setTimeout(resolve, shortLease.getTime() - Date.now() + 100));
    const other = randomUUID();
    expect((await client.reserve(STORE, { ticketId: other, sku, quantity: 1, leaseUntil: soon() })).ok).toBe(true);
    expect(await client.commit(STORE, { ticketId: second, orderId: 'order-too-late' })).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', available: 0 });
    expect((await client.commit(STORE, { ticketId: other, orderId: 'order-x' })).ok).toBe(true);
    expect(await itemState(sku)).toEqual({ stockOnHand: 0, available: 0 });

    // stock written down under a live hold: the commit is refused rather than going negative
    const sku2 = await freshItem(2);
    const held = randomUUID();
    await client.reserve(STORE, { ticketId: held, sku: sku2, quantity: 2, leaseUntil: soon() });
    await inv.pool.query('UPDATE items SET stock_on_hand = 1 WHERE sku = $1', [sku2]);
    expect(await client.commit(STORE, { ticketId: held, orderId: 'order-y' })).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', available: 1 });
    expect(await itemState(sku2)).toEqual({ stockOnHand: 1, available: 0 });
    await expect(inv.pool.query('UPDATE items SET stock_on_hand = -1 WHERE sku = $1', [sku2])).rejects.toThrow(/check constraint/);
  });
});

describe('protocol security and input checks', () => {
  const RESERVE = `mutation($t: ID!, $s: String!, $q: Int!, $l: DateTime!) { reserve(ticketId: $t, sku: $s, quantity: $q, leaseUntil: $l) { __typename ... on ProtocolError { code } } }`;

  it('refuses unsigned, wrongly signed and tampered protocol calls', async () => {
    const sku = await freshItem(5);
    const variables = { t: randomUUID(), s: sku, q: 1, l: soon().toISOString() };
    const unsigned = await inv.graphql(RESERVE, variables);
    const wrongSecret = await inv.graphql(RESERVE, variables, { sign: 'not-the-store-secret' });
    for (const res of [unsigned, wrongSecret]) {
      expect(res.body.errors[0].extensions.code).toBe('INVALID_SIGNATURE');
      expect(res.body.data).toBeNull();
    }
    // a signature of another body does not carry over
    const body = JSON.stringify({ query: RESERVE, variables: { ...variables, q: 1 } });
    const { signRequestHeaders } = await import('../../lib/signing.js');
    const tampered = await fetch(inv.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRequestHeaders(inv.secret, body) },
      body: JSON.stringify({ query: RESERVE, variables: { ...variables, q: 5 } }),
    });
    expect((await tampered.json()).errors[0].extensions.code).toBe('INVALID_SIGNATURE');
    for (const mutation of [`mutation { release(ticketId: "${variables.t}") { __typename } }`, `mutation { commit(ticketId: "${variables.t}", orderId: "o") { __typename } }`]) {
      expect((await inv.graphql(mutation)).body.errors[0].extensions.code).toBe('INVALID_SIGNATURE');
    }
    expect(await reservationRow(variables.t)).toBeUndefined();
    expect(await itemState(sku)).toEqual({ stockOnHand: 5, available: 5 });

    const signed = await inv.graphql(RESERVE, variables, { sign: true });
    expect(signed.body.data.reserve.__typename).toBe('Reservation');
  });

  it('refuses a forged identity header with INVALID_IDENTITY', async () => {
    const forged = signIdentity({ kind: 'STORE', storeId: STORE }, 'not-the-gateway-key');
    const res = await inv.graphql(`{ store(id: "${STORE}") { id } }`, {}, { headers: { [IDENTITY_HEADER]: forged } });
    expect(res.body.errors[0].extensions.code).toBe('INVALID_IDENTITY');
    const genuine = signIdentity({ kind: 'STORE', storeId: STORE }, inv.identityKey);
    const ok = await inv.graphql(`{ store(id: "${STORE}") { id } }`, {}, { headers: { [IDENTITY_HEADER]: genuine } });
    expect(ok.body.data.store.id).toBe(STORE);
  });

  it('invalid inputs change nothing', async () => {
    const sku = await freshItem(7);
    const before = await inv.pool.query('SELECT COUNT(*)::int AS n FROM reservations');
    for (const quantity of [0, -1, 1_000_000_000, MAX_QUANTITY_PER_TICKET + 1]) {
      expect(await client.reserve(STORE, { ticketId: randomUUID(), sku, quantity, leaseUntil: soon() })).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    }
    expect(await client.reserve(STORE, { ticketId: randomUUID(), sku: '0000000000000', quantity: 1, leaseUntil: soon() })).toMatchObject({ ok: false, code: 'ITEM_NOT_FOUND' });
    expect(await client.reserve(STORE, { ticketId: randomUUID(), sku: 'x'.repeat(5_000), quantity: 1, leaseUntil: soon() })).toMatchObject({ ok: false, code: 'ITEM_NOT_FOUND' });
    for (const leaseUntil of [new Date(Date.now() - 1_000), new Date(Date.now() + 3 * 24 * 3_600_000)]) {
      await expect(client.reserve(STORE, { ticketId: randomUUID(), sku, quantity: 1, leaseUntil })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    // the client refuses a malformed ticket id before sending; the store refuses it too
    await expect(client.reserve(STORE, { ticketId: 'not-a-uuid', sku, quantity: 1, leaseUntil: soon() })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    for (const t of ['not-a-uuid', "'; DROP TABLE items; --", '']) {
      const res = await inv.graphql(RESERVE, { t, s: sku, q: 1, l: soon().toISOString() }, { sign: true });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'ticketId' });
    }
    const badDate = await inv.graphql(RESERVE, { t: randomUUID(), s: sku, q: 1, l: 'tomorrow' }, { sign: true });
    expect(badDate.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const overflow = await inv.graphql(RESERVE, { t: randomUUID(), s: sku, q: 2 ** 40, l: soon().toISOString() }, { sign: true });
    expect(overflow.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const blankOrder = await inv.graphql(`mutation($t: ID!) { commit(ticketId: $t, orderId: " ") { __typename } }`, { t: randomUUID() }, { sign: true });
    expect(blankOrder.body.errors[0].extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'orderId' });

    const after = await inv.pool.query('SELECT COUNT(*)::int AS n FROM reservations');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(await itemState(sku)).toEqual({ stockOnHand: 7, available: 7 });
  });

  it('a ticket reserves one SKU only', async () => {
    const sku = await freshItem(3);
    const other = await freshItem(3);
    const ticketId = randomUUID();
    await client.reserve(STORE, { ticketId, sku, quantity: 1, leaseUntil: soon() });
    await expect(client.reserve(STORE, { ticketId, sku: other, quantity: 1, leaseUntil: soon() })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await itemState(other)).toEqual({ stockOnHand: 3, available: 3 });

    // the same new ticket on two SKUs at once: one wins, the other changes nothing
    const racing = randomUUID();
    const outcomes = await Promise.allSettled([
      client.reserve(STORE, { ticketId: racing, sku, quantity: 2, leaseUntil: soon() }),
      client.reserve(STORE, { ticketId: racing, sku: other, quantity: 3, leaseUntil: soon() }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected' && (o.reason as { code: string }).code === 'INVALID_INPUT')).toHaveLength(1);
    const row = (await inv.pool.query('SELECT sku, quantity FROM reservations WHERE ticket_id = $1', [racing])).rows[0];
    expect(row).toEqual(row.sku === sku ? { sku, quantity: 2 } : { sku: other, quantity: 3 });
  });
});
