import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import { encodeCursor } from '../../inventory/domain/inventory-service.js';
import { HttpRestStoreClient } from '../infra/http-rest-store-client.js';
import { loadRestMapping } from '../server.js';
import type { RestRequest } from './mapping.js';
import { RestInventoryService, type RestResponse } from './rest-inventory-service.js';

const EXCHANGE = { signedByExchange: true };
const STRANGER = { signedByExchange: false };
const mapping = loadRestMapping(undefined, { baseUrl: 'http://shop.test', apiKey: 'k' });
const product = (sku: string, price = '1.50') => ({ sku, title: `T${sku}`, blurb: '', price, stock: { in_stock: 9, available: 7 } });

function setup(answer: (req: RestRequest) => RestResponse) {
  const clock = new ManualClock();
  const sent: RestRequest[] = [];
  const service = new RestInventoryService({
    mapping,
    store: { id: 'grocer', name: 'Grocer', currency: 'EUR' },
    clock,
    port: { send: async (req) => (sent.push(req), answer(req)) },
  });
  const lease = (ms = 60_000) => new Date(clock.now().getTime() + ms).toISOString();
  return { service, sent, lease };
}

describe('RestInventoryService', () => {
  it('refuses unsigned protocol calls and malformed input before calling the store', async () => {
    const { service, sent, lease } = setup(() => ({ status: 500, body: null }));
    const ticketId = randomUUID();
    await expect(service.reserve(STRANGER, { ticketId, sku: 'a', quantity: 1, leaseUntil: lease() })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    await expect(service.release(STRANGER, { ticketId })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    await expect(service.commit(STRANGER, { ticketId, orderId: 'o' })).rejects.toMatchObject({ code: 'INVALID_SIGNATURE' });
    await expect(service.reserve(EXCHANGE, { ticketId: 'nope', sku: 'a', quantity: 1, leaseUntil: lease() })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(service.reserve(EXCHANGE, { ticketId, sku: 'a', quantity: 1, leaseUntil: lease(-1) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await service.reserve(EXCHANGE, { ticketId, sku: 'a', quantity: 0, leaseUntil: lease() })).toMatchObject({ code: 'INVALID_QUANTITY' });
    expect(await service.reserve(EXCHANGE, { ticketId, sku: '', quantity: 1, leaseUntil: lease() })).toMatchObject({ code: 'ITEM_NOT_FOUND' });
    expect(sent).toEqual([]);
  });

  it('passes the lease as the hold expiry and maps the hold back to a Reservation', async () => {
    const { service, sent, lease } = setup((req) => {
      const body = req.body as Record<string, unknown>;
      return { status: 201, body: { hold: { holdId: body.holdId, sku: body.sku, qty: body.qty, state: 'active', expiresAt: body.expiresAt, unit_price: '3.49' } } };
    });
    const ticketId = randomUUID().toUpperCase();
    const leaseUntil = lease(5_000);
    const result = await service.reserve(EXCHANGE, { ticketId, sku: 'egg', quantity: 2, leaseUntil });
    expect(sent[0].body).toEqual({ holdId: ticketId.toLowerCase(), sku: 'egg', qty: 2, expiresAt: leaseUntil });
    expect(result).toEqual({
      __typename: 'Reservation',
      ticketId: ticketId.toLowerCase(),
      sku: 'egg',
      quantity: 2,
      status: 'HELD',
      leaseUntil: new Date(leaseUntil),
      unitPrice: { amount: 349, currency: 'EUR' },
      orderId: null,
    });
  });

  it('maps the store refusals to ProtocolError codes, and failures to STORE_UNAVAILABLE', async () => {
    const answers: Record<string, RestResponse> = {
      reserve: { status: 409, body: { error: 'insufficient_stock', available: 3 } },
      release: { status: 404, body: { error: 'unknown_hold' } },
      commit: { status: 409, body: { error: 'hold_cancelled' } },
    };
    const { service, lease } = setup((req) => answers[req.endpoint]);
    const ticketId = randomUUID();
    expect(await service.reserve(EXCHANGE, { ticketId, sku: 'egg', quantity: 9, leaseUntil: lease() })).toEqual({ __typename: 'ProtocolError', code: 'OUT_OF_STOCK', message: 'Only 3 of egg available.', available: 3 });
    expect(await service.release(EXCHANGE, { ticketId })).toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
    expect(await service.commit(EXCHANGE, { ticketId, orderId: 'o' })).toMatchObject({ code: 'RESERVATION_RELEASED' });
    answers.commit = { status: 409, body: { error: 'hold_confirmed' } };
    expect(await service.commit(EXCHANGE, { ticketId, orderId: 'o' })).toMatchObject({ code: 'RESERVATION_COMMITTED' });
    answers.reserve = { status: 422, body: { error: 'hold_sku_mismatch', message: 'other product' } };
    await expect(service.reserve(EXCHANGE, { ticketId, sku: 'egg', quantity: 1, leaseUntil: lease() })).rejects.toMatchObject({ code: 'INVALID_INPUT', extensions: { field: 'sku' } });
    answers.release = { status: 418, body: { error: 'teapot' } };
    await expect(service.release(EXCHANGE, { ticketId })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeId: 'grocer', status: 418 } });
    answers.release = { status: 200, body: { hold: { holdId: ticketId, state: 'melted' } } };
    await expect(service.release(EXCHANGE, { ticketId })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('mapping cannot read') });
    answers.release = { status: 200, body: { hold: { holdId: randomUUID(), sku: 'egg', qty: 1, state: 'cancelled', expiresAt: lease(), unit_price: '1.00' } } };
    await expect(service.release(EXCHANGE, { ticketId })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('pages with contract cursors and reads many items in one batch call, in the order asked', async () => {
    const { service, sent } = setup((req) =>
      req.endpoint === 'listItems'
        ? { status: 200, body: { products: [product('a'), product('b')], next_cursor: 'b', total: 5 } }
        : { status: 200, body: { products: [product('c', '2.00'), product('a')], next_cursor: null, total: 2 } },
    );
    const page = await service.listItems({ first: 2, after: encodeCursor('0') });
    expect(sent[0].path).toBe('/api/products?cursor=0&limit=2');
    expect(page.edges.map((e) => [e.cursor, e.node.sku, e.node.price])).toEqual([
      [encodeCursor('a'), 'a', { amount: 150, currency: 'EUR' }],
      [encodeCursor('b'), 'b', { amount: 150, currency: 'EUR' }],
    ]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor('b') });
    expect(page.totalCount).toBe(5);
    await expect(service.listItems({ after: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const items = await service.findItems([{ storeId: 'grocer', sku: 'c' }, { storeId: 'other', sku: 'a' }, { storeId: 'grocer', sku: 'zz' }, { storeId: 'grocer', sku: 'a' }]);
    expect(items.map((i) => i?.sku ?? null)).toEqual(['c', null, null, 'a']);
    expect(sent.at(-1)?.path).toBe('/api/products?skus=c%2Czz%2Ca');
    expect(service.store('grocer')).toMatchObject({ name: 'Grocer' });
    expect(service.store('other')).toBeNull();
  });
});

describe('HttpRestStoreClient', () => {
  const request: RestRequest = { endpoint: 'getItem', method: 'GET', path: '/api/products/x' };

  async function withServer(handler: http.RequestListener, work: (baseUrl: string) => Promise<void>) {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      await work(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }
  const client = (baseUrl: string, timeoutMs = 1_000) => new HttpRestStoreClient({ storeId: 'grocer', baseUrl, apiKey: 'secret-key', apiKeyHeader: 'x-api-key', timeoutMs });

  it('sends the API key and hands back any JSON answer', async () => {
    await withServer(
      (req, res) => {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unknown_sku', key: req.headers['x-api-key'], url: req.url }));
      },
      async (base) => {
        expect(await client(`${base}/`).send(request)).toEqual({ status: 404, body: { error: 'unknown_sku', key: 'secret-key', url: '/api/products/x' } });
      },
    );
  });

  it('turns unreachable, slow, failing, key-refusing and non-JSON stores into STORE_UNAVAILABLE', async () => {
    let freePort = 0;
    await withServer(() => {}, async (base) => void (freePort = Number(new URL(base).port)));
    await expect(client(`http://127.0.0.1:${freePort}`).send(request)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', extensions: { storeId: 'grocer' }, message: expect.stringContaining('unreachable') });
    await withServer(() => {}, async (base) => {
      await expect(client(base, 100).send(request)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('no answer within 100 ms') });
    });
    for (const [status, body, text] of [[503, '{}', 'HTTP 503'], [401, '{"error":"unauthorized"}', 'API key'], [200, '<html>', 'not JSON']] as const) {
      await withServer((_req, res) => void res.writeHead(status).end(body), async (base) => {
        await expect(client(base).send(request)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining(text) });
      });
    }
  });
});
