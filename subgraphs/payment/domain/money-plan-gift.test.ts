import { describe, expect, it } from 'vitest';
import { GIFT_ONLY_AUTHORIZATION_REFERENCE } from './gift-certificates.js';
import type { OrderItemStatus } from './model.js';
import { planAuthorizationVoid, planRefunds, planShipment, refundsOfGiftCapture, unpaidAmountOf, type MoneyTransaction, type NewTransaction, type OrderMoneyState } from './money-plan.js';
import { failureOf, giftFallbackOf, settlementOf, unpaidOf, withoutProvider, type ClaimedTransaction } from './settlement.js';
import { pendingTransaction } from './order-money-state.js';

/**
 * The planners' gift split (money-plan.ts "GIFT CERTIFICATES"): the order's gift part rides
 * on its own authorization and is recognised first, shipment by shipment; refunds give
 * back gift first.
 */

function ids() {
  let n = 0;
  return () => `t${++n}`;
}

/**
 * Two parts: A (a1 1000, a2 500; shipping 300) and B (b1 2000; no shipping): total 3800.
 * `gift` of it was paid from gift certificates; the card authorization holds the rest.
 */
function order(gift: number, statuses: Partial<Record<string, OrderItemStatus>> = {}, extra: Partial<OrderMoneyState> = {}): OrderMoneyState {
  const lines = [
    { id: 'a1', storeOrderId: 'A', lineTotal: 1000 },
    { id: 'a2', storeOrderId: 'A', lineTotal: 500 },
    { id: 'b1', storeOrderId: 'B', lineTotal: 2000 },
  ].map((l) => ({ ...l, status: statuses[l.id] ?? ('TO_BE_SHIPPED' as OrderItemStatus) }));
  return {
    orderId: 'order',
    currency: 'USD',
    feeBps: 500,
    parts: [
      { id: 'A', storeId: 'store-a', shipping: 300 },
      { id: 'B', storeId: 'store-b', shipping: 0 },
    ],
    lines,
    shipments: [],
    transactions: [{ id: 'auth', kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: 3800 - gift, parentId: null, storeOrderId: null, shipmentId: null, allocation: null, giftAmount: gift }],
    ...extra,
  };
}

/** One part A (a1 1000, a2 500; shipping 300): total 1800. */
function onePart(gift: number): OrderMoneyState {
  const state = order(gift);
  return {
    ...state,
    parts: [state.parts[0]],
    lines: state.lines.filter((l) => l.storeOrderId === 'A'),
    transactions: [{ ...state.transactions[0], amount: 1800 - gift }],
  };
}

/** A planned row once it has an outcome (SUCCEEDED unless said). */
const asDone = (t: NewTransaction, status: MoneyTransaction['status'] = 'SUCCEEDED'): MoneyTransaction => ({ ...pendingTransaction(t), status });

/** A row as the money movement job claims it. */
const claimedOf = (t: Partial<ClaimedTransaction> & Pick<NewTransaction, 'id' | 'kind' | 'amount' | 'parentId' | 'storeOrderId' | 'shipmentId' | 'allocation'>): ClaimedTransaction => ({
  orderId: 'order',
  currency: 'USD',
  cardToken: null,
  parentReference: null,
  attempts: 1,
  leaseToken: 'lease',
  ...t,
});

/** Ships `lineIds` of `part` on `state` and returns the state after, with the rows settled as `status`. */
function ship(state: OrderMoneyState, shipmentId: string, part: string, lineIds: string[], newId: () => string, status: MoneyTransaction['status'] = 'SUCCEEDED') {
  const money = planShipment(state, { id: shipmentId, storeOrderId: part, lineIds }, newId);
  const after: OrderMoneyState = {
    ...state,
    lines: state.lines.map((l) => (lineIds.includes(l.id) ? { ...l, status: 'SHIPPED' as const } : l)),
    shipments: [...state.shipments, { id: shipmentId, storeOrderId: part, lineIds }],
    transactions: [...state.transactions, ...money.transactions.map((t) => asDone(t, status))],
  };
  return { money, after };
}

