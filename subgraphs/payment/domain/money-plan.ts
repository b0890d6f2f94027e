/**
 * Which financial transaction rows an order event creates (domain "Financial
 * transactions"). Pure: given the order's lines, shipments and transaction rows, it
 * answers with new rows; the fulfilment service writes them in the event's own
 * database transaction and MoneyMovementJob follows through with the provider.
 *
 * - Shipping: when a shipment ships EVERY item of the order, nothing shipped before and
 *   nothing was voided, the order's own authorization is captured whole (one CAPTURE).
 *   Otherwise a NEW AUTHORIZATION is made on the stored card for the shipped amount
 *   (shipped lines + the part's shipping on its first shipment); its CAPTURE follows
 *   once it succeeds (settlement.ts).
 * - When no item of the order is left to ship and its own authorization was not
 *   captured, that authorization is VOIDed.
 * - A return refunds the returned lines' totals (never shipping) with one REFUND per
 *   capture that covered them, each returning its proportional share of the fee.
 * - GIFT CERTIFICATES: every row's `amount` is the card's part and `giftAmount` the gift
 *   certificates' part. The order's gift part (on its own authorization) is recognised
 *   first, in shipment order: a shipment's rows carry as much of it as is left, and the card
 *   authorization (or the whole capture) covers only the remainder; a shipment paid by gift
 *   certificates alone is a CAPTURE of no authorization with a card amount of 0 (settled
 *   without the provider). The void of the order's authorization gives back the gift part
 *   no shipment took. A refund gives back gift first: up to what the shipment's gift
 *   certificates paid (less earlier refunds of it), the rest to the card.
 * - A shipment's card payment that ends DECLINED or FAILED (its new authorization, or its
 *   capture) leaves its card part unpaid (`unpaidAmountOf`, Order.unpaidAmount), but its gift
 *   part is the shopper's prepaid money for what shipped: it is recognised anyway by a gift-only
 *   CAPTURE (settlement.ts `giftFallbackOf`, allocation `giftShareOf`: that share of the
 *   shipment's items, shipping and fee), and the refunds that waited for the card payment move
 *   to it (`refundsOfGiftCapture`). Returns against such a capture give back at most its items
 *   share (never shipping), all to the gift certificates.
 * - Fees: a shipment's fee is the part's fee on everything shipped so far less what its earlier
 *   shipments took (`shipmentFee`), so a part's shipments add up to StoreOrder.fee exactly.
 * - STORE-RUN PAYMENTS (store-payments.ts): a part whose store runs its own payment handling
 *   (paidBy STORE) is captured at the store per shipment against the store's checkout
 *   authorization, and what it did not capture is voided there when nothing is left to ship;
 *   the rules above see only the exchange-run parts (`exchangeRunView`).
 * - UNPAID BALANCE (unpaid-balance.ts): the shopper pays the card parts left unpaid later, with
 *   another card: one AUTHORIZATION (on that card, `paysUnpaidBalance`) and its CAPTURE, of no
 *   shipment, whose allocation has a share per (unpaid shipment card payment, store) — its card
 *   part (`cardShareOf`), naming the shipment and the row it settles. While its authorization
 *   SUCCEEDED and its capture has not failed those rows are paid (`balanceSettlements`, not in
 *   `unpaidAmountOf`). Returns of their items refund the shipment's own capture first (the gift
 *   part), then this capture for the card's share (`planRefunds`); items returned before it was
 *   paid are refunded against it as it is captured (`refundsOfLinesReturnedBeforePaid`).
 */
import { allocateProportionally, proportionalFee } from './ledger.js';
import type { AllocationPart, OrderItemStatus, TransactionKind, TransactionStatus } from './model.js';
import { exchangeFee } from './order-split.js';
// STORE-RUN PAYMENTS (store-payments.ts): parts whose store collects the money are planned there
import { exchangeRunView, isStoreCollected, isStoreRunPart, planStoreRunShipment, planStoreRunVoids, type PaymentCollector } from './store-payments.js';

export interface MoneyLine {
  id: string;
  storeOrderId: string;
  status: OrderItemStatus;
  lineTotal: number;
}

