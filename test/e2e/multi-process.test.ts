import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../../lib/db.js';
import { startProcessExchange, type ProcessExchange } from '../../scripts/processes.js';
import { createTestRedisPrefix, testDatabaseAdminUrl, testRedisUrl } from '../support/databases.js';
import { TEST_STORES } from '../support/exchange.js';
import { graphql, HOLD, Shopper } from '../support/graphql-client.js';
import { graphqlWsClient, subscribe, untilEventStreams } from '../support/ws-clients.js';
import { startInventoryForTest } from '../../subgraphs/inventory/testing.js';

// The exchange as production runs it: every service its own process started from its
// main.ts (configured by environment only), two gateways and two ticket replicas on real
// PostgreSQL and Redis. Gateway i routes to ticket replica i.
let exchange: ProcessExchange;
const prefix = `t_${randomBytes(4).toString('hex')}_`;
const redis = createTestRedisPrefix('processes');

beforeAll(async () => {
  exchange = await startProcessExchange({
    adminDatabaseUrl: testDatabaseAdminUrl(),
    databasePrefix: prefix,
    redisUrl: testRedisUrl(),
    redisPrefix: redis.prefix,
    stores: TEST_STORES,
    ticketReplicas: 2,
    gatewayReplicas: 2,
  });
}, 120_000);

afterAll(async () => {
  await exchange?.stop();
  await redis.cleanup();
  for (const name of ['session', 'ticket', 'payment', 'registry', ...TEST_STORES.map((s) => `store_${s.id}`)]) {
    await dropDatabase(testDatabaseAdminUrl(), `${prefix}${name}`.replace(/[^a-z0-9_]/g, '_')).catch(() => {});
  }
});

const ticketUrls = () => exchange.tickets.map((t) => t.url);
const EVENTS = `subscription { cartEvents { type ticket { id sku item { name } store { name } } } }`;

describe('separate processes', () => {
  it('pick up a store registered at run time on both gateway processes, without a restart', async () => {
    const late = await startInventoryForTest('mp_late_store', 'late-store');
    try {
      await late.addItem({ sku: 'LATE-1', name: 'Late Lamp', price: 4_200, stock: 5 });
      const storeName = async (url: string) => (await graphql(url, `{ store(id: "late-store") { name } }`)).data?.store?.name ?? null;
      for (const gateway of exchange.gateways) expect(await storeName(gateway.url)).toBeNull();
      const registered = await graphql(
        exchange.gateways[0].url,
        `mutation($input: RegisterStoreInput!) { registerStore(input: $input) { __typename ... on ErrorResult { code message } } }`,
        { input: { id: 'late-store', name: 'Late Store', url: late.url, secret: late.secret, apiKey: `sk_late_${randomBytes(16).toString('hex')}` } },
        { 'x-operator-key': exchange.operatorKey! },
      );
      expect(registered.data.registerStore).toEqual({ __typename: 'RegisteredStore' });
      // each gateway process polls the registry (every 2 s by default)
      for (const gateway of exchange.gateways) await expect.poll(() => storeName(gateway.url), { timeout: 10_000, interval: 200 }).toBe('Test Store');
      const suspended = await graphql(exchange.gateways[1].url, `mutation { suspendStore(id: "late-store") { __typename } }`, undefined, { 'x-operator-key': exchange.operatorKey! });
      expect(suspended.data.suspendStore).toEqual({ __typename: 'RegisteredStore' });
      for (const gateway of exchange.gateways) await expect.poll(() => storeName(gateway.url), { timeout: 10_000, interval: 200 }).toBeNull();
    } finally {
      await late.stop();
    }
  });

  it('serve queries through either gateway (gateway started from the committed supergraph file)', async () => {
    for (const gateway of exchange.gateways) {
      const res = await graphql(gateway.url, `{ stores { id name } }`);
      expect(res.data.stores.map((s: any) => s.name)).toEqual(['Store A Books', 'Store B Hardware']);
    }
  });

  it('deliver an event produced on one ticket replica to a subscriber on the other gateway', async () => {
    const [gatewayA, gatewayB] = exchange.gateways;
    const shopper = await new Shopper(gatewayA.url).startGuest();
    await untilEventStreams(ticketUrls(), (n) => n === 0);
    const client = graphqlWsClient(gatewayB.url, { authorization: `Bearer ${shopper.token}` });
    const events = subscribe(client, EVENTS);
    try {
      await untilEventStreams([exchange.tickets[1].url], (n) => n >= 1);
      const sku = (await shopper.send(`{ store(id: "store-a") { items(first: 1) { edges { node { sku } } } } }`)).data.store.items.edges[0].node.sku;
      // the hold goes through gateway A → ticket replica 0; the subscriber sits on gateway B → ticket replica 1
      const hold = await shopper.send(HOLD, { input: { storeId: 'store-a', sku, quantity: 1, idempotencyKey: randomUUID() } });
      expect(hold.data.hold.__typename).toBe('Ticket');
      await events.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'), 15_000, 'HELD across processes');
      const held = events.events()[0] as any;
      expect(held.cartEvents.ticket).toMatchObject({ id: hold.data.hold.id, sku, store: { name: 'Store A Books' } });
    } finally {
      events.dispose();
      await client.dispose();
    }
  });

  it('keep a subscriber when its ticket subgraph is killed and restarted', async () => {
    const [gatewayA, gatewayB] = exchange.gateways;
    const shopper = await new Shopper(gatewayB.url).startGuest();
    await untilEventStreams(ticketUrls(), (n) => n === 0);
    // subscriber on gateway A, whose upstream is ticket replica 0
    const client = graphqlWsClient(gatewayA.url, { authorization: `Bearer ${shopper.token}` });
    const events = subscribe(client, EVENTS);
    try {
      await untilEventStreams([exchange.tickets[0].url], (n) => n >= 1);
      exchange.tickets[0].child.kill('SIGKILL');
      await new Promise<void>((resolve) => exchange.tickets[0].child.once('exit', () => resolve()));
      await exchange.tickets[0].restart();
      // the gateway re-subscribes on its own backoff; events published before that are not
      // replayed, so wait until the restarted replica listens again
      await untilEventStreams([exchange.tickets[0].url], (n) => n >= 1, 30_000);
      const sku = (await shopper.send(`{ store(id: "store-b") { items(first: 1) { edges { node { sku } } } } }`)).data.store.items.edges[0].node.sku;
      const hold = await shopper.send(HOLD, { input: { storeId: 'store-b', sku, quantity: 1, idempotencyKey: randomUUID() } });
      expect(hold.data.hold.__typename).toBe('Ticket');
      await events.until((r) => r.some((e) => e.data?.cartEvents.type === 'HELD'), 15_000, 'HELD after restart');
      expect((events.events().find((e: any) => e.cartEvents.type === 'HELD') as any).cartEvents.ticket.id).toBe(hold.data.hold.id);
      expect(events.completed).toBe(false);
    } finally {
      events.dispose();
      await client.dispose();
    }
  });
});
