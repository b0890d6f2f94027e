/**
 * The unpaid balance of an order (Order.unpaidAmount): the card parts of shipments whose card
 * payment (their new authorization, or its capture) ended DECLINED or FAILED. The shopper pays it
 * later with another card (payUnpaidBalance, unpaid-balance-service.ts). Pure: given the order's
 * money (money-plan.ts), what to authorize, and what follows from the provider's answer.
 *
 * - One AUTHORIZATION on the new card (`paysUnpaidBalance`; no shipment, no store part) for every
 *   unpaid shipment card payment of the exchange that no other payment settled or is settling:
 *   its allocation has one share per (such row, store), the row's card part (`cardShareOf`: the
 *   shipment's allocation less what its gift part paid), naming the shipment and the row it
 *   `settles`. Store-run parts are not the exchange's to collect (their stores capture them).
 * - Approved → its CAPTURE (captured whole by the money movement job; the capture journal books
 *   card money in, the stores' payables and the fees), and refunds for items of those shipments
 *   that came back before the balance was paid (`refundsOfLinesReturnedBeforePaid`). The rows it
 *   settles count as paid from then on (money-plan.ts `balanceSettlements`), unless its capture
 *   fails. Declined → nothing else: the balance stays unpaid.
 */
import { balanceSettlements, cardShareOf, refundsOfLinesReturnedBeforePaid, unpaidShipmentPayments, type MoneyTransaction, type NewTransaction, type OrderMoneyState } from './money-plan.js';
import type { AuthorizeResult } from './payment-provider.js';
import { isStoreCollected } from './store-payments.js';

export type UnpaidBalancePlan =
  /** authorize this (PENDING, on the shopper's new card) */
  | { kind: 'pay'; authorization: NewTransaction }
  /** the exchange has nothing unpaid to collect on the order */
  | { kind: 'nothing_unpaid' }
  /** what is unpaid is being paid right now: these authorizations (PENDING) are asking the provider */
  | { kind: 'being_paid'; authorizationIds: string[] };

/** What a payment of the order's unpaid balance is to authorize now (`state`: the order, locked). */
export function planUnpaidBalancePayment(state: Pick<OrderMoneyState, 'transactions'>, newId: () => string): UnpaidBalancePlan {
  const unpaid = unpaidShipmentPayments(state.transactions).filter((t) => !isStoreCollected(t));
  const settled = balanceSettlements(state.transactions);
  const inFlight = balanceSettlements(state.transactions, 'inFlight');
  const open = unpaid.filter((t) => !settled.has(t.id) && !inFlight.has(t.id));
  if (open.length === 0) {
    const payingNow = new Set(unpaid.filter((t) => !settled.has(t.id)).map((t) => inFlight.get(t.id)!));
    return payingNow.size > 0 ? { kind: 'being_paid', authorizationIds: [...payingNow] } : { kind: 'nothing_unpaid' };
  }
  const allocation = open.flatMap((t) => cardShareOf(t).map((share) => ({ ...share, shipmentId: t.shipmentId!, settles: t.id })));
  const amount = sum(open.map((t) => t.amount));
  // the card shares add up to the card parts (what was left unpaid), or the journal would not balance
  if (sum(allocation.map((a) => a.gross)) !== amount) throw new Error(`the card shares of ${open.map((t) => t.id).join(', ')} do not add up to ${amount}`);
  return { kind: 'pay', authorization: { id: newId(), kind: 'AUTHORIZATION', amount, parentId: null, storeOrderId: null, shipmentId: null, allocation, paysUnpaidBalance: true } };
}

/** What the provider's answer to a payment's authorization makes of it, recorded in ONE database transaction under the order's lock. */
export interface UnpaidBalanceAuthorizationSettlement {
  status: 'SUCCEEDED' | 'DECLINED';
  providerReference: string;
  declineCode: string | null;
  /** rows to insert (PENDING): its capture, then refunds owed for items already back */
  followUps: NewTransaction[];
}

/** The provider answered `authorization` (PENDING in `state`, the order as it is now). */
export function settleUnpaidBalanceAuthorization(
  state: OrderMoneyState,
  authorization: Pick<MoneyTransaction, 'id' | 'amount' | 'allocation'>,
  answer: AuthorizeResult,
  newId: () => string,
): UnpaidBalanceAuthorizationSettlement {
  if (answer.status === 'declined') return { status: 'DECLINED', providerReference: answer.reference, declineCode: answer.declineCode, followUps: [] };
  const capture: NewTransaction = {
    id: newId(),
    kind: 'CAPTURE',
    amount: authorization.amount,
    parentId: authorization.id,
    storeOrderId: null,
    shipmentId: null,
    allocation: authorization.allocation,
    paysUnpaidBalance: true,
  };
  return { status: 'SUCCEEDED', providerReference: answer.reference, declineCode: null, followUps: [capture, ...refundsOfLinesReturnedBeforePaid(state, capture, newId)] };
}

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