export interface MoneyPart {
  id: string;
  storeId: string;
  /** the part's shipping, charged with its first shipment */
  shipping: number;
  /** STORE-RUN PAYMENTS: who collects the part's money (absent: the exchange) */
  paidBy?: PaymentCollector;
}

export interface MoneyShipment {
  id: string;
  storeOrderId: string;
  lineIds: readonly string[];
}

export interface MoneyTransaction {
  id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: number;
  parentId: string | null;
  storeOrderId: string | null;
  shipmentId: string | null;
  allocation: AllocationPart[] | null;
  /** STORE-RUN PAYMENTS: 'EXCHANGE' (absent too) or 'STORE:<storeId>' */
  collector?: string;
  /** GIFT CERTIFICATES: the gift certificates' part (absent: 0); `amount` is the card's */
  giftAmount?: number;
  /** UNPAID BALANCE: the authorization or capture of a payment of the order's unpaid balance */
  paysUnpaidBalance?: boolean;
}

/** Everything about an order's money the rules look at. */
export interface OrderMoneyState {
  orderId: string;
  currency: string;
  feeBps: number;
  parts: readonly MoneyPart[];
  lines: readonly MoneyLine[];
  shipments: readonly MoneyShipment[];
  transactions: readonly MoneyTransaction[];
}

/** A row to insert, PENDING; an AUTHORIZATION copies the card (token, brand, last4) of `cardOf`. */
export interface NewTransaction {
  id: string;
  kind: TransactionKind;
  amount: number;
  parentId: string | null;
  storeOrderId: string | null;
  shipmentId: string | null;
  allocation: AllocationPart[] | null;
  /** AUTHORIZATION only: the authorization whose stored card token it uses */
  cardOf?: string;
  /** STORE-RUN PAYMENTS: 'STORE:<storeId>' for a row carried out at the store (absent: its parent's collector, else the exchange) */
  collector?: string;
  /**
   * GIFT CERTIFICATES: the part paid from (CAPTURE, and the AUTHORIZATION of a shipment whose
   * capture it becomes) or given back to (REFUND; the VOID of the order's authorization: the
   * gift part never spent) the shopper's gift certificates; absent: 0. `amount` is the card's part.
   */
  giftAmount?: number;
  /** UNPAID BALANCE: the capture of a payment of the order's unpaid balance (its authorization is written by the request) */
  paysUnpaidBalance?: boolean;
}

const NOT_DONE: readonly TransactionStatus[] = ['DECLINED', 'FAILED'];
/** A row that moved money or may still: PENDING or SUCCEEDED. */
const live = (t: MoneyTransaction): boolean => !NOT_DONE.includes(t.status);

/** The order's own authorization: the one the exchange made at checkout (no parent, no shipment; not a store's, nor a payment of the unpaid balance). */
export function orderAuthorization(state: Pick<OrderMoneyState, 'transactions'>): MoneyTransaction | undefined {
  return state.transactions.find((t) => t.kind === 'AUTHORIZATION' && t.parentId === null && t.shipmentId === null && !isStoreCollected(t) && !t.paysUnpaidBalance);
}

function childOf(state: Pick<OrderMoneyState, 'transactions'>, parentId: string, kind: TransactionKind): MoneyTransaction | undefined {
  return state.transactions.find((t) => t.parentId === parentId && t.kind === kind && live(t));
}

export interface ShipmentMoney {
  itemsAmount: number;
  /** the part's shipping when this is its first shipment, else 0 */
  shippingAmount: number;
  transactions: NewTransaction[];
}

/**
 * The money of a shipment of `lineIds` from part `storeOrderId`; `state` is the order
 * before the shipment (its lines still TO_BE_SHIPPED).
 */
