import { describe, expect, it } from 'vitest';
import type { OrderItemStatus } from './model.js';
import { planAuthorizationVoid, planRefunds, planShipment, type MoneyTransaction, type OrderMoneyState } from './money-plan.js';
import { settlementOf, type ClaimedTransaction } from './settlement.js';
import {
  callStorePayment,
  collectedBy,
  decideStoreAuthorizations,
  exchangeCardAmount,
  exchangeRunView,
  splitPayment,
  storeCollector,
  withCollectors,
  type StoreAuthorizationOutcome,
  type StorePaymentGateway,
} from './store-payments.js';

function ids() {
  let n = 0;
  return () => `t${++n}`;
}

const EXCHANGE_AUTH: MoneyTransaction = { id: 'xauth', kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: 1800, parentId: null, storeOrderId: null, shipmentId: null, allocation: null };
const STORE_AUTH: MoneyTransaction = {
  id: 'sauth',
  kind: 'AUTHORIZATION',
  status: 'SUCCEEDED',
  amount: 2400,
  parentId: null,
  storeOrderId: 'S',
  shipmentId: null,
  allocation: null,
  collector: 'STORE:store-s',
};

/**
 * A mixed order: part X (exchange-run: x1 1000, x2 500, shipping 300 = 1800) and part S
 * (store-run at store-s: s1 1500, s2 500, shipping 400 = 2400). The exchange authorized
 * 1800; store-s authorized 2400 itself.
 */
function mixed(statuses: Partial<Record<string, OrderItemStatus>> = {}, extra: Partial<OrderMoneyState> = {}): OrderMoneyState {
  const lines = [
    { id: 'x1', storeOrderId: 'X', lineTotal: 1000 },
    { id: 'x2', storeOrderId: 'X', lineTotal: 500 },
    { id: 's1', storeOrderId: 'S', lineTotal: 1500 },
    { id: 's2', storeOrderId: 'S', lineTotal: 500 },
  ].map((l) => ({ ...l, status: statuses[l.id] ?? ('TO_BE_SHIPPED' as OrderItemStatus) }));
  return {
    orderId: 'order',
    currency: 'USD',
    feeBps: 500,
    parts: [
      { id: 'X', storeId: 'store-x', shipping: 300, paidBy: 'EXCHANGE' },
      { id: 'S', storeId: 'store-s', shipping: 400, paidBy: 'STORE' },
    ],
    lines,
    shipments: [],
    transactions: [EXCHANGE_AUTH, STORE_AUTH],
    ...extra,
  };
}

describe('the split of an order between the stores that collect and the exchange', () => {
  it('store-run parts (items + shipping) are authorized at their stores; the exchange takes the rest', () => {
    const split = splitPayment(4200, [
      { storeOrderId: 'X', storeId: 'store-x', subtotal: 1500, shipping: 300, paidBy: 'EXCHANGE' },
      { storeOrderId: 'S', storeId: 'store-s', subtotal: 2000, shipping: 400, paidBy: 'STORE' },
    ]);
    expect(split).toEqual({ orderTotal: 4200, storeRunTotal: 2400, exchangeRunTotal: 1800, storeParts: [{ storeOrderId: 'S', storeId: 'store-s', amount: 2400 }] });
    expect(exchangeCardAmount({ orderTotal: 4200, storeRunTotal: split.storeRunTotal })).toBe(1800);
  });

  it('gift certificates pay only the exchange-run portion', () => {
    expect(exchangeCardAmount({ orderTotal: 4200, storeRunTotal: 2400, giftApplied: 1000 })).toBe(800);
    expect(exchangeCardAmount({ orderTotal: 4200, storeRunTotal: 2400, giftApplied: 1800 })).toBe(0);
    expect(() => exchangeCardAmount({ orderTotal: 4200, storeRunTotal: 2400, giftApplied: 1801 })).toThrow(RangeError);
  });

  it('no store-run part: the exchange authorizes the whole order', () => {
    const split = splitPayment(1800, [{ storeOrderId: 'X', storeId: 'store-x', subtotal: 1500, shipping: 300, paidBy: 'EXCHANGE' }]);
    expect(split).toMatchObject({ storeRunTotal: 0, exchangeRunTotal: 1800, storeParts: [] });
  });

  it('refuses parts that do not add up to the order total', () => {
    expect(() => splitPayment(100, [{ storeOrderId: 'X', storeId: 'store-x', subtotal: 50, shipping: 0, paidBy: 'STORE' }])).toThrow(/add up/);
  });

  it('marks the parts of the stores that run their own payments', () => {
    const plan = { currency: 'USD', itemsTotal: 3, shippingTotal: 0, total: 3, parts: [{ storeId: 'a', subtotal: 1, fee: 0, shipping: 0, owed: 1, lines: [] }, { storeId: 'b', subtotal: 2, fee: 0, shipping: 0, owed: 2, lines: [] }] };
    expect(withCollectors(plan, new Set(['b'])).parts.map((p) => p.paidBy)).toEqual(['EXCHANGE', 'STORE']);
    expect(withCollectors(plan, new Set())).toBe(plan);
  });

  it('names collectors', () => {
    expect(storeCollector('store-s')).toBe('STORE:store-s');
    expect(collectedBy('STORE:store-s')).toBe('STORE');
    expect(collectedBy('EXCHANGE')).toBe('EXCHANGE');
  });
});

