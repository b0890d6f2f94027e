import { randomUUID } from 'node:crypto';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { createClient as createRedisClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RedisEventBus } from '../../lib/event-bus.js';
import { ANONYMOUS, IDENTITY_HEADER, IDENTITY_TTL_MS, signGatewayCredential, signIdentity, type Identity } from '../../lib/identity.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { WS_CLOSE_INVALID_IDENTITY } from '../../lib/subgraph.js';
import { createTestRedisPrefix, testRedisUrl } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { createTicketCheckoutClient } from './client.js';
import { availabilityChannel, cartChannel } from './infra/event-bus-ticket-events.js';
import { CHANGE_QUANTITY_MUTATION, HOLD_MUTATION, RELEASE_MUTATION, startTicketForTest, type TicketUnderTest } from './testing.js';

// Subscriptions straight to the ticket subgraph over graphql-ws, events through real Redis
// (each replica with its own RedisEventBus, as separate processes would have), real PostgreSQL.
const directory = new StaticStoreDirectory([
  { id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' },
  { id: 'store-b', name: 'B', url: 'http://127.0.0.1:1/graphql', secret: 'sb', apiKey: 'kb' },
]);
const inventory = new InMemoryInventoryClient()
  .addItem('store-a', { sku: 'BOOK-1', price: 1250, stockOnHand: 10_000 })
  .addItem('store-a', { sku: 'SHORT', price: 300, stockOnHand: 100 })
  .addItem('store-b', { sku: 'HAMMER', price: 2000, stockOnHand: 10_000 });

const redis = createTestRedisPrefix('ticket_events');
const buses: RedisEventBus[] = [];
const admin = createRedisClient({ url: testRedisUrl() }) as RedisClientType;
const clients: Client[] = [];
const EXPIRING_LEAD_MS = 1_000;
let t: TicketUnderTest;

async function bus(): Promise<RedisEventBus> {
  const b = await RedisEventBus.connect(testRedisUrl(), { prefix: redis.prefix });
  buses.push(b);
  return b;
}

beforeAll(async () => {
  await admin.connect();
  // every replica announces EXPIRING with the same (short) lead: they all sweep all tickets
  t = await startTicketForTest('ticket_events', { directory, inventory, events: await bus(), expiringLeadMs: EXPIRING_LEAD_MS, sweepIntervalMs: 50 });
  await t.addReplica({ events: await bus() });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t?.stop();
  await Promise.all(buses.map((b) => b.close()));
  await admin.quit();
  await redis.cleanup();
});

const until = async (check: () => boolean | Promise<boolean>, ms = 5_000, what = 'condition') => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Processes (buses) subscribed in Redis to `channel`. */
const redisSubscribers = async (channel: string) => {
  const counts = (await admin.pubSubNumSub(redis.prefix + channel)) as Record<string, number>;
  return Number(counts[redis.prefix + channel] ?? 0);
};

interface Followed {
  results: any[];
  events: () => any[];
  error: () => any;
  completed: () => boolean;
  closed: () => { code: number; reason: string } | undefined;
  until: (check: (events: any[]) => boolean, ms?: number, what?: string) => Promise<void>;
  stop: () => Promise<void>;
}

interface FollowOptions {
  identity?: Identity;
  /** The signed identity as sent (overrides `identity`). */
  header?: string;
  replica?: number;
  variables?: Record<string, unknown>;
  /**
   * `gateway` (as the gateway does it): the connection carries the gateway's credential
   * (or `connectionHeader`) and the subscribe message the caller (extensions).
   * `caller` (the older way): the caller's identity in connectionParams.
   */
  via?: 'gateway' | 'caller';
  connectionHeader?: string;
  /** An existing client (one connection, many subscriptions). */
  client?: Client;
}

function connect(connectionHeader: string | undefined, replica = 0, onClosed?: (event: { code: number; reason: string }) => void): Client {
  const client = createWsClient({
    url: t.urls[replica].replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: connectionHeader ? { [IDENTITY_HEADER]: connectionHeader } : {},
    retryAttempts: 0,
    on: { closed: (event) => onClosed?.(event as { code: number; reason: string }) },
  });
  clients.push(client);
  return client;
}

/** Subscribes over graphql-ws to replica `replica`, with `identity` signed as the gateway does. */
function follow(query: string, options: FollowOptions = {}): Followed {
  const header = options.header ?? (options.identity ? signIdentity(options.identity, t.identityKey) : undefined);
  const viaGateway = options.via === 'gateway';
  let closeEvent: { code: number; reason: string } | undefined;
  const client =
    options.client ??
    connect(options.connectionHeader ?? (viaGateway ? signGatewayCredential(t.identityKey) : header), options.replica, (event) => (closeEvent = event));
  const results: any[] = [];
  let error: unknown;
  let completed = false;
  const extensions = viaGateway && header !== undefined ? { [IDENTITY_HEADER]: header } : undefined;
  const dispose = client.subscribe({ query, variables: options.variables, extensions }, {
    next: (result) => void results.push(result),
    error: (e) => (error = e),
    complete: () => (completed = true),
  });
  const events = () => results.filter((r) => r.data).map((r) => Object.values(r.data)[0]);
  return {
    results,
    events,
    error: () => error,
    completed: () => completed,
    closed: () => closeEvent,
    until: (check, ms = 5_000, what = 'events') => until(() => check(events()), ms, what),
    async stop() {
      dispose();
      if (!options.client) await client.dispose();
    },
  };
}

const CART_EVENTS = `subscription($cartId: ID) { cartEvents(cartId: $cartId) {
  type sequence occurredAt secondsLeft
  ticket { id status quantity storeId sku expiresAt unitPrice { amount currency } item { storeId sku } order { id } }
} }`;
const AVAILABILITY = `subscription { availabilityChanges { storeId sku occurredAt item { storeId sku } } }`;

const hold = (identity: Identity, input: Record<string, unknown>, replica = 0) =>
  t.graphql(HOLD_MUTATION, { input: { idempotencyKey: randomUUID(), ...input } }, { identity, replica }).then((r) => r.body.data.hold);

/** Follows `identity`'s cart on `replica` and waits until the subscription is live in Redis. */
async function followCart(identity: Identity, replica = 0, cartId?: string): Promise<Followed> {
  const before = await redisSubscribers(cartChannel(identity.sessionId!));
  const followed = follow(CART_EVENTS, { identity, replica, variables: { cartId }, via: 'gateway' });
  await until(async () => (await redisSubscribers(cartChannel(identity.sessionId!))) > before, 5_000, 'cart subscription live');
  return followed;
}

describe('cartEvents', () => {
  it('HELD, QUANTITY_CHANGED and RELEASED, numbered by cart version, with the ticket priced', async () => {
    const me = t.shopper();
    const cart = await t.graphql('{ cart { id version } }', {}, { identity: me });
    expect(cart.body.data.cart).toEqual({ id: me.sessionId, version: 0 });
    const events = await followCart(me, 0, cart.body.data.cart.id);

    const ticket = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    await events.until((e) => e.length === 1, 5_000, 'HELD');
    await t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity: 3 }, { identity: me });
    await events.until((e) => e.length === 2, 5_000, 'QUANTITY_CHANGED');
    await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id }, { identity: me });
    await events.until((e) => e.length === 3, 5_000, 'RELEASED');

    const [held, changed, released] = events.events();
    expect(held).toMatchObject({
      type: 'HELD',
      sequence: 1,
      secondsLeft: null,
      ticket: { id: ticket.id, storeId: 'store-a', sku: 'BOOK-1', unitPrice: { amount: 1250, currency: 'USD' }, item: { storeId: 'store-a', sku: 'BOOK-1' }, order: null },
    });
    expect(Date.parse(held.occurredAt)).toBeGreaterThan(Date.now() - 10_000);
    expect(changed).toMatchObject({ type: 'QUANTITY_CHANGED', sequence: 2, ticket: { id: ticket.id } });
    expect(released).toMatchObject({ type: 'RELEASED', sequence: 3, ticket: { id: ticket.id, status: 'RELEASED', quantity: 3 } });
    expect(events.results.every((r) => !r.errors)).toBe(true);

    // unsubscribing releases the bus subscription
    await events.stop();
    await until(async () => (await redisSubscribers(cartChannel(me.sessionId!))) === 0, 5_000, 'bus unsubscribed');
  });

  it('EXPIRING (the lead before expiry) then EXPIRED, on time, for a short-lived ticket', async () => {
    const replica = t.servers.indexOf(await t.addReplica({ events: await bus(), ticketTtlMs: 2_000 }));
    const me = t.shopper();
    const events = await followCart(me, replica);
    const ticket = await hold(me, { storeId: 'store-a', sku: 'SHORT', quantity: 2 }, replica);
    const expiresAt = Date.parse(ticket.expiresAt);
    const arrivals: number[] = [];
    await events.until((e) => {
      while (arrivals.length < e.length) arrivals.push(Date.now());
      return e.some((x) => x.type === 'EXPIRED');
    }, 6_000, 'EXPIRED');
    const got = events.events();
    expect(got.map((e) => e.type)).toEqual(['HELD', 'EXPIRING', 'EXPIRED']);
    expect(got[1]).toMatchObject({ sequence: 1, secondsLeft: 1, ticket: { id: ticket.id, status: 'HELD' } });
    expect(got[2]).toMatchObject({ sequence: 2, ticket: { id: ticket.id, status: 'EXPIRED' } });
    // EXPIRING comes at about expiresAt − lead, EXPIRED within half a second of expiresAt
    expect(arrivals[1]).toBeGreaterThanOrEqual(expiresAt - EXPIRING_LEAD_MS - 50);
    expect(arrivals[1]).toBeLessThan(expiresAt - EXPIRING_LEAD_MS + 500);
    expect(Date.parse(got[2].occurredAt)).toBeGreaterThanOrEqual(expiresAt);
    expect(arrivals[2] - expiresAt).toBeLessThan(500);
    // once per ticket, though several replicas sweep
    await new Promise((r) => setTimeout(r, 200));
    expect(events.events()).toHaveLength(3);
    await events.stop();
  });

  it('PURCHASED after checkout, with the order', async () => {
    const me = t.shopper();
    const events = await followCart(me);
    const ticket = await hold(me, { storeId: 'store-b', sku: 'HAMMER', quantity: 1 });
    const checkout = createTicketCheckoutClient({ baseUrl: t.urls[0], secret: t.internalSecret });
    const orderId = `order-${randomUUID()}`;
    expect(await checkout.begin({ sessionId: me.sessionId!, orderId })).toMatchObject({ ok: true });
    expect(await checkout.complete(orderId)).toEqual({ ok: true });
    await events.until((e) => e.some((x) => x.type === 'PURCHASED'), 5_000, 'PURCHASED');
    expect(events.events().map((e) => [e.type, e.sequence])).toEqual([['HELD', 1], ['PURCHASED', 3]]);
    expect(events.events()[1].ticket).toMatchObject({ id: ticket.id, status: 'PURCHASED', order: { id: orderId } });
    await events.stop();
  });

  it('an event made on one server reaches a subscriber on another (through Redis)', async () => {
    const me = t.shopper();
    const events = await followCart(me, 1);
    const ticket = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 }, 0);
    await events.until((e) => e.length === 1, 5_000, 'HELD on the other server');
    expect(events.events()[0]).toMatchObject({ type: 'HELD', ticket: { id: ticket.id } });
    await events.stop();
  });

  it('keeps the order of a burst of changes to one cart', async () => {
    const me = t.shopper();
    const events = await followCart(me);
    const ticket = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    // 30 concurrent changes, each to a quantity no other asks for, so every one changes the cart
    const changes = Array.from({ length: 30 }, (_, i) => 2 + i);
    await Promise.all(changes.map((quantity) => t.graphql(CHANGE_QUANTITY_MUTATION, { idempotencyKey: randomUUID(), ticketId: ticket.id, quantity }, { identity: me })));
    await until(async () => (await t.pool.query('SELECT version FROM cart_versions WHERE cart_id = $1', [me.sessionId])).rows[0].version >= 31, 10_000, 'changes');
    await events.until((e) => e.length === 31, 10_000, 'all events');
    const sequences = events.events().map((e) => e.sequence);
    expect(sequences).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(events.events().slice(1).every((e) => e.type === 'QUANTITY_CHANGED')).toBe(true);
    await events.stop();
  });
});

