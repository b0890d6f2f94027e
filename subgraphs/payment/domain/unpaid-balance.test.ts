import { describe, expect, it } from 'vitest';
import type { OrderItemStatus } from './model.js';
import { balanceSettlements, cardShareOf, planRefunds, planShipment, unpaidAmountOf, type MoneyTransaction, type NewTransaction, type OrderMoneyState } from './money-plan.js';
import { failureOf, settlementOf, unpaidOf, type ClaimedTransaction } from './settlement.js';
import { planUnpaidBalancePayment, settleUnpaidBalanceAuthorization } from './unpaid-balance.js';
import { pendingTransaction } from './order-money-state.js';

/**
 * The unpaid balance (unpaid-balance.ts, money-plan.ts "UNPAID BALANCE"): the card parts of
 * shipments whose card payment did not go through, paid later with another card — what is
 * authorized, what its approval brings, and how returns are refunded afterwards.
 */

function ids(prefix = 't') {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** Two parts: A (a1 1000, a2 500; shipping 300) and B (b1 2000; no shipping): total 3800, `gift` of it from gift certificates. */
function order(gift: number): OrderMoneyState {
  return {
    orderId: 'order',
    currency: 'USD',
    feeBps: 500,
    parts: [
      { id: 'A', storeId: 'store-a', shipping: 300 },
      { id: 'B', storeId: 'store-b', shipping: 0 },
    ],
    lines: [
      { id: 'a1', storeOrderId: 'A', lineTotal: 1000, status: 'TO_BE_SHIPPED' as OrderItemStatus },
      { id: 'a2', storeOrderId: 'A', lineTotal: 500, status: 'TO_BE_SHIPPED' as OrderItemStatus },
      { id: 'b1', storeOrderId: 'B', lineTotal: 2000, status: 'TO_BE_SHIPPED' as OrderItemStatus },
    ],
    shipments: [],
    transactions: [{ id: 'auth', kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: 3800 - gift, parentId: null, storeOrderId: null, shipmentId: null, allocation: null, giftAmount: gift }],
  };
}

/** A planned row once it has an outcome (SUCCEEDED unless said). */
const asDone = (t: NewTransaction, status: MoneyTransaction['status'] = 'SUCCEEDED'): MoneyTransaction => ({ ...pendingTransaction(t), status });

const claimedOf = (t: NewTransaction | MoneyTransaction): ClaimedTransaction => ({
  ...t,
  orderId: 'order',
  currency: 'USD',
  cardToken: null,
  parentReference: null,
  attempts: 1,
  leaseToken: 'lease',
});

const withRows = (state: OrderMoneyState, ...rows: MoneyTransaction[]): OrderMoneyState => ({ ...state, transactions: [...state.transactions, ...rows] });

/** Ships `lineIds` of `part`; its card authorization is DECLINED and the job carries its gift part on (settlement.ts). */
function shipDeclined(state: OrderMoneyState, shipmentId: string, part: string, lineIds: string[], newId: () => string) {
  const [authorization] = planShipment(state, { id: shipmentId, storeOrderId: part, lineIds }, newId).transactions;
  expect(authorization).toMatchObject({ kind: 'AUTHORIZATION' });
  const settled = settlementOf(claimedOf(authorization), { status: 'declined', declineCode: 'card_declined' }, newId);
  return withRows(
    {
      ...state,
      lines: state.lines.map((l) => (lineIds.includes(l.id) ? { ...l, status: 'SHIPPED' as const } : l)),
      shipments: [...state.shipments, { id: shipmentId, storeOrderId: part, lineIds }],
    },
    asDone(authorization, 'DECLINED'),
    ...settled.followUps.map((t) => asDone(t)),
  );
}

/** A ships a1 (1000 + shipping 300): gift 700 recognised by a gift-only capture, the card's 600 declined. */
function unpaidA1() {
  const newId = ids('r');
  const state = shipDeclined(order(700), 's1', 'A', ['a1'], newId);
  expect(unpaidAmountOf(state.transactions)).toBe(600);
  return state;
}

const approved = { status: 'approved', reference: 'auth_600_USD_x' } as const;

describe('planning a payment of the unpaid balance', () => {
  it("authorizes the card parts left unpaid; its shares are those card parts, naming the shipment and the row they settle", () => {
    const state = unpaidA1();
    const plan = planUnpaidBalancePayment(state, ids('p'));
    // the gift-only capture took 700 of 1300 (items 538, fee 27): the card part paid for the rest
    expect(plan).toEqual({
      kind: 'pay',
      authorization: {
        id: 'p1',
        kind: 'AUTHORIZATION',
        amount: 600,
        parentId: null,
        storeOrderId: null,
        shipmentId: null,
        paysUnpaidBalance: true,
        allocation: [{ storeId: 'store-a', gross: 600, fee: 23, items: 462, shipmentId: 's1', settles: 'r1' }],
      },
    });
  });

  it('several shipments left unpaid: one authorization for all of them', () => {
    const newId = ids('r');
    const state = shipDeclined(shipDeclined(order(700), 's1', 'A', ['a1'], newId), 's2', 'B', ['b1'], newId);
    expect(unpaidAmountOf(state.transactions)).toBe(600 + 2000);
    const plan = planUnpaidBalancePayment(state, ids('p'));
    expect(plan).toMatchObject({ kind: 'pay', authorization: { amount: 2600 } });
    if (plan.kind !== 'pay') throw new Error('unreachable');
    expect(plan.authorization.allocation).toEqual([
      { storeId: 'store-a', gross: 600, fee: 23, items: 462, shipmentId: 's1', settles: 'r1' },
      { storeId: 'store-b', gross: 2000, fee: 100, items: 2000, shipmentId: 's2', settles: 'r3' },
    ]);
  });

  it('a capture of the whole order that FAILED (no gift): its whole allocation is the card part', () => {
    const failed: MoneyTransaction = { id: 'c1', kind: 'CAPTURE', status: 'FAILED', amount: 3800, parentId: 'auth', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 1800, fee: 75, items: 1500 }, { storeId: 'store-b', gross: 2000, fee: 100, items: 2000 }] };
    expect(cardShareOf(failed)).toEqual(failed.allocation);
    expect(planUnpaidBalancePayment(withRows(order(0), failed), ids('p'))).toMatchObject({ kind: 'pay', authorization: { amount: 3800 } });
  });

  it('nothing unpaid: NOTHING_UNPAID; a store-run part left unpaid is its store\'s to collect', () => {
    expect(planUnpaidBalancePayment(order(700), ids())).toEqual({ kind: 'nothing_unpaid' });
    const storeCapture: MoneyTransaction = { id: 'sc', kind: 'CAPTURE', status: 'FAILED', amount: 500, parentId: 'sauth', storeOrderId: 'B', shipmentId: 's9', allocation: [{ storeId: 'store-b', gross: 500, fee: 25, items: 500 }], collector: 'STORE:store-b' };
    expect(planUnpaidBalancePayment(withRows(order(0), storeCapture), ids())).toEqual({ kind: 'nothing_unpaid' });
  });

  it('a payment asking the provider covers its rows: no second one is planned; once approved they are settled', () => {
    const state = unpaidA1();
    const plan = planUnpaidBalancePayment(state, ids('p'));
    if (plan.kind !== 'pay') throw new Error('expected a payment');
    const inFlight = withRows(state, asDone(plan.authorization, 'PENDING'));
    expect(planUnpaidBalancePayment(inFlight, ids('q'))).toEqual({ kind: 'being_paid', authorizationIds: ['p1'] });
    // still unpaid while the provider is asked
    expect(unpaidAmountOf(inFlight.transactions)).toBe(600);
    expect(balanceSettlements(inFlight.transactions, 'inFlight')).toEqual(new Map([['r1', 'p1']]));

    const settled = settleUnpaidBalanceAuthorization(inFlight, plan.authorization, approved, ids('c'));
    const after = withRows(state, asDone(plan.authorization), ...settled.followUps.map((t) => asDone(t, 'PENDING')));
    expect(unpaidAmountOf(after.transactions)).toBe(0);
    expect(planUnpaidBalancePayment(after, ids())).toEqual({ kind: 'nothing_unpaid' });
  });
});

