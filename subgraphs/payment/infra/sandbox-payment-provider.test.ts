import { describe, expect, it } from 'vitest';
import { SandboxPaymentProvider } from './sandbox-payment-provider.js';

const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: '123' });

describe('SandboxPaymentProvider', () => {
  it('tokenizes without handing the number back', async () => {
    const provider = new SandboxPaymentProvider();
    const token = await provider.tokenize(card('4242 4242 4242 4242'));
    expect(token).toMatchObject({ brand: 'VISA', last4: '4242' });
    expect(token.token).toMatch(/^tok_/);
    expect(JSON.stringify(token)).not.toContain('424242424242');
  });

  it('approves and declines the test cards', async () => {
    const provider = new SandboxPaymentProvider();
    const outcome = async (number: string, key: string) =>
      provider.authorize({ token: (await provider.tokenize(card(number))).token, amount: 1000, currency: 'USD', idempotencyKey: key });
    expect(await outcome('4242424242424242', 'a')).toMatchObject({ status: 'approved' });
    expect(await outcome('5555555555554444', 'b')).toMatchObject({ status: 'approved' });
    expect(await outcome('4000000000000002', 'c')).toMatchObject({ status: 'declined', declineCode: 'card_declined' });
    expect(await outcome('4000000000009995', 'd')).toMatchObject({ status: 'declined', declineCode: 'insufficient_funds' });
    expect(await outcome('4111111111111111', 'e')).toMatchObject({ status: 'approved' });
    expect(provider.approvedAuthorizations()).toHaveLength(3);
  });

  it('charges once per idempotency key', async () => {
    const provider = new SandboxPaymentProvider();
    const { token } = await provider.tokenize(card('4242424242424242'));
    const first = await provider.authorize({ token, amount: 1000, currency: 'USD', idempotencyKey: 'order-1' });
    const again = await provider.authorize({ token, amount: 1000, currency: 'USD', idempotencyKey: 'order-1' });
    expect(again).toEqual(first);
    expect(provider.authorizations).toHaveLength(1);
    expect(provider.authorizeCalls).toBe(2);
    await expect(provider.authorize({ token, amount: 999, currency: 'USD', idempotencyKey: 'order-1' })).rejects.toThrow(/different amount/);
  });
});
