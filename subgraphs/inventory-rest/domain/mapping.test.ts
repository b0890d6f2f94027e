import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapError, mapItem, mapPage, mapReservation, parseRestMapping, renderRequest, toDecimalString, toMinorUnits } from './mapping.js';

const sample = JSON.parse(readFileSync(new URL('../sample-mapping.json', import.meta.url), 'utf8'));
const mapping = parseRestMapping(sample, { baseUrl: 'http://shop.test', apiKey: 'k' });

describe('REST mapping', () => {
  it('converts decimal prices to minor units exactly', () => {
    const price = { format: 'decimal-string' as const, decimals: 2 };
    expect(toMinorUnits('12.99', price)).toBe(1299);
    expect(toMinorUnits('0.29', price)).toBe(29);
    expect(toMinorUnits('12.9', price)).toBe(1290);
    expect(toMinorUnits('12', price)).toBe(1200);
    expect(toMinorUnits('1.100', price)).toBe(110);
    expect(toMinorUnits('1234567.89', price)).toBe(123456789);
    for (const bad of ['12.999', '-1.00', '1e3', '', 'abc', 12.99, null]) expect(() => toMinorUnits(bad, price), String(bad)).toThrow();
    expect(toMinorUnits('1000', { format: 'decimal-string', decimals: 0 })).toBe(1000);
    expect(toMinorUnits(19.99, { format: 'decimal-number', decimals: 2 })).toBe(1999);
    expect(toMinorUnits(0.1 + 0.2, { format: 'decimal-number', decimals: 2 })).toBe(30);
    expect(() => toMinorUnits(1.234, { format: 'decimal-number', decimals: 2 })).toThrow(/decimals/);
    expect(toMinorUnits(1999, { format: 'minor-units', decimals: 2 })).toBe(1999);
    expect(() => toMinorUnits(19.5, { format: 'minor-units', decimals: 2 })).toThrow();
    expect(toDecimalString(1299)).toBe('12.99');
    expect(toDecimalString(5)).toBe('0.05');
  });

  it('renders endpoints: path variables encoded, typed body values, absent query values left out', () => {
    expect(renderRequest(mapping, 'listItems', { after: null, limit: 5 })).toEqual({ endpoint: 'listItems', method: 'GET', path: '/api/products?limit=5' });
    expect(renderRequest(mapping, 'listItems', { after: 'A&B', limit: 5 }).path).toBe('/api/products?cursor=A%26B&limit=5');
    expect(renderRequest(mapping, 'getItem', { sku: 'a/b c' }).path).toBe('/api/products/a%2Fb%20c');
    expect(renderRequest(mapping, 'reserve', { ticketId: 't', sku: 's', quantity: 3, leaseUntil: '2030-01-01T00:00:00.000Z' })).toEqual({
      endpoint: 'reserve',
      method: 'POST',
      path: '/api/holds',
      body: { holdId: 't', sku: 's', qty: 3, expiresAt: '2030-01-01T00:00:00.000Z' },
    });
    expect(renderRequest(mapping, 'release', { ticketId: 't-1' })).toEqual({ endpoint: 'release', method: 'DELETE', path: '/api/holds/t-1' });
    expect(renderRequest(mapping, 'commit', { ticketId: 't', orderId: 'o 1' })).toMatchObject({ path: '/api/holds/t/confirm', body: { orderRef: 'o 1' } });
  });

  it('reads products, pages, holds and errors in the store vocabulary', () => {
    const product = { sku: '123', title: 'Eggs', blurb: 'A dozen', price: '5.29', stock: { in_stock: 40, available: 37 } };
    expect(mapItem(mapping, product)).toEqual({ sku: '123', name: 'Eggs', description: 'A dozen', priceAmount: 529, stockOnHand: 40, available: 37 });
    // available never above on hand; a missing blurb is an empty description
    expect(mapItem(mapping, { ...product, blurb: undefined, stock: { in_stock: 2, available: 9 } })).toMatchObject({ description: '', available: 2 });
    expect(() => mapItem(mapping, { ...product, stock: { in_stock: -1, available: 0 } })).toThrow(/stock on hand/);
    expect(mapPage(mapping, { products: [product], next_cursor: '123', total: 7 })).toMatchObject({ hasNextPage: true, totalCount: 7 });
    expect(mapPage(mapping, { products: [], next_cursor: null, total: 0 }).hasNextPage).toBe(false);
    expect(() => mapPage(mapping, { items: [] })).toThrow(/no list/);

    const hold = { holdId: 'h', sku: '123', qty: 2, state: 'confirmed', expiresAt: '2030-01-01T00:00:00Z', unit_price: '5.29' };
    expect(mapReservation(mapping, { hold })).toEqual({ ticketId: 'h', sku: '123', quantity: 2, status: 'COMMITTED', leaseUntil: new Date('2030-01-01T00:00:00Z'), unitPriceAmount: 529 });
    expect(() => mapReservation(mapping, { hold: { ...hold, state: 'frozen' } })).toThrow(/statuses/);

    expect(mapError(mapping, { error: 'insufficient_stock', available: 4, message: 'short' })).toEqual({ code: 'OUT_OF_STOCK', storeCode: 'insufficient_stock', available: 4, message: 'short' });
    expect(mapError(mapping, { error: 'unknown_hold' })).toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
    expect(mapError(mapping, { error: 'hold_cancelled' })).toMatchObject({ code: 'RESERVATION_RELEASED' });
    expect(mapError(mapping, { error: 'hold_confirmed' })).toMatchObject({ code: 'RESERVATION_COMMITTED' });
    expect(mapError(mapping, { error: 'hold_sku_mismatch' })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(mapError(mapping, { error: 'toString' })).toBeUndefined();
    expect(mapError(mapping, null)).toBeUndefined();
  });

  it('rejects a broken mapping with every problem listed', () => {
    const broken = {
      ...sample,
      baseUrl: 'ftp://x',
      apiKey: '',
      price: { format: 'cents' },
      endpoints: { ...sample.endpoints, release: { method: 'YEET', path: 'api/holds/{holdId}' } },
      statuses: { active: 'HELD', cancelled: 'GONE' },
      errors: { codes: { nope: 'TEAPOT' } },
    };
    let message = '';
    try {
      parseRestMapping(broken);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const expected of ['baseUrl', 'apiKey must not be empty', 'price.format', 'endpoints.release.method', 'endpoints.release.path must start with /', 'uses {holdId}', 'statuses.cancelled', 'to RELEASED', 'errors.codes.nope']) {
      expect(message).toContain(expected);
    }
    // overrides fill in what a file leaves to the deployment
    expect(parseRestMapping({ ...sample, apiKey: undefined }, { apiKey: 'from-env', baseUrl: 'https://shop.example/v1/' })).toMatchObject({ apiKey: 'from-env', baseUrl: 'https://shop.example/v1/', apiKeyHeader: 'x-api-key', timeoutMs: 2000 });
  });
});
