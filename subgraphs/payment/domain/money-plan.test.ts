import { describe, expect, it } from 'vitest';
import type { OrderItemStatus } from './model.js';
import { planAuthorizationVoid, planRefunds, planShipment, type MoneyTransaction, type OrderMoneyState } from './money-plan.js';
import { settlementOf, type ClaimedTransaction } from './settlement.js';

/** ids in order of creation: t1, t2... */
function ids() {
  let n = 0;
  return () => `t${++n}`;
}

const AUTH: MoneyTransaction = { id: 'auth', kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: 0, parentId: null, storeOrderId: null, shipmentId: null, allocation: null };

/**
 * Two parts: A (a1 1000, a2 500; shipping 300) and B (b1 2000; shipping 0). The order's
 * own authorization covers items 3500 + shipping 300 = 3800.
 */
function twoStores(statuses: Partial<Record<string, OrderItemStatus>> = {}, extra: Partial<OrderMoneyState> = {}): OrderMoneyState {
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
    transactions: [{ ...AUTH, amount: 3800 }],
    ...extra,
  };
}

function oneStore(extra: Partial<OrderMoneyState> = {}): OrderMoneyState {
  return {
    orderId: 'order',
    currency: 'USD',
    feeBps: 500,
    parts: [{ id: 'A', storeId: 'store-a', shipping: 300 }],
    lines: [
      { id: 'a1', storeOrderId: 'A', lineTotal: 1999, status: 'TO_BE_SHIPPED' },
      { id: 'a2', storeOrderId: 'A', lineTotal: 500, status: 'TO_BE_SHIPPED' },
    ],
    shipments: [],
    transactions: [{ ...AUTH, amount: 2799 }],
    ...extra,
  };
}