describe('checkout decision table after the stores answered', () => {
  const approved = (storeId: string): StoreAuthorizationOutcome => ({ storeOrderId: `p-${storeId}`, storeId, rowId: `row-${storeId}`, status: 'approved', reference: `ref-${storeId}` });
  const declined = (storeId: string): StoreAuthorizationOutcome => ({ storeOrderId: `p-${storeId}`, storeId, rowId: `row-${storeId}`, status: 'declined', declineCode: 'card_declined' });
  const unavailable = (storeId: string): StoreAuthorizationOutcome => ({ storeOrderId: `p-${storeId}`, storeId, rowId: `row-${storeId}`, status: 'unavailable', error: 'down' });

  it.each([
    ['no store-run part', [], { kind: 'proceed' }],
    ['every store approved', [approved('a'), approved('b')], { kind: 'proceed' }],
    ['one declined, one approved', [approved('a'), declined('b')], { kind: 'declined', storeId: 'b', declineCode: 'card_declined', voidRowIds: ['row-a'] }],
    // the unreachable store may have approved before its answer was lost: voided too (by key)
    ['one unreachable, one approved', [unavailable('a'), approved('b')], { kind: 'unavailable', storeId: 'a', voidRowIds: ['row-a', 'row-b'] }],
    ['a decline wins over an outage', [unavailable('a'), declined('b'), approved('c')], { kind: 'declined', storeId: 'b', declineCode: 'card_declined', voidRowIds: ['row-a', 'row-c'] }],
    ['the first decline is named', [declined('a'), declined('b')], { kind: 'declined', storeId: 'a', declineCode: 'card_declined', voidRowIds: [] }],
  ] as const)('%s', (_name, outcomes, decision) => {
    expect(decideStoreAuthorizations(outcomes)).toEqual(decision);
  });
});

