import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, HOLD, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

beforeAll(async () => {
  // a short store timeout: a stopped store must not hold up the answer
  exchange = await startTestExchange({ storeTimeoutMs: 1_500 });
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('a store that is down', () => {
  it("yields STORE_UNAVAILABLE for its items while the other store's answer, and holds there fail clearly", async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const skuOf = async (storeId: string) =>
      (await shopper.send(`query($id: ID!) { store(id: $id) { items(first: 1) { edges { node { sku } } } } }`, { id: storeId })).data.store.items.edges[0].node.sku as string;
    const skuA = await skuOf('store-a');
    const skuB = await skuOf('store-b');
    for (const [storeId, sku] of [['store-a', skuA], ['store-b', skuB]]) {
      const res = await shopper.send(HOLD, { input: { storeId, sku, quantity: 1, idempotencyKey: randomUUID() } });
      expect(res.data.hold.__typename).toBe('Ticket');
    }

    await exchange.stopStore('store-b');

    // the cart still answers: store A's lines priced and named, store B's item null with a coded error
    const cart = await shopper.send(`{ cart { totals { amount } tickets { storeId sku unitPrice { amount } item { name } store { name } } } }`);
    const tickets = cart.data.cart.tickets;
    expect(tickets.find((t: any) => t.storeId === 'store-a')).toMatchObject({ sku: skuA, unitPrice: { amount: expect.any(Number) }, item: { name: expect.any(String) }, store: { name: 'Store A Books' } });
    expect(tickets.find((t: any) => t.storeId === 'store-b')).toMatchObject({ sku: skuB, unitPrice: null, item: null, store: null });
    // a total over lines that cannot be priced would be wrong: it is null (with the error)
    expect(cart.data.cart.totals).toBeNull();
    const codes = cart.errors?.map((e) => [e.extensions?.code, e.extensions?.storeId]) ?? [];
    expect(codes).toContainEqual(['STORE_UNAVAILABLE', 'store-b']);
    expect(codes.some(([, storeId]) => storeId === 'store-a')).toBe(false);

    // root fields: the live store answers, the stopped one is null with the code
    const both = await graphql(exchange.gatewayUrl, `{ a: store(id: "store-a") { name } b: store(id: "store-b") { name } }`);
    expect(both.data.a).toEqual({ name: 'Store A Books' });
    expect(both.data.b).toBeNull();
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'STORE_UNAVAILABLE', storeId: 'store-b' });

    // a hold at the stopped store fails with a clear typed error and leaves nothing behind
    const started = Date.now();
    const hold = await shopper.send(HOLD, { input: { storeId: 'store-b', sku: skuB, quantity: 1, idempotencyKey: randomUUID() } });
    expect(hold.data.hold).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const after = await shopper.send(`{ cart { tickets { storeId } } }`);
    expect(after.data.cart.tickets.filter((t: any) => t.storeId === 'store-b')).toHaveLength(1);
  });
});
