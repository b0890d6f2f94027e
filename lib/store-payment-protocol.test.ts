import { describe, expect, it } from 'vitest';
import { parseMoneyResponse, parseStoreAuthorizeRequest, parseStoreMoneyRequest, storePaymentUrl } from './store-payment-protocol.js';

// The store payment protocol's requests and answers as both sides read them (store-run payments).
const money = { amount: 2400, currency: 'USD', idempotencyKey: 'void-key-1' };

describe('capture, void and refund requests', () => {
  it('name what they act on by reference', () => {
    for (const operation of ['capture', 'void', 'refund'] as const) {
      expect(parseStoreMoneyRequest(operation, { ...money, reference: 'sauth_1' })).toEqual({ ...money, reference: 'sauth_1' });
    }
  });

  it('a void may name the authorization by the key of its authorize call instead', () => {
    expect(parseStoreMoneyRequest('void', { ...money, authorizationKey: 'auth-key-1' })).toEqual({ ...money, authorizationKey: 'auth-key-1' });
  });

  it('a void names it exactly one way', () => {
    expect(parseStoreMoneyRequest('void', { ...money, reference: 'sauth_1', authorizationKey: 'auth-key-1' })).toMatch(/not both/);
    expect(parseStoreMoneyRequest('void', money)).toBe('reference or authorizationKey is required');
    expect(parseStoreMoneyRequest('void', { ...money, authorizationKey: '' })).toBe('reference or authorizationKey is required');
    expect(parseStoreMoneyRequest('void', { ...money, authorizationKey: 42 })).toBe('reference or authorizationKey is required');
    expect(parseStoreMoneyRequest('void', { ...money, authorizationKey: 'has space' })).toBe('reference or authorizationKey is required');
    // its own key is not the authorization's
    expect(parseStoreMoneyRequest('void', { ...money, authorizationKey: money.idempotencyKey })).toMatch(/must not be the authorizationKey/);
  });

  it('only a void names an authorization by key', () => {
    expect(parseStoreMoneyRequest('capture', { ...money, authorizationKey: 'auth-key-1' })).toMatch(/only in a void/);
    expect(parseStoreMoneyRequest('refund', { ...money, reference: 'scap_1', authorizationKey: 'auth-key-1' })).toMatch(/only in a void/);
    expect(parseStoreMoneyRequest('capture', money)).toBe('reference is required');
  });

  it('refuses bad amounts, currencies, keys and bodies', () => {
    const byKey = { ...money, authorizationKey: 'auth-key-1' };
    expect(parseStoreMoneyRequest('void', { ...byKey, amount: -1 })).toMatch(/amount/);
    expect(parseStoreMoneyRequest('void', { ...byKey, amount: 1.5 })).toMatch(/amount/);
    expect(parseStoreMoneyRequest('void', { ...byKey, currency: 'usd' })).toMatch(/currency/);
    expect(parseStoreMoneyRequest('void', { ...byKey, idempotencyKey: undefined })).toMatch(/idempotencyKey/);
    expect(parseStoreMoneyRequest('void', null)).toMatch(/JSON object/);
    expect(parseStoreMoneyRequest('void', [byKey])).toMatch(/JSON object/);
  });

  it('keeps nothing but the protocol fields', () => {
    expect(parseStoreMoneyRequest('void', { ...money, authorizationKey: 'auth-key-1', extra: 'x' })).toEqual({ ...money, authorizationKey: 'auth-key-1' });
  });
});

describe('authorize requests', () => {
  const request = { orderId: 'o', storeOrderId: 's', amount: 2400, currency: 'USD', idempotencyKey: 'k', card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } };

  it('are read with their card', () => {
    expect(parseStoreAuthorizeRequest({ ...request, extra: 1 })).toEqual(request);
  });

  it('refuse a missing card or bad fields', () => {
    expect(parseStoreAuthorizeRequest({ ...request, card: undefined })).toMatch(/card/);
    expect(parseStoreAuthorizeRequest({ ...request, amount: -5 })).toMatch(/amount/);
    expect(parseStoreAuthorizeRequest({ ...request, orderId: '' })).toMatch(/orderId/);
  });
});

describe("the store's answers", () => {
  it('a void answers succeeded (also when there was nothing to release) or failed', () => {
    expect(parseMoneyResponse({ status: 'succeeded', reference: 'svoid_1' })).toEqual({ status: 'succeeded', reference: 'svoid_1' });
    expect(parseMoneyResponse({ status: 'failed', error: 'amount_exceeds_what_is_left' })).toEqual({ status: 'failed', error: 'amount_exceeds_what_is_left' });
    expect(parseMoneyResponse({ status: 'voided' })).toBeNull();
  });

  it('operations are paths under the endpoint', () => {
    expect(storePaymentUrl('https://store.example/pay/', 'void')).toBe('https://store.example/pay/void');
  });
});