describe('capture planning with gift certificates', () => {
  it('the whole order shipped at once: one capture of the card authorization, carrying the gift part', () => {
    const money = planShipment(onePart(1200), { id: 's1', storeOrderId: 'A', lineIds: ['a1', 'a2'] }, ids());
    expect(money.transactions).toEqual([
      {
        id: 't1',
        kind: 'CAPTURE',
        amount: 600,
        giftAmount: 1200,
        parentId: 'auth',
        storeOrderId: 'A',
        shipmentId: 's1',
        allocation: [{ storeId: 'store-a', gross: 1800, fee: 75, items: 1500 }],
      },
    ]);
  });

  it('an order paid by gift certificates alone: the capture of its card-less authorization has a card amount of 0', () => {
    const money = planShipment(onePart(1800), { id: 's1', storeOrderId: 'A', lineIds: ['a1', 'a2'] }, ids());
    expect(money.transactions).toMatchObject([{ kind: 'CAPTURE', amount: 0, giftAmount: 1800, parentId: 'auth' }]);
  });

  it('partial shipments take the gift part first, in shipment order; the card pays only the remainder', () => {
    const newId = ids();
    // a1 + A's shipping = 1300, all from the gift part (2000): a capture of no authorization
    const first = ship(order(2000), 's1', 'A', ['a1'], newId);
    expect(first.money.transactions).toEqual([
      { id: 't1', kind: 'CAPTURE', amount: 0, giftAmount: 1300, parentId: null, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }] },
    ]);
    // b1 = 2000: the gift part's last 700, the card 1300 (a new authorization on the stored card)
    const second = ship(first.after, 's2', 'B', ['b1'], newId);
    expect(second.money.transactions).toEqual([
      {
        id: 't2',
        kind: 'AUTHORIZATION',
        amount: 1300,
        giftAmount: 700,
        parentId: null,
        storeOrderId: 'B',
        shipmentId: 's2',
        allocation: [{ storeId: 'store-b', gross: 2000, fee: 100, items: 2000 }],
        cardOf: 'auth',
      },
    ]);
    // a2 = 500: no gift left, all on the card
    const third = ship(second.after, 's3', 'A', ['a2'], newId);
    expect(third.money.transactions).toEqual([
      { id: 't3', kind: 'AUTHORIZATION', amount: 500, parentId: null, storeOrderId: 'A', shipmentId: 's3', allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }], cardOf: 'auth' },
    ]);
    // nothing left to ship: the card authorization (1800) is voided, no gift left to give back
    expect(planAuthorizationVoid(third.after, newId)).toEqual([{ id: 't4', kind: 'VOID', amount: 1800, parentId: 'auth', storeOrderId: null, shipmentId: null, allocation: null }]);
  });

  it('the captures and the gift parts add up to what shipped', () => {
    const newId = ids();
    let state = order(2500);
    const rows: NewTransaction[] = [];
    for (const [s, part, lines] of [['s1', 'B', ['b1']], ['s2', 'A', ['a2']], ['s3', 'A', ['a1']]] as const) {
      const step = ship(state, s, part, [...lines], newId);
      rows.push(...step.money.transactions);
      state = step.after;
    }
    const gift = rows.reduce((sum, t) => sum + (t.giftAmount ?? 0), 0);
    const card = rows.reduce((sum, t) => sum + t.amount, 0);
    expect(gift).toBe(2500);
    expect(card).toBe(1300);
    expect(rows.map((t) => [t.kind, t.amount, t.giftAmount ?? 0])).toEqual([
      ['CAPTURE', 0, 2000],
      ['AUTHORIZATION', 300, 500],
      ['AUTHORIZATION', 1000, 0],
    ]);
  });

  it('lines that never ship: the void of the card authorization gives back the gift part no shipment took', () => {
    const newId = ids();
    const { after } = ship(order(2000), 's1', 'A', ['a1'], newId);
    const voided = { ...after, lines: after.lines.map((l) => (l.id === 'a1' ? l : { ...l, status: 'VOID' as const })) };
    expect(planAuthorizationVoid(voided, newId)).toEqual([{ id: 't2', kind: 'VOID', amount: 1800, giftAmount: 700, parentId: 'auth', storeOrderId: null, shipmentId: null, allocation: null }]);
  });

  it('a gift-only order whose every line is voided: its card-less authorization is voided with the whole gift part', () => {
    const state = order(3800, { a1: 'VOID', a2: 'VOID', b1: 'VOID' });
    expect(planAuthorizationVoid(state, ids())).toEqual([{ id: 't1', kind: 'VOID', amount: 0, giftAmount: 3800, parentId: 'auth', storeOrderId: null, shipmentId: null, allocation: null }]);
  });

  it('a shipment whose card authorization was declined keeps its gift part (captured alone): the next shipment does not get it', () => {
    const newId = ids();
    const declined = ship(order(1000), 's1', 'B', ['b1'], newId, 'DECLINED');
    const [authorization] = declined.money.transactions;
    expect(authorization).toMatchObject({ kind: 'AUTHORIZATION', amount: 1000, giftAmount: 1000 });
    // what the money movement job makes of the decline (settlement.ts)
    const settled = settlementOf(claimedOf(authorization), { status: 'declined', declineCode: 'card_declined' }, newId);
    expect(settled.followUps).toEqual([
      { id: 't2', kind: 'CAPTURE', amount: 0, giftAmount: 1000, parentId: null, storeOrderId: 'B', shipmentId: 's1', allocation: [{ storeId: 'store-b', gross: 1000, fee: 50, items: 1000 }] },
    ]);
    expect(settled.giftCapture).toBe(settled.followUps[0]);
    const after = { ...declined.after, transactions: [...declined.after.transactions, ...settled.followUps.map((t) => asDone(t))] };
    expect(unpaidAmountOf(after.transactions)).toBe(1000);
    const next = ship(after, 's2', 'A', ['a1'], newId);
    expect(next.money.transactions).toMatchObject([{ kind: 'AUTHORIZATION', amount: 1300 }]);
    expect(next.money.transactions[0].giftAmount).toBeUndefined();
  });
});