describe("the provider's answer", () => {
  it('declined: DECLINED, nothing follows, the balance stays unpaid (and may be paid with another card)', () => {
    const state = unpaidA1();
    const plan = planUnpaidBalancePayment(state, ids('p'));
    if (plan.kind !== 'pay') throw new Error('expected a payment');
    const settled = settleUnpaidBalanceAuthorization(withRows(state, asDone(plan.authorization, 'PENDING')), plan.authorization, { status: 'declined', reference: 'auth_x', declineCode: 'card_declined' }, ids());
    expect(settled).toEqual({ status: 'DECLINED', providerReference: 'auth_x', declineCode: 'card_declined', followUps: [] });
    const after = withRows(state, asDone(plan.authorization, 'DECLINED'));
    expect(unpaidAmountOf(after.transactions)).toBe(600);
    expect(planUnpaidBalancePayment(after, ids('q'))).toMatchObject({ kind: 'pay', authorization: { id: 'q1', amount: 600 } });
  });

  it('approved: its capture (same amount and shares); the capture journal books the card share; a failed capture leaves the balance unpaid again', () => {
    const state = unpaidA1();
    const plan = planUnpaidBalancePayment(state, ids('p'));
    if (plan.kind !== 'pay') throw new Error('expected a payment');
    const settled = settleUnpaidBalanceAuthorization(withRows(state, asDone(plan.authorization, 'PENDING')), plan.authorization, approved, ids('c'));
    expect(settled).toEqual({
      status: 'SUCCEEDED',
      providerReference: 'auth_600_USD_x',
      declineCode: null,
      followUps: [{ id: 'c1', kind: 'CAPTURE', amount: 600, parentId: 'p1', storeOrderId: null, shipmentId: null, allocation: plan.authorization.allocation, paysUnpaidBalance: true }],
    });
    const capture = settled.followUps[0];
    // the job settles the capture as any capture: card money in, the store's payable, the fee
    expect(settlementOf(claimedOf(capture), { status: 'succeeded', reference: 'cap_1' }, ids()).journal?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: 600, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: -577, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: -23, currency: 'USD' },
      ]),
    );
    // its capture FAILED: the shipment is unpaid again (and the job logs it)
    const failed = withRows(state, asDone(plan.authorization), asDone(capture, 'FAILED'));
    expect(unpaidAmountOf(failed.transactions)).toBe(600);
    expect(unpaidOf(claimedOf(capture))).toBe(600);
    expect(failureOf(claimedOf(capture), 'provider down', ids())).toMatchObject({ followUps: [], failChildren: expect.stringContaining('failed') });
    expect(planUnpaidBalancePayment(failed, ids('q'))).toMatchObject({ kind: 'pay', authorization: { amount: 600 } });
  });
});