describe('capture planning: shipments', () => {
  it('a shipment of the whole order, nothing shipped or voided before, captures the order authorization whole', () => {
    const money = planShipment(oneStore(), { id: 's1', storeOrderId: 'A', lineIds: ['a1', 'a2'] }, ids());
    expect(money).toEqual({
      itemsAmount: 2499,
      shippingAmount: 300,
      transactions: [
        // fee 5% of 2499 = 124.95 → 125, on items only
        { id: 't1', kind: 'CAPTURE', amount: 2799, parentId: 'auth', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 2799, fee: 125, items: 2499 }] },
      ],
    });
  });

  it('a partial shipment gets a new authorization for its lines plus the part\'s shipping (first shipment only)', () => {
    const first = planShipment(twoStores(), { id: 's1', storeOrderId: 'A', lineIds: ['a1'] }, ids());
    expect(first).toEqual({
      itemsAmount: 1000,
      shippingAmount: 300,
      transactions: [
        { id: 't1', kind: 'AUTHORIZATION', amount: 1300, parentId: null, storeOrderId: 'A', shipmentId: 's1', cardOf: 'auth', allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }] },
      ],
    });
    const after = twoStores({ a1: 'SHIPPED' }, { shipments: [{ id: 's1', storeOrderId: 'A', lineIds: ['a1'] }] });
    const second = planShipment(after, { id: 's2', storeOrderId: 'A', lineIds: ['a2'] }, ids());
    expect(second.shippingAmount).toBe(0);
    expect(second.transactions).toMatchObject([{ kind: 'AUTHORIZATION', amount: 500, allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] }]);
  });

  it('a shipment of every line of one store in a two-store order is partial', () => {
    const money = planShipment(twoStores(), { id: 's1', storeOrderId: 'B', lineIds: ['b1'] }, ids());
    expect(money.transactions).toMatchObject([{ kind: 'AUTHORIZATION', amount: 2000, storeOrderId: 'B' }]);
  });

  it('a whole single-store shipment is partial when something shipped or was voided before', () => {
    const voided = oneStore({ lines: [{ id: 'a1', storeOrderId: 'A', lineTotal: 1999, status: 'TO_BE_SHIPPED' }, { id: 'a2', storeOrderId: 'A', lineTotal: 500, status: 'VOID' }] });
    expect(planShipment(voided, { id: 's1', storeOrderId: 'A', lineIds: ['a1'] }, ids()).transactions).toMatchObject([{ kind: 'AUTHORIZATION', amount: 1999 + 300 }]);
    const shippedBefore = oneStore({
      lines: [{ id: 'a1', storeOrderId: 'A', lineTotal: 1999, status: 'SHIPPED' }, { id: 'a2', storeOrderId: 'A', lineTotal: 500, status: 'TO_BE_SHIPPED' }],
      shipments: [{ id: 's0', storeOrderId: 'A', lineIds: ['a1'] }],
    });
    expect(planShipment(shippedBefore, { id: 's1', storeOrderId: 'A', lineIds: ['a2'] }, ids()).transactions).toMatchObject([{ kind: 'AUTHORIZATION', amount: 500 }]);
  });

  it('moves no money for a free shipment, or an order whose authorization did not succeed', () => {
    const free = oneStore({ parts: [{ id: 'A', storeId: 'store-a', shipping: 0 }], lines: [{ id: 'a1', storeOrderId: 'A', lineTotal: 0, status: 'TO_BE_SHIPPED' }, { id: 'a2', storeOrderId: 'A', lineTotal: 500, status: 'TO_BE_SHIPPED' }] });
    expect(planShipment(free, { id: 's1', storeOrderId: 'A', lineIds: ['a1'] }, ids()).transactions).toEqual([]);
    const declined = oneStore({ transactions: [{ ...AUTH, amount: 2799, status: 'DECLINED' }] });
    expect(planShipment(declined, { id: 's1', storeOrderId: 'A', lineIds: ['a1'] }, ids()).transactions).toEqual([]);
  });

  it("a part shipped in parcels: each shipment's fee is the part's fee so far less the earlier ones', so they add up to the part's fee", () => {
    // a1 1999 (5%: 99.95) and a2 500 (25): on their own 100 + 25 = 125 = the part's fee on 2499 (124.95 → 125)
    // a1 10 and a2 10 (0.5 each): on their own 1 + 1, but the part's fee on 20 is 1
    const tiny = oneStore({ lines: [{ id: 'a1', storeOrderId: 'A', lineTotal: 10, status: 'TO_BE_SHIPPED' }, { id: 'a2', storeOrderId: 'A', lineTotal: 10, status: 'TO_BE_SHIPPED' }, { id: 'a3', storeOrderId: 'A', lineTotal: 10, status: 'TO_BE_SHIPPED' }] });
    const fees: number[] = [];
    let state = tiny;
    for (const [i, line] of ['a1', 'a2', 'a3'].entries()) {
      const money = planShipment(state, { id: `s${i}`, storeOrderId: 'A', lineIds: [line] }, ids());
      fees.push(money.transactions[0].allocation![0].fee);
      state = { ...state, lines: state.lines.map((l) => (l.id === line ? { ...l, status: 'SHIPPED' as const } : l)), shipments: [...state.shipments, { id: `s${i}`, storeOrderId: 'A', lineIds: [line] }] };
    }
    // 5% of 10, 20, 30: 1 (0.5), 1, 2 (1.5): the shipments take 1, 0, 1
    expect(fees).toEqual([1, 0, 1]);
    // a store-run part's captures at the store likewise (the fee it owes: StoreOrder.feeOwedByStore)
    const storeRun: OrderMoneyState = {
      ...tiny,
      parts: [{ id: 'A', storeId: 'store-a', shipping: 300, paidBy: 'STORE' }],
      transactions: [{ ...AUTH, amount: 0 }, { ...AUTH, id: 'sauth', amount: 330, storeOrderId: 'A', collector: 'STORE:store-a' }],
    };
    const first = planShipment(storeRun, { id: 's1', storeOrderId: 'A', lineIds: ['a1'] }, ids());
    const second = planShipment(
      { ...storeRun, lines: storeRun.lines.map((l) => (l.id === 'a1' ? { ...l, status: 'SHIPPED' as const } : l)), shipments: [{ id: 's1', storeOrderId: 'A', lineIds: ['a1'] }] },
      { id: 's2', storeOrderId: 'A', lineIds: ['a2', 'a3'] },
      ids(),
    );
    expect([first, second].map((m) => m.transactions.map((t) => [t.kind, t.collector, t.allocation![0].fee]))).toEqual([[['CAPTURE', 'STORE:store-a', 1]], [['CAPTURE', 'STORE:store-a', 1]]]);
  });

  it('refuses lines that are not the part\'s', () => {
    expect(() => planShipment(twoStores(), { id: 's1', storeOrderId: 'A', lineIds: ['b1'] }, ids())).toThrow(/not lines of its part/);
  });
});