export function planShipment(fullState: OrderMoneyState, shipment: MoneyShipment, newId: () => string): ShipmentMoney {
  // STORE-RUN PAYMENTS: the exchange's rules below see only the exchange-run parts
  const storeRun = fullState.parts.find((p) => p.id === shipment.storeOrderId && isStoreRunPart(p));
  const state = storeRun ? fullState : exchangeRunView(fullState);
  const part = state.parts.find((p) => p.id === shipment.storeOrderId);
  if (!part) throw new Error(`part ${shipment.storeOrderId} is not part of order ${state.orderId}`);
  const shipped = new Set(shipment.lineIds);
  const lines = state.lines.filter((l) => shipped.has(l.id));
  if (lines.length !== shipped.size || lines.some((l) => l.storeOrderId !== part.id)) throw new Error('shipment lines are not lines of its part');
  const itemsAmount = sum(lines.map((l) => l.lineTotal));
  const firstOfPart = !state.shipments.some((s) => s.storeOrderId === part.id);
  const shippingAmount = firstOfPart ? part.shipping : 0;
  const amount = itemsAmount + shippingAmount;
  const fee = shipmentFee(state, part.id, itemsAmount);
  // STORE-RUN PAYMENTS: a store-run part's shipment is captured at its store (store-payments.ts)
  if (storeRun) return { itemsAmount, shippingAmount, transactions: planStoreRunShipment(state, part, shipment.id, { itemsAmount, amount, fee }, newId) };

  const auth = orderAuthorization(state);
  // GIFT CERTIFICATES: the order's gift part is recognised first, shipment by shipment; the card pays the rest
  const gift = auth ? Math.min(giftLeft(state, auth), amount) : 0;
  const card = amount - gift;
  const wholeOrder =
    auth !== undefined &&
    auth.status === 'SUCCEEDED' &&
    !childOf(state, auth.id, 'CAPTURE') &&
    !childOf(state, auth.id, 'VOID') &&
    state.shipments.length === 0 &&
    state.lines.every((l) => l.status !== 'VOID') &&
    state.lines.every((l) => shipped.has(l.id)) &&
    card === auth.amount;
  if (wholeOrder) {
    return {
      itemsAmount,
      shippingAmount,
      transactions: [{ id: newId(), kind: 'CAPTURE', amount: card, parentId: auth.id, storeOrderId: part.id, shipmentId: shipment.id, allocation: allocationOfParts(state, state.lines), ...giftPart(gift) }],
    };
  }
  if (amount === 0 || auth === undefined || auth.status !== 'SUCCEEDED') return { itemsAmount, shippingAmount, transactions: [] };
  const allocation = [{ storeId: part.storeId, gross: amount, fee, items: itemsAmount }];
  if (card === 0) {
    // GIFT CERTIFICATES: paid by gift certificates alone: a capture of no authorization that never reaches the provider
    return { itemsAmount, shippingAmount, transactions: [{ id: newId(), kind: 'CAPTURE', amount: 0, parentId: null, storeOrderId: part.id, shipmentId: shipment.id, allocation, ...giftPart(gift) }] };
  }
  return {
    itemsAmount,
    shippingAmount,
    transactions: [
      {
        id: newId(),
        kind: 'AUTHORIZATION',
        amount: card,
        parentId: null,
        storeOrderId: part.id,
        shipmentId: shipment.id,
        allocation,
        cardOf: auth.id,
        ...giftPart(gift),
      },
    ],
  };
}

/**
 * The exchange fee of a shipment of `itemsAmount` from part `partId` (`state` before the
 * shipment): the fee on the part's items shipped so far, this shipment's included, less the
 * fee on those its earlier shipments took. A part's shipments thus add up to the fee on its
 * items (StoreOrder.fee; for a store-run part StoreOrder.feeOwedByStore), whatever the rounding.
 */
function shipmentFee(state: Pick<OrderMoneyState, 'lines' | 'shipments' | 'feeBps'>, partId: string, itemsAmount: number): number {
  const shippedBefore = new Set(state.shipments.filter((s) => s.storeOrderId === partId).flatMap((s) => s.lineIds));
  const before = sum(state.lines.filter((l) => l.storeOrderId === partId && shippedBefore.has(l.id)).map((l) => l.lineTotal));
  return exchangeFee(before + itemsAmount, state.feeBps) - exchangeFee(before, state.feeBps);
}