describe("a row with a gift part that ends DECLINED or FAILED (its gift part carries on)", () => {
  it("a shipment's card payment: a gift-only capture of that share of the shipment; its card part is unpaid", () => {
    // A ships a1 (1000 + shipping 300 = 1300): gift 700, the card 600 declined
    const auth = claimedOf({ id: 'sa', kind: 'AUTHORIZATION', amount: 600, giftAmount: 700, parentId: null, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }] });
    const failure = failureOf(auth, 'provider unavailable', ids());
    // 700 of 1300: items 538, fee 27 (the rest of the 700 paid shipping)
    expect(failure.followUps).toEqual([{ id: 't1', kind: 'CAPTURE', amount: 0, giftAmount: 700, parentId: null, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 700, fee: 27, items: 538 }] }]);
    expect(failure).toMatchObject({ giftCapture: failure.followUps[0], waitingRefunds: { fail: expect.stringContaining('failed') } });
    expect(unpaidOf(auth)).toBe(600);
    // the capture of a whole order over two stores: the gift share spreads over them in proportion
    const capture = claimedOf({ id: 'c', kind: 'CAPTURE', amount: 2800, giftAmount: 1000, parentId: 'auth', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1800, fee: 75, items: 1500 }, { storeId: 'store-b', gross: 2000, fee: 100, items: 2000 }] });
    const declined = settlementOf(capture, { status: 'declined', declineCode: 'expired' }, ids());
    expect(declined.followUps).toMatchObject([{ kind: 'CAPTURE', amount: 0, giftAmount: 1000, parentId: null, allocation: [{ storeId: 'store-a', gross: 474, fee: 20, items: 395 }, { storeId: 'store-b', gross: 526, fee: 26, items: 526 }] }]);
    expect(unpaidOf(capture)).toBe(2800);
    // a row without a gift part, or without a card part, brings nothing about
    expect(failureOf({ ...auth, giftAmount: 0 }, 'x', ids()).followUps).toEqual([]);
    expect(giftFallbackOf({ ...auth, amount: 0 }, ids())).toBeNull();
  });

  it('the refunds that waited on it move to the gift-only capture, giving back (to gift certificates only) what it paid for', () => {
    const capture = { id: 'g', allocation: [{ storeId: 'store-a', gross: 700, fee: 27, items: 538 }] };
    const waiting = [
      { id: 'r1', allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] },
      { id: 'r2', allocation: [{ storeId: 'store-a', gross: 1000, fee: 50, items: 1000 }] },
      { id: 'r3', allocation: [{ storeId: 'store-a', gross: 10, fee: 1, items: 10 }] },
    ];
    expect(refundsOfGiftCapture(capture, waiting)).toEqual([
      { id: 'r1', parentId: 'g', amount: 0, giftAmount: 500, allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] },
      { id: 'r2', parentId: 'g', amount: 0, giftAmount: 38, allocation: [{ storeId: 'store-a', gross: 38, fee: 2, items: 38 }] },
      { id: 'r3', fail: expect.stringContaining('nothing more to give back') },
    ]);
  });

  it('a refund: a refund of the gift part alone, of the same capture; a void: its gift part is given back with its failure', () => {
    const refund = claimedOf({ id: 'r', kind: 'REFUND', amount: 200, giftAmount: 300, parentId: 'cap', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] });
    expect(failureOf(refund, 'timeout', ids()).followUps).toEqual([
      { id: 't1', kind: 'REFUND', amount: 0, giftAmount: 300, parentId: 'cap', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 300, fee: 15, items: 300 }] },
    ]);
    expect(unpaidOf(refund)).toBe(0);
    const voided = claimedOf({ id: 'v', kind: 'VOID', amount: 1800, giftAmount: 700, parentId: 'auth', storeOrderId: null, shipmentId: null, allocation: null });
    expect(failureOf(voided, 'timeout', ids())).toMatchObject({ followUps: [], giftCredit: 700 });
  });
});