describe('capture planning: voiding the order authorization', () => {
  it('voids it once nothing is left to ship and it was not captured', () => {
    expect(planAuthorizationVoid(twoStores({ a1: 'SHIPPED', a2: 'SHIPPED' }), ids())).toEqual([]);
    expect(planAuthorizationVoid(twoStores({ a1: 'SHIPPED', a2: 'VOID', b1: 'SHIPPED' }), ids())).toEqual([
      { id: 't1', kind: 'VOID', amount: 3800, parentId: 'auth', storeOrderId: null, shipmentId: null, allocation: null },
    ]);
    expect(planAuthorizationVoid(twoStores({ a1: 'VOID', a2: 'VOID', b1: 'VOID' }), ids())).toHaveLength(1);
  });

  it('never voids a captured, already voided or declined authorization', () => {
    const done = { a1: 'SHIPPED', a2: 'SHIPPED', b1: 'SHIPPED' } as const;
    const captured: MoneyTransaction = { id: 'c', kind: 'CAPTURE', status: 'PENDING', amount: 3800, parentId: 'auth', storeOrderId: 'A', shipmentId: 's1', allocation: null };
    expect(planAuthorizationVoid(twoStores(done, { transactions: [{ ...AUTH, amount: 3800 }, captured] }), ids())).toEqual([]);
    const voided: MoneyTransaction = { ...captured, id: 'v', kind: 'VOID' };
    expect(planAuthorizationVoid(twoStores(done, { transactions: [{ ...AUTH, amount: 3800 }, voided] }), ids())).toEqual([]);
    // a capture that failed for good did not capture it
    expect(planAuthorizationVoid(twoStores(done, { transactions: [{ ...AUTH, amount: 3800 }, { ...captured, status: 'FAILED' }] }), ids())).toHaveLength(1);
    expect(planAuthorizationVoid(twoStores(done, { transactions: [{ ...AUTH, status: 'DECLINED' }] }), ids())).toEqual([]);
  });
});

describe('capture planning: refunds', () => {
  const shipments = [
    { id: 's1', storeOrderId: 'A', lineIds: ['a1'] },
    { id: 's2', storeOrderId: 'A', lineIds: ['a2'] },
  ];
  const auth1: MoneyTransaction = { id: 'n1', kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: 1300, parentId: null, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }] };
  const cap1: MoneyTransaction = { ...auth1, id: 'c1', kind: 'CAPTURE', parentId: 'n1' };
  const auth2: MoneyTransaction = { id: 'n2', kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: 500, parentId: null, storeOrderId: 'A', shipmentId: 's2', allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] };
  const cap2: MoneyTransaction = { ...auth2, id: 'c2', kind: 'CAPTURE', parentId: 'n2' };
  const shipped = { a1: 'SHIPPED', a2: 'SHIPPED' } as const;

  it('refunds the lines\' totals (never shipping), split across the captures that covered them, with their fee share', () => {
    const state = twoStores(shipped, { shipments, transactions: [{ ...AUTH, amount: 3800 }, auth1, cap1, auth2, cap2] });
    expect(planRefunds(state, ['a1', 'a2'], ids())).toEqual([
      { id: 't1', kind: 'REFUND', amount: 1000, parentId: 'c1', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1000, fee: 50, items: 1000 }] },
      { id: 't2', kind: 'REFUND', amount: 500, parentId: 'c2', storeOrderId: 'A', shipmentId: 's2', allocation: [{ storeId: 'store-a', gross: 500, fee: 25, items: 500 }] },
    ]);
  });

  it('gives back the fee in cumulative shares that add up to the captured fee exactly', () => {
    // one capture of 3 lines 333 + 333 + 334 = 1000 items, fee 50
    const state: OrderMoneyState = {
      ...oneStore(),
      lines: ['x', 'y', 'z'].map((id, i) => ({ id, storeOrderId: 'A', lineTotal: i === 2 ? 334 : 333, status: 'SHIPPED' as const })),
      shipments: [{ id: 's1', storeOrderId: 'A', lineIds: ['x', 'y', 'z'] }],
      transactions: [{ ...AUTH, amount: 1300 }, { id: 'c', kind: 'CAPTURE', status: 'SUCCEEDED', amount: 1300, parentId: 'auth', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }] }],
    };
    const fees: number[] = [];
    let current = state;
    for (const id of ['x', 'y', 'z']) {
      const [refund] = planRefunds(current, [id], ids());
      fees.push(refund.allocation![0].fee);
      current = { ...current, transactions: [...current.transactions, { ...refund, status: 'SUCCEEDED' }] };
    }
    expect(fees.reduce((a, b) => a + b, 0)).toBe(50);
    expect(fees).toEqual([17, 16, 17]);
  });

  it('a refund waits for a capture not made yet, and none is owed where nothing was captured', () => {
    const waiting = twoStores(shipped, { shipments, transactions: [{ ...AUTH, amount: 3800 }, { ...auth1, status: 'PENDING' }, { ...auth2, status: 'DECLINED' }] });
    expect(planRefunds(waiting, ['a1', 'a2'], ids())).toEqual([
      { id: 't1', kind: 'REFUND', amount: 1000, parentId: null, storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1000, fee: 50, items: 1000 }] },
    ]);
    const failedCapture = twoStores(shipped, { shipments, transactions: [{ ...AUTH, amount: 3800 }, auth1, { ...cap1, status: 'FAILED' }] });
    expect(planRefunds(failedCapture, ['a1'], ids())).toEqual([]);
  });
});