/**
 * GIFT CERTIFICATES: what is left of the order's gift part (carried by its own authorization,
 * debited at checkout) once the shipments so far took theirs (each shipment's capture, or its
 * authorization while the capture is to come; rows that failed took nothing).
 */
function giftLeft(state: Pick<OrderMoneyState, 'shipments' | 'transactions'>, auth: MoneyTransaction): number {
  const taken = state.shipments.map((s) => {
    const paying =
      state.transactions.find((t) => t.kind === 'CAPTURE' && t.shipmentId === s.id && live(t)) ??
      state.transactions.find((t) => t.kind === 'AUTHORIZATION' && t.shipmentId === s.id && live(t));
    return paying?.giftAmount ?? 0;
  });
  return Math.max(0, (auth.giftAmount ?? 0) - sum(taken));
}

/** The `giftAmount` of a new row: present only when there is one (rows without gift stay as they were). */
function giftPart(gift: number): { giftAmount?: number } {
  return gift > 0 ? { giftAmount: gift } : {};
}

/** Per store: its lines (+ its shipping) and the fee on its items. */
function allocationOfParts(state: OrderMoneyState, lines: readonly MoneyLine[]): AllocationPart[] {
  return state.parts
    .map((part) => {
      const items = sum(lines.filter((l) => l.storeOrderId === part.id).map((l) => l.lineTotal));
      return { storeId: part.storeId, gross: items + part.shipping, fee: exchangeFee(items, state.feeBps), items };
    })
    .filter((p) => p.gross > 0);
}

/**
 * After lines shipped or were voided (`state` as it is now): a VOID of the order's own
 * authorization when nothing is left to ship and it was neither captured nor voided.
 */
export function planAuthorizationVoid(fullState: OrderMoneyState, newId: () => string): NewTransaction[] {
  // STORE-RUN PAYMENTS: store-run parts release their stores' authorizations; the exchange's rule sees the rest
  const storeVoids = planStoreRunVoids(fullState, newId);
  const state = exchangeRunView(fullState);
  const auth = orderAuthorization(state);
  if (!auth || auth.status !== 'SUCCEEDED') return storeVoids;
  if (state.lines.some((l) => l.status === 'TO_BE_SHIPPED')) return storeVoids;
  if (childOf(state, auth.id, 'CAPTURE') || childOf(state, auth.id, 'VOID')) return storeVoids;
  // GIFT CERTIFICATES: the void gives back the gift part no shipment took (credited to the certificates when it settles)
  return [{ id: newId(), kind: 'VOID', amount: auth.amount, parentId: auth.id, storeOrderId: null, shipmentId: null, allocation: null, ...giftPart(giftLeft(state, auth)) }, ...storeVoids];
}

/**
 * Refunds for returned lines (`state` before the return): one REFUND per shipment the
 * lines came in, against that shipment's capture. The capture may not exist yet (its
 * authorization still PENDING): the refund then waits with no parent and is attached
 * when the capture is created. Lines whose shipment captured nothing (authorization
 * declined or failed) get no refund: no money was taken for them — unless the unpaid
 * balance was paid since: what the shipment's own capture (its gift part) does not give
 * back is refunded against that payment's capture, up to the card share it paid.
 */
