import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUPERGRAPH_FILE } from '../lib/composition.js';
import type { HttpService } from '../lib/http-server.js';
import { ANONYMOUS, IDENTITY_HEADER, signIdentity, verifyIdentity } from '../lib/identity.js';
import { silentLogger } from '../lib/logger.js';
import { StaticStoreDirectory, type StoreEntry } from '../lib/store-directory.js';
import type { SessionResolver } from './identity.js';
import { createGateway } from './server.js';
import {
  post,
  startFakeInventory,
  startFakePayment,
  startFakeSession,
  startFakeTicket,
  type FakeStore,
  type FakeSubgraph,
} from './testing/fake-subgraphs.js';

const identityKey = 'test-identity-key';
// long enough that a busy CI machine does not look like a store outage; the slow store takes 4 s
const STORE_TIMEOUT_MS = 1_000;

const resolveSession: SessionResolver = async (token) => {
  if (token === 'guest-token') return { ok: true, identity: { kind: 'GUEST', sessionId: 'sess-1' } };
  if (token === 'expired-token') return { ok: false, code: 'SESSION_EXPIRED', message: 'The session expired.' };
  return { ok: false, code: 'SESSION_INVALID', message: 'Unknown session token.' };
};

let storeA: FakeStore;
let storeB: FakeStore;
let slowStore: FakeStore;
let downStore: FakeStore;
let ticket: FakeSubgraph;
let session: FakeSubgraph;
let payment: FakeSubgraph;
let directory: StaticStoreDirectory;
const stores = () => [storeA, storeB, slowStore, downStore];

beforeAll(async () => {
  storeA = await startFakeInventory('a', 'Store A', [{ sku: '1', name: 'A one', amount: 100 }, { sku: '2', name: 'A two', amount: 200 }], 'secret-a');
  storeB = await startFakeInventory('b', 'Store B', [{ sku: '1', name: 'B one', amount: 111 }, { sku: '2', name: 'B two', amount: 222 }], 'secret-b');
  slowStore = await startFakeInventory('slow', 'Slow Store', [{ sku: '1', name: 'Slow one', amount: 5 }], 'secret-slow');
  downStore = await startFakeInventory('down', 'Down Store', [{ sku: '1', name: 'Down one', amount: 5 }], 'secret-down');
  ticket = await startFakeTicket(
    [
      { id: 't1', storeId: 'a', sku: '1' },
      { id: 't2', storeId: 'b', sku: '1' },
      { id: 't3', storeId: 'a', sku: '2' },
      { id: 't4', storeId: 'b', sku: '2' },
      { id: 't-down', storeId: 'down', sku: '1', inCart: false },
      { id: 't-gone', storeId: 'gone', sku: '1', inCart: false },
    ],
    ['a', 'b'],
    identityKey,
  );
  session = await startFakeSession(identityKey);
  payment = await startFakePayment(identityKey);
  directory = new StaticStoreDirectory(
    stores().map((s): StoreEntry => ({ id: s.storeId, name: s.storeId, url: s.url, secret: `secret-${s.storeId}`, apiKey: `key-${s.storeId}` })),
  );
});

afterAll(async () => {
  for (const s of [...stores(), ticket, session, payment]) await s?.service.close().catch(() => {});
});

const gatewayDeps = () => ({
  subgraphUrls: { session: session.url, ticket: ticket.url, payment: payment.url },
  directory,
  resolveSession,
  identityKey,
  logger: silentLogger(),
  storeTimeoutMs: STORE_TIMEOUT_MS,
});

const modes = [
  ['static supergraph', () => readFileSync(SUPERGRAPH_FILE, 'utf8')],
  ['IntrospectAndCompose', () => undefined],
] as const;

