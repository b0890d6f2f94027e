import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { HttpInventoryClient } from './inventory-client.js';
import { InMemoryInventoryClient } from '../subgraphs/inventory/memory-inventory-client.js';
import { StaticStoreDirectory } from './store-directory.js';
import { startInventoryForTest, type InventoryUnderTest } from '../subgraphs/inventory/testing.js';

const STORE = 'client-store';
let inv: InventoryUnderTest;
const fakes: http.Server[] = [];

/** A local HTTP server that answers every request with `handler` (outage simulations). */
async function fakeStore(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  fakes.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

function directoryWith(url: string, secret = 's3cret') {
  return new StaticStoreDirectory([{ id: STORE, name: 'Store', url, secret, apiKey: 'k' }]);
}

beforeAll(async () => {
  inv = await startInventoryForTest('inventory_client', STORE);
});

afterAll(async () => {
  for (const server of fakes) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await inv?.stop();
});

const soon = (ms = 60_000) => new Date(Date.now() + ms);

describe('HttpInventoryClient against a real store', () => {
  it('200 concurrent reserves on a stock of 50: exactly 50 succeed', async () => {
    await inv.addItem({ sku: '4006381333931', stock: 50 });
    const client = new HttpInventoryClient({ directory: inv.directory, timeoutMs: 20_000 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => client.reserve(STORE, { ticketId: randomUUID(), sku: '4006381333931', quantity: 1, leaseUntil: soon() })),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(50);
    const refusals = outcomes.filter((o) => !o.ok);
    expect(refusals).toHaveLength(150);
    for (const refusal of refusals) expect(refusal).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', available: 0 });
    const { rows } = await inv.pool.query(`SELECT COALESCE(SUM(quantity), 0)::int AS held FROM reservations WHERE sku = '4006381333931' AND status = 'HELD'`);
    expect(rows[0].held).toBe(50);
  });

  it('concurrent commits and resizes never oversell', async () => {
    await inv.addItem({ sku: '4006381333948', stock: 10 });
    const client = new HttpInventoryClient({ directory: inv.directory, timeoutMs: 20_000 });
    const tickets = Array.from({ length: 10 }, () => randomUUID());
    // every ticket asks for 3 at once; only 3 of them fit
    const reserved = await Promise.all(tickets.map((ticketId) => client.reserve(STORE, { ticketId, sku: '4006381333948', quantity: 3, leaseUntil: soon() })));
    const winners = tickets.filter((_, i) => reserved[i].ok);
    expect(winners).toHaveLength(3);
    // each winner commits twice concurrently, and tries to grow in parallel
    const results = await Promise.all(
      winners.flatMap((ticketId) => [
        client.commit(STORE, { ticketId, orderId: `order-${ticketId}` }),
        client.commit(STORE, { ticketId, orderId: `order-${ticketId}` }),
        client.reserve(STORE, { ticketId, sku: '4006381333948', quantity: 4, leaseUntil: soon() }),
      ]),
    );
    expect(results.filter((r) => r.ok && r.reservation.status === 'COMMITTED').length).toBeGreaterThanOrEqual(winners.length);
    const { rows } = await inv.pool.query(`SELECT stock_on_hand FROM items WHERE sku = '4006381333948'`);
    const { rows: committed } = await inv.pool.query(`SELECT COALESCE(SUM(quantity), 0)::int AS n FROM reservations WHERE sku = '4006381333948' AND status = 'COMMITTED'`);
    expect(rows[0].stock_on_hand).toBe(10 - committed[0].n);
    expect(rows[0].stock_on_hand).toBeGreaterThanOrEqual(0);
  });

  it('getItems reads many SKUs in one request and leaves unknown ones out', async () => {
    await inv.addItem({ sku: '4006381333955', name: 'Pencil HB', price: 120, stock: 30 });
    await inv.addItem({ sku: '4006381333962', name: 'Eraser', price: 80, stock: 12 });
    const client = new HttpInventoryClient({ directory: inv.directory });
    await client.reserve(STORE, { ticketId: randomUUID(), sku: '4006381333962', quantity: 2, leaseUntil: soon() });
    inv.queries.length = 0;
    const items = await client.getItems(STORE, ['4006381333955', '4006381333962', '4006381333955', '0000000000000']);
    expect([...items.keys()].sort()).toEqual(['4006381333955', '4006381333962']);
    expect(items.get('4006381333955')).toEqual({
      storeId: STORE,
      sku: '4006381333955',
      name: 'Pencil HB',
      description: 'A test item.',
      price: { amount: 120, currency: 'USD' },
      available: 30,
    });
    expect(items.get('4006381333962')?.available).toBe(10);
    expect(inv.queries.filter((q) => q.includes('FROM items'))).toHaveLength(1);
    expect((await client.getItems(STORE, [])).size).toBe(0);
  });

  it('returns lease instants as Dates', async () => {
    await inv.addItem({ sku: '4006381333979', stock: 1 });
    const client = new HttpInventoryClient({ directory: inv.directory });
    const leaseUntil = soon(90_000);
    const outcome = await client.reserve(STORE, { ticketId: randomUUID(), sku: '4006381333979', quantity: 1, leaseUntil });
    expect(outcome.ok && outcome.reservation.leaseUntil).toEqual(leaseUntil);
  });
});

describe('HttpInventoryClient failures', () => {
  const call = (client: HttpInventoryClient) => client.reserve(STORE, { ticketId: randomUUID(), sku: '1', quantity: 1, leaseUntil: soon() });

  it('an unknown store is STORE_NOT_FOUND', async () => {
    const client = new HttpInventoryClient({ directory: directoryWith(inv.url) });
    await expect(client.release('no-such-store', randomUUID())).rejects.toMatchObject({ code: 'STORE_NOT_FOUND', extensions: { storeId: 'no-such-store' } });
    await expect(client.getItems('no-such-store', ['1'])).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
  });

  it('a store that does not answer in time is STORE_UNAVAILABLE', async () => {
    const url = await fakeStore(() => {
      /* never answers */
    });
    const client = new HttpInventoryClient({ directory: directoryWith(url), timeoutMs: 200 });
    const started = Date.now();
    await expect(call(client)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeId: STORE } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a refused connection, a 5xx, a non-JSON body or GraphQL errors are STORE_UNAVAILABLE', async () => {
    const closed = await fakeStore(() => {});
    const closedServer = fakes.pop()!;
    await new Promise((resolve) => closedServer.close(resolve));
    const failing = await fakeStore((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    });
    const garbage = await fakeStore((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": ');
    });
    const errors = await fakeStore((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: null, errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
    for (const url of [closed, failing, garbage, errors]) {
      const client = new HttpInventoryClient({ directory: directoryWith(url) });
      await expect(call(client)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeId: STORE } });
      await expect(client.getItems(STORE, ['1'])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    }
    // a directory with the wrong secret: the store refuses the signature
    const misconfigured = new HttpInventoryClient({ directory: directoryWith(inv.url, 'wrong-secret') });
    await expect(call(misconfigured)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeCode: 'INVALID_SIGNATURE' } });
  });

  it('after repeated failures a store is not called for a while: holds there fail fast, then one trial reopens it', async () => {
    let requests = 0;
    let healthy = false;
    const url = await fakeStore((req, res) => {
      requests++;
      if (!healthy) {
        res.writeHead(503).end();
        return;
      }
      // healthy again: forward to the real store so the call succeeds
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const answer = await fetch(inv.url, { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    let now = 0;
    const client = new HttpInventoryClient({ directory: directoryWith(url), circuitBreaker: { failureThreshold: 3, cooldownMs: 1_000, now: () => now } });
    for (let i = 0; i < 3; i++) await expect(call(client)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(requests).toBe(3);
    // open: refused without a request
    await expect(call(client)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeId: STORE, circuit: 'open' } });
    expect(requests).toBe(3);
    // after the cool-down one trial goes through; it succeeds and closes the circuit
    now += 1_000;
    healthy = true;
    await expect(client.getItems(STORE, ['1'])).resolves.toBeInstanceOf(Map);
    expect(requests).toBe(4);
    await expect(client.getItems(STORE, ['1'])).resolves.toBeInstanceOf(Map);
    expect(requests).toBe(5);
  });
});

describe('InMemoryInventoryClient', () => {
  it('has the store semantics: holds, leases, resizes, idempotent release and commit', async () => {
    const clock = new ManualClock();
    const lease = (ms = 60_000) => new Date(clock.now().getTime() + ms);
    const stores = new InMemoryInventoryClient({ clock }).addStore('shop', { currency: 'EUR' }).addItem('shop', { sku: 'A', name: 'Apple', price: 50, stockOnHand: 5 });

    const t1 = randomUUID();
    const t2 = randomUUID();
    expect(await stores.reserve('shop', { ticketId: t1, sku: 'A', quantity: 3, leaseUntil: lease(1_000) })).toMatchObject({
      ok: true,
      reservation: { quantity: 3, status: 'HELD', unitPrice: { amount: 50, currency: 'EUR' } },
    });
    expect(await stores.reserve('shop', { ticketId: t2, sku: 'A', quantity: 3, leaseUntil: lease() })).toMatchObject({ ok: false, code: 'OUT_OF_STOCK', available: 2 });
    expect((await stores.getItems('shop', ['A', 'B'])).get('A')).toMatchObject({ available: 2, price: { amount: 50, currency: 'EUR' } });

    clock.advance(1_001);
    expect(await stores.inspectItem('shop', 'A')).toEqual({ stockOnHand: 5, available: 5 });
    expect((await stores.reserve('shop', { ticketId: t2, sku: 'A', quantity: 4, leaseUntil: lease() })).ok).toBe(true);
    expect(await stores.reserve('shop', { ticketId: randomUUID(), sku: 'A', quantity: 0, leaseUntil: lease() })).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    expect(await stores.reserve('shop', { ticketId: randomUUID(), sku: 'Z', quantity: 1, leaseUntil: lease() })).toMatchObject({ ok: false, code: 'ITEM_NOT_FOUND' });
    await expect(stores.reserve('shop', { ticketId: 'nope', sku: 'A', quantity: 1, leaseUntil: lease() })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    expect(await stores.commit('shop', { ticketId: t2, orderId: 'o1' })).toMatchObject({ ok: true, reservation: { status: 'COMMITTED' } });
    expect(await stores.commit('shop', { ticketId: t2, orderId: 'o1' })).toMatchObject({ ok: true });
    expect(await stores.inspectItem('shop', 'A')).toEqual({ stockOnHand: 1, available: 1 });
    expect(stores.inspectReservation('shop', t2)).toMatchObject({ status: 'COMMITTED', orderId: 'o1' });
    expect(await stores.release('shop', t2)).toMatchObject({ ok: false, code: 'RESERVATION_COMMITTED' });
    expect(await stores.release('shop', t1)).toMatchObject({ ok: true, reservation: { status: 'RELEASED' } });
    expect(await stores.release('shop', t1)).toMatchObject({ ok: true, reservation: { status: 'RELEASED' } });
    expect(stores.calls.filter((c) => c.method === 'release')).toHaveLength(3);
  });

  it('never oversells under concurrency and simulates outages', async () => {
    const stores = new InMemoryInventoryClient().addItem('shop', { sku: 'A', price: 10, stockOnHand: 50 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () => stores.reserve('shop', { ticketId: randomUUID(), sku: 'A', quantity: 1, leaseUntil: soon() })),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(50);

    stores.setUnavailable('shop');
    await expect(stores.getItems('shop', ['A'])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeId: 'shop' } });
    stores.setUnavailable('shop', false);
    expect((await stores.getItems('shop', ['A'])).get('A')?.available).toBe(0);
    await expect(stores.release('elsewhere', randomUUID())).rejects.toMatchObject({ code: 'STORE_NOT_FOUND' });
  });
});