export function planRefunds(state: OrderMoneyState, lineIds: readonly string[], newId: () => string): NewTransaction[] {
  const returned = new Set(lineIds);
  const refunds: NewTransaction[] = [];
  for (const shipment of state.shipments) {
    const lines = state.lines.filter((l) => returned.has(l.id) && shipment.lineIds.includes(l.id));
    if (lines.length === 0) continue;
    const part = state.parts.find((p) => p.id === shipment.storeOrderId);
    if (!part) throw new Error(`shipment ${shipment.id} of an unknown part`);
    let requested = sum(lines.map((l) => l.lineTotal));
    const balanceCaptures = balanceCapturesOf(state, shipment.id);
    const paidByBalance = new Set(balanceCaptures.map((c) => c.id));
    // the capture that took the shipment's money: a live one first (when its card payment failed,
    // the gift-only capture that replaced it), else its authorization while the capture is to come
    const captures = state.transactions.filter((t) => t.kind === 'CAPTURE' && t.shipmentId === shipment.id);
    const capture = captures.find(live) ?? captures[0];
    const authorization = state.transactions.find((t) => t.kind === 'AUTHORIZATION' && t.shipmentId === shipment.id);
    const money = capture ?? authorization;
    if (money && live(money)) {
      const share = money.allocation?.find((a) => a.storeId === part.storeId);
      if (!share) throw new Error(`transaction ${money.id} allocates nothing to ${part.storeId}`);
      const earlier = liveRefundsOf(state, shipment.id).filter((t) => !(t.parentId !== null && paidByBalance.has(t.parentId)));
      const given = refundOfShare(share, itemsOf(earlier, part.storeId), requested);
      if (given) {
        // GIFT CERTIFICATES (gift first): what the shipment's gift certificates paid goes back to them
        // first, the rest to the card; the card never gets back more than it paid
        const giftGivenBack = sum(earlier.map((t) => t.giftAmount ?? 0));
        const gift = Math.min(given.items, Math.max(0, (money.giftAmount ?? 0) - giftGivenBack));
        refunds.push(refundRow(newId(), given, gift, capture ? capture.id : null, part, shipment.id));
        requested -= given.items;
      }
    }
    // UNPAID BALANCE: the card share a later payment of the unpaid balance paid for this shipment
    for (const balance of balanceCaptures) {
      if (requested === 0) break;
      const given = refundOfShare(balanceShareOf(balance, shipment.id, part.storeId), itemsOf(liveRefundsOf(state, shipment.id).filter((t) => t.parentId === balance.id), part.storeId), requested);
      if (!given) continue;
      refunds.push(refundRow(newId(), given, 0, balance.id, part, shipment.id));
      requested -= given.items;
    }
  }
  return refunds;
}

/**
 * UNPAID BALANCE: the refunds a payment of the unpaid balance owes as its `capture` is created
 * (`state` as it is then): items of the shipments it pays for that came back before it was paid
 * and got nothing back from the shipment's own capture (its card payment had failed) are refunded
 * against it, up to the card share it paid for each.
 */
export function refundsOfLinesReturnedBeforePaid(state: OrderMoneyState, capture: Pick<NewTransaction, 'id' | 'allocation'>, newId: () => string): NewTransaction[] {
  const refunds: NewTransaction[] = [];
  for (const shipment of state.shipments) {
    const part = state.parts.find((p) => p.id === shipment.storeOrderId);
    if (!part || !capture.allocation?.some((a) => a.shipmentId === shipment.id && a.storeId === part.storeId)) continue;
    const shipped = new Set(shipment.lineIds);
    const returned = sum(state.lines.filter((l) => shipped.has(l.id) && l.status === 'RECEIVED_BACK').map((l) => l.lineTotal));
    const owed = returned - itemsOf(liveRefundsOf(state, shipment.id), part.storeId);
    if (owed <= 0) continue;
    const given = refundOfShare(balanceShareOf(capture, shipment.id, part.storeId), 0, owed);
    if (given) refunds.push(refundRow(newId(), given, 0, capture.id, part, shipment.id));
  }
  return refunds;
}

/** UNPAID BALANCE: the live captures of payments of the unpaid balance that paid for (a card part of) shipment `shipmentId`. */
function balanceCapturesOf(state: Pick<OrderMoneyState, 'transactions'>, shipmentId: string): MoneyTransaction[] {
  return state.transactions.filter((t) => t.kind === 'CAPTURE' && t.paysUnpaidBalance && live(t) && t.allocation?.some((a) => a.shipmentId === shipmentId));
}

/** UNPAID BALANCE: what a payment of the unpaid balance paid for one store's part of one shipment. */
function balanceShareOf(payment: Pick<MoneyTransaction, 'allocation'>, shipmentId: string, storeId: string): AllocationPart {
  const shares = (payment.allocation ?? []).filter((a) => a.shipmentId === shipmentId && a.storeId === storeId);
  return { storeId, gross: sum(shares.map((a) => a.gross)), fee: sum(shares.map((a) => a.fee)), items: sum(shares.map((a) => a.items)) };
}

