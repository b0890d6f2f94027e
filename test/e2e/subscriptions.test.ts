import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD, Shopper } from '../support/graphql-client.js';
import { startTestExchange } from '../support/exchange.js';
import { apolloSubscribe, graphqlWsClient, subscribe, untilEventStreams } from '../support/ws-clients.js';

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;

// One selection spanning three subgraphs: the event and ticket (ticket), the item and the
// store's name (each store's inventory, routed per store), the order (payment).
const CART_EVENTS = /* GraphQL */ `
  subscription CartEvents {
    cartEvents {
      type
      sequence
      secondsLeft
      ticket {
        id status quantity sku storeId expiresAt
        item { name price { amount currency } }
        store { name }
        order { id status total { amount } }
      }
    }
  }
`;
const VISA = { number: '4242424242424242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };

async function firstSku(shopper: Shopper, storeId: string, n = 0): Promise<{ sku: string; name: string; price: number }> {
  const res = await shopper.send(`query($id: ID!) { store(id: $id) { items(first: 10) { edges { node { sku name price { amount } } } } } }`, { id: storeId });
  const node = res.data.store.items.edges[n].node;
  return { sku: node.sku, name: node.name, price: node.price.amount };
}

beforeAll(async () => {
  exchange = await startTestExchange({ ticketTtlMs: 2_500, expiringLeadMs: 1_500 });
});
afterAll(async () => {
  await exchange?.dispose();
});

describe('ticket events through the gateway', () => {
  it('HELD, EXPIRING then EXPIRED, with fields from three subgraphs (graphql-ws client)', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await noEventStreams();
    const client = graphqlWsClient(exchange.gatewayUrl, { authorization: `Bearer ${shopper.token}` });
    const events = subscribe(client, CART_EVENTS);
    try {
      await eventStreamsLive(1);
      const item = await firstSku(shopper, 'store-a');
      const hold = await shopper.send(HOLD, { input: { storeId: 'store-a', sku: item.sku, quantity: 2, idempotencyKey: randomUUID() } });
      const ticketId = hold.data.hold.id;
      await events.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'), 10_000, 'HELD');
      const held = events.events().find((e: any) => e.cartEvents.type === 'HELD') as any;
      expect(held.cartEvents.ticket).toMatchObject({
        id: ticketId,
        status: 'HELD',
        quantity: 2,
        item: { name: item.name, price: { amount: item.price, currency: 'USD' } },
        store: { name: 'Store A Books' },
        order: null,
      });
      await events.until((r) => r.some((e) => e.data?.cartEvents.type === 'EXPIRED'), 10_000, 'EXPIRED');
      const types = events.events().map((e: any) => e.cartEvents.type);
      expect(types).toEqual(['HELD', 'EXPIRING', 'EXPIRED']);
      const expiring = events.events()[1] as any;
      expect(expiring.cartEvents.secondsLeft).toBeGreaterThanOrEqual(0);
      expect(expiring.cartEvents.secondsLeft).toBeLessThanOrEqual(2);
      const sequences = events.events().map((e: any) => e.cartEvents.sequence);
      expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
      expect(events.results.every((r) => !r.errors)).toBe(true);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  it('PURCHASED after checkout, with the order from the payment subgraph (Apollo Client)', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await noEventStreams();
    const events = apolloSubscribe(exchange.gatewayUrl, { authorization: `Bearer ${shopper.token}` }, CART_EVENTS);
    try {
      await eventStreamsLive(1);
      const item = await firstSku(shopper, 'store-b', 1);
      await shopper.send(HOLD, { input: { storeId: 'store-b', sku: item.sku, quantity: 1, idempotencyKey: randomUUID() } });
      await events.until((r) => r.some((e) => (e.data as any)?.cartEvents.type === 'HELD'), 10_000, 'HELD');
      const checkout = await shopper.send(`mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id } ... on ErrorResult { code message } } }`, {
        input: { idempotencyKey: randomUUID(), payment: { card: VISA } },
      });
      expect(checkout.data.checkout.__typename).toBe('Order');
      await events.until((r) => r.some((e) => (e.data as any)?.cartEvents.type === 'PURCHASED'), 10_000, 'PURCHASED');
      const purchased = events.events().find((e: any) => e.cartEvents.type === 'PURCHASED') as any;
      expect(purchased.cartEvents.ticket.status).toBe('PURCHASED');
      // the item plus its store's shipping (the exchange's default: 5.00 per store part)
      expect(purchased.cartEvents.ticket.order).toMatchObject({ id: checkout.data.checkout.id, status: 'AUTHORIZED', total: { amount: item.price + 500 } });
      expect(purchased.cartEvents.ticket.store.name).toBe('Store B Hardware');
    } finally {
      events.dispose();
    }
  });

  it("refuses another shopper's cart with FORBIDDEN", async () => {
    const victim = await new Shopper(exchange.gatewayUrl).startGuest();
    const victimCart = (await victim.send(`{ cart { id } }`)).data.cart.id;
    const thief = await new Shopper(exchange.gatewayUrl).startGuest();
    const client = graphqlWsClient(exchange.gatewayUrl, { authorization: `Bearer ${thief.token}` });
    const events = subscribe(client, `subscription($id: ID) { cartEvents(cartId: $id) { type } }`, { id: victimCart });
    try {
      await events.until((r) => r.some((e) => e.errors?.length) || events.error !== undefined || events.completed, 10_000, 'a refusal');
      const errors = events.results.flatMap((r) => r.errors ?? []).concat(Array.isArray(events.error) ? events.error : []);
      expect(errors.map((e: any) => e.extensions?.code)).toContain('FORBIDDEN');
      expect(events.events().filter((e: any) => e?.cartEvents)).toEqual([]);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  it('refuses a subscription without a valid session at connection', async () => {
    const client = graphqlWsClient(exchange.gatewayUrl, { authorization: 'Bearer not-a-session' });
    const events = subscribe(client, CART_EVENTS);
    try {
      await events.until(() => events.error !== undefined || events.completed, 10_000, 'a refusal');
      // the gateway refuses the connection: close code 4401, reason starting with the code
      expect(events.error).toMatchObject({ code: 4401 });
      expect((events.error as { reason: string }).reason).toMatch(/^SESSION_INVALID/);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  it('two identical subscribers share one upstream stream, closed when both leave', async () => {
    const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
    await noEventStreams();
    const before = await subscriptionStats(exchange.gatewayUrl);
    const c1 = graphqlWsClient(exchange.gatewayUrl, { authorization: `Bearer ${shopper.token}` });
    const c2 = graphqlWsClient(exchange.gatewayUrl, { authorization: `Bearer ${shopper.token}` });
    const e1 = subscribe(c1, CART_EVENTS);
    const e2 = subscribe(c2, CART_EVENTS);
    try {
      await waitFor(async () => (await subscriptionStats(exchange.gatewayUrl)).clients >= before.clients + 2);
      const during = await subscriptionStats(exchange.gatewayUrl);
      expect(during.upstreamStreams).toBe(before.upstreamStreams + 1);
      await eventStreamsLive(1);
      const item = await firstSku(shopper, 'store-a', 2);
      await shopper.send(HOLD, { input: { storeId: 'store-a', sku: item.sku, quantity: 1, idempotencyKey: randomUUID() } });
      await e1.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'));
      await e2.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'));
    } finally {
      e1.dispose();
      e2.dispose();
      await c1.dispose();
      await c2.dispose();
    }
    await waitFor(async () => (await subscriptionStats(exchange.gatewayUrl)).upstreamStreams === before.upstreamStreams);
  });

  it('many shoppers share ONE upstream connection to the ticket subgraph, each hearing only its own cart', async () => {
    const shoppers = await Promise.all(Array.from({ length: 5 }, () => new Shopper(exchange.gatewayUrl).startGuest()));
    await noEventStreams();
    const before = await subscriptionStats(exchange.gatewayUrl);
    const clients = shoppers.map((shopper) => graphqlWsClient(exchange.gatewayUrl, { authorization: `Bearer ${shopper.token}` }));
    const streams = clients.map((client) => subscribe(client, 'subscription { cartEvents { type ticket { id } } }'));
    try {
      await waitFor(async () => (await subscriptionStats(exchange.gatewayUrl)).clients >= before.clients + shoppers.length);
      const during = await subscriptionStats(exchange.gatewayUrl);
      expect(during.upstreamStreams).toBe(before.upstreamStreams + shoppers.length);
      // one socket gateway → ticket, whatever the number of callers
      expect(during.upstreamConnections).toBe(1);
      await eventStreamsLive(shoppers.length);
      const item = await firstSku(shoppers[0], 'store-a', 3);
      const holds = await Promise.all(
        shoppers.map((shopper) => shopper.send(HOLD, { input: { storeId: 'store-a', sku: item.sku, quantity: 1, idempotencyKey: randomUUID() } })),
      );
      for (const [i, events] of streams.entries()) {
        await events.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'), 10_000, `shopper ${i}'s HELD`);
        const held = events.events().filter((e: any) => e.cartEvents.type === 'HELD') as any[];
        expect(held.map((e) => e.cartEvents.ticket.id)).toEqual([holds[i].data.hold.id]);
        expect(events.results.every((r) => !r.errors)).toBe(true);
      }
    } finally {
      for (const events of streams) events.dispose();
      for (const client of clients) await client.dispose();
    }
    await waitFor(async () => (await subscriptionStats(exchange.gatewayUrl)).upstreamStreams === before.upstreamStreams);
  });
});

/** Earlier tests' streams have ended at the ticket server (so a count of live streams means this test's). */
const noEventStreams = () => untilEventStreams(exchange.ticketUrls, (n) => n === 0);
/** This test's subscriptions listen at the ticket server: an event published now reaches them. */
const eventStreamsLive = (count: number) => untilEventStreams(exchange.ticketUrls, (n) => n >= count);

async function subscriptionStats(gatewayUrl: string): Promise<{ clients: number; upstreamStreams: number; upstreamConnections: number }> {
  const health = await (await fetch(new URL('/health', gatewayUrl))).json();
  return health.subscriptions;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