describe('returns of items whose card part the balance payment paid', () => {
  function paid(state: OrderMoneyState) {
    const plan = planUnpaidBalancePayment(state, ids('p'));
    if (plan.kind !== 'pay') throw new Error('expected a payment');
    const settled = settleUnpaidBalanceAuthorization(withRows(state, asDone(plan.authorization, 'PENDING')), plan.authorization, approved, ids('c'));
    return { settled, after: withRows(state, asDone(plan.authorization), ...settled.followUps.map((t) => asDone(t))) };
  }

  it('a later return: the gift-only capture gives back its items share to the gift certificates, the balance capture the rest to the card; the fee adds up', () => {
    const { after } = paid(unpaidA1());
    const refunds = planRefunds(after, ['a1'], ids('f'));
    expect(refunds).toEqual([
      { id: 'f1', kind: 'REFUND', amount: 0, giftAmount: 538, parentId: 'r2', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 538, fee: 27, items: 538 }] },
      { id: 'f2', kind: 'REFUND', amount: 462, parentId: 'c1', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 462, fee: 23, items: 462 }] },
    ]);
  });

  it('returns in two goes take from the gift-only capture first, then from the balance capture, never more than each paid', () => {
    const newId = ids('r');
    // A ships a1 and a2 (1500 + 300): gift 700, the card's 1100 declined
    const state = shipDeclined(order(700), 's1', 'A', ['a1', 'a2'], newId);
    const { after } = paid(state);
    const first = planRefunds(after, ['a2'], ids('f'));
    // the gift-only capture paid 583 of the items: a2 (500) comes back from it alone
    expect(first).toMatchObject([{ amount: 0, giftAmount: 500, parentId: 'r2' }]);
    const later = withRows({ ...after, lines: after.lines.map((l) => (l.id === 'a2' ? { ...l, status: 'RECEIVED_BACK' as const } : l)) }, ...first.map((t) => asDone(t)));
    const second = planRefunds(later, ['a1'], ids('g'));
    expect(second).toMatchObject([
      { amount: 0, giftAmount: 83, parentId: 'r2' },
      { amount: 917, parentId: 'c1' },
    ]);
    const items = [...first, ...second].reduce((s, t) => s + (t.allocation?.[0].items ?? 0), 0);
    const fee = [...first, ...second].reduce((s, t) => s + (t.allocation?.[0].fee ?? 0), 0);
    expect({ items, fee }).toEqual({ items: 1500, fee: 75 });
  });

  it('items that came back before the balance was paid are refunded against its capture as it is made (the card never paid for them to keep)', () => {
    const state = unpaidA1();
    // a1 came back while unpaid: the gift-only capture gave back what it paid of it (538)
    const [early] = planRefunds(state, ['a1'], ids('e'));
    expect(early).toMatchObject({ amount: 0, giftAmount: 538, parentId: 'r2' });
    const returned = withRows({ ...state, lines: state.lines.map((l) => (l.id === 'a1' ? { ...l, status: 'RECEIVED_BACK' as const } : l)) }, asDone(early));
    const { settled, after } = paid(returned);
    expect(settled.followUps).toEqual([
      expect.objectContaining({ id: 'c1', kind: 'CAPTURE', amount: 600 }),
      { id: 'c2', kind: 'REFUND', amount: 462, parentId: 'c1', storeOrderId: 'A', shipmentId: 's1', allocation: [{ storeId: 'store-a', gross: 462, fee: 23, items: 462 }] },
    ]);
    // the shopper keeps paying the shipping share only; the balance stays paid
    expect(unpaidAmountOf(after.transactions)).toBe(0);
  });
});