function liveRefundsOf(state: Pick<OrderMoneyState, 'transactions'>, shipmentId: string): MoneyTransaction[] {
  return state.transactions.filter((t) => t.kind === 'REFUND' && t.shipmentId === shipmentId && live(t));
}

/** The items `refunds` gave back of store `storeId`. */
function itemsOf(refunds: readonly MoneyTransaction[], storeId: string): number {
  return sum(refunds.map((t) => t.allocation?.find((a) => a.storeId === storeId)?.items ?? 0));
}

function refundRow(id: string, given: { items: number; fee: number }, gift: number, parentId: string | null, part: MoneyPart, shipmentId: string): NewTransaction {
  return {
    id,
    kind: 'REFUND',
    amount: given.items - gift,
    parentId,
    storeOrderId: part.id,
    shipmentId,
    allocation: [{ storeId: part.storeId, gross: given.items, fee: given.fee, items: given.items }],
    ...giftPart(gift),
  };
}

/**
 * What a refund of `amount` of items gives back of a capture's store share, `before` of its
 * items having been refunded already: the items (at most what the share paid for and is left:
 * a gift-only capture of a shipment whose card payment failed paid only part of them) and the
 * cumulative fee given back less what earlier refunds gave, so the parts add up to the fee.
 * Null when nothing is left to give back.
 */
function refundOfShare(share: AllocationPart, before: number, amount: number): { items: number; fee: number } | null {
  const items = Math.min(amount, Math.max(0, share.items - before));
  if (items === 0) return null;
  return { items, fee: proportionalFee(share.fee, share.items, before + items) - proportionalFee(share.fee, share.items, before) };
}

/**
 * GIFT CERTIFICATES: the gift part `gift` of a row paying `allocation` (a shipment's card
 * payment, or a refund) as an allocation of its own: the gross spread over the stores in
 * proportion, and of each store's share the same proportion of its items and fee.
 */
export function giftShareOf(allocation: readonly AllocationPart[], gift: number): AllocationPart[] {
  const grosses = allocateProportionally(gift, allocation.map((a) => a.gross));
  return allocation
    .map((a, i) => ({ storeId: a.storeId, gross: grosses[i], fee: proportionalFee(a.fee, a.gross, grosses[i]), items: proportionalFee(a.items, a.gross, grosses[i]) }))
    .filter((a) => a.gross > 0);
}

/** A refund moved to a shipment's gift-only capture: its new shape, or (nothing left to give back) a failure. */
export type MovedRefund =
  | { id: string; parentId: string; amount: 0; giftAmount: number; allocation: AllocationPart[] }
  | { id: string; fail: string };

/**
 * GIFT CERTIFICATES: the refunds that waited on a shipment's card payment which ended DECLINED
 * or FAILED (`refunds`, PENDING, oldest first), moved to the gift-only capture that recognised
 * the shipment's gift part instead: each gives back, to the gift certificates only, its items
 * up to what that capture paid for (its items share, less the refunds before it), with its
 * share of the fee; the card paid nothing, so it gets nothing back.
 */
export function refundsOfGiftCapture(capture: Pick<NewTransaction, 'id' | 'allocation'>, refunds: readonly Pick<MoneyTransaction, 'id' | 'allocation'>[]): MovedRefund[] {
  const refunded = new Map<string, number>();
  return refunds.map((refund) => {
    const [returned] = refund.allocation ?? [];
    const share = returned && capture.allocation?.find((a) => a.storeId === returned.storeId);
    const before = returned ? (refunded.get(returned.storeId) ?? 0) : 0;
    const given = share ? refundOfShare(share, before, returned.items) : null;
    if (!given) return { id: refund.id, fail: `refund ${refund.id}: the shipment's card payment failed and its gift part paid for nothing more to give back` };
    refunded.set(returned.storeId, before + given.items);
    return { id: refund.id, parentId: capture.id, amount: 0, giftAmount: given.items, allocation: [{ storeId: returned.storeId, gross: given.items, fee: given.fee, items: given.items }] };
  });
}

