import { describe, expect, it } from 'vitest';
import { assertFeeBps, exchangeFee, planOrder, type PriceBook } from './order-split.js';
import { DEFAULT_SHIPPING, shippingFor } from './shipping.js';

const prices: PriceBook = new Map([
  ['store-a', new Map([['book-1', { name: 'Book One', price: { amount: 1999, currency: 'USD' } }], ['book-2', { name: 'Book Two', price: { amount: 500, currency: 'USD' } }]])],
  ['store-b', new Map([['hammer', { name: 'Hammer', price: { amount: 2500, currency: 'USD' } }], ['euro-nail', { name: 'Nail', price: { amount: 5, currency: 'EUR' } }]])],
]);

describe('order splitting', () => {
  it('rounds the fee half up to a whole minor unit', () => {
    expect(exchangeFee(10_000, 500)).toBe(500);
    expect(exchangeFee(1999, 500)).toBe(100); // 99.95
    expect(exchangeFee(1989, 500)).toBe(99); // 99.45
    expect(exchangeFee(0, 500)).toBe(0);
    expect(exchangeFee(1234, 0)).toBe(0);
    expect(exchangeFee(1234, 10_000)).toBe(1234);
    expect(exchangeFee(9_000_000_000_000, 500)).toBe(450_000_000_000);
  });

  it('refuses fees outside 0..100%', () => {
    expect(assertFeeBps(500)).toBe(500);
    expect(() => assertFeeBps(-1)).toThrow();
    expect(() => assertFeeBps(10_001)).toThrow();
    expect(() => assertFeeBps(2.5)).toThrow();
  });

  it('prices lines from the price book and splits per store', () => {
    const result = planOrder(
      [
        { ticketId: 't1', storeId: 'store-b', sku: 'hammer', quantity: 2 },
        { ticketId: 't2', storeId: 'store-a', sku: 'book-1', quantity: 1 },
        { ticketId: 't3', storeId: 'store-a', sku: 'book-2', quantity: 3 },
      ],
      prices,
      500,
    );
    expect(result).toEqual({
      ok: true,
      plan: {
        currency: 'USD',
        itemsTotal: 5000 + 1999 + 1500,
        shippingTotal: 0,
        total: 5000 + 1999 + 1500,
        parts: [
          {
            storeId: 'store-a',
            subtotal: 3499,
            fee: 175,
            shipping: 0,
            owed: 3324,
            lines: [
              { ticketId: 't2', sku: 'book-1', name: 'Book One', quantity: 1, unitPrice: 1999, lineTotal: 1999 },
              { ticketId: 't3', sku: 'book-2', name: 'Book Two', quantity: 3, unitPrice: 500, lineTotal: 1500 },
            ],
          },
          { storeId: 'store-b', subtotal: 5000, fee: 250, shipping: 0, owed: 4750, lines: [{ ticketId: 't1', sku: 'hammer', name: 'Hammer', quantity: 2, unitPrice: 2500, lineTotal: 5000 }] },
        ],
      },
    });
  });

  it('adds each part\'s shipping to the total; the fee is on items only and the store is owed its shipping', () => {
    const result = planOrder(
      [
        { ticketId: 't1', storeId: 'store-b', sku: 'hammer', quantity: 2 },
        { ticketId: 't2', storeId: 'store-a', sku: 'book-1', quantity: 1 },
      ],
      prices,
      500,
      (storeId, subtotal, currency) => shippingFor(subtotal, currency, storeId === 'store-b' ? { storeId, flatAmount: 900, freeOverAmount: 5000, currency: 'USD' } : undefined, DEFAULT_SHIPPING),
    );
    if (!result.ok) throw new Error('plan failed');
    expect(result.plan).toMatchObject({ itemsTotal: 6999, shippingTotal: 500, total: 7499 });
    expect(result.plan.parts.map(({ storeId, subtotal, fee, shipping, owed }) => ({ storeId, subtotal, fee, shipping, owed }))).toEqual([
      { storeId: 'store-a', subtotal: 1999, fee: 100, shipping: 500, owed: 1999 - 100 + 500 },
      // free over 5000: the part reaches it exactly
      { storeId: 'store-b', subtotal: 5000, fee: 250, shipping: 0, owed: 4750 },
    ]);
  });

  it('refuses mixed currencies', () => {
    const result = planOrder(
      [
        { ticketId: 't1', storeId: 'store-b', sku: 'hammer', quantity: 1 },
        { ticketId: 't2', storeId: 'store-b', sku: 'euro-nail', quantity: 1 },
      ],
      prices,
      500,
    );
    expect(result).toEqual({ ok: false, code: 'MIXED_CURRENCIES', currencies: ['EUR', 'USD'] });
  });

  it('names an item the store no longer sells', () => {
    expect(planOrder([{ ticketId: 't1', storeId: 'store-a', sku: 'gone', quantity: 1 }], prices, 500)).toEqual({
      ok: false,
      code: 'ITEM_NOT_FOUND',
      storeId: 'store-a',
      sku: 'gone',
    });
  });
});