describe.each(modes)('gateway (%s)', (mode, supergraphSdl) => {
  let gateway: HttpService;
  let url: string;

  beforeAll(async () => {
    gateway = createGateway({ ...gatewayDeps(), supergraphSdl: supergraphSdl() });
    url = await gateway.listen(0);
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    for (const s of [...stores(), ticket, session, payment]) s.received.length = 0;
    slowStore.delayMs = 0;
  });

  describe('per-store routing', () => {
    it('resolves entities of both stores from their owners, in order', async () => {
      const res = await post(url, '{ cart { tickets { id item { storeId sku name price { amount } } store { id name } } } }');
      expect(res.errors).toBeUndefined();
      expect(res.data.cart.tickets.map((t: any) => [t.id, t.item.name, t.item.price.amount, t.store.name])).toEqual([
        ['t1', 'A one', 100, 'Store A'],
        ['t2', 'B one', 111, 'Store B'],
        ['t3', 'A two', 200, 'Store A'],
        ['t4', 'B two', 222, 'Store B'],
      ]);
      // each store only ever saw representations it owns
      for (const store of [storeA, storeB]) {
        const reps = store.received.flatMap((r) => r.variables.representations ?? []);
        expect(reps.length).toBeGreaterThan(0);
        expect(reps.every((rep: any) => (rep.__typename === 'Store' ? rep.id : rep.storeId) === store.storeId)).toBe(true);
      }
    });

    it('sends Query.store(id: "b") to store b only', async () => {
      const res = await post(url, 'query($id: ID!) { store(id: $id) { id name item(sku: "2") { name } } }', { id: 'b' });
      expect(res.errors).toBeUndefined();
      expect(res.data.store).toEqual({ id: 'b', name: 'Store B', item: { name: 'B two' } });
      expect(storeB.received).toHaveLength(1);
      expect(storeA.received).toHaveLength(0);
    });

    it('splits aliased root fields of one operation across stores', async () => {
      const res = await post(
        url,
        'query Both($b: ID!, $sku: String!) { x: store(id: "a") { name } y: store(id: $b) { name } i: item(storeId: $b, sku: $sku) { name } }',
        { b: 'b', sku: '1' },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ x: { name: 'Store A' }, y: { name: 'Store B' }, i: { name: 'B one' } });
      expect(storeA.received).toHaveLength(1);
      expect(storeB.received).toHaveLength(1);
      expect(storeA.received[0].query).not.toContain('$b');
      expect(storeA.received[0].variables).toEqual({});
      expect(storeB.received[0].variables).toEqual({ b: 'b', sku: '1' });
    });

    it('answers an unknown store with null and asks no store', async () => {
      const res = await post(url, '{ store(id: "no-such-store") { name } item(storeId: "a", sku: "404") { name } }');
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ store: null, item: null });
      expect(storeB.received).toHaveLength(0);
    });

    it('times out a slow store: its fields are null with STORE_UNAVAILABLE, the others answer', async () => {
      slowStore.delayMs = 4_000;
      const started = Date.now();
      const res = await post(url, '{ a: store(id: "a") { name } s: store(id: "slow") { name } }');
      // answered well before the slow store would have (a wide margin over the 1 s timeout for a busy machine)
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.data).toEqual({ a: { name: 'Store A' }, s: null });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]).toMatchObject({ path: ['s'], extensions: { code: 'STORE_UNAVAILABLE', storeId: 'slow' } });
    });

    it('reports entities of an unknown store as STORE_NOT_FOUND at their path', async () => {
      const res = await post(url, '{ ticket(id: "t-gone") { id item { name } } }');
      // Ticket.item is nullable: the ticket survives, only the unreachable part is null
      expect(res.data.ticket).toEqual({ id: 't-gone', item: null });
      expect(res.errors?.[0]).toMatchObject({ path: ['ticket', 'item'], extensions: { code: 'STORE_NOT_FOUND', storeId: 'gone' } });
    });

    it('masks unexpected subgraph errors and passes catalogued codes through', async () => {
      const boom = await post(url, '{ ticket(id: "boom") { id } }');
      expect(boom.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(boom)).not.toContain('hunter2');
      const forbidden = await post(url, '{ ticket(id: "forbidden") { id } }');
      expect(forbidden.errors?.[0]).toMatchObject({ message: 'Not your ticket.', extensions: { code: 'FORBIDDEN' } });
    });
  });

  it('keeps partial data and codes of subgraph answers sent with a 4xx status', async () => {
    const fixed = await post(url, '{ stores { id } ticket(id: "anonymous") { id } }');
    expect(fixed.data).toEqual({ stores: [{ id: 'a' }, { id: 'b' }], ticket: null });
    expect(fixed.errors?.[0]).toMatchObject({ message: 'Send a session.', path: ['ticket'], extensions: { code: 'NOT_AUTHENTICATED' } });
    const store = await post(url, '{ a: store(id: "a") { items(after: "%%%") { totalCount } } b: store(id: "b") { name } }');
    expect(store.data).toEqual({ a: null, b: { name: 'Store B' } });
    expect(store.errors?.[0]).toMatchObject({ extensions: { code: 'INVALID_INPUT', field: 'after' } });
  });

  describe('identity', () => {
    it('signs the resolved session identity (with the client IP) for every subgraph', async () => {
      const res = await post(url, '{ session { id kind } cart { tickets { id item { name } } } }', undefined, { authorization: 'Bearer guest-token' });
      expect(res.errors).toBeUndefined();
      expect(res.data.session).toEqual({ id: 'sess-1', kind: 'GUEST' });
      const expected = { kind: 'GUEST', sessionId: 'sess-1', clientIp: '127.0.0.1' };
      for (const [subgraph, key] of [[session, identityKey], [ticket, identityKey], [storeA, 'secret-a'], [storeB, 'secret-b']] as const) {
        expect(subgraph.received.length).toBeGreaterThan(0);
        for (const r of subgraph.received) {
          expect(r.identity).toEqual(expected);
          expect(verifyIdentity(r.headers[IDENTITY_HEADER] as string, key)).toEqual(expected);
        }
      }
      // a store's signature is useless at the exchange's own subgraphs, and vice versa
      const storeSigned = storeA.received[0].headers[IDENTITY_HEADER] as string;
      expect(() => verifyIdentity(storeSigned, identityKey)).toThrow(/not signed by the gateway/);
    });

    it('accepts x-session-token too', async () => {
      const res = await post(url, '{ session { id } }', undefined, { 'x-session-token': 'guest-token' });
      expect(res.data.session).toEqual({ id: 'sess-1' });
    });

    it('never forwards a client-sent identity header', async () => {
      const replayed = signIdentity({ kind: 'ACCOUNT', sessionId: 'victim', accountId: 'acc-victim' }, identityKey);
      const res = await post(url, '{ session { id } store(id: "a") { name } }', undefined, { [IDENTITY_HEADER]: replayed });
      expect(res.errors).toBeUndefined();
      expect(res.data.session).toBeNull();
      for (const r of [...session.received, ...storeA.received]) {
        expect(r.headers[IDENTITY_HEADER]).not.toBe(replayed);
        expect(r.identity).toEqual({ ...ANONYMOUS, clientIp: '127.0.0.1' });
      }
    });

    it.each([
      ['expired-token', 'SESSION_EXPIRED'],
      ['nonsense', 'SESSION_INVALID'],
    ])('fails the request when the session resolver says %s', async (token, code) => {
      const res = await post(url, '{ store(id: "a") { name } }', undefined, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0].extensions?.code).toBe(code);
      expect(storeA.received).toHaveLength(0);
    });

    it('refuses an Authorization header that is not a bearer token', async () => {
      const res = await post(url, '{ __typename }', undefined, { authorization: 'Basic dXNlcjpwYXNz' });
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('SESSION_INVALID');
    });

    it('maps x-store-key to a STORE identity and refuses unknown keys', async () => {
      const res = await post(url, '{ orders { edges { cursor } } }', undefined, { 'x-store-key': 'key-b' });
      expect(res.errors).toBeUndefined();
      expect(payment.received[0].identity).toEqual({ kind: 'STORE', storeId: 'b', clientIp: '127.0.0.1' });
      const bad = await post(url, '{ __typename }', undefined, { 'x-store-key': 'key-nope' });
      expect(bad.status).toBe(401);
      expect(bad.errors?.[0].extensions?.code).toBe('INVALID_STORE_CREDENTIALS');
    });
  });

  describe('http', () => {
    it('reports health with supergraph and subgraph info', async () => {
      const res = await fetch(new URL('/health', url));
      const body = (await res.json()) as any;
      expect(res.status).toBe(200);
      expect(body).toMatchObject({
        status: 'ok',
        supergraph: { mode: mode === 'static supergraph' ? 'static' : 'introspect-and-compose', loaded: true },
        subgraphs: { inventory: 'per-store', session: 'url', ticket: 'url', payment: 'url' },
        stores: 4,
      });
      expect(body.supergraph.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses simple (CSRF-able) requests', async () => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(400);
    });
  });
});

