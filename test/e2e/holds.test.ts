import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, HOLD, ITEM_AVAILABLE, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

/** The first n SKUs of a store's catalog. */
async function skus(storeId: string, n: number): Promise<string[]> {
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!, $n: Int) { store(id: $id) { items(first: $n) { edges { node { sku } } } } }`, { id: storeId, n });
  return res.data.store.items.edges.map((e: any) => e.node.sku);
}

async function available(storeId: string, sku: string): Promise<number> {
  const res = await graphql(exchange.gatewayUrl, ITEM_AVAILABLE, { storeId, sku });
  return res.data.item.available;
}

async function setStock(storeId: string, sku: string, stock: number) {
  const store = exchange.stores.find((s) => s.id === storeId)!;
  await store.pool.query('UPDATE items SET stock_on_hand = $2 WHERE sku = $1', [sku, stock]);
}

const CART = `{ cart { version itemCount totals { amount currency } tickets { id storeId sku quantity status unitPrice { amount } lineTotal { amount }
  item { name price { amount } } store { name } } } }`;

beforeAll(async () => {
  exchange = await startTestExchange({ extraTicketReplicas: 1 });
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('holds through the gateway', () => {
  it('holds across two stores; the cart has server-computed lines and totals; availability drops at once', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [a1] = await skus('store-a', 1);
    const [b1] = await skus('store-b', 1);
    const beforeA = await available('store-a', a1);

    const h1 = await shopper.send(HOLD, { input: { storeId: 'store-a', sku: a1, quantity: 2, idempotencyKey: randomUUID() } });
    expect(h1.data.hold.__typename).toBe('Ticket');
    expect(h1.data.hold.status).toBe('HELD');
    const ttl = new Date(h1.data.hold.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(await available('store-a', a1)).toBe(beforeA - 2);

    const h2 = await shopper.send(HOLD, { input: { storeId: 'store-b', sku: b1, quantity: 1, idempotencyKey: randomUUID() } });
    expect(h2.data.hold.__typename).toBe('Ticket');

    const cart = (await shopper.send(CART)).data.cart;
    expect(cart.tickets).toHaveLength(2);
    expect(cart.itemCount).toBe(3);
    const expected = cart.tickets.reduce((sum: number, t: any) => sum + t.unitPrice.amount * t.quantity, 0);
    expect(cart.totals).toEqual([{ amount: expected, currency: 'USD' }]);
    for (const t of cart.tickets) {
      expect(t.lineTotal.amount).toBe(t.unitPrice.amount * t.quantity);
      expect(t.item.price.amount).toBe(t.unitPrice.amount);
    }
    expect(cart.tickets.map((t: any) => t.store.name)).toEqual(['Store A Books', 'Store B Hardware']);
  });

  it('releases a ticket and changes quantity; the store count follows exactly', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [, sku] = await skus('store-a', 2);
    await setStock('store-a', sku, 10);
    const start = await available('store-a', sku);
    const hold = await shopper.send(HOLD, { input: { storeId: 'store-a', sku, quantity: 3, idempotencyKey: randomUUID() } });
    const id = hold.data.hold.id;
    expect(await available('store-a', sku)).toBe(start - 3);

    const change = `mutation($id: ID!, $q: Int!, $k: String!) { changeTicketQuantity(ticketId: $id, quantity: $q, idempotencyKey: $k) { __typename ... on Ticket { quantity } ... on ErrorResult { code } ... on OutOfStockError { available } } }`;
    expect((await shopper.send(change, { id, q: 5, k: randomUUID() })).data.changeTicketQuantity).toEqual({ __typename: 'Ticket', quantity: 5 });
    expect(await available('store-a', sku)).toBe(start - 5);
    const tooMany = (await shopper.send(change, { id, q: 11, k: randomUUID() })).data.changeTicketQuantity;
    expect(tooMany.code).toBe('OUT_OF_STOCK');
    expect(await available('store-a', sku)).toBe(start - 5);

    const release = `mutation($id: ID!, $k: String!) { releaseTicket(ticketId: $id, idempotencyKey: $k) { __typename ... on Ticket { status } ... on ErrorResult { code } } }`;
    expect((await shopper.send(release, { id, k: randomUUID() })).data.releaseTicket).toEqual({ __typename: 'Ticket', status: 'RELEASED' });
    expect(await available('store-a', sku)).toBe(start);
    // Releasing again is harmless; changing a released ticket is refused.
    expect((await shopper.send(release, { id, k: randomUUID() })).data.releaseTicket.status).toBe('RELEASED');
    expect((await shopper.send(change, { id, q: 1, k: randomUUID() })).data.changeTicketQuantity.code).toBe('TICKET_NOT_HELD');
  });

  it('a repeated hold with the same idempotency key holds once; another input with the key is refused', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [, , sku] = await skus('store-b', 3);
    const start = await available('store-b', sku);
    const key = randomUUID();
    const input = { storeId: 'store-b', sku, quantity: 1, idempotencyKey: key };
    const [r1, r2] = await Promise.all([shopper.send(HOLD, { input }), shopper.send(HOLD, { input })]);
    const r3 = await shopper.send(HOLD, { input });
    const ids = [r1, r2, r3].map((r) => r.data.hold.id).filter(Boolean);
    expect(new Set(ids).size).toBe(1);
    expect(await available('store-b', sku)).toBe(start - 1);
    const reuse = await shopper.send(HOLD, { input: { ...input, quantity: 2 } });
    expect(reuse.data.hold.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await available('store-b', sku)).toBe(start - 1);
  });

  it('refuses a stale cart version with the current cart', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [sku] = await skus('store-b', 1);
    const v0 = (await shopper.send(`{ cart { version } }`)).data.cart.version;
    await shopper.send(HOLD, { input: { storeId: 'store-b', sku, quantity: 1, idempotencyKey: randomUUID(), cartVersion: v0 } });
    const stale = await shopper.send(
      `mutation($input: HoldInput!) { hold(input: $input) { __typename ... on CartVersionMismatchError { code expectedVersion cart { version tickets { id } } } } }`,
      { input: { storeId: 'store-b', sku, quantity: 1, idempotencyKey: randomUUID(), cartVersion: v0 } },
    );
    expect(stale.data.hold.code).toBe('CART_VERSION_MISMATCH');
    expect(stale.data.hold.cart.version).toBeGreaterThan(v0);
    expect(stale.data.hold.cart.tickets).toHaveLength(1);
  });

  it('refuses bad input clearly and changes nothing', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const [sku] = await skus('store-a', 1);
    const start = await available('store-a', sku);
    const cases: [Record<string, unknown>, string][] = [
      [{ storeId: 'store-a', sku, quantity: 0 }, 'INVALID_QUANTITY'],
      [{ storeId: 'store-a', sku, quantity: -1 }, 'INVALID_QUANTITY'],
      [{ storeId: 'store-a', sku, quantity: 1_000_000_000 }, 'INVALID_QUANTITY'],
      [{ storeId: 'store-a', sku: '0000000000000', quantity: 1 }, 'ITEM_NOT_FOUND'],
      [{ storeId: 'no-such-store', sku, quantity: 1 }, 'STORE_NOT_FOUND'],
      [{ storeId: 'store-a', sku: "'; DROP TABLE items; --", quantity: 1 }, 'INVALID_INPUT'],
      [{ storeId: 'store-a', sku, quantity: 1, idempotencyKey: '' }, 'INVALID_INPUT'],
    ];
    for (const [input, code] of cases) {
      const res = await shopper.send(HOLD, { input: { idempotencyKey: randomUUID(), ...input } });
      expect(res.data?.hold?.code, JSON.stringify(input)).toBe(code);
    }
    // Wrong types never reach a resolver.
    const wrongType = await shopper.send(HOLD, { input: { storeId: 'store-a', sku, quantity: 'two', idempotencyKey: 'k' } });
    expect(wrongType.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const overflow = await shopper.send(HOLD, { input: { storeId: 'store-a', sku, quantity: 2 ** 40, idempotencyKey: 'k' } });
    expect(overflow.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const malformedTicket = await shopper.send(`mutation { releaseTicket(ticketId: "not-a-uuid", idempotencyKey: "k-malformed") { __typename ... on ErrorResult { code } } }`);
    expect(malformedTicket.data.releaseTicket.code).toBe('INVALID_INPUT');
    const unknownTicket = await shopper.send(`mutation { releaseTicket(ticketId: "${randomUUID()}", idempotencyKey: "k-unknown") { __typename ... on ErrorResult { code } } }`);
    expect(unknownTicket.data.releaseTicket.code).toBe('TICKET_NOT_FOUND');

    expect(await available('store-a', sku)).toBe(start);
    expect((await shopper.send(`{ cart { tickets { id } } }`)).data.cart.tickets).toEqual([]);
  });

  it('needs a session to hold', async () => {
    const res = await graphql(exchange.gatewayUrl, HOLD, { input: { storeId: 'store-a', sku: 'x', quantity: 1, idempotencyKey: 'k' } });
    expect(res.errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
  });

  it('another shopper cannot see or release my ticket', async () => {
    const me = await new Shopper(exchange.gatewayUrl).startGuest();
    const other = await new Shopper(exchange.gatewayUrl).startGuest();
    const [sku] = await skus('store-b', 1);
    const id = (await me.send(HOLD, { input: { storeId: 'store-b', sku, quantity: 1, idempotencyKey: randomUUID() } })).data.hold.id;
    expect((await other.send(`query($id: ID!) { ticket(id: $id) { id } }`, { id })).data.ticket).toBeNull();
    const steal = await other.send(`mutation($id: ID!, $k: String!) { releaseTicket(ticketId: $id, idempotencyKey: $k) { __typename ... on ErrorResult { code } } }`, { id, k: randomUUID() });
    expect(steal.data.releaseTicket.code).toBe('TICKET_NOT_FOUND');
  });

  it('≥200 concurrent holds on a stock of 50 through two gateways and two ticket instances give exactly 50 tickets', async () => {
    const [, , , , sku] = await skus('store-a', 5);
    await setStock('store-a', sku, 50);
    const gateways = [exchange.gatewayUrl, ...exchange.extraGatewayUrls];
    expect(gateways).toHaveLength(2);
    const shoppers = await Promise.all(Array.from({ length: 40 }, (_, i) => new Shopper(gateways[i % 2]).startGuest()));
    const results = await Promise.all(
      Array.from({ length: 220 }, (_, i) =>
        shoppers[i % shoppers.length].send(HOLD, { input: { storeId: 'store-a', sku, quantity: 1, idempotencyKey: randomUUID() } }),
      ),
    );
    const kinds = results.map((r) => r.data?.hold?.__typename ?? r.errors?.[0]?.extensions?.code);
    expect(kinds.filter((k) => k === 'Ticket')).toHaveLength(50);
    expect(kinds.filter((k) => k === 'OutOfStockError')).toHaveLength(170);
    expect(await available('store-a', sku)).toBe(0);
  });
});

describe('expiry with nobody asking', () => {
  let shortTtl: Exchange;
  beforeAll(async () => {
    shortTtl = await startTestExchange({ ticketTtlMs: 1_500, leaseGraceMs: 60_000 });
  });
  afterAll(async () => {
    await shortTtl?.dispose();
  });

  it('a short-TTL ticket expires and the store count comes back within about a second of expiresAt', async () => {
    const shopper = await new Shopper(shortTtl.gatewayUrl).startGuest();
    const list = await graphql(shortTtl.gatewayUrl, `{ store(id: "store-a") { items(first: 1) { edges { node { sku available } } } } }`);
    const { sku, available: before } = list.data.store.items.edges[0].node;
    const hold = await shopper.send(HOLD, { input: { storeId: 'store-a', sku, quantity: 2, idempotencyKey: randomUUID() } });
    const expiresAt = new Date(hold.data.hold.expiresAt).getTime();
    const count = async () => (await graphql(shortTtl.gatewayUrl, ITEM_AVAILABLE, { storeId: 'store-a', sku })).data.item.available;
    expect(await count()).toBe(before - 2);
    // Poll the store only (no call to the ticket service): the lease lapses far later
    // (60 s grace), so the stock comes back only because the sweeper released it.
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
    const ticket = await shopper.send(`query($id: ID!) { ticket(id: $id) { status } }`, { id: hold.data.hold.id });
    expect(ticket.data.ticket.status).toBe('EXPIRED');
    const change = await shopper.send(`mutation($id: ID!, $k: String!) { changeTicketQuantity(ticketId: $id, quantity: 1, idempotencyKey: $k) { __typename ... on ErrorResult { code } } }`, { id: hold.data.hold.id, k: randomUUID() });
    expect(change.data.changeTicketQuantity.code).toBe('TICKET_EXPIRED');
  });
});
