import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SUPERGRAPH_FILE } from '../lib/composition.js';
import type { Clock } from '../lib/clock.js';
import { IDENTITY_HEADER, IDENTITY_TTL_MS, verifyIdentity, type Identity } from '../lib/identity.js';
import { silentLogger } from '../lib/logger.js';
import { StaticStoreDirectory, type StoreEntry } from '../lib/store-directory.js';
import type { SessionResolution, SessionResolver } from './identity.js';
import { createGateway, type GatewayDeps, type GatewayService } from './server.js';
import { startFakeInventory, startFakePayment, startFakeSession, type FakeStore, type FakeSubgraph } from './testing/fake-subgraphs.js';
import { startFakeTicketWithEvents, type FakeTicketEvents } from './testing/fake-ticket-events.js';
import { apolloCollect, collect, rawSubscriber, wsClient, type Collected } from './testing/ws-clients.js';

// Apollo's GraphQLWsLink looks for a global WebSocket when it classifies errors (Node 20 has none)
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const identityKey = 'test-identity-key';
const supergraphSdl = readFileSync(SUPERGRAPH_FILE, 'utf8');

// --- a session service stand-in whose sessions the tests expire and revoke ---
interface FakeSession {
  identity: Identity;
  expiresAt: number;
  revoked?: boolean;
}
const sessions = new Map<string, FakeSession>();
const resolveCalls: { token: string; touch?: boolean }[] = [];
const resolveSession: SessionResolver = async (token, _clientIp, options) => {
  resolveCalls.push({ token, touch: options?.touch });
  const session = sessions.get(token);
  if (!session || session.revoked) return { ok: false, code: 'SESSION_INVALID', message: 'The session token is unknown, revoked or malformed.' };
  if (session.expiresAt <= Date.now()) return { ok: false, code: 'SESSION_EXPIRED', message: 'The session expired; start a new session.' };
  return { ok: true, identity: session.identity, expiresAt: new Date(session.expiresAt).toISOString() } satisfies SessionResolution;
};
let sessionCounter = 0;
function newSession(ttlMs = 3_600_000): { token: string; sessionId: string; session: FakeSession } {
  const n = ++sessionCounter;
  const session: FakeSession = { identity: { kind: 'GUEST', sessionId: `sess-${n}` }, expiresAt: Date.now() + ttlMs };
  sessions.set(`token-${n}`, session);
  return { token: `token-${n}`, sessionId: `sess-${n}`, session };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const FULL = /* GraphQL */ `
  subscription Cart {
    cartEvents {
      type
      sequence
      ticket {
        id
        status
        item { name price { amount } }
        store { name }
        order { id status }
      }
    }
  }
`;
const TICKET_ONLY = 'subscription { cartEvents { type sequence ticket { id sku status } } }';

let storeA: FakeStore;
let storeB: FakeStore;
let session: FakeSubgraph;
let payment: FakeSubgraph;
let directory: StaticStoreDirectory;

beforeAll(async () => {
  storeA = await startFakeInventory('a', 'Store A', [{ sku: '1', name: 'A one', amount: 100 }, { sku: '2', name: 'A two', amount: 200 }], 'secret-a');
  storeB = await startFakeInventory('b', 'Store B', [{ sku: '1', name: 'B one', amount: 111 }, { sku: '2', name: 'B two', amount: 222 }], 'secret-b');
  session = await startFakeSession(identityKey);
  payment = await startFakePayment(identityKey);
  directory = new StaticStoreDirectory(
    [storeA, storeB].map((s): StoreEntry => ({ id: s.storeId, name: s.storeId, url: s.url, secret: `secret-${s.storeId}`, apiKey: `key-${s.storeId}` })),
  );
});
afterAll(async () => {
  for (const s of [storeA, storeB, session, payment]) await s?.service.close().catch(() => {});
});

const fakeTickets = [
  { id: 't1', storeId: 'a', sku: '1' },
  { id: 't2', storeId: 'b', sku: '2' },
];

async function startGateway(ticket: FakeTicketEvents, overrides: Partial<GatewayDeps> = {}): Promise<{ gateway: GatewayService; url: string }> {
  const gateway = createGateway({
    supergraphSdl,
    subgraphUrls: { session: session.url, ticket: ticket.url, payment: payment.url },
    directory,
    resolveSession,
    identityKey,
    logger: silentLogger(),
    storeTimeoutMs: 1_000,
    ...overrides,
    subscriptions: {
      sessionCheckIntervalMs: 60_000,
      maxQueuedEvents: 20,
      closeGraceMs: 5_000,
      keepAliveMs: 2_000,
      upstream: { retryBaseMs: 50, retryMaxMs: 300, reconnectWindowMs: 10_000, keepAliveMs: 1_000, pongTimeoutMs: 1_000 },
      ...overrides.subscriptions,
    },
  });
  return { gateway, url: await gateway.listen(0) };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const clearReceived = () => {
  for (const s of [storeA, storeB, session, payment]) s.received.length = 0;
};

describe('federated subscriptions', () => {
  let ticket: FakeTicketEvents;
  let gateway: GatewayService;
  let url: string;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey);
    ({ gateway, url } = await startGateway(ticket));
  });
  afterAll(async () => {
    await gateway?.close();
    await ticket?.stop();
  });
  beforeEach(async () => {
    clearReceived();
    ticket.http.received.length = 0;
  });
  // every test leaves no subscription behind
  const track = <T extends { dispose: () => unknown }>(x: T): T => {
    cleanups.push(() => x.dispose());
    return x;
  };
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    // the next test starts from a quiet gateway and subgraph
    await waitFor(
      () => gateway.subscriptionStats().clients === 0 && gateway.subscriptionStats().upstreamStreams === 0 && ticket.activeSubscriptions() === 0,
      'every subscription to end',
    );
  });

  it('resolves each event across ticket, both stores (routed per store) and payment, in order', async () => {
    const { token, sessionId } = newSession();
    const client = track(wsClient(url, bearer(token)));
    const events = track(collect(client, FULL));
    await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');

    ticket.publishCart(sessionId, { type: 'HELD', sequence: 1, ticket: { id: 't1', storeId: 'a', sku: '1' } });
    ticket.publishCart(sessionId, { type: 'QUANTITY_CHANGED', sequence: 2, ticket: { id: 't2', storeId: 'b', sku: '2', quantity: 3 } });
    ticket.publishCart(sessionId, { type: 'PURCHASED', sequence: 3, ticket: { id: 't1', storeId: 'a', sku: '1', status: 'PURCHASED', orderId: 'o-1' } });
    await events.until((c) => c.results.length === 3, 'three events');

    expect(events.errors()).toEqual([]);
    expect(events.data()).toEqual([
      { cartEvents: { type: 'HELD', sequence: 1, ticket: { id: 't1', status: 'HELD', item: { name: 'A one', price: { amount: 100 } }, store: { name: 'Store A' }, order: null } } },
      { cartEvents: { type: 'QUANTITY_CHANGED', sequence: 2, ticket: { id: 't2', status: 'HELD', item: { name: 'B two', price: { amount: 222 } }, store: { name: 'Store B' }, order: null } } },
      { cartEvents: { type: 'PURCHASED', sequence: 3, ticket: { id: 't1', status: 'PURCHASED', item: { name: 'A one', price: { amount: 100 } }, store: { name: 'Store A' }, order: { id: 'o-1', status: 'AUTHORIZED' } } } },
    ]);

    // each store saw only its own entities, and the caller's identity signed with its own secret
    const expected = { kind: 'GUEST', sessionId, clientIp: '127.0.0.1' };
    for (const store of [storeA, storeB]) {
      const reps = store.received.flatMap((r) => r.variables.representations ?? []);
      expect(reps.length).toBeGreaterThan(0);
      expect(reps.every((rep: any) => (rep.__typename === 'Store' ? rep.id : rep.storeId) === store.storeId)).toBe(true);
      expect(store.received.every((r) => JSON.stringify(r.identity) === JSON.stringify(expected))).toBe(true);
    }
    expect(payment.received.map((r) => r.variables.representations)).toContainEqual([{ __typename: 'Order', id: 'o-1' }]);
    // the ticket subgraph verified the same caller on its subscription, over the gateway's own connection
    expect(ticket.subscribers).toContainEqual(expected);
    expect(ticket.connections.at(-1)).toEqual({ kind: 'GATEWAY' });
  });

  it('serves Apollo Client over GraphQLWsLink', async () => {
    const { token, sessionId } = newSession();
    const events = track(apolloCollect(url, bearer(token), FULL));
    await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
    ticket.publishCart(sessionId, { type: 'HELD', sequence: 7, ticket: { id: 't2', storeId: 'b', sku: '1' } });
    await events.until((c) => c.results.length === 1, 'one event');
    expect(events.results[0].errors).toBeUndefined();
    expect(events.data()[0]).toMatchObject({
      cartEvents: { type: 'HELD', sequence: 7, ticket: { id: 't2', item: { name: 'B one', price: { amount: 111 } }, store: { name: 'Store B' }, order: null } },
    });
  });

  it('costs no fetch at all when only ticket fields are selected', async () => {
    const { token, sessionId } = newSession();
    const client = track(wsClient(url, bearer(token)));
    const events = collect(client, TICKET_ONLY);
    await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
    ticket.publishCart(sessionId, { type: 'RELEASED', sequence: 4, ticket: { id: 't1', storeId: 'a', sku: '1', status: 'RELEASED' } });
    await events.until((c) => c.results.length === 1, 'one event');
    expect(events.results[0]).toEqual({ data: { cartEvents: { type: 'RELEASED', sequence: 4, ticket: { id: 't1', sku: '1', status: 'RELEASED' } } } });
    for (const subgraph of [storeA, storeB, payment, session, ticket.http]) expect(subgraph.received).toEqual([]);
  });

  it('shares one upstream stream between identical subscribers and closes it when both leave', async () => {
    const { token, sessionId } = newSession();
    const c1 = wsClient(url, bearer(token));
    const c2 = wsClient(url, bearer(token));
    const e1 = collect(c1, FULL);
    const e2 = collect(c2, FULL);
    await waitFor(() => gateway.subscriptionStats().clients === 2, 'two subscribers');
    expect(gateway.subscriptionStats()).toMatchObject({ clients: 2, upstreamStreams: 1, upstreamConnections: 1 });
    await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');

    ticket.publishCart(sessionId, { type: 'HELD', sequence: 1, ticket: { id: 't1', storeId: 'a', sku: '1' } });
    await e1.until((c) => c.results.length === 1, 'the event (1)');
    await e2.until((c) => c.results.length === 1, 'the event (2)');
    expect(e1.results).toEqual(e2.results);
    // resolved once for both: store A answered one Item and one Store fetch, not two of each
    expect(storeA.received).toHaveLength(2);

    const health = (await (await fetch(new URL('/health', url))).json()) as any;
    expect(health.subscriptions).toMatchObject({ clients: 2, upstreamStreams: 1 });

    e1.dispose();
    await waitFor(() => gateway.subscriptionStats().clients === 1, 'one subscriber left');
    expect(gateway.subscriptionStats().upstreamStreams).toBe(1);
    e2.dispose();
    await waitFor(() => gateway.subscriptionStats().upstreamStreams === 0, 'the stream to close');
    await waitFor(() => ticket.activeSubscriptions() === 0, 'the upstream subscription to end');
    await c1.dispose();
    await c2.dispose();
    await waitFor(() => gateway.subscriptionStats().upstreamConnections === 0, 'the upstream socket to close');
  });

  it('multiplexes every caller over ONE upstream connection, each subscription under its own identity', async () => {
    const connectionsBefore = ticket.connections.length;
    const shoppers = Array.from({ length: 6 }, () => newSession());
    const clients = shoppers.map(({ token }) => track(wsClient(url, bearer(token))));
    const carts = clients.map((client) => collect(client, TICKET_ONLY));
    // a second subscriber of the first cart shares its stream; a store and an anonymous caller ride along
    const twin = collect(track(wsClient(url, bearer(shoppers[0].token))), TICKET_ONLY);
    const store = collect(track(wsClient(url, { 'x-store-key': 'key-a' })), 'subscription { availabilityChanges { storeId sku } }');
    await waitFor(() => ticket.activeSubscriptions() === shoppers.length + 1, 'every upstream subscription');
    expect(gateway.subscriptionStats()).toMatchObject({ clients: shoppers.length + 2, upstreamStreams: shoppers.length + 1, upstreamConnections: 1 });
    const anonymous = collect(track(wsClient(url)), TICKET_ONLY);
    await anonymous.until((c) => c.ended, 'the refusal of the anonymous caller');
    expect(anonymous.errors()[0]?.extensions?.code).toBe('NOT_AUTHENTICATED');

    // one socket, authenticated as the gateway; the callers were verified per subscription
    expect(ticket.connections.slice(connectionsBefore)).toEqual([{ kind: 'GATEWAY' }]);
    for (const { sessionId } of shoppers) expect(ticket.subscribers).toContainEqual({ kind: 'GUEST', sessionId, clientIp: '127.0.0.1' });
    expect(ticket.subscribers).toContainEqual({ kind: 'STORE', storeId: 'a', clientIp: '127.0.0.1' });
    expect(ticket.subscribers).toContainEqual({ kind: 'ANONYMOUS', clientIp: '127.0.0.1' });

    // each cart hears only its own events, in order
    shoppers.forEach(({ sessionId }, i) => {
      ticket.publishCart(sessionId, { type: 'HELD', sequence: 1, ticket: { id: `t${i}`, storeId: 'a', sku: String(i) } });
      ticket.publishCart(sessionId, { type: 'RELEASED', sequence: 2, ticket: { id: `t${i}`, storeId: 'a', sku: String(i), status: 'RELEASED' } });
    });
    ticket.publishAvailability('a', '1');
    for (const [i, events] of carts.entries()) {
      await events.until((c) => c.results.length === 2, `cart ${i}'s events`);
      expect(events.data().map((d: any) => [d.cartEvents.sequence, d.cartEvents.ticket.id])).toEqual([
        [1, `t${i}`],
        [2, `t${i}`],
      ]);
    }
    await twin.until((c) => c.results.length === 2, 'the twin\'s events');
    expect(twin.results).toEqual(carts[0].results);
    await store.until((c) => c.results.length === 1, 'the availability change');
    expect(store.results).toEqual([{ data: { availabilityChanges: { storeId: 'a', sku: '1' } } }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(carts.map((c) => c.results.length)).toEqual(shoppers.map(() => 2));

    for (const c of [...carts, twin, store]) c.dispose();
    await waitFor(() => gateway.subscriptionStats().upstreamConnections === 0, 'the upstream socket to close with its last stream');
  });

  it('cuts off a slow consumer with 4008 while a fast one on the same stream keeps receiving', async () => {
    const { token, sessionId } = newSession();
    const fastClient = track(wsClient(url, bearer(token)));
    const fast = collect(fastClient, TICKET_ONLY);
    const slow = await rawSubscriber(url, bearer(token), TICKET_ONLY);
    track({ dispose: () => slow.socket.terminate() });
    await waitFor(() => gateway.subscriptionStats().clients === 2, 'two subscribers');
    expect(gateway.subscriptionStats().upstreamStreams).toBe(1);
    slow.pause();

    // big events fill the kernel's socket buffers quickly; then the slow client's queue overflows
    const bigSku = 'x'.repeat(256 * 1024);
    let sequence = 0;
    while (gateway.subscriptionStats().clients === 2) {
      if (sequence >= 2_000) throw new Error('the slow consumer was never cut off');
      for (let i = 0; i < 10; i++) ticket.publishCart(sessionId, { type: 'HELD', sequence: ++sequence, ticket: { id: 't1', storeId: 'a', sku: bigSku } });
      await fast.until((c) => c.results.length === sequence, `${sequence} events`);
    }
    // the fast subscriber is untouched and keeps receiving, in order
    ticket.publishCart(sessionId, { type: 'RELEASED', sequence: ++sequence, ticket: { id: 't1', storeId: 'a', sku: '1' } });
    await fast.until((c) => c.results.length === sequence, 'the event after the cut');
    expect(fast.data().map((d: any) => d.cartEvents.sequence)).toEqual(Array.from({ length: sequence }, (_, i) => i + 1));
    expect(fast.ended).toBe(false);

    slow.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(4008);
    expect(closed.reason).toMatch(/^SLOW_CONSUMER: slow consumer/);
  });

  it('ends a subscription that asks for someone else\'s cart with the subgraph\'s FORBIDDEN', async () => {
    const { token } = newSession();
    const client = track(wsClient(url, bearer(token)));
    const events = collect(client, 'subscription($id: ID) { cartEvents(cartId: $id) { type ticket { item { name } } } }', { id: 'sess-of-someone-else' });
    await events.until((c) => c.ended, 'the refusal');
    expect(events.completed).toBe(true);
    expect(events.errors()).toEqual([expect.objectContaining({ message: 'This is not your cart.', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(events.data()).toEqual([]);
    expect(gateway.subscriptionStats().upstreamStreams).toBe(0);
  });

  it('lets a store follow its own availability changes, resolved by its own inventory', async () => {
    const client = track(wsClient(url, { 'x-store-key': 'key-b' }));
    const events = collect(client, 'subscription { availabilityChanges { storeId sku item { name available } } }');
    await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
    expect(ticket.subscribers).toContainEqual({ kind: 'STORE', storeId: 'b', clientIp: '127.0.0.1' });
    ticket.publishAvailability('b', '2');
    await events.until((c) => c.results.length === 1, 'one change');
    expect(events.results[0]).toEqual({ data: { availabilityChanges: { storeId: 'b', sku: '2', item: { name: 'B two', available: 10 } } } });
    expect(storeA.received).toEqual([]);
  });

  it('refuses invalid operations with their codes and runs queries over the socket', async () => {
    const { token } = newSession();
    const client = track(wsClient(url, bearer(token)));
    const invalid = collect(client, 'subscription { cartEvents { nope } }');
    await invalid.until((c) => c.ended, 'the refusal');
    expect(invalid.error?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const badVariable = collect(client, 'subscription($id: ID) { cartEvents(cartId: $id) { type } }', { id: { not: 'an id' } });
    await badVariable.until((c) => c.ended, 'the refusal');
    expect(badVariable.error?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const query = collect(client, '{ stores { id name } }');
    await query.until((c) => c.completed, 'the query');
    expect(query.results).toEqual([{ data: { stores: [{ id: 'a', name: 'Store A' }, { id: 'b', name: 'Store B' }] } }]);
  });

  describe('authentication at connection', () => {
    const refusal = async (params: Record<string, unknown>) => {
      const client = wsClient(url, params);
      const events = collect(client, TICKET_ONLY);
      try {
        await events.until((c) => c.ended, 'the refusal');
        return events.error as { code: number; reason: string };
      } finally {
        await client.dispose();
      }
    };

    it.each([
      ['an unknown session token', { authorization: 'Bearer nonsense' }, /^SESSION_INVALID: /],
      ['a token passed as `token`', { token: 'nonsense' }, /^SESSION_INVALID: /],
      ['a non-bearer authorization', { authorization: 'Basic dXNlcjpwYXNz' }, /^SESSION_INVALID: /],
      ['an unknown store key', { 'x-store-key': 'key-nope' }, /^INVALID_STORE_CREDENTIALS: /],
    ])('closes the connection with 4401 for %s', async (_, params, reason) => {
      const closed = await refusal(params);
      expect(closed.code).toBe(4401);
      expect(closed.reason).toMatch(reason);
    });

    it('closes with SESSION_EXPIRED for an expired session', async () => {
      const { token } = newSession(-1);
      const closed = await refusal({ sessionToken: token });
      expect(closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/^SESSION_EXPIRED: /) });
    });

    it('never trusts an identity sent in connectionParams', async () => {
      const client = track(wsClient(url, { [IDENTITY_HEADER]: 'forged.signature' }));
      const events = collect(client, TICKET_ONLY);
      await events.until((c) => c.ended, 'the refusal from the subgraph');
      // connected as anonymous: the ticket subgraph asks for a session
      expect(events.errors()[0]?.extensions?.code).toBe('NOT_AUTHENTICATED');
      expect(ticket.subscribers).toContainEqual({ kind: 'ANONYMOUS', clientIp: '127.0.0.1' });
    });
  });

  describe('session end', () => {
    it('ends the subscription with SESSION_EXPIRED at the session\'s expiry, re-checking without touching it', async () => {
      const { token, sessionId } = newSession(800);
      const client = track(wsClient(url, bearer(token)));
      const events = collect(client, TICKET_ONLY);
      await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
      ticket.publishCart(sessionId, { type: 'HELD', sequence: 1, ticket: { id: 't1', storeId: 'a', sku: '1' } });
      await events.until((c) => c.ended, 'the end of the session', 5_000);
      expect(events.completed).toBe(true);
      expect(events.data()).toHaveLength(1);
      expect(events.errors()).toEqual([{ message: 'The session expired; start a new session.', extensions: { code: 'SESSION_EXPIRED' } }]);
      const calls = resolveCalls.filter((c) => c.token === token);
      expect(calls[0].touch).toBeUndefined(); // the connection itself is activity
      expect(calls.slice(1).length).toBeGreaterThan(0);
      expect(calls.slice(1).every((c) => c.touch === false)).toBe(true);
      await waitFor(() => ticket.activeSubscriptions() === 0, 'the upstream subscription to end');
    });
  });
});

describe('session re-checks', () => {
  let ticket: FakeTicketEvents;
  let gateway: GatewayService;
  let url: string;

  beforeAll(async () => {
    ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey);
    ({ gateway, url } = await startGateway(ticket, { subscriptions: { sessionCheckIntervalMs: 200 } }));
  });
  afterAll(async () => {
    await gateway?.close();
    await ticket?.stop();
  });

  it('ends the subscription with SESSION_INVALID after logout, and refuses new ones on the socket', async () => {
    const { token, session: s } = newSession();
    const client = wsClient(url, bearer(token));
    try {
      const events = collect(client, TICKET_ONLY);
      await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
      s.revoked = true;
      await events.until((c) => c.ended, 'the end of the session', 3_000);
      expect(events.completed).toBe(true);
      expect(events.errors()[0]?.extensions?.code).toBe('SESSION_INVALID');
      await waitFor(() => gateway.subscriptionStats().upstreamStreams === 0, 'the stream to close');
    } finally {
      await client.dispose();
    }
  });
});

describe('upstream resilience', () => {
  let ticket: FakeTicketEvents;
  let gateway: GatewayService;
  let url: string;

  afterAll(async () => {
    await gateway?.close();
    await ticket?.stop().catch(() => {});
  });

  it('re-subscribes after the ticket subgraph restarts; the client keeps its subscription', async () => {
    ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey);
    ({ gateway, url } = await startGateway(ticket));
    const { token, sessionId } = newSession();
    const client = wsClient(url, bearer(token));
    let events: Collected | undefined;
    try {
      events = collect(client, FULL);
      await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
      ticket.publishCart(sessionId, { type: 'HELD', sequence: 1, ticket: { id: 't1', storeId: 'a', sku: '1' } });
      await events.until((c) => c.results.length === 1, 'the first event');

      const port = ticket.port;
      await ticket.stop({ crash: true });
      ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey, port);
      await waitFor(() => ticket.activeSubscriptions() === 1, 'the re-subscription');
      // the gateway credential and the caller's identity were verified again by the new instance
      expect(ticket.connections).toEqual([{ kind: 'GATEWAY' }]);
      expect(ticket.subscribers).toEqual([{ kind: 'GUEST', sessionId, clientIp: '127.0.0.1' }]);

      ticket.publishCart(sessionId, { type: 'EXPIRED', sequence: 2, ticket: { id: 't1', storeId: 'a', sku: '1', status: 'EXPIRED' } });
      await events.until((c) => c.results.length === 2, 'the event after the restart');
      expect(events.data().map((d: any) => [d.cartEvents.type, d.cartEvents.ticket.item.name])).toEqual([
        ['HELD', 'A one'],
        ['EXPIRED', 'A one'],
      ]);
      expect(events.ended).toBe(false);
      expect(gateway.subscriptionStats()).toMatchObject({ clients: 1, upstreamStreams: 1 });
    } finally {
      events?.dispose();
      await client.dispose();
    }
  });

  it('re-subscribes after a reconnect with freshly signed identities (an old subscribe message would be stale)', async () => {
    await gateway?.close();
    await ticket?.stop().catch(() => {});
    ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey);
    // signatures minted by this gateway are about to expire: each lives ~1 s instead of 60 s
    const skewed: Clock = { now: () => new Date(Date.now() - IDENTITY_TTL_MS + 1_000) };
    ({ gateway, url } = await startGateway(ticket, { subscriptions: { upstream: { retryBaseMs: 50, retryMaxMs: 300, reconnectWindowMs: 10_000, clock: skewed } } }));
    const shoppers = [newSession(), newSession()];
    const clients = shoppers.map(({ token }) => wsClient(url, bearer(token)));
    try {
      const carts = clients.map((client) => collect(client, TICKET_ONLY));
      await waitFor(() => ticket.activeSubscriptions() === 2, 'the upstream subscriptions');
      expect(gateway.subscriptionStats().upstreamConnections).toBe(1);
      const firstSignatures = [...ticket.signedIdentities];
      expect(firstSignatures).toHaveLength(2);

      // the first subscribe messages go stale; then the link drops and the gateway re-subscribes
      await new Promise((r) => setTimeout(r, 1_200));
      for (const signed of firstSignatures) expect(() => verifyIdentity(signed, identityKey)).toThrow(/stale/);
      const port = ticket.port;
      await ticket.stop({ crash: true });
      ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey, port);
      await waitFor(() => ticket.activeSubscriptions() === 2, 'the re-subscriptions');
      expect(ticket.connections).toEqual([{ kind: 'GATEWAY' }]);
      expect(ticket.subscribers).toEqual(expect.arrayContaining(shoppers.map(({ sessionId }) => ({ kind: 'GUEST', sessionId, clientIp: '127.0.0.1' }))));
      for (const signed of ticket.signedIdentities) expect(firstSignatures).not.toContain(signed);

      shoppers.forEach(({ sessionId }, i) => ticket.publishCart(sessionId, { type: 'HELD', sequence: 1, ticket: { id: `t${i}`, storeId: 'a', sku: '1' } }));
      for (const events of carts) await events.until((c) => c.results.length === 1, 'the event after the reconnect');
      expect(carts.map((c) => c.errors())).toEqual([[], []]);
      expect(carts.some((c) => c.ended)).toBe(false);
      expect(gateway.subscriptionStats()).toMatchObject({ clients: 2, upstreamStreams: 2, upstreamConnections: 1 });
    } finally {
      for (const client of clients) await client.dispose();
    }
  });

  it('ends subscriptions with SUBGRAPH_UNAVAILABLE when the subgraph stays down past the window', async () => {
    await gateway?.close();
    await ticket?.stop().catch(() => {});
    ticket = await startFakeTicketWithEvents(fakeTickets, ['a', 'b'], identityKey);
    ({ gateway, url } = await startGateway(ticket, { subscriptions: { upstream: { retryBaseMs: 50, retryMaxMs: 200, reconnectWindowMs: 700 } } }));
    const { token } = newSession();
    const client = wsClient(url, bearer(token));
    try {
      const events = collect(client, FULL);
      await waitFor(() => ticket.activeSubscriptions() === 1, 'the upstream subscription');
      await ticket.stop({ crash: true });
      await events.until((c) => c.ended, 'the end', 5_000);
      expect(events.completed).toBe(true);
      expect(events.errors()).toEqual([expect.objectContaining({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'ticket' } })]);
      expect(gateway.subscriptionStats()).toMatchObject({ clients: 0, upstreamStreams: 0, upstreamConnections: 0 });
    } finally {
      await client.dispose();
    }
  });
});