describe('store outage', () => {
  let gateway: HttpService;
  let url: string;

  beforeAll(async () => {
    gateway = createGateway({ ...gatewayDeps(), supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8') });
    url = await gateway.listen(0);
    await downStore.service.close();
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it('returns null plus STORE_UNAVAILABLE for a stopped store while the other store answers', async () => {
    const res = await post(url, '{ a: store(id: "a") { name } d: store(id: "down") { name } }');
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ a: { name: 'Store A' }, d: null });
    expect(res.errors).toEqual([expect.objectContaining({ path: ['d'], extensions: expect.objectContaining({ code: 'STORE_UNAVAILABLE', storeId: 'down' }) })]);
  });

  it('nulls only the stopped store\'s entities', async () => {
    const res = await post(url, '{ up: ticket(id: "t1") { item { name } } down: ticket(id: "t-down") { id item { name } } }');
    expect(res.data).toEqual({ up: { item: { name: 'A one' } }, down: { id: 't-down', item: null } });
    expect(res.errors?.[0]).toMatchObject({ path: ['down', 'item'], extensions: { code: 'STORE_UNAVAILABLE', storeId: 'down' } });
  });

  it('masks a fixed subgraph that is down (no internal addresses leak)', async () => {
    const broken = createGateway({ ...gatewayDeps(), supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'), subgraphUrls: { ...gatewayDeps().subgraphUrls, session: downStore.url } });
    const brokenUrl = await broken.listen(0);
    try {
      const res = await post(brokenUrl, '{ session { id } }');
      expect(res.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res)).not.toContain('127.0.0.1');
    } finally {
      await broken.close();
    }
  });

  it('masks a session service failure instead of blaming the client', async () => {
    const broken = createGateway({
      ...gatewayDeps(),
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      resolveSession: async () => {
        throw new Error('connect ECONNREFUSED 10.9.8.7:4001');
      },
    });
    const brokenUrl = await broken.listen(0);
    try {
      const res = await post(brokenUrl, '{ __typename }', undefined, { authorization: 'Bearer guest-token' });
      expect(res.status).toBe(500);
      expect(res.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(res)).not.toContain('10.9.8.7');
    } finally {
      await broken.close();
    }
  });
});