/**
 * Whether a row is a shipment's card payment: its new authorization, or a capture of a card
 * authorization (the shipment's, the order's own, or a store's). Gift-only captures (card amount
 * 0, no authorization) are not: they never fail.
 */
export function paysShipmentByCard(t: Pick<MoneyTransaction, 'kind' | 'parentId' | 'shipmentId' | 'amount'>): boolean {
  if (t.shipmentId === null || t.amount === 0) return false;
  return t.kind === 'AUTHORIZATION' || (t.kind === 'CAPTURE' && t.parentId !== null);
}

/**
 * Order.unpaidAmount: the card parts of shipments whose card payment (authorization or capture)
 * ended DECLINED or FAILED — shipped, never paid for (their gift parts were recognised anyway) —
 * less those a payment of the unpaid balance settled since (`balanceSettlements`).
 */
export function unpaidAmountOf(transactions: readonly UnpaidView[]): number {
  const settled = balanceSettlements(transactions);
  return sum(unpaidShipmentPayments(transactions).filter((t) => !settled.has(t.id)).map((t) => t.amount));
}

type UnpaidView = Pick<MoneyTransaction, 'id' | 'kind' | 'status' | 'parentId' | 'shipmentId' | 'amount' | 'allocation' | 'paysUnpaidBalance'>;

/** The shipment card payments that ended DECLINED or FAILED (settled since or not). */
export function unpaidShipmentPayments<T extends Pick<MoneyTransaction, 'kind' | 'status' | 'parentId' | 'shipmentId' | 'amount'>>(transactions: readonly T[]): T[] {
  return transactions.filter((t) => paysShipmentByCard(t) && NOT_DONE.includes(t.status));
}

/**
 * UNPAID BALANCE: the shipment card payments (DECLINED or FAILED) that payments of the unpaid
 * balance settled, by row id → the payment's authorization id: its authorization SUCCEEDED and
 * its capture did not fail (PENDING or SUCCEEDED). `inFlight`: those of authorizations still
 * PENDING (a request is asking the provider), which no other payment may take on meanwhile.
 */
export function balanceSettlements(
  transactions: readonly Pick<MoneyTransaction, 'id' | 'kind' | 'status' | 'parentId' | 'allocation' | 'paysUnpaidBalance'>[],
  which: 'settled' | 'inFlight' = 'settled',
): Map<string, string> {
  const settlements = new Map<string, string>();
  for (const auth of transactions) {
    if (auth.kind !== 'AUTHORIZATION' || !auth.paysUnpaidBalance) continue;
    const counts =
      which === 'inFlight'
        ? auth.status === 'PENDING'
        : auth.status === 'SUCCEEDED' && !transactions.some((c) => c.kind === 'CAPTURE' && c.parentId === auth.id && NOT_DONE.includes(c.status));
    if (!counts) continue;
    for (const share of auth.allocation ?? []) if (share.settles) settlements.set(share.settles, auth.id);
  }
  return settlements;
}

/**
 * UNPAID BALANCE: what the card part of a shipment card payment paid for, per store: its
 * allocation less the share its gift part paid (`giftShareOf`, as the gift-only capture that
 * recognised the gift part took it), so the two add up to the shipment's gross, items and fee.
 */
export function cardShareOf(t: Pick<MoneyTransaction, 'id' | 'allocation' | 'giftAmount'>): AllocationPart[] {
  if (!t.allocation) throw new Error(`transaction ${t.id} has no allocation`);
  const gift = giftShareOf(t.allocation, t.giftAmount ?? 0);
  return t.allocation
    .map((a) => {
      const g = gift.find((x) => x.storeId === a.storeId);
      return { storeId: a.storeId, gross: a.gross - (g?.gross ?? 0), fee: a.fee - (g?.fee ?? 0), items: a.items - (g?.items ?? 0) };
    })
    .filter((a) => a.gross > 0);
}

function sum(values: readonly number[]): number {
  const total = values.reduce((s, v) => s + v, 0);
  if (!Number.isSafeInteger(total)) throw new Error('amount out of range');
  return total;
}
