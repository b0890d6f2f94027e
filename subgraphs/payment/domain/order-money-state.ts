import type { TransactionModel } from './model.js';
import type { MoneyTransaction, NewTransaction, OrderMoneyState } from './money-plan.js';
import type { OrderSnapshot } from './ports.js';

/** An order read under its row lock, as the money rules (money-plan.ts) see it. */
export function orderMoneyState(snapshot: OrderSnapshot, feeBps: number): OrderMoneyState {
  return {
    orderId: snapshot.order.id,
    currency: snapshot.order.total.currency,
    feeBps,
    parts: snapshot.parts.map((p) => ({ id: p.id, storeId: p.storeId, shipping: p.shipping.amount, paidBy: p.paidBy })),
    lines: snapshot.lines.map((l) => ({ id: l.id, storeOrderId: l.storeOrderId, status: l.status, lineTotal: l.lineTotal.amount })),
    shipments: snapshot.shipments,
    transactions: snapshot.transactions.map(moneyTransactionOf),
  };
}

export function moneyTransactionOf(t: TransactionModel): MoneyTransaction {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    amount: t.amount.amount,
    parentId: t.parentId,
    storeOrderId: t.storeOrderId,
    shipmentId: t.shipmentId,
    allocation: t.allocation,
    collector: t.collector,
    giftAmount: t.giftCertificateAmount.amount,
    paysUnpaidBalance: t.paysUnpaidBalance,
  };
}

/** A row about to be inserted, as the rules see it (PENDING). */
export function pendingTransaction(t: NewTransaction): MoneyTransaction {
  return {
    id: t.id,
    kind: t.kind,
    status: 'PENDING',
    amount: t.amount,
    parentId: t.parentId,
    storeOrderId: t.storeOrderId,
    shipmentId: t.shipmentId,
    allocation: t.allocation,
    collector: t.collector,
    giftAmount: t.giftAmount,
    paysUnpaidBalance: t.paysUnpaidBalance,
  };
}