describe('settlement of a transaction row', () => {
  const row = (over: Partial<ClaimedTransaction>): ClaimedTransaction => ({
    id: 'r',
    orderId: 'order',
    kind: 'CAPTURE',
    amount: 1300,
    currency: 'USD',
    parentId: 'p',
    storeOrderId: 'A',
    shipmentId: 's1',
    allocation: [{ storeId: 'store-a', gross: 1300, fee: 50, items: 1000 }],
    cardToken: null,
    parentReference: 'auth_ref',
    attempts: 1,
    leaseToken: 'lease',
    ...over,
  });

  it('a shipment authorization that succeeded is followed by its capture, and waiting refunds attach to it', () => {
    const settled = settlementOf(row({ kind: 'AUTHORIZATION', parentId: null }), { status: 'succeeded', reference: 'auth_x' }, ids());
    expect(settled).toMatchObject({ status: 'SUCCEEDED', providerReference: 'auth_x', journal: null, waitingRefunds: { attachTo: 't1' }, failChildren: null });
    expect(settled.followUps).toEqual([{ id: 't1', kind: 'CAPTURE', amount: 1300, parentId: 'r', storeOrderId: 'A', shipmentId: 's1', allocation: row({}).allocation }]);
  });

  it('a capture posts the capture journal, a refund the refund journal', () => {
    const capture = settlementOf(row({}), { status: 'succeeded', reference: 'cap_x' }, ids());
    expect(capture.journal).toMatchObject({ kind: 'CAPTURE', reference: 'r' });
    expect(Object.fromEntries(capture.journal!.lines.map((l) => [l.account, l.amount]))).toEqual({
      'asset:provider-clearing': 1300,
      'liability:store-payable:store-a': -1250,
      'revenue:exchange-fees': -50,
    });
    const refund = settlementOf(row({ kind: 'REFUND', amount: 1000, allocation: [{ storeId: 'store-a', gross: 1000, fee: 50, items: 1000 }] }), { status: 'succeeded', reference: 'ref_x' }, ids());
    expect(Object.fromEntries(refund.journal!.lines.map((l) => [l.account, l.amount]))).toEqual({
      'asset:provider-clearing': -1000,
      'liability:store-payable:store-a': 950,
      'revenue:exchange-fees': 50,
    });
    expect(settlementOf(row({ kind: 'VOID', allocation: null }), { status: 'succeeded', reference: 'void_x' }, ids()).journal).toBeNull();
  });

  it('a decline takes what waits on the row down with it', () => {
    const declined = settlementOf(row({ kind: 'AUTHORIZATION', parentId: null }), { status: 'declined', declineCode: 'card_declined', reference: 'auth_y' }, ids());
    expect(declined).toMatchObject({ status: 'DECLINED', declineCode: 'card_declined', followUps: [], journal: null });
    expect(declined.waitingRefunds).toEqual({ fail: expect.stringMatching(/declined/) });
    expect(declined.failChildren).toMatch(/card_declined/);
  });
});
