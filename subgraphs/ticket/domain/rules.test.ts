import { describe, expect, it } from 'vitest';
import { cartTotals, checkHoldRequest, checkQuantity, checkRestoreKey, checkSavedCartName, holdRequestHash, isUuid, lineTotal, MAX_QUANTITY, savedCartLines } from './rules.js';
import { toCartModel, toTicketModel, type TicketRecord } from './model.js';

const valid = { storeId: 'store-a', sku: 'BOOK-1', quantity: 2, idempotencyKey: 'k1' };

describe('hold request validation', () => {
  it('accepts a well-formed request', () => {
    expect(checkHoldRequest(valid)).toBeUndefined();
    expect(checkHoldRequest({ ...valid, sku: 'a.b_c-D9', quantity: MAX_QUANTITY })).toBeUndefined();
  });

  it.each([0, -1, MAX_QUANTITY + 1, 10 ** 9])('refuses quantity %s with the allowed range', (quantity) => {
    expect(checkHoldRequest({ ...valid, quantity })).toMatchObject({ __typename: 'InvalidQuantityError', code: 'INVALID_QUANTITY', min: 1, max: MAX_QUANTITY });
  });

  it.each([
    ['storeId', { storeId: 'Store A' }],
    ['storeId', { storeId: '' }],
    ['sku', { sku: '' }],
    ['sku', { sku: 'x'.repeat(65) }],
    ['sku', { sku: 'bad sku' }],
    ['sku', { sku: "'; DROP TABLE" }],
    ['idempotencyKey', { idempotencyKey: '' }],
    ['idempotencyKey', { idempotencyKey: '   ' }],
    ['idempotencyKey', { idempotencyKey: 'k'.repeat(201) }],
  ])('refuses a bad %s', (field, patch) => {
    expect(checkHoldRequest({ ...valid, ...patch })).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field });
  });

  it('accepts a 64-character sku and a 200-character key', () => {
    expect(checkHoldRequest({ ...valid, sku: 's'.repeat(64), idempotencyKey: 'k'.repeat(200) })).toBeUndefined();
  });

  it('checks quantities on their own (changeTicketQuantity)', () => {
    expect(checkQuantity(1)).toBeUndefined();
    expect(checkQuantity(1.5)).toMatchObject({ code: 'INVALID_QUANTITY' });
  });

  it('recognises uuids only', () => {
    expect(isUuid('3f0c7c3e-1b7a-4d0e-9a43-4e1f0a1b2c3d')).toBe(true);
    expect(isUuid('not-a-uuid')).toBe(false);
    expect(isUuid("3f0c7c3e-1b7a-4d0e-9a43-4e1f0a1b2c3d' OR 1=1")).toBe(false);
  });

  it('hashes the request without the cart version or key', () => {
    expect(holdRequestHash(valid)).toBe(holdRequestHash({ ...valid, idempotencyKey: 'other' }));
    expect(holdRequestHash(valid)).not.toBe(holdRequestHash({ ...valid, quantity: 3 }));
    expect(holdRequestHash(valid)).not.toBe(holdRequestHash({ ...valid, sku: 'BOOK-2' }));
  });
});

describe('totals', () => {
  it('multiplies the unit price by the quantity', () => {
    expect(lineTotal({ amount: 1999, currency: 'USD' }, 3)).toEqual({ amount: 5997, currency: 'USD' });
  });

  it('sums per currency, sorted by currency', () => {
    const totals = cartTotals([
      { unitPrice: { amount: 1000, currency: 'USD' }, quantity: 2 },
      { unitPrice: { amount: 500, currency: 'EUR' }, quantity: 1 },
      { unitPrice: { amount: 250, currency: 'USD' }, quantity: 4 },
    ]);
    expect(totals).toEqual([
      { amount: 500, currency: 'EUR' },
      { amount: 3000, currency: 'USD' },
    ]);
  });

  it('is empty for an empty cart', () => {
    expect(cartTotals([])).toEqual([]);
  });
});

describe('ticket and cart models', () => {
  const record = (patch: Partial<TicketRecord>): TicketRecord => ({
    id: '00000000-0000-4000-8000-000000000001',
    cartId: 's1',
    accountId: null,
    storeId: 'store-a',
    sku: 'A',
    quantity: 1,
    status: 'HELD',
    expiresAt: new Date('2026-01-01T00:15:00Z'),
    checkoutOrderId: null,
    failureCode: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...patch,
  });

  it('never shows PENDING or failed tickets', () => {
    expect(toTicketModel(record({ status: 'PENDING' }))).toBeUndefined();
    expect(toTicketModel(record({ status: 'RELEASED', failureCode: 'OUT_OF_STOCK' }))).toBeUndefined();
    expect(toTicketModel(record({}))?.status).toBe('HELD');
  });

  it('builds the cart from HELD and CHECKING_OUT tickets, oldest first', () => {
    const cart = toCartModel('s1', 4, [
      record({ id: '00000000-0000-4000-8000-000000000002', quantity: 2, createdAt: new Date('2026-01-01T00:05:00Z') }),
      record({ id: '00000000-0000-4000-8000-000000000003', status: 'CHECKING_OUT', quantity: 3 }),
      record({ id: '00000000-0000-4000-8000-000000000004', status: 'EXPIRED' }),
      record({ id: '00000000-0000-4000-8000-000000000005', status: 'PENDING' }),
    ]);
    expect(cart).toMatchObject({ id: 's1', version: 4 });
    expect(cart.tickets.map((t) => t.id)).toEqual(['00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002']);
    expect(cart.itemCount).toBe(5);
  });
});

describe('saved carts', () => {
  it('keeps one line per item in cart order, quantities added up to the hold maximum', () => {
    const lines = savedCartLines([
      { storeId: 'store-a', sku: 'A', quantity: 2 },
      { storeId: 'store-b', sku: 'A', quantity: 1 },
      { storeId: 'store-a', sku: 'A', quantity: 3 },
      { storeId: 'store-a', sku: 'B', quantity: 60 },
      { storeId: 'store-a', sku: 'B', quantity: 60 },
    ]);
    expect(lines).toEqual([
      { position: 0, storeId: 'store-a', sku: 'A', quantity: 5 },
      { position: 1, storeId: 'store-b', sku: 'A', quantity: 1 },
      { position: 2, storeId: 'store-a', sku: 'B', quantity: MAX_QUANTITY },
    ]);
  });

  it('names are trimmed, 1-100 characters', () => {
    expect(checkSavedCartName('  Birthday  ')).toBe('Birthday');
    expect(checkSavedCartName('x'.repeat(100))).toBe('x'.repeat(100));
    for (const bad of ['', '   ', 'x'.repeat(101)]) expect(checkSavedCartName(bad)).toMatchObject({ __typename: 'InvalidInputError', field: 'name' });
  });

  it('restore keys leave room for the derived hold keys', () => {
    expect(checkRestoreKey('k')).toBeUndefined();
    for (const bad of ['', '  ', 'k'.repeat(181)]) expect(checkRestoreKey(bad)).toMatchObject({ field: 'idempotencyKey' });
  });
});
