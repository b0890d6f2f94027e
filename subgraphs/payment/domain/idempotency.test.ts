import { describe, expect, it } from 'vitest';
import { checkoutRequestHash, idempotencyKeyProblem } from './idempotency.js';

const card = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' };

describe('idempotency rules', () => {
  it('accepts keys of 1..200 characters', () => {
    expect(idempotencyKeyProblem('k')).toBeNull();
    expect(idempotencyKeyProblem('x'.repeat(200))).toBeNull();
    expect(idempotencyKeyProblem('')).toMatch(/blank/);
    expect(idempotencyKeyProblem('   ')).toMatch(/blank/);
    expect(idempotencyKeyProblem('x'.repeat(201))).toMatch(/200/);
  });

  it('hashes the same input the same way, however the card is typed', () => {
    const a = checkoutRequestHash({ cartVersion: 3, card });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(checkoutRequestHash({ cartVersion: 3, card: { ...card, number: '4242424242424242', cvc: '999' } })).toBe(a);
    expect(checkoutRequestHash({ cartVersion: 3, card: { ...card, expYear: 30 } })).toBe(a);
  });

  it('a contact email is part of the request (case aside)', () => {
    const a = checkoutRequestHash({ cartVersion: 3, card });
    expect(checkoutRequestHash({ cartVersion: 3, card, contactEmail: null })).toBe(a);
    const withEmail = checkoutRequestHash({ cartVersion: 3, card, contactEmail: 'Ann@Example.com' });
    expect(withEmail).not.toBe(a);
    expect(checkoutRequestHash({ cartVersion: 3, card, contactEmail: 'ann@example.com' })).toBe(withEmail);
    expect(checkoutRequestHash({ cartVersion: 3, card, contactEmail: 'bob@example.com' })).not.toBe(withEmail);
  });

  it('hashes different input differently', () => {
    const a = checkoutRequestHash({ cartVersion: 3, card });
    expect(checkoutRequestHash({ cartVersion: 4, card })).not.toBe(a);
    expect(checkoutRequestHash({ cartVersion: null, card })).not.toBe(a);
    expect(checkoutRequestHash({ cartVersion: 3, card: { ...card, number: '5555555555554444' } })).not.toBe(a);
    expect(checkoutRequestHash({ cartVersion: 3, card: { ...card, expMonth: 11 } })).not.toBe(a);
  });
});
