import { describe, expect, it } from 'vitest';
import { cardFingerprint, checkCard, detectBrand, luhnValid, normalizeCardNumber } from './card-check.js';

const now = new Date('2026-03-15T12:00:00Z');
const card = (number: string, extra: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) => ({
  number,
  expMonth: 12,
  expYear: 2030,
  cvc: '123',
  ...extra,
});

describe('card pre-check', () => {
  it('strips spaces and dashes, refuses other characters', () => {
    expect(normalizeCardNumber('4242 4242-4242 4242')).toBe('4242424242424242');
    expect(normalizeCardNumber('4242x4242')).toBeNull();
    expect(normalizeCardNumber('')).toBeNull();
  });

  it('computes Luhn', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('detects brands by prefix', () => {
    expect(detectBrand('4111111111111111')).toBe('VISA');
    expect(detectBrand('5555555555554444')).toBe('MASTERCARD');
    expect(detectBrand('2221000000000009')).toBe('MASTERCARD');
    expect(detectBrand('2720990000000000')).toBe('MASTERCARD');
    expect(detectBrand('2721000000000000')).toBeUndefined();
    expect(detectBrand('5655555555554444')).toBeUndefined();
    expect(detectBrand('378282246310005')).toBe('AMEX');
    expect(detectBrand('6011111111111117')).toBe('DISCOVER');
    expect(detectBrand('6500000000000002')).toBe('DISCOVER');
    expect(detectBrand('9999')).toBeUndefined();
  });

  it('accepts valid cards of each brand', () => {
    for (const [number, brand] of [
      ['4242424242424242', 'VISA'],
      ['4222222222222', 'VISA'],
      ['5555 5555 5555 4444', 'MASTERCARD'],
      ['2223003122003222', 'MASTERCARD'],
      ['6011111111111117', 'DISCOVER'],
    ] as const) {
      const result = checkCard(card(number), now);
      expect(result).toMatchObject({ ok: true, card: { brand, last4: number.replace(/\D/g, '').slice(-4) } });
    }
    expect(checkCard(card('378282246310005', { cvc: '1234' }), now)).toMatchObject({ ok: true, card: { brand: 'AMEX' } });
  });

  it('refuses bad numbers with a reason', () => {
    expect(checkCard(card('4242-4242-4242-424x'), now)).toMatchObject({ ok: false, reason: 'NOT_A_NUMBER' });
    expect(checkCard(card('9111111111111111'), now)).toMatchObject({ ok: false, reason: 'UNKNOWN_BRAND' });
    expect(checkCard(card('424242424242424'), now)).toMatchObject({ ok: false, reason: 'BAD_LENGTH' });
    expect(checkCard(card('55555555555544'), now)).toMatchObject({ ok: false, reason: 'BAD_LENGTH' });
    expect(checkCard(card('37828224631000', { cvc: '1234' }), now)).toMatchObject({ ok: false, reason: 'BAD_LENGTH' });
    expect(checkCard(card('4242424242424241'), now)).toMatchObject({ ok: false, reason: 'BAD_CHECKSUM' });
  });

  it('checks expiry against the clock', () => {
    expect(checkCard(card('4242424242424242', { expMonth: 13 }), now)).toMatchObject({ ok: false, reason: 'BAD_EXPIRY_MONTH' });
    expect(checkCard(card('4242424242424242', { expMonth: 0 }), now)).toMatchObject({ ok: false, reason: 'BAD_EXPIRY_MONTH' });
    expect(checkCard(card('4242424242424242', { expMonth: 2, expYear: 2026 }), now)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(checkCard(card('4242424242424242', { expYear: 2025 }), now)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    // good through the end of the expiry month
    expect(checkCard(card('4242424242424242', { expMonth: 3, expYear: 2026 }), now)).toMatchObject({ ok: true });
    expect(checkCard(card('4242424242424242', { expMonth: 3, expYear: 26 }), now)).toMatchObject({ ok: true, card: { expYear: 2026 } });
  });

  it('checks the cvc length per brand', () => {
    expect(checkCard(card('4242424242424242', { cvc: '12' }), now)).toMatchObject({ ok: false, reason: 'BAD_CVC' });
    expect(checkCard(card('4242424242424242', { cvc: '1234' }), now)).toMatchObject({ ok: false, reason: 'BAD_CVC' });
    expect(checkCard(card('378282246310005', { cvc: '123' }), now)).toMatchObject({ ok: false, reason: 'BAD_CVC' });
    expect(checkCard(card('4242424242424242', { cvc: '12a' }), now)).toMatchObject({ ok: false, reason: 'BAD_CVC' });
  });

  it('fingerprints a card without its number', () => {
    const fp = cardFingerprint(card('4242 4242 4242 4242'));
    expect(fp).toEqual({ brand: 'VISA', last4: '4242', expMonth: 12, expYear: 2030 });
    expect(JSON.stringify(fp)).not.toContain('424242424242');
  });
});
