import { describe, expect, it } from 'vitest';
import { DEFAULT_SHIPPING, shippingFor, shippingRateProblem } from './shipping.js';

const rate = { storeId: 'store-a', flatAmount: 700, freeOverAmount: 5000, currency: 'USD' };

describe('shipping per store part', () => {
  it('charges the store flat rate below its free-over threshold, nothing from it on', () => {
    expect(shippingFor(4999, 'USD', rate, DEFAULT_SHIPPING)).toBe(700);
    expect(shippingFor(5000, 'USD', rate, DEFAULT_SHIPPING)).toBe(0);
    expect(shippingFor(0, 'USD', { ...rate, freeOverAmount: null }, DEFAULT_SHIPPING)).toBe(700);
  });

  it('uses the default without a rate, or when the rate is in another currency', () => {
    expect(shippingFor(100_000, 'USD', undefined, DEFAULT_SHIPPING)).toBe(500);
    expect(shippingFor(100, 'EUR', rate, DEFAULT_SHIPPING)).toBe(500);
    expect(shippingFor(100, 'EUR', rate, { flatAmount: 300, freeOverAmount: 50 })).toBe(0);
  });

  it('refuses bad rates', () => {
    expect(shippingRateProblem({ flatAmount: 0, freeOverAmount: null, currency: 'USD' })).toBeNull();
    expect(shippingRateProblem({ flatAmount: -1, currency: 'USD' })?.field).toBe('flatAmount');
    expect(shippingRateProblem({ flatAmount: 1.5, currency: 'USD' })?.field).toBe('flatAmount');
    expect(shippingRateProblem({ flatAmount: 1, freeOverAmount: -5, currency: 'USD' })?.field).toBe('freeOverAmount');
    expect(shippingRateProblem({ flatAmount: 1, currency: 'usd' })?.field).toBe('currency');
  });
});
