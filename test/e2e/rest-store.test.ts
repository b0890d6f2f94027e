import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { signRequestHeaders } from '../../lib/signing.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { graphql, HOLD, ITEM_AVAILABLE, Shopper } from '../support/graphql-client.js';
import { REST_TEST_STORE, startTestExchange, TEST_STORES } from '../support/exchange.js';

// A store with only a REST API (examples/rest-store) joins through the inventory-rest
// wrapper and takes holds, releases and purchases through the gateway like any store.

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;
const R = REST_TEST_STORE.id;

const restStore = () => exchange.stores.find((s) => s.id === R)!;
const restDb = () => restStore().pool;

async function page(storeId: string, first: number, after?: string | null) {
  const res = await graphql(
    exchange.gatewayUrl,
    `query($id: ID!, $first: Int, $after: String) { store(id: $id) { name currency items(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { storeId sku name description price { amount currency } stockOnHand available } } } } }`,
    { id: storeId, first, after },
  );
  expect(res.errors).toBeUndefined();
  return res.data.store;
}

async function item(sku: string) {
  const res = await graphql(exchange.gatewayUrl, ITEM_AVAILABLE, { storeId: R, sku });
  expect(res.errors).toBeUndefined();
  return res.data.item as { sku: string; available: number; stockOnHand: number; price: { amount: number } };
}

async function hold(shopper: Shopper, sku: string, quantity: number) {
  return (await shopper.send(HOLD, { input: { storeId: R, sku, quantity, idempotencyKey: randomUUID() } })).data.hold;
}

async function dbHold(ticketId: string) {
  return (await restDb().query('SELECT sku, qty, state, expires_at, order_ref FROM holds WHERE hold_id = $1', [ticketId])).rows[0];
}