describe('fulfilment of store-run parts', () => {
  it('the whole store-run part shipped at once captures the store authorization whole, at the store', () => {
    const money = planShipment(mixed(), { id: 'sh1', storeOrderId: 'S', lineIds: ['s1', 's2'] }, ids());
    expect(money).toEqual({
      itemsAmount: 2000,
      shippingAmount: 400,
      transactions: [
        {
          id: 't1',
          kind: 'CAPTURE',
          amount: 2400,
          parentId: 'sauth',
          storeOrderId: 'S',
          shipmentId: 'sh1',
          allocation: [{ storeId: 'store-s', gross: 2400, fee: 100, items: 2000 }],
          collector: 'STORE:store-s',
        },
      ],
    });
  });

  it('a partial shipment captures the shipped amount at the store (its shipping with the first); the store decides how', () => {
    const first = planShipment(mixed(), { id: 'sh1', storeOrderId: 'S', lineIds: ['s1'] }, ids());
    expect(first.transactions).toEqual([expect.objectContaining({ kind: 'CAPTURE', amount: 1900, parentId: 'sauth', collector: 'STORE:store-s', allocation: [{ storeId: 'store-s', gross: 1900, fee: 75, items: 1500 }] })]);
    const after = mixed({ s1: 'SHIPPED' }, { shipments: [{ id: 'sh1', storeOrderId: 'S', lineIds: ['s1'] }], transactions: [EXCHANGE_AUTH, STORE_AUTH, { ...first.transactions[0], status: 'SUCCEEDED' } as MoneyTransaction] });
    const second = planShipment(after, { id: 'sh2', storeOrderId: 'S', lineIds: ['s2'] }, ids());
    expect(second).toMatchObject({ shippingAmount: 0, transactions: [{ kind: 'CAPTURE', amount: 500, parentId: 'sauth', collector: 'STORE:store-s' }] });
  });

  it('no capture when the store authorization did not succeed', () => {
    const state = mixed({}, { transactions: [EXCHANGE_AUTH, { ...STORE_AUTH, status: 'FAILED' }] });
    expect(planShipment(state, { id: 'sh1', storeOrderId: 'S', lineIds: ['s1', 's2'] }, ids()).transactions).toEqual([]);
  });

  it('the exchange-run part shipped whole captures the exchange authorization whole, store-run lines still to ship', () => {
    const money = planShipment(mixed(), { id: 'sh1', storeOrderId: 'X', lineIds: ['x1', 'x2'] }, ids());
    expect(money.transactions).toEqual([
      { id: 't1', kind: 'CAPTURE', amount: 1800, parentId: 'xauth', storeOrderId: 'X', shipmentId: 'sh1', allocation: [{ storeId: 'store-x', gross: 1800, fee: 75, items: 1500 }] },
    ]);
  });

  it('the exchange view leaves out store-run parts, lines, shipments and rows', () => {
    const view = exchangeRunView(mixed());
    expect(view.parts.map((p) => p.id)).toEqual(['X']);
    expect(view.lines.map((l) => l.id)).toEqual(['x1', 'x2']);
    expect(view.transactions.map((t) => t.id)).toEqual(['xauth']);
  });

  it('the exchange authorization is voided when its own lines are done, whatever the store-run part does', () => {
    const state = mixed({ x1: 'VOID', x2: 'VOID' });
    expect(planAuthorizationVoid(state, ids())).toEqual([{ id: 't1', kind: 'VOID', amount: 1800, parentId: 'xauth', storeOrderId: null, shipmentId: null, allocation: null }]);
  });

  it('nothing left to ship in a store-run part: what was not captured is voided at the store', () => {
    const capture: MoneyTransaction = { id: 'scap', kind: 'CAPTURE', status: 'SUCCEEDED', amount: 1900, parentId: 'sauth', storeOrderId: 'S', shipmentId: 'sh1', allocation: null, collector: 'STORE:store-s' };
    const state = mixed({ s1: 'SHIPPED', s2: 'VOID' }, { transactions: [EXCHANGE_AUTH, STORE_AUTH, capture] });
    expect(planAuthorizationVoid(state, ids())).toEqual([{ id: 't1', kind: 'VOID', amount: 500, parentId: 'sauth', storeOrderId: 'S', shipmentId: null, allocation: null, collector: 'STORE:store-s' }]);
    // everything captured: nothing to void
    const whole = mixed({ s1: 'SHIPPED', s2: 'SHIPPED' }, { transactions: [EXCHANGE_AUTH, STORE_AUTH, { ...capture, amount: 2400 }] });
    expect(planAuthorizationVoid(whole, ids())).toEqual([]);
  });

  it('a return of a store-run line is refunded against the store capture, with its fee share', () => {
    const capture: MoneyTransaction = {
      id: 'scap',
      kind: 'CAPTURE',
      status: 'SUCCEEDED',
      amount: 2400,
      parentId: 'sauth',
      storeOrderId: 'S',
      shipmentId: 'sh1',
      allocation: [{ storeId: 'store-s', gross: 2400, fee: 100, items: 2000 }],
      collector: 'STORE:store-s',
    };
    const state = mixed({ s1: 'SHIPPED', s2: 'SHIPPED' }, { shipments: [{ id: 'sh1', storeOrderId: 'S', lineIds: ['s1', 's2'] }], transactions: [EXCHANGE_AUTH, STORE_AUTH, capture] });
    // the refund's collector is its parent's (set when the row is written)
    expect(planRefunds(state, ['s2'], ids())).toEqual([
      { id: 't1', kind: 'REFUND', amount: 500, parentId: 'scap', storeOrderId: 'S', shipmentId: 'sh1', allocation: [{ storeId: 'store-s', gross: 500, fee: 25, items: 500 }] },
    ]);
  });
});

