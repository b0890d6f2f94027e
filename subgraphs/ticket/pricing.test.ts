import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { Identity } from '../../lib/identity.js';
import type { PriceRule } from '../../lib/pricing.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import type { PriceRulesClient } from '../payment/pricing-client.js';
import { PaymentServicePriceRules } from './infra/payment-price-rules.js';
import { HOLD_MUTATION, InMemoryPriceRules, startTicketForTest, type TicketUnderTest } from './testing.js';

// The cart at the shopper's best price (lib/pricing.ts): the ticket subgraph reads the
// stores' price rules through its PriceRules port (here the in-memory double standing in
// for the payment subgraph) and applies the caller's price class and offer codes.
const directory = new StaticStoreDirectory([
  { id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' },
  { id: 'store-b', name: 'B', url: 'http://127.0.0.1:1/graphql', secret: 'sb', apiKey: 'kb' },
]);
const inventory = new InMemoryInventoryClient()
  .addItem('store-a', { sku: 'BOOK-1', price: 1000, stockOnHand: 1000 })
  .addItem('store-a', { sku: 'BOOK-2', price: 500, stockOnHand: 1000 })
  .addItem('store-b', { sku: 'HAMMER', price: 2000, stockOnHand: 1000 });
const priceRules = new InMemoryPriceRules();
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

const rule = (overrides: Partial<PriceRule> & Pick<PriceRule, 'sku' | 'amount'>): PriceRule => ({ id: randomUUID(), storeId: 'store-a', kind: 'SALE', currency: 'USD', ...overrides });
const RULES: PriceRule[] = [
  rule({ sku: 'BOOK-1', amount: 750, offerCode: 'SPRING' }),
  rule({ sku: 'BOOK-1', kind: 'CLASS_PRICE', priceClass: 'WHOLESALE', amount: 600 }),
  // a sale that ended an hour ago, and one in another currency: neither applies
  rule({ sku: 'BOOK-2', amount: 100, startsAt: ago(2 * HOUR), endsAt: ago(HOUR) }),
  rule({ sku: 'BOOK-2', amount: 1, currency: 'EUR' }),
  // a sale running now, for everyone
  rule({ storeId: 'store-b', sku: 'HAMMER', amount: 1500, startsAt: ago(HOUR) }),
];

let t: TicketUnderTest;
beforeAll(async () => {
  t = await startTicketForTest('ticket_pricing', { directory, inventory, priceRules });
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => {
  priceRules.set(...RULES);
  priceRules.failing = false;
});

const CART = `{ cart { totals { amount currency } tickets { sku quantity unitPrice { amount currency } listPrice { amount currency } lineTotal { amount currency } } } }`;

async function holdAll(identity: Identity, lines: { storeId: string; sku: string; quantity: number }[]) {
  for (const line of lines) {
    const res = await t.graphql(HOLD_MUTATION, { input: { idempotencyKey: randomUUID(), ...line } }, { identity });
    expect(res.body.data.hold.__typename).toBe('Ticket');
  }
}
async function cartOf(identity: Identity) {
  const res = await t.graphql(CART, {}, { identity });
  expect(res.body.errors).toBeUndefined();
  return res.body.data.cart;
}
const line = (sku: string, quantity: number, unit: number, list: number) => ({
  sku,
  quantity,
  unitPrice: { amount: unit, currency: 'USD' },
  listPrice: { amount: list, currency: 'USD' },
  lineTotal: { amount: unit * quantity, currency: 'USD' },
});

describe('the cart at the shopper\'s best price', () => {
  it('shows the list price without the offer code and the sale price with it', async () => {
    const sessionId = `sess_${randomUUID()}`;
    const guest: Identity = { kind: 'GUEST', sessionId };
    await holdAll(guest, [{ storeId: 'store-a', sku: 'BOOK-1', quantity: 2 }]);

    expect(await cartOf(guest)).toEqual({ totals: [{ amount: 2000, currency: 'USD' }], tickets: [line('BOOK-1', 2, 1000, 1000)] });
    // the same session once the code is attached (the gateway signs the session's codes)
    const withCode: Identity = { ...guest, offerCodes: ['SPRING'] };
    expect(await cartOf(withCode)).toEqual({ totals: [{ amount: 1500, currency: 'USD' }], tickets: [line('BOOK-1', 2, 750, 1000)] });
    // another code unlocks nothing
    expect((await cartOf({ ...guest, offerCodes: ['AUTUMN'] })).totals).toEqual([{ amount: 2000, currency: 'USD' }]);
  });

  it('applies the account\'s price class, and the lowest price when several apply', async () => {
    const accountId = `acct_${randomUUID()}`;
    const wholesale: Identity = { kind: 'ACCOUNT', sessionId: `sess_${randomUUID()}`, accountId, priceClass: 'WHOLESALE' };
    await holdAll(wholesale, [{ storeId: 'store-a', sku: 'BOOK-1', quantity: 1 }]);
    expect((await cartOf(wholesale)).tickets).toEqual([line('BOOK-1', 1, 600, 1000)]);
    // class price (600) and the coded sale (750): the lower wins
    expect((await cartOf({ ...wholesale, offerCodes: ['SPRING'] })).tickets).toEqual([line('BOOK-1', 1, 600, 1000)]);
    // the same account without the class (cleared by the operator): the list price
    expect((await cartOf({ kind: 'ACCOUNT', sessionId: wholesale.sessionId, accountId })).tickets).toEqual([line('BOOK-1', 1, 1000, 1000)]);
  });

  it('a sale window in the past and rules in another currency do not apply; a running sale does', async () => {
    const guest: Identity = { kind: 'GUEST', sessionId: `sess_${randomUUID()}` };
    await holdAll(guest, [
      { storeId: 'store-a', sku: 'BOOK-2', quantity: 3 },
      { storeId: 'store-b', sku: 'HAMMER', quantity: 1 },
    ]);
    expect(await cartOf(guest)).toEqual({
      totals: [{ amount: 1500 + 1500, currency: 'USD' }],
      tickets: [line('BOOK-2', 3, 500, 500), line('HAMMER', 1, 1500, 2000)],
    });
  });

  it('reads the rules once per store per request, for that request\'s skus', async () => {
    const guest: Identity = { kind: 'GUEST', sessionId: `sess_${randomUUID()}` };
    await holdAll(guest, [
      { storeId: 'store-a', sku: 'BOOK-1', quantity: 1 },
      { storeId: 'store-a', sku: 'BOOK-2', quantity: 1 },
      { storeId: 'store-b', sku: 'HAMMER', quantity: 1 },
    ]);
    const before = priceRules.calls.length;
    await cartOf(guest);
    const calls = priceRules.calls.slice(before);
    expect(calls.map((c) => c.storeId).sort()).toEqual(['store-a', 'store-b']);
    expect(calls.find((c) => c.storeId === 'store-a')!.skus.sort()).toEqual(['BOOK-1', 'BOOK-2']);
  });

  it('falls back to list prices (no error) when the rules cannot be read', async () => {
    const withCode: Identity = { kind: 'GUEST', sessionId: `sess_${randomUUID()}`, offerCodes: ['SPRING'] };
    await holdAll(withCode, [{ storeId: 'store-a', sku: 'BOOK-1', quantity: 1 }]);
    priceRules.failing = true;
    expect(await cartOf(withCode)).toEqual({ totals: [{ amount: 1000, currency: 'USD' }], tickets: [line('BOOK-1', 1, 1000, 1000)] });
    priceRules.failing = false;
    expect((await cartOf(withCode)).tickets).toEqual([line('BOOK-1', 1, 750, 1000)]);
  });
});

describe('PaymentServicePriceRules (the adapter over payment\'s pricing/rules route)', () => {
  class FakeClient implements PriceRulesClient {
    calls: { storeId: string; skus: string[] }[] = [];
    failing = false;
    constructor(private readonly rules: PriceRule[]) {}
    async rulesFor(storeId: string, skus: readonly string[]) {
      this.calls.push({ storeId, skus: [...skus] });
      if (this.failing) throw new Error('connect ECONNREFUSED');
      return this.rules.filter((r) => r.storeId === storeId && skus.includes(r.sku));
    }
  }

  it('caches rules per (store, sku) for the TTL, skus without rules included; fetches only what is missing or stale', async () => {
    const clock = new ManualClock();
    const client = new FakeClient(RULES);
    const adapter = new PaymentServicePriceRules(client, { ttlMs: 2_000, clock });
    expect((await adapter.rulesFor('store-a', ['BOOK-1'])).map((r) => r.amount).sort()).toEqual([600, 750]);
    expect((await adapter.rulesFor('store-a', ['BOOK-1', 'NO-RULES'])).map((r) => r.amount).sort()).toEqual([600, 750]);
    expect(await adapter.rulesFor('store-a', ['NO-RULES'])).toEqual([]);
    expect(client.calls).toEqual([
      { storeId: 'store-a', skus: ['BOOK-1'] },
      { storeId: 'store-a', skus: ['NO-RULES'] },
    ]);
    clock.advance(2_000);
    await adapter.rulesFor('store-a', ['BOOK-1']);
    expect(client.calls).toHaveLength(3);
    // stores are cached apart
    expect(await adapter.rulesFor('store-b', ['BOOK-1'])).toEqual([]);
    expect(client.calls).toHaveLength(4);
  });

  it('does not cache failures; after repeated failures payment is left alone for the cool-down', async () => {
    const clock = new ManualClock();
    const client = new FakeClient(RULES);
    const adapter = new PaymentServicePriceRules(client, { ttlMs: 2_000, clock, failureThreshold: 2, cooldownMs: 5_000 });
    client.failing = true;
    await expect(adapter.rulesFor('store-a', ['BOOK-1'])).rejects.toThrow('ECONNREFUSED');
    await expect(adapter.rulesFor('store-a', ['BOOK-1'])).rejects.toThrow('ECONNREFUSED');
    // open: refused at once, payment not asked
    await expect(adapter.rulesFor('store-a', ['BOOK-1'])).rejects.toThrow('cool-down');
    expect(client.calls).toHaveLength(2);
    client.failing = false;
    clock.advance(5_000);
    expect(await adapter.rulesFor('store-a', ['BOOK-1'])).toHaveLength(2);
    expect(client.calls).toHaveLength(3);
  });

  it('with a TTL of 0 asks every time', async () => {
    const client = new FakeClient(RULES);
    const adapter = new PaymentServicePriceRules(client, { ttlMs: 0 });
    await adapter.rulesFor('store-a', ['BOOK-1']);
    await adapter.rulesFor('store-a', ['BOOK-1']);
    expect(client.calls).toHaveLength(2);
  });
});