beforeAll(async () => {
  exchange = await startTestExchange({ stores: [...TEST_STORES, REST_TEST_STORE] });
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('a REST-wrapped store through the gateway', () => {
  it('pages its catalog in the contract shape, prices converted from decimal strings', async () => {
    const first = await page(R, 5);
    expect(first.name).toBe(REST_TEST_STORE.name);
    expect(first.currency).toBe('USD');
    expect(first.items.totalCount).toBe(12);
    expect(first.items.edges).toHaveLength(5);
    expect(first.items.pageInfo).toEqual({ hasNextPage: true, endCursor: first.items.edges[4].cursor });
    const second = await page(R, 5, first.items.pageInfo.endCursor);
    const third = await page(R, 5, second.items.pageInfo.endCursor);
    expect(third.items.edges).toHaveLength(2);
    expect(third.items.pageInfo.hasNextPage).toBe(false);
    const nodes = [...first.items.edges, ...second.items.edges, ...third.items.edges].map((e: any) => e.node);

    const rows = (await restDb().query('SELECT sku, title, blurb, price::text AS price, in_stock FROM items ORDER BY sku')).rows;
    expect(nodes.map((n: any) => n.sku)).toEqual(rows.map((r) => r.sku));
    for (const [i, row] of rows.entries()) {
      const [units, cents] = row.price.split('.');
      expect(nodes[i]).toEqual({
        storeId: R,
        sku: row.sku,
        name: row.title,
        description: row.blurb,
        price: { amount: Number(units) * 100 + Number(cents), currency: 'USD' },
        stockOnHand: row.in_stock,
        available: row.in_stock,
      });
    }
    // an unknown SKU is null, like at any store
    expect((await graphql(exchange.gatewayUrl, ITEM_AVAILABLE, { storeId: R, sku: '0000000000000' })).data.item).toBeNull();
  });

  it('hold → available drops and the REST store has an expiring hold; release → back', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const sku = (await page(R, 2)).items.edges[1].node.sku;
    const before = await item(sku);

    const ticket = await hold(shopper, sku, 3);
    expect(ticket).toMatchObject({ __typename: 'Ticket', storeId: R, sku, quantity: 3, status: 'HELD', unitPrice: { amount: before.price.amount, currency: 'USD' } });
    expect((await item(sku)).available).toBe(before.available - 3);
    const row = await dbHold(ticket.id);
    expect(row).toMatchObject({ sku, qty: 3, state: 'active', order_ref: null });
    // the lease reaches the REST store as the hold's own expiry: it lapses by itself
    expect(row.expires_at.getTime()).toBeGreaterThanOrEqual(new Date(ticket.expiresAt).getTime());

    const change = `mutation($id: ID!, $q: Int!, $k: String!) { changeTicketQuantity(ticketId: $id, quantity: $q, idempotencyKey: $k) { __typename ... on Ticket { quantity } ... on ErrorResult { code } ... on OutOfStockError { available } } }`;
    expect((await shopper.send(change, { id: ticket.id, q: 5, k: randomUUID() })).data.changeTicketQuantity).toEqual({ __typename: 'Ticket', quantity: 5 });
    expect((await item(sku)).available).toBe(before.available - 5);
    const tooMany = (await shopper.send(change, { id: ticket.id, q: before.stockOnHand + 1, k: randomUUID() })).data.changeTicketQuantity;
    expect(tooMany).toMatchObject({ code: 'OUT_OF_STOCK', available: before.available });

    const release = `mutation($id: ID!, $k: String!) { releaseTicket(ticketId: $id, idempotencyKey: $k) { __typename ... on Ticket { status } ... on ErrorResult { code } } }`;
    expect((await shopper.send(release, { id: ticket.id, k: randomUUID() })).data.releaseTicket).toEqual({ __typename: 'Ticket', status: 'RELEASED' });
    expect((await item(sku)).available).toBe(before.available);
    expect((await dbHold(ticket.id)).state).toBe('cancelled');
  });

  it('refuses what the REST store refuses, with the contract codes', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [sku] = (await page(R, 1)).items.edges.map((e: any) => e.node.sku);
    expect((await hold(shopper, '0000000000000', 1)).code).toBe('ITEM_NOT_FOUND');
    const { available } = await item(sku);
    const short = await hold(shopper, sku, available + 1);
    expect(short).toMatchObject({ code: 'OUT_OF_STOCK', available });
    expect((await item(sku)).available).toBe(available);
  });

  it('checkout commits the stock at the REST store (its own database)', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const skus = (await page(R, 4)).items.edges.map((e: any) => e.node.sku);
    const sku = skus[3];
    const [aSku] = (await graphql(exchange.gatewayUrl, `{ store(id: "store-a") { items(first: 1) { edges { node { sku } } } } }`)).data.store.items.edges.map((e: any) => e.node.sku);
    const before = await item(sku);
    const restTicket = await hold(shopper, sku, 2);
    expect(restTicket.__typename).toBe('Ticket');
    expect((await shopper.send(HOLD, { input: { storeId: 'store-a', sku: aSku, quantity: 1, idempotencyKey: randomUUID() } })).data.hold.__typename).toBe('Ticket');

    const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
    const checkout = await shopper.send(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id status total { amount } parts { store { id } subtotal { amount } lines { sku quantity unitPrice { amount } } } } ... on ErrorResult { code message } } }`,
      { input: { idempotencyKey: randomUUID(), payment: { card } } },
    );
    const order = checkout.data.checkout;
    expect(order.__typename).toBe('Order');
    const part = order.parts.find((p: any) => p.store.id === R);
    expect(part.lines).toEqual([{ sku, quantity: 2, unitPrice: { amount: before.price.amount } }]);
    expect(part.subtotal.amount).toBe(before.price.amount * 2);

    const row = await dbHold(restTicket.id);
    expect(row.state).toBe('confirmed');
    expect(row.order_ref).toEqual(expect.any(String));
    const stock = (await restDb().query('SELECT in_stock FROM items WHERE sku = $1', [sku])).rows[0].in_stock;
    expect(stock).toBe(before.stockOnHand - 2);
    expect(await item(sku)).toMatchObject({ stockOnHand: before.stockOnHand - 2, available: before.available - 2 });
  });

  it('60 concurrent holds on a stock of 20 give exactly 20 tickets; the REST store never oversells', async () => {
    const sku = (await page(R, 5)).items.edges[4].node.sku;
    await restDb().query('UPDATE items SET in_stock = 20 WHERE sku = $1', [sku]);
    const shoppers = await Promise.all(Array.from({ length: 20 }, () => new Shopper(exchange.gatewayUrl).startGuest()));
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => hold(shoppers[i % shoppers.length], sku, 1)));
    const kinds = results.map((r) => r?.__typename);
    expect(kinds.filter((k) => k === 'Ticket')).toHaveLength(20);
    expect(kinds.filter((k) => k === 'OutOfStockError')).toHaveLength(40);
    expect((await item(sku)).available).toBe(0);
    const held = await restDb().query(`SELECT COALESCE(SUM(qty), 0)::int AS n FROM holds WHERE sku = $1 AND state = 'active' AND expires_at > now()`, [sku]);
    expect(held.rows[0].n).toBe(20);
  });

  it('refuses protocol calls to the wrapper that the exchange did not sign', async () => {
    const store = restStore();
    const sku = (await page(R, 1)).items.edges[0].node.sku;
    const ticketId = randomUUID();
    const body = JSON.stringify({
      query: `mutation($t: ID!, $s: String!, $l: DateTime!) { reserve(ticketId: $t, sku: $s, quantity: 1, leaseUntil: $l) { __typename } }`,
      variables: { t: ticketId, s: sku, l: new Date(Date.now() + 60_000).toISOString() },
    });
    for (const headers of [{}, signRequestHeaders('not-the-store-secret', body), signRequestHeaders(store.secret, `${body} `)]) {
      const res = await fetch(store.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const json = (await res.json()) as any;
      expect(json.errors?.[0]?.extensions?.code).toBe('INVALID_SIGNATURE');
    }
    expect(await dbHold(ticketId)).toBeUndefined();
    // signed with the store secret, the same call goes through
    const signed = await fetch(store.url, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequestHeaders(store.secret, body) }, body });
    expect(((await signed.json()) as any).data.reserve.__typename).toBe('Reservation');
    expect((await dbHold(ticketId)).state).toBe('active');
  });

  it('a hold lapses at the REST store by itself when its lease ends (nobody releases it)', async () => {
    const store = restStore();
    const client = new HttpInventoryClient({ directory: new StaticStoreDirectory([{ id: store.id, name: store.name, url: store.url, secret: store.secret, apiKey: store.apiKey }]) });
    const sku = (await page(R, 7)).items.edges[6].node.sku;
    const before = (await item(sku)).available;
    const ticketId = randomUUID();
    const outcome = await client.reserve(R, { ticketId, sku, quantity: 2, leaseUntil: new Date(Date.now() + 800) });
    expect(outcome).toMatchObject({ ok: true, reservation: { ticketId, sku, quantity: 2, status: 'HELD' } });
    expect((await item(sku)).available).toBe(before - 2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await item(sku)).available).toBe(before);
    // the protocol's answers for the rest of the life of a reservation, through the wrapper
    expect(await client.release(R, ticketId)).toMatchObject({ ok: true, reservation: { status: 'RELEASED' } });
    expect(await client.release(R, ticketId)).toMatchObject({ ok: true, reservation: { status: 'RELEASED' } });
    expect(await client.commit(R, { ticketId, orderId: 'o-1' })).toMatchObject({ ok: false, code: 'RESERVATION_RELEASED' });
    expect(await client.release(R, randomUUID())).toMatchObject({ ok: false, code: 'RESERVATION_NOT_FOUND' });
    expect(await client.reserve(R, { ticketId: randomUUID(), sku, quantity: 0, leaseUntil: new Date(Date.now() + 60_000) })).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
  });
});

describe('expiry of a REST-store ticket with nobody asking', () => {
  let shortTtl: Exchange;
  beforeAll(async () => {
    shortTtl = await startTestExchange({ stores: [REST_TEST_STORE], ticketTtlMs: 1_500, leaseGraceMs: 60_000 });
  });
  afterAll(async () => {
    await shortTtl?.dispose();
  });

  it('the ticket expires, the sweeper releases the hold at the REST store and the count comes back', async () => {
    const shopper = await new Shopper(shortTtl.gatewayUrl).startGuest();
    const list = await graphql(shortTtl.gatewayUrl, `{ store(id: "${R}") { items(first: 1) { edges { node { sku available } } } } }`);
    const { sku, available: before } = list.data.store.items.edges[0].node;
    const ticket = (await shopper.send(HOLD, { input: { storeId: R, sku, quantity: 2, idempotencyKey: randomUUID() } })).data.hold;
    const expiresAt = new Date(ticket.expiresAt).getTime();
    const count = async () => (await graphql(shortTtl.gatewayUrl, ITEM_AVAILABLE, { storeId: R, sku })).data.item.available;
    expect(await count()).toBe(before - 2);
    let backAt = 0;
    while (Date.now() < expiresAt + 5_000) {
      if ((await count()) === before) {
        backAt = Date.now();
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(backAt).toBeGreaterThan(0);
    expect(backAt - expiresAt).toBeLessThan(1_500);
    const pool = shortTtl.stores.find((s) => s.id === R)!.pool;
    expect((await pool.query('SELECT state FROM holds WHERE hold_id = $1', [ticket.id])).rows[0].state).toBe('cancelled');
    expect((await shopper.send(`query($id: ID!) { ticket(id: $id) { status } }`, { id: ticket.id })).data.ticket.status).toBe('EXPIRED');
  });
});