describe('the money movement job on store-collected rows', () => {
  const row = (over: Partial<ClaimedTransaction>): ClaimedTransaction => ({
    id: 'row',
    orderId: 'order',
    kind: 'CAPTURE',
    amount: 2400,
    currency: 'USD',
    parentId: 'sauth',
    storeOrderId: 'S',
    shipmentId: 'sh1',
    allocation: [{ storeId: 'store-s', gross: 2400, fee: 100, items: 2000 }],
    cardToken: null,
    parentReference: 'sauth_ref',
    attempts: 1,
    leaseToken: 'lease',
    collector: 'STORE:store-s',
    ...over,
  });

  it("a store's capture books only the fee it owes (STORE_COLLECTED); nothing for the store's payable", () => {
    const settled = settlementOf(row({}), { status: 'succeeded', reference: 'scap_1' }, ids());
    expect(settled).toMatchObject({ status: 'SUCCEEDED', providerReference: 'scap_1', followUps: [] });
    expect(settled.journal).toEqual({
      kind: 'STORE_COLLECTED',
      reference: 'row',
      memo: 'store store-s collected 2400 USD',
      lines: [
        { account: 'asset:fee-receivable:store-s', amount: 100, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: -100, currency: 'USD' },
      ],
    });
  });

  it("a store's refund gives the fee share back (STORE_REFUNDED)", () => {
    const settled = settlementOf(row({ kind: 'REFUND', amount: 500, allocation: [{ storeId: 'store-s', gross: 500, fee: 25, items: 500 }] }), { status: 'succeeded', reference: 'sref_1' }, ids());
    expect(settled.journal).toMatchObject({ kind: 'STORE_REFUNDED', lines: [{ account: 'revenue:exchange-fees', amount: 25 }, { account: 'asset:fee-receivable:store-s', amount: -25 }] });
  });

  it('a refusal by the store fails the rows waiting on it; a void books nothing', () => {
    expect(settlementOf(row({}), { status: 'declined', declineCode: 'amount_exceeds_what_is_left' }, ids())).toMatchObject({ status: 'DECLINED', journal: null, failChildren: expect.stringContaining('store-s') });
    expect(settlementOf(row({ kind: 'VOID', allocation: null }), { status: 'succeeded', reference: 'v' }, ids())).toMatchObject({ status: 'SUCCEEDED', journal: null });
  });

  it('calls the store, not the provider, with the row id as idempotency key', async () => {
    const calls: [string, string, unknown][] = [];
    const gateway: StorePaymentGateway = {
      paymentEndpointOf: async () => 'http://store',
      authorize: async () => ({ status: 'approved', reference: 'x' }),
      capture: async (storeId, request) => (calls.push(['capture', storeId, request]), { status: 'succeeded', reference: 'scap_9' }),
      void: async (storeId, request) => (calls.push(['void', storeId, request]), { status: 'succeeded' }),
      refund: async (storeId, request) => (calls.push(['refund', storeId, request]), { status: 'failed', error: 'too_much' }),
    };
    expect(await callStorePayment(gateway, row({}))).toEqual({ status: 'succeeded', reference: 'scap_9' });
    expect(await callStorePayment(gateway, row({ id: 'v1', kind: 'VOID', amount: 500 }))).toEqual({ status: 'succeeded', reference: 'void:v1' });
    expect(await callStorePayment(gateway, row({ id: 'r1', kind: 'REFUND', parentReference: 'scap_9' }))).toEqual({ status: 'declined', declineCode: 'too_much' });
    expect(calls).toEqual([
      ['capture', 'store-s', { reference: 'sauth_ref', amount: 2400, currency: 'USD', idempotencyKey: 'row' }],
      ['void', 'store-s', { reference: 'sauth_ref', amount: 500, currency: 'USD', idempotencyKey: 'v1' }],
      ['refund', 'store-s', { reference: 'scap_9', amount: 2400, currency: 'USD', idempotencyKey: 'r1' }],
    ]);
    await expect(callStorePayment(gateway, row({ kind: 'AUTHORIZATION' }))).rejects.toThrow(/checkout only/);
    await expect(callStorePayment(undefined, row({}))).rejects.toThrow(/no store payment endpoints/);
  });

  it('voids an authorization whose answer was lost by the key checkout sent (its row id), not by a reference it never learned', async () => {
    const calls: unknown[] = [];
    const gateway: StorePaymentGateway = {
      paymentEndpointOf: async () => 'http://store',
      authorize: async () => ({ status: 'approved', reference: 'x' }),
      capture: async () => ({ status: 'succeeded' }),
      void: async (storeId, request) => (calls.push([storeId, request]), { status: 'succeeded', reference: 'svoid_1' }),
      refund: async () => ({ status: 'succeeded' }),
    };
    // the FAILED authorization row 'sauth' has no reference: the void names it by authorizationKey
    expect(await callStorePayment(gateway, row({ id: 'v2', kind: 'VOID', amount: 2400, parentReference: null, shipmentId: null, allocation: null }))).toEqual({ status: 'succeeded', reference: 'svoid_1' });
    expect(calls).toEqual([['store-s', { authorizationKey: 'sauth', amount: 2400, currency: 'USD', idempotencyKey: 'v2' }]]);
    expect(calls[0]).not.toHaveProperty('1.reference');
    // a capture or refund still needs the reference of what it moves money against
    await expect(callStorePayment(gateway, row({ parentReference: null }))).rejects.toThrow(/no authorization reference/);
    await expect(callStorePayment(gateway, row({ kind: 'REFUND', parentReference: null }))).rejects.toThrow(/no capture reference/);
  });
});
