import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, HOLD, ITEM_AVAILABLE, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order {
        id status total { amount currency } itemsTotal { amount } shippingTotal { amount }
        payment { status amount { amount } cardBrand cardLast4 providerReference }
        parts { id status store { id name } subtotal { amount } shipping { amount } owedToStore { amount }
          lines { sku name quantity unitPrice { amount } lineTotal { amount } status item { name } } }
      }
      ... on ErrorResult { code message }
      ... on CheckoutTicketExpiredError { ticketId sku storeId }
      ... on CardInvalidError { reason }
      ... on CardDeclinedError { declineCode }
    }
  }
`;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };

async function firstSkus(gatewayUrl: string, storeId: string, n: number): Promise<{ sku: string; price: number }[]> {
  const res = await graphql(gatewayUrl, `query($id: ID!, $n: Int) { store(id: $id) { items(first: $n) { edges { node { sku price { amount } } } } } }`, { id: storeId, n });
  return res.data.store.items.edges.map((e: any) => ({ sku: e.node.sku, price: e.node.price.amount }));
}

async function fillCart(shopper: Shopper, gatewayUrl = exchange.gatewayUrl) {
  const [a1, a2] = await firstSkus(gatewayUrl, 'store-a', 2);
  const [b1] = await firstSkus(gatewayUrl, 'store-b', 1);
  for (const [storeId, item, quantity] of [['store-a', a1, 2], ['store-a', a2, 1], ['store-b', b1, 3]] as const) {
    const res = await shopper.send(HOLD, { input: { storeId, sku: item.sku, quantity, idempotencyKey: randomUUID() } });
    expect(res.data.hold.__typename).toBe('Ticket');
  }
  return { a1, a2, b1, total: a1.price * 2 + a2.price + b1.price * 3 };
}

beforeAll(async () => {
  exchange = await startTestExchange();
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('checkout through the gateway', () => {
  it('prices on the server, splits per store, charges once, commits stock and shows each store only its part', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const { a1, b1, total } = await fillCart(shopper);
    const onHandBefore = (await graphql(exchange.gatewayUrl, ITEM_AVAILABLE, { storeId: 'store-b', sku: b1.sku })).data.item.stockOnHand;
    const charges = exchange.paymentProvider.authorizationCount();

    const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } });
    const order = res.data.checkout;
    expect(order.__typename).toBe('Order');
    expect(order.status).toBe('AUTHORIZED');
    // items priced on the server, plus each store part's shipping (the default: 5.00 per part)
    expect(order.itemsTotal).toEqual({ amount: total });
    expect(order.shippingTotal).toEqual({ amount: 1000 });
    expect(order.total).toEqual({ amount: total + 1000, currency: 'USD' });
    expect(order.payment).toMatchObject({ status: 'AUTHORIZED', amount: { amount: total + 1000 }, cardBrand: 'VISA', cardLast4: '4242' });
    expect(order.parts.map((p: any) => p.store.id).sort()).toEqual(['store-a', 'store-b']);
    const partA = order.parts.find((p: any) => p.store.id === 'store-a');
    expect(partA.store.name).toBe('Store A Books');
    expect(partA.lines.find((l: any) => l.sku === a1.sku)).toMatchObject({ quantity: 2, unitPrice: { amount: a1.price }, lineTotal: { amount: a1.price * 2 }, status: 'TO_BE_SHIPPED' });
    for (const part of order.parts) {
      expect(part.subtotal.amount).toBe(part.lines.reduce((s: number, l: any) => s + l.lineTotal.amount, 0));
      // the store is owed its items less the exchange fee (on items only), plus its shipping
      expect(part.shipping.amount).toBe(500);
      expect(part.owedToStore.amount).toBeLessThanOrEqual(part.subtotal.amount + part.shipping.amount);
      expect(part.owedToStore.amount).toBeGreaterThan(part.shipping.amount);
    }
    expect(exchange.paymentProvider.authorizationCount()).toBe(charges + 1);

    // Stock was committed at the store; the cart is empty; the shopper sees the order.
    const afterB = (await graphql(exchange.gatewayUrl, ITEM_AVAILABLE, { storeId: 'store-b', sku: b1.sku })).data.item;
    expect(afterB.stockOnHand).toBe(onHandBefore - 3);
    expect((await shopper.send(`{ cart { tickets { id } } }`)).data.cart.tickets).toEqual([]);
    const mine = await shopper.send(`{ orders(first: 5) { edges { node { id status } } } }`);
    expect(mine.data.orders.edges.map((e: any) => e.node.id)).toContain(order.id);

    // A store sees only its own part; another shopper sees nothing.
    const storeB = exchange.stores.find((s) => s.id === 'store-b')!;
    const seenByB = await graphql(exchange.gatewayUrl, `{ storeOrders(first: 10) { edges { node { orderId store { id } lines { sku } } } } }`, undefined, { 'x-store-key': storeB.apiKey });
    const nodes = seenByB.data.storeOrders.edges.map((e: any) => e.node);
    expect(nodes.some((n: any) => n.orderId === order.id)).toBe(true);
    expect(nodes.every((n: any) => n.store.id === 'store-b')).toBe(true);
    const stranger = await new Shopper(exchange.gatewayUrl).startGuest();
    expect((await stranger.send(`query($id: ID!) { order(id: $id) { id } }`, { id: order.id })).data.order).toBeNull();
    const badKey = await graphql(exchange.gatewayUrl, `{ storeOrders { edges { node { id } } } }`, undefined, { 'x-store-key': 'sk_forged' });
    expect(badKey.errors?.[0].extensions?.code).toBe('INVALID_STORE_CREDENTIALS');
  });

  it('a double-submitted checkout charges once and returns the same order', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await fillCart(shopper);
    const charges = exchange.paymentProvider.authorizationCount();
    const input = { idempotencyKey: randomUUID(), payment: { card: VISA } };
    const [first, second] = await Promise.all([shopper.send(CHECKOUT, { input }), shopper.send(CHECKOUT, { input })]);
    const outcomes = [first, second].map((r) => r.data.checkout);
    const orders = outcomes.filter((o) => o.__typename === 'Order');
    expect(orders.length).toBeGreaterThanOrEqual(1);
    // The loser of the race is told the first is still running, or gets its result.
    for (const o of outcomes) expect(['Order', 'CheckoutInProgressError']).toContain(o.__typename);
    const replay = (await shopper.send(CHECKOUT, { input })).data.checkout;
    expect(replay.__typename).toBe('Order');
    expect(replay.id).toBe(orders[0].id);
    expect(exchange.paymentProvider.authorizationCount()).toBe(charges + 1);
    const reuse = (await shopper.send(CHECKOUT, { input: { ...input, payment: { card: { ...VISA, number: '5555555555554444' } } } })).data.checkout;
    expect(reuse.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(exchange.paymentProvider.authorizationCount()).toBe(charges + 1);
  });

  it('a declined card charges nothing and leaves the cart held', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await fillCart(shopper);
    const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: { ...VISA, number: '4000000000000002' } } } });
    expect(res.data.checkout.code).toBe('CARD_DECLINED');
    const cart = (await shopper.send(`{ cart { tickets { status } } }`)).data.cart;
    expect(cart.tickets.map((t: any) => t.status)).toEqual(['HELD', 'HELD', 'HELD']);
    const orders = (await shopper.send(`{ orders { edges { node { status } } } }`)).data.orders.edges;
    expect(orders.every((e: any) => e.node.status === 'VOID')).toBe(true);
  });

  it('refuses a card that fails the pre-check without calling the provider', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await fillCart(shopper);
    const charges = exchange.paymentProvider.callCount();
    for (const number of ['4242424242424241', '1234', '9242424242424242']) {
      const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: { ...VISA, number } } } });
      expect(res.data.checkout.code, number).toBe('CARD_INVALID');
    }
    expect(exchange.paymentProvider.callCount()).toBe(charges);
  });

  it('an empty cart cannot be checked out', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } });
    expect(res.data.checkout.code).toBe('EMPTY_CART');
  });
});

describe('checkout with an expired line', () => {
  let shortTtl: Exchange;
  beforeAll(async () => {
    shortTtl = await startTestExchange({ ticketTtlMs: 1_000, sweepIntervalMs: 60_000 });
  });
  afterAll(async () => {
    await shortTtl?.dispose();
  });

  it('fails naming the expired line and charges nothing', async () => {
    const shopper = await new Shopper(shortTtl.gatewayUrl).startGuest();
    const [item] = await firstSkus(shortTtl.gatewayUrl, 'store-a', 1);
    const hold = await shopper.send(HOLD, { input: { storeId: 'store-a', sku: item.sku, quantity: 1, idempotencyKey: randomUUID() } });
    await new Promise((r) => setTimeout(r, 1_300));
    const charges = shortTtl.paymentProvider.authorizationCount();
    const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } });
    expect(res.data.checkout).toMatchObject({ __typename: 'CheckoutTicketExpiredError', code: 'TICKET_EXPIRED', ticketId: hold.data.hold.id, sku: item.sku, storeId: 'store-a' });
    expect(shortTtl.paymentProvider.authorizationCount()).toBe(charges);
  });
});