describe('refund planning with gift certificates (gift first)', () => {
  it('returns give back to gift certificates first, up to what the shipment took from them, then to the card', () => {
    const newId = ids();
    // A ships whole: 1800 = gift 1000 + card 800
    const shipped = ship(onePart(1000), 's1', 'A', ['a1', 'a2'], newId);
    const capture = shipped.after.transactions.find((t) => t.kind === 'CAPTURE')!;
    expect(capture).toMatchObject({ amount: 800, giftAmount: 1000 });
    const first = planRefunds(shipped.after, ['a2'], newId);
    expect(first).toEqual([
      { id: 't2', kind: 'REFUND', amount: 0, giftAmount: 500, parentId: capture.id, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] },
    ]);
    const after = { ...shipped.after, transactions: [...shipped.after.transactions, ...first.map((t) => asDone(t))] };
    const second = planRefunds(after, ['a1'], newId);
    expect(second).toEqual([
      { id: 't3', kind: 'REFUND', amount: 500, giftAmount: 500, parentId: capture.id, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1000, fee: 50, items: 1000 }] },
    ]);
    // the card got back 500 of the 800 it paid (shipping is never refunded); the certificates all 1000
  });

  it('a shipment paid by the card alone refunds to the card alone', () => {
    const newId = ids();
    const shipped = ship(onePart(0), 's1', 'A', ['a1', 'a2'], newId);
    expect(planRefunds(shipped.after, ['a1'], newId)).toEqual([
      { id: 't2', kind: 'REFUND', amount: 1000, parentId: 't1', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1000, fee: 50, items: 1000 }] },
    ]);
  });
});

describe('settling rows with a gift part', () => {
  const claimed = (t: Partial<ClaimedTransaction>): ClaimedTransaction => ({
    id: 'row',
    orderId: 'order',
    kind: 'CAPTURE',
    amount: 0,
    currency: 'USD',
    parentId: null,
    storeOrderId: 'A',
    shipmentId: 's1',
    allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }],
    cardToken: null,
    parentReference: null,
    attempts: 1,
    leaseToken: 'lease',
    ...t,
  });

  it('a row with nothing for a card never reaches the provider; a card row does', () => {
    expect(withoutProvider(claimed({ giftAmount: 1300 }))).toEqual({ status: 'succeeded', reference: `${GIFT_ONLY_AUTHORIZATION_REFERENCE}:row` });
    expect(withoutProvider(claimed({ kind: 'VOID', amount: 0, allocation: null, parentReference: GIFT_ONLY_AUTHORIZATION_REFERENCE }))).not.toBeNull();
    expect(withoutProvider(claimed({ amount: 300, giftAmount: 1000 }))).toBeNull();
    expect(withoutProvider(claimed({ kind: 'VOID', amount: 0, parentReference: 'auth_0_USD_x' }))).toBeNull();
    expect(withoutProvider(claimed({ giftAmount: 1300, collector: 'STORE:store-a' }))).toBeNull();
  });

  it('a capture spends the gift part: Dr gift certificates, Dr provider clearing for the card', () => {
    const settlement = settlementOf(claimed({ amount: 300, giftAmount: 1000 }), { status: 'succeeded', reference: 'cap' }, ids());
    expect(settlement.journal?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: 300, currency: 'USD' },
        { account: 'liability:gift-certificates', amount: 1000, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: -1250, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: -50, currency: 'USD' },
      ]),
    );
    expect(settlement.giftCredit).toBeUndefined();
  });

  it("a shipment's authorization passes its gift part to its capture", () => {
    const settlement = settlementOf(claimed({ kind: 'AUTHORIZATION', amount: 300, giftAmount: 1000, cardToken: 'tok' }), { status: 'succeeded', reference: 'auth' }, ids());
    expect(settlement.followUps).toMatchObject([{ kind: 'CAPTURE', amount: 300, giftAmount: 1000, parentId: 'row' }]);
  });

  it('a refund gives the gift part back in the ledger and to the certificates', () => {
    const settlement = settlementOf(claimed({ kind: 'REFUND', amount: 200, giftAmount: 300, allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] }), { status: 'succeeded', reference: 'ref' }, ids());
    expect(settlement.journal?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: -200, currency: 'USD' },
        { account: 'liability:gift-certificates', amount: -300, currency: 'USD' },
      ]),
    );
    expect(settlement.giftCredit).toBe(300);
  });

  it('the void of the order authorization gives the unspent gift part back (no journal: it was never spent)', () => {
    const settlement = settlementOf(claimed({ kind: 'VOID', amount: 1800, giftAmount: 700, allocation: null }), { status: 'succeeded', reference: 'void' }, ids());
    expect(settlement).toMatchObject({ status: 'SUCCEEDED', journal: null, giftCredit: 700 });
    // declined (or FAILED): the card's authorization lapses at the provider, the gift part goes back all the same
    const declined = settlementOf(claimed({ kind: 'VOID', amount: 1800, giftAmount: 700, allocation: null }), { status: 'declined', declineCode: 'x' }, ids());
    expect(declined).toMatchObject({ status: 'DECLINED', journal: null, giftCredit: 700, followUps: [] });
  });
});