describe('who may subscribe', () => {
  it('refuses another cart\'s id with FORBIDDEN, and callers without a session', async () => {
    const me = t.shopper();
    const other = t.shopper();
    const refused = follow(CART_EVENTS, { identity: me, variables: { cartId: other.sessionId } });
    await until(() => refused.completed() || refused.error() !== undefined, 5_000, 'refusal');
    expect(refused.results[0].errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.events()).toEqual([]);
    for (const options of [{ identity: ANONYMOUS }, { identity: { kind: 'STORE', storeId: 'store-a' } as Identity }, { via: 'gateway' } as const]) {
      const anonymous = follow(CART_EVENTS, options);
      await until(() => anonymous.completed(), 5_000, 'refusal');
      expect(anonymous.results[0].errors[0].extensions.code).toBe('NOT_AUTHENTICATED');
    }
    const shopperAsStore = follow(AVAILABILITY, { identity: me });
    await until(() => shopperAsStore.completed(), 5_000, 'refusal');
    expect(shopperAsStore.results[0].errors[0].extensions.code).toBe('NOT_AUTHENTICATED');
    expect(await redisSubscribers(cartChannel(other.sessionId!))).toBe(0);
  });

  it('refuses a forged or stale identity in connectionParams: the connection is closed', async () => {
    const forged = follow(CART_EVENTS, { header: signIdentity({ kind: 'GUEST', sessionId: 'victim' }, 'not-the-gateway-key') });
    await until(() => forged.closed() !== undefined, 5_000, 'close');
    expect(forged.closed()).toMatchObject({ code: WS_CLOSE_INVALID_IDENTITY });
    expect(forged.closed()!.reason).toMatch(/^INVALID_IDENTITY/);
    expect(forged.events()).toEqual([]);
    const stale = follow(CART_EVENTS, { header: signIdentity({ kind: 'GUEST', sessionId: 'me' }, t.identityKey, Date.now() - 120_000) });
    await until(() => stale.closed() !== undefined, 5_000, 'close');
    expect(stale.closed()).toMatchObject({ code: WS_CLOSE_INVALID_IDENTITY });
  });

  it('refuses a connection without a credential, or with a forged gateway credential', async () => {
    for (const connectionHeader of [undefined, signGatewayCredential('not-the-gateway-key'), signGatewayCredential(t.identityKey, Date.now() - 2 * IDENTITY_TTL_MS)]) {
      const refused = follow(CART_EVENTS, { via: 'gateway', identity: t.shopper(), connectionHeader: connectionHeader ?? '' });
      await until(() => refused.closed() !== undefined, 5_000, 'close');
      expect(refused.closed()).toMatchObject({ code: WS_CLOSE_INVALID_IDENTITY });
      expect(refused.closed()!.reason).toMatch(/^INVALID_IDENTITY/);
    }
  });

  it('on the gateway\'s connection, verifies each subscription\'s own identity: forged, stale or the gateway\'s own are refused', async () => {
    const client = connect(signGatewayCredential(t.identityKey));
    const me = t.shopper();
    const cases: [string, string][] = [
      ['forged', signIdentity(me, 'not-the-gateway-key')],
      // an old subscribe message replayed: the gateway signs every (re)subscription afresh, so staleness is never excused
      ['stale', signIdentity(me, t.identityKey, Date.now() - 2 * IDENTITY_TTL_MS)],
      ['the gateway credential as a caller', signGatewayCredential(t.identityKey)],
    ];
    for (const [what, header] of cases) {
      const refused = follow(CART_EVENTS, { client, via: 'gateway', header });
      await until(() => refused.error() !== undefined || refused.completed(), 5_000, `refusal (${what})`);
      expect(refused.error()?.[0]?.extensions?.code, what).toBe('INVALID_IDENTITY');
    }
    // the connection itself stays up for the other subscriptions
    const events = follow(CART_EVENTS, { client, via: 'gateway', identity: me });
    await until(async () => (await redisSubscribers(cartChannel(me.sessionId!))) > 0, 5_000, 'cart subscription live');
    await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    await events.until((e) => e.length === 1, 5_000, 'HELD');
    await events.stop();
  });

  it('multiplexes many callers over one gateway connection, each seeing only its own cart', async () => {
    const client = connect(signGatewayCredential(t.identityKey));
    const shoppers = [t.shopper(), t.shopper(), t.shopper()];
    const carts = shoppers.map((identity) => follow(CART_EVENTS, { client, via: 'gateway', identity }));
    const store = follow(AVAILABILITY, { client, via: 'gateway', identity: { kind: 'STORE', storeId: 'store-b' } });
    await until(async () => (await Promise.all(shoppers.map((s) => redisSubscribers(cartChannel(s.sessionId!))))).every((n) => n > 0), 5_000, 'cart subscriptions live');
    await until(async () => (await redisSubscribers(availabilityChannel('store-b'))) > 0, 5_000, 'store subscription live');
    const tickets = await Promise.all(shoppers.map((identity, i) => hold(identity, { storeId: i === 2 ? 'store-b' : 'store-a', sku: i === 2 ? 'HAMMER' : 'BOOK-1', quantity: 1 })));
    for (const [i, events] of carts.entries()) {
      await events.until((e) => e.length === 1, 5_000, `cart ${i}`);
      expect(events.events()[0]).toMatchObject({ type: 'HELD', sequence: 1, ticket: { id: tickets[i].id } });
    }
    await store.until((e) => e.length >= 1, 5_000, 'availability change');
    expect(store.events().every((c) => c.storeId === 'store-b')).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(carts.map((c) => c.events().length)).toEqual([1, 1, 1]);
    for (const followed of [...carts, store]) await followed.stop();
    await client.dispose();
  });

  it('serves only subscriptions over WebSocket', async () => {
    const query = follow('{ cart { id } }', { identity: t.shopper() });
    await until(() => query.error() !== undefined, 5_000, 'error');
    expect(query.error()[0].extensions.code).toBe('BAD_REQUEST');
    const invalid = follow('subscription { nope }', { identity: t.shopper() });
    await until(() => invalid.error() !== undefined, 5_000, 'error');
    expect(invalid.error()[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('availabilityChanges', () => {
  it('a store hears of its own items only', async () => {
    const before = await redisSubscribers(availabilityChannel('store-a'));
    const storeA = follow(AVAILABILITY, { identity: { kind: 'STORE', storeId: 'store-a' }, replica: 1 });
    await until(async () => (await redisSubscribers(availabilityChannel('store-a'))) > before, 5_000, 'store subscription live');
    const me = t.shopper();
    await hold(me, { storeId: 'store-b', sku: 'HAMMER', quantity: 1 });
    const book = await hold(me, { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 });
    await t.graphql(RELEASE_MUTATION, { idempotencyKey: randomUUID(), ticketId: book.id }, { identity: me });
    await storeA.until((e) => e.length >= 2, 5_000, 'availability changes');
    await new Promise((r) => setTimeout(r, 100));
    expect(storeA.events()).toHaveLength(2);
    for (const change of storeA.events()) {
      expect(change).toMatchObject({ storeId: 'store-a', sku: 'BOOK-1', item: { storeId: 'store-a', sku: 'BOOK-1' } });
    }
    await storeA.stop();
  });
});

describe('shutdown', () => {
  it('closing a server closes its subscriptions and releases their bus subscriptions', async () => {
    const server = await t.addReplica({ events: await bus() });
    const replica = t.servers.indexOf(server);
    const me = t.shopper();
    const events = await followCart(me, replica);
    t.servers.splice(replica, 1);
    await server.close();
    await until(() => events.closed() !== undefined, 5_000, 'closed');
    expect(events.closed()!.code).toBe(1001);
    await until(async () => (await redisSubscribers(cartChannel(me.sessionId!))) === 0, 5_000, 'bus unsubscribed');
    t.urls.splice(replica, 1);
  });

  it('terminates a socket that stops answering pings', async () => {
    const server = await t.addReplica({ events: await bus(), keepAliveMs: 100 });
    const url = t.urls[t.servers.indexOf(server)].replace(/^http/, 'ws');
    // a client that never answers pings (a gateway that hung or vanished)
    const socket = new WebSocket(url, 'graphql-transport-ws', { autoPong: false });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { [IDENTITY_HEADER]: signIdentity(t.shopper(), t.identityKey) } }));
    const openedAt = Date.now();
    const code = await new Promise<number>((resolve) => socket.once('close', (c) => resolve(c)));
    expect(code).toBe(1006);
    expect(Date.now() - openedAt).toBeLessThan(1_000);
    // a client that answers stays connected
    const alive = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve) => alive.once('open', resolve));
    let closed = false;
    alive.once('close', () => (closed = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(closed).toBe(false);
    alive.close();
  });
});
