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

  it('captures an authorization whole, voids, refunds up to the capture', async () => {
    const provider = new SandboxPaymentProvider();
    const { token } = await provider.tokenize(card('4242424242424242'));
    const auth = await provider.authorize({ token, amount: 1000, currency: 'USD', idempotencyKey: 'a1' });
    if (auth.status !== 'approved') throw new Error('not approved');
    expect(await provider.capture({ authorizationReference: auth.reference, amount: 999, currency: 'USD', idempotencyKey: 'c0' })).toEqual({ status: 'declined', declineCode: 'amount_mismatch' });
    const capture = await provider.capture({ authorizationReference: auth.reference, amount: 1000, currency: 'USD', idempotencyKey: 'c1' });
    expect(capture).toMatchObject({ status: 'succeeded', reference: expect.stringMatching(/^cap_1000_USD_/) });
    if (capture.status !== 'succeeded') throw new Error('not captured');
    expect(await provider.refund({ captureReference: capture.reference, amount: 600, currency: 'USD', idempotencyKey: 'r1' })).toMatchObject({ status: 'succeeded' });
    expect(await provider.refund({ captureReference: capture.reference, amount: 600, currency: 'USD', idempotencyKey: 'r2' })).toEqual({ status: 'declined', declineCode: 'amount_too_large' });
    expect(await provider.refund({ captureReference: capture.reference, amount: 400, currency: 'USD', idempotencyKey: 'r3' })).toMatchObject({ status: 'succeeded' });
    // a repeated key replays, and only for the same operation
    expect(await provider.refund({ captureReference: capture.reference, amount: 600, currency: 'USD', idempotencyKey: 'r1' })).toMatchObject({ status: 'succeeded' });
    await expect(provider.refund({ captureReference: capture.reference, amount: 5, currency: 'USD', idempotencyKey: 'r1' })).rejects.toThrow(/reused/);

    const other = await provider.authorize({ token, amount: 500, currency: 'USD', idempotencyKey: 'a2' });
    expect(await provider.void({ authorizationReference: other.reference, idempotencyKey: 'v1' })).toMatchObject({ status: 'succeeded' });
    expect(await provider.capture({ authorizationReference: other.reference, amount: 500, currency: 'USD', idempotencyKey: 'c2' })).toEqual({ status: 'declined', declineCode: 'authorization_voided' });
    expect(await provider.capture({ authorizationReference: 'auth_bogus', amount: 500, currency: 'USD', idempotencyKey: 'c3' })).toEqual({ status: 'declined', declineCode: 'unknown_authorization' });
    expect(provider.callsByKey.get('r1')).toBe(3);
  });

  it('another replica captures what this one authorized, and replays its keys the same way', async () => {
    const one = new SandboxPaymentProvider();
    const two = new SandboxPaymentProvider();
    const { token } = await one.tokenize(card('4242424242424242'));
    const auth = await one.authorize({ token, amount: 1234, currency: 'EUR', idempotencyKey: 'order-9' });
    expect(await two.authorize({ token, amount: 1234, currency: 'EUR', idempotencyKey: 'order-9' })).toEqual(auth);
    const capture = await two.capture({ authorizationReference: auth.reference, amount: 1234, currency: 'EUR', idempotencyKey: 'cap-9' });
    expect(capture.status).toBe('succeeded');
    expect(await one.capture({ authorizationReference: auth.reference, amount: 1234, currency: 'EUR', idempotencyKey: 'cap-9' })).toEqual(capture);
  });

  it('the merchant-initiated decline card approves at checkout and declines later authorizations on its token', async () => {
    const provider = new SandboxPaymentProvider();
    const { token } = await provider.tokenize(card('4000 0000 0000 0341'));
    expect(token).not.toContain('4000000000000341');
    expect(await provider.authorize({ token, amount: 1000, currency: 'USD', idempotencyKey: 'checkout' })).toMatchObject({ status: 'approved' });
    expect(await provider.authorize({ token, amount: 400, currency: 'USD', idempotencyKey: 'partial', merchantInitiated: true })).toMatchObject({ status: 'declined', declineCode: 'card_declined' });
    const visa = await provider.tokenize(card('4242424242424242'));
    expect(await provider.authorize({ token: visa.token, amount: 400, currency: 'USD', idempotencyKey: 'partial-2', merchantInitiated: true })).toMatchObject({ status: 'approved' });
  });
});
