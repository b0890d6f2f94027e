/**
 * Store-run payments (shared/domain.md "Cart purchase": "A store may run its own payment
 * handling (the exchange calls the store)"). A store with a payment endpoint in the store
 * directory (registry `paymentEndpoint`, or STORES) collects the money of its parts of
 * orders itself: the exchange calls `POST {paymentEndpoint}/authorize | /capture | /void |
 * /refund` (lib/store-payment-protocol.ts, signed with the store's secret) where it would
 * otherwise call its own payment provider.
 *
 * - Checkout: who collects each part's money is decided once, when the order is written
 *   (`store_orders.paid_by`, StoreOrder.paidBy). Store-run parts are authorized at their
 *   stores first, in parallel (items + the part's shipping each); then the exchange
 *   authorizes the rest on its own provider: exchangeCardAmount = orderTotal −
 *   storeRunTotal − giftApplied (gift certificates pay only the exchange-run portion).
 *   A store that declines → PAYMENT_DECLINED_BY_STORE and nothing is charged anywhere (the
 *   other stores' authorizations are voided, the exchange's is never made, the tickets go
 *   back to the cart, the order is VOID); a store that cannot be reached →
 *   STORE_UNAVAILABLE, likewise. The exchange's card declined after stores approved → the
 *   stores' authorizations are voided.
 * - A checkout given up, or a basket that expires IN_BASKET, releases every store
 *   authorization of the order that may hold money: SUCCEEDED ones by reference; FAILED ones
 *   (the call timed out or its answer was lost: the store may have approved) and PENDING ones
 *   (their caller is gone) by `authorizationKey`, the key of the authorize call — the store
 *   releases it if it approved, and otherwise remembers the key so a late authorize with it
 *   is declined (lib/store-payment-protocol.ts StoreVoidRequest).
 * - Every call is a row of financial_transactions with `collector` 'EXCHANGE' or
 *   'STORE:<storeId>'. Checkout makes the store authorizations itself (the card is never
 *   stored, so no job could); the money movement job carries out the captures, voids and
 *   refunds of store-run parts by calling the store (idempotent on the row id, outside any
 *   database transaction, retried with backoff) — `callStorePayment`.
 * - Fulfilment of a store-run part: each shipment CAPTUREs the shipped amount (its lines +
 *   the part's shipping with its first shipment) against the store's authorization — the
 *   whole authorization when the whole part ships at once; a partial capture is the store's
 *   business (its processor may capture partially or re-authorize). Nothing left to ship →
 *   a VOID of what was not captured. A return → a REFUND at the store per capture.
 * - Ledger: the money never passes the exchange. A store's capture succeeding posts
 *   STORE_COLLECTED (Dr asset:fee-receivable:<store>, Cr revenue:exchange-fees: the fee the
 *   store owes); a store's refund posts STORE_REFUNDED (the fee share given back). The
 *   store's payable is never credited.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { DomainError } from '../../../lib/errors.js';
import type { Logger } from '../../../lib/logger.js';
import type { StoreAuthorizeRequest, StoreAuthorizeResponse, StoreMoneyRequest, StoreMoneyResponse, StorePaymentCard, StoreVoidRequest } from '../../../lib/store-payment-protocol.js';
import { storeCollectedJournal, storeRefundedJournal } from './ledger.js';
import type { TransactionStatus } from './model.js';
import type { MoneyPart, MoneyTransaction, NewTransaction, OrderMoneyState } from './money-plan.js';
import type { OrderPlan } from './order-split.js';
import type { ClaimedTransaction, ProviderOutcome, Settlement } from './settlement.js';

// --- who collects -----------------------------------------------------------------------

/** Who collects a part's money (PaymentCollector in the SDL). */
export type PaymentCollector = 'EXCHANGE' | 'STORE';

/** financial_transactions.collector of the exchange's own provider. */
export const EXCHANGE_COLLECTOR = 'EXCHANGE';
const STORE_PREFIX = 'STORE:';

/** financial_transactions.collector of a store's own payment endpoint. */
export function storeCollector(storeId: string): string {
  return `${STORE_PREFIX}${storeId}`;
}

/** Whether a row is carried out at a store's payment endpoint (not the exchange's provider). */
export function isStoreCollected(row: { collector?: string | null }): boolean {
  return typeof row.collector === 'string' && row.collector.startsWith(STORE_PREFIX);
}

/** The store of a 'STORE:<id>' collector; null for the exchange. */
export function collectorStoreId(collector: string | null | undefined): string | null {
  return typeof collector === 'string' && collector.startsWith(STORE_PREFIX) ? collector.slice(STORE_PREFIX.length) : null;
}

/** FinancialTransaction.collectedBy. */
export function collectedBy(collector: string | null | undefined): PaymentCollector {
  return collectorStoreId(collector) ? 'STORE' : 'EXCHANGE';
}

// --- the store payment endpoint, as the exchange sees it ---------------------------------

/**
 * Calls stores' payment endpoints (infra/http-store-payment-client.ts). Failing to reach or
 * understand a store throws DomainError STORE_UNAVAILABLE (outcome unknown: retry with the
 * same idempotency key); `declined` / `failed` answers are the store's final word.
 */
export interface StorePaymentGateway {
  /** The store's payment endpoint now; null: the exchange collects the store's parts. */
  paymentEndpointOf(storeId: string): Promise<string | null>;
  authorize(storeId: string, request: StoreAuthorizeRequest): Promise<StoreAuthorizeResponse>;
  capture(storeId: string, request: StoreMoneyRequest): Promise<StoreMoneyResponse>;
  /** By reference, or by `authorizationKey` (the authorize call's idempotency key) when the exchange never learned the reference. */
  void(storeId: string, request: StoreVoidRequest): Promise<StoreMoneyResponse>;
  refund(storeId: string, request: StoreMoneyRequest): Promise<StoreMoneyResponse>;
}

// --- pure: the split of an order's money ------------------------------------------------

export interface PaymentPart {
  storeOrderId: string;
  storeId: string;
  subtotal: number;
  shipping: number;
  paidBy: PaymentCollector;
}

export interface PaymentSplit {
  orderTotal: number;
  /** Σ (subtotal + shipping) of the parts whose store collects itself */
  storeRunTotal: number;
  /** orderTotal − storeRunTotal: what the exchange collects (gift certificates pay part of it) */
  exchangeRunTotal: number;
  /** what each store-run part is authorized for at its store */
  storeParts: { storeOrderId: string; storeId: string; amount: number }[];
}

/** Splits an order's total between the stores that collect their parts and the exchange. */
export function splitPayment(orderTotal: number, parts: readonly PaymentPart[]): PaymentSplit {
  const all = sum(parts.map((p) => p.subtotal + p.shipping));
  if (all !== orderTotal) throw new Error(`the parts add up to ${all}, not the order total ${orderTotal}`);
  const storeParts = parts.filter((p) => p.paidBy === 'STORE').map((p) => ({ storeOrderId: p.storeOrderId, storeId: p.storeId, amount: p.subtotal + p.shipping }));
  const storeRunTotal = sum(storeParts.map((p) => p.amount));
  return { orderTotal, storeRunTotal, exchangeRunTotal: orderTotal - storeRunTotal, storeParts };
}

/**
 * What the exchange's own provider authorizes at checkout (the agreed composition):
 * orderTotal − storeRunTotal − giftApplied. Gift certificates pay only the exchange-run part.
 */
export function exchangeCardAmount(input: { orderTotal: number; storeRunTotal: number; giftApplied?: number }): number {
  const amount = input.orderTotal - input.storeRunTotal - (input.giftApplied ?? 0);
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`the exchange's card amount would be ${amount}: gift certificates may pay only the exchange-run part`);
  return amount;
}

/** The plan with each part's collector: STORE for the stores in `storeRun`, else EXCHANGE. */
export function withCollectors(plan: OrderPlan, storeRun: ReadonlySet<string>): OrderPlan {
  if (storeRun.size === 0) return plan;
  return { ...plan, parts: plan.parts.map((part) => ({ ...part, paidBy: storeRun.has(part.storeId) ? ('STORE' as const) : ('EXCHANGE' as const) })) };
}

// --- pure: the decision after the stores answered at checkout ----------------------------

export type StoreAuthorizationOutcome = { storeOrderId: string; storeId: string; rowId: string } & (
  | { status: 'approved'; reference: string }
  | { status: 'declined'; declineCode: string }
  /** not reached, or its answer was lost (the row is FAILED) */
  | { status: 'unavailable'; error: string }
);

export type StoreAuthorizationDecision =
  /** every store-run part approved (or there is none): the exchange authorizes the rest */
  | { kind: 'proceed' }
  /**
   * a store refused: nothing is charged anywhere; `voidRowIds` are the authorizations to
   * release — the approvals (by reference) and those of unknown outcome (by authorization key)
   */
  | { kind: 'declined'; storeId: string; declineCode: string; voidRowIds: string[] }
  /** a store could not be reached: nothing is charged anywhere; `voidRowIds` likewise */
  | { kind: 'unavailable'; storeId: string; voidRowIds: string[] };

/**
 * The decision table of checkout's store authorizations:
 *
 * | store answers                          | decision                                       |
 * |----------------------------------------|------------------------------------------------|
 * | none (no store-run part)               | proceed: the exchange authorizes the whole     |
 * | all approved                           | proceed: the exchange authorizes the rest      |
 * | any declined (whatever the others)     | declined (the first in part order), void the rest |
 * | none declined, any unavailable         | unavailable (the first), void them all         |
 *
 * "void": every authorization that may hold money — approved ones by reference, unavailable
 * ones (outcome unknown) by authorization key; a declined one holds nothing.
 *
 * A decline wins over an outage: it is final and tells the shopper what to do.
 */
export function decideStoreAuthorizations(outcomes: readonly StoreAuthorizationOutcome[]): StoreAuthorizationDecision {
  // an unreachable store may have approved before its answer was lost: released by key
  const voidRowIds = outcomes.filter((o) => o.status !== 'declined').map((o) => o.rowId);
  const declined = outcomes.find((o): o is Extract<StoreAuthorizationOutcome, { status: 'declined' }> => o.status === 'declined');
  if (declined) return { kind: 'declined', storeId: declined.storeId, declineCode: declined.declineCode, voidRowIds };
  const unavailable = outcomes.find((o) => o.status === 'unavailable');
  if (unavailable) return { kind: 'unavailable', storeId: unavailable.storeId, voidRowIds };
  return { kind: 'proceed' };
}

// --- pure: fulfilment of store-run parts (money-plan.ts hooks) --------------------------

const NOT_DONE: readonly TransactionStatus[] = ['DECLINED', 'FAILED'];
const live = (t: MoneyTransaction): boolean => !NOT_DONE.includes(t.status);

/** Whether the part's money is collected by its store. */
export function isStoreRunPart(part: Pick<MoneyPart, 'paidBy'>): boolean {
  return part.paidBy === 'STORE';
}

/** The checkout authorization a store made for its part (null when none was recorded). */
export function storeAuthorizationOf(state: Pick<OrderMoneyState, 'transactions'>, storeOrderId: string): MoneyTransaction | undefined {
  return state.transactions.find((t) => t.kind === 'AUTHORIZATION' && isStoreCollected(t) && t.storeOrderId === storeOrderId && t.parentId === null && t.shipmentId === null);
}

/**
 * The order as the exchange's own money rules see it: without the store-run parts, their
 * lines, shipments and transactions. "The whole order shipped at once" then means the whole
 * exchange-run portion, and the exchange's authorization is voided when nothing of that
 * portion is left to ship.
 */
export function exchangeRunView(state: OrderMoneyState): OrderMoneyState {
  const storeParts = new Set(state.parts.filter(isStoreRunPart).map((p) => p.id));
  if (storeParts.size === 0 && !state.transactions.some(isStoreCollected)) return state;
  return {
    ...state,
    parts: state.parts.filter((p) => !storeParts.has(p.id)),
    lines: state.lines.filter((l) => !storeParts.has(l.storeOrderId)),
    shipments: state.shipments.filter((s) => !storeParts.has(s.storeOrderId)),
    transactions: state.transactions.filter((t) => !isStoreCollected(t)),
  };
}

/**
 * The money of a shipment of a store-run part: a CAPTURE at the store of the shipped amount
 * (its lines + the part's shipping with its first shipment) against the store's checkout
 * authorization, with the fee the store owes on the shipped items (`money.fee`); none when
 * that authorization did not succeed or nothing is charged.
 */
export function planStoreRunShipment(
  state: OrderMoneyState,
  part: MoneyPart,
  shipmentId: string,
  money: { itemsAmount: number; amount: number; fee: number },
  newId: () => string,
): NewTransaction[] {
  const authorization = storeAuthorizationOf(state, part.id);
  if (!authorization || authorization.status !== 'SUCCEEDED' || money.amount === 0) return [];
  return [
    {
      id: newId(),
      kind: 'CAPTURE',
      amount: money.amount,
      parentId: authorization.id,
      storeOrderId: part.id,
      shipmentId,
      // the fee the store owes for the shipped items (money-plan.ts `shipmentFee`: a part's captures add up to StoreOrder.feeOwedByStore)
      allocation: [{ storeId: part.storeId, gross: money.amount, fee: money.fee, items: money.itemsAmount }],
      collector: storeCollector(part.storeId),
    },
  ];
}

/**
 * After lines shipped or were voided (`state` as it is now): for each store-run part with
 * nothing left to ship, a VOID at the store of what its authorization holds beyond the
 * captures (PENDING or SUCCEEDED) — none when everything was captured or it was voided.
 */
export function planStoreRunVoids(state: OrderMoneyState, newId: () => string): NewTransaction[] {
  const voids: NewTransaction[] = [];
  for (const part of state.parts.filter(isStoreRunPart)) {
    if (state.lines.some((l) => l.storeOrderId === part.id && l.status === 'TO_BE_SHIPPED')) continue;
    const authorization = storeAuthorizationOf(state, part.id);
    if (!authorization || authorization.status !== 'SUCCEEDED') continue;
    const children = state.transactions.filter((t) => t.parentId === authorization.id && live(t));
    if (children.some((t) => t.kind === 'VOID')) continue;
    const left = authorization.amount - sum(children.filter((t) => t.kind === 'CAPTURE').map((t) => t.amount));
    if (left <= 0) continue;
    voids.push({ id: newId(), kind: 'VOID', amount: left, parentId: authorization.id, storeOrderId: part.id, shipmentId: null, allocation: null, collector: storeCollector(part.storeId) });
  }
  return voids;
}

// --- the money movement job's side (settlement.ts / money-movement-job.ts hooks) ---------

/**
 * Carries out one claimed store-collected row at the store's payment endpoint (the job's
 * call, outside any database transaction; the row id is the idempotency key). Throws when
 * the outcome is unknown: the job retries with backoff.
 */
export async function callStorePayment(gateway: StorePaymentGateway | undefined, row: ClaimedTransaction): Promise<ProviderOutcome> {
  const storeId = collectorStoreId(row.collector);
  if (!storeId) throw new Error(`${row.kind} ${row.id} is not store-collected`);
  if (!gateway) throw new Error(`${row.kind} ${row.id} is collected by store ${storeId}, but this payment server calls no store payment endpoints`);
  if (row.kind === 'AUTHORIZATION') throw new Error(`store authorization ${row.id} is made by checkout only (it needs the card)`);
  const money = { amount: row.amount, currency: row.currency, idempotencyKey: row.id };
  let answer: StoreMoneyResponse;
  if (row.kind === 'VOID' && !row.parentReference && row.parentId) {
    // the authorize answer was lost (its row FAILED): the store knows the authorization by the
    // key checkout sent, which is its row id (StoreRunPayments.authorizePart)
    answer = await gateway.void(storeId, { ...money, authorizationKey: row.parentId });
  } else {
    if (!row.parentReference) throw new Error(`${row.kind} ${row.id} has no ${row.kind === 'REFUND' ? 'capture' : 'authorization'} reference`);
    const request: StoreMoneyRequest = { ...money, reference: row.parentReference };
    answer = row.kind === 'CAPTURE' ? await gateway.capture(storeId, request) : row.kind === 'VOID' ? await gateway.void(storeId, request) : await gateway.refund(storeId, request);
  }
  if (answer.status === 'succeeded') return { status: 'succeeded', reference: answer.reference ?? `${row.kind.toLowerCase()}:${row.id}` };
  return { status: 'declined', declineCode: answer.error ?? 'failed_at_store', ...(answer.reference ? { reference: answer.reference } : {}) };
}

/**
 * What follows from a store's answer to a claimed store-collected row (pure): a CAPTURE that
 * succeeded posts STORE_COLLECTED (the fee the store owes), a REFUND STORE_REFUNDED; a row
 * the store refused fails its PENDING children. No follow-up rows: a store's capture is
 * made directly against its checkout authorization.
 */
export function storeRunSettlementOf(row: ClaimedTransaction, outcome: ProviderOutcome): Settlement {
  const storeId = collectorStoreId(row.collector);
  if (!storeId) throw new Error(`${row.kind} ${row.id} is not store-collected`);
  if (outcome.status === 'declined') {
    return {
      status: 'DECLINED',
      providerReference: outcome.reference ?? null,
      declineCode: outcome.declineCode,
      followUps: [],
      journal: null,
      waitingRefunds: null,
      failChildren: `${row.kind.toLowerCase()} ${row.id} was refused by store ${storeId} (${outcome.declineCode})`,
    };
  }
  const settled: Settlement = { status: 'SUCCEEDED', providerReference: outcome.reference, declineCode: null, followUps: [], journal: null, waitingRefunds: null, failChildren: null };
  if (row.kind === 'CAPTURE' || row.kind === 'REFUND') {
    const share = row.allocation?.find((a) => a.storeId === storeId);
    if (!share) throw new Error(`${row.kind} ${row.id} allocates nothing to ${storeId}`);
    const input = { reference: row.id, storeId, currency: row.currency, gross: share.gross, fee: share.fee };
    settled.journal = row.kind === 'CAPTURE' ? storeCollectedJournal(input) : storeRefundedJournal(input);
  }
  return settled;
}

// --- checkout's side ---------------------------------------------------------------------

export interface StoreRunPart {
  storeOrderId: string;
  storeId: string;
  /** items + shipping of the part: what its store authorizes */
  amount: number;
  currency: string;
}

/** A store-run part's checkout authorization row. */
export interface StoreAuthorizationRow {
  id: string;
  storeOrderId: string;
  storeId: string;
  amount: number;
  status: TransactionStatus;
  reference: string | null;
  declineCode: string | null;
  lastError: string | null;
}

/** Storage of checkout's store authorizations (infra/pg-store-payments.ts). */
export interface StorePaymentRepository {
  /** The order's parts whose store collects the money (paid_by STORE), in part order. */
  storeRunParts(orderId: string): Promise<StoreRunPart[]>;
  /**
   * The part's checkout authorization row: inserted PENDING with `id` (never due for the
   * money movement job) unless the part has one, which is returned as it is.
   */
  openAuthorization(input: StoreRunPart & { id: string; orderId: string; now: Date }): Promise<StoreAuthorizationRow>;
  /** Records the store's answer on a PENDING row; a settled row keeps its first answer. Returns the row. */
  recordAuthorization(id: string, answer: { status: 'SUCCEEDED'; reference: string } | { status: 'DECLINED'; declineCode: string }, now: Date): Promise<StoreAuthorizationRow>;
  /** The store could not be reached (or its answer was lost): a PENDING row becomes FAILED with the error. */
  failAuthorization(id: string, error: string, now: Date): Promise<StoreAuthorizationRow>;
  /**
   * PENDING VOID rows (carried out by the money movement job) for the order's store
   * authorizations that may hold money and have no void yet (nor a capture); their ids.
   * Without `refusedTicketIds` the checkout is given up: a PENDING authorization (its caller
   * is gone) becomes FAILED first, and SUCCEEDED and FAILED ones are voided (FAILED ones by
   * key: `callStorePayment`), in one transaction. With `refusedTicketIds` (the order goes on):
   * only the SUCCEEDED ones of parts whose every line is one of them.
   */
  voidAuthorizations(orderId: string, now: Date, refusedTicketIds?: readonly string[]): Promise<string[]>;
}

/** What checkout asks of store-run payments. */
export interface StoreRunCheckout {
  /** The stores among `storeIds` that collect their parts themselves now (a payment endpoint is configured). */
  storeRunStores(storeIds: readonly string[]): Promise<Set<string>>;
  /** Authorizes every store-run part of the order at its store, in parallel, and decides (decideStoreAuthorizations). */
  authorize(input: { orderId: string; card: StorePaymentCard }): Promise<StoreAuthorizationDecision & { storeRunTotal: number; outcomes: StoreAuthorizationOutcome[] }>;
  /**
   * Releases what stores may hold for the order (VOID rows the money movement job carries
   * out): without options the checkout is given up, and every store authorization approved or
   * of unknown outcome is voided — by reference, or by authorization key when its answer was
   * lost; with `refusedTicketIds`, only the approved ones of parts whose stores refused every line.
   */
  voidAuthorizations(orderId: string, options?: { refusedTicketIds?: readonly string[] }): Promise<number>;
}

/** No store collects anything (no store directory configured). */
export const EXCHANGE_ONLY: StoreRunCheckout = {
  storeRunStores: async () => new Set(),
  authorize: async () => ({ kind: 'proceed', storeRunTotal: 0, outcomes: [] }),
  voidAuthorizations: async () => 0,
};

export interface StoreRunPaymentsDeps {
  gateway: StorePaymentGateway;
  repository: StorePaymentRepository;
  clock: Clock;
  logger: Logger;
  /** Called when void rows were added: runs the money movement job now (best effort). */
  onMoneyToMove?: () => void;
}

/** Checkout's store authorizations, over the store payment endpoints. */
export class StoreRunPayments implements StoreRunCheckout {
  constructor(private readonly deps: StoreRunPaymentsDeps) {}

  async storeRunStores(storeIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(storeIds)];
    const endpoints = await Promise.all(unique.map((id) => this.deps.gateway.paymentEndpointOf(id)));
    return new Set(unique.filter((_, i) => endpoints[i]));
  }

  async authorize(input: { orderId: string; card: StorePaymentCard }) {
    const parts = await this.deps.repository.storeRunParts(input.orderId);
    const storeRunTotal = sum(parts.map((p) => p.amount));
    if (parts.length === 0) return { kind: 'proceed' as const, storeRunTotal, outcomes: [] };
    const outcomes = await Promise.all(parts.map((part) => this.authorizePart(input.orderId, part, input.card)));
    const decision = decideStoreAuthorizations(outcomes);
    this.deps.logger.info(
      { orderId: input.orderId, decision: decision.kind, stores: outcomes.map((o) => ({ storeId: o.storeId, status: o.status })) },
      'store-run parts authorized at their stores',
    );
    return { ...decision, storeRunTotal, outcomes };
  }

  async voidAuthorizations(orderId: string, options: { refusedTicketIds?: readonly string[] } = {}): Promise<number> {
    const ids = await this.deps.repository.voidAuthorizations(orderId, this.deps.clock.now(), options.refusedTicketIds);
    if (ids.length > 0) {
      this.deps.logger.info({ orderId, voids: ids.length }, 'store authorizations to be voided');
      this.deps.onMoneyToMove?.();
    }
    return ids.length;
  }

  private async authorizePart(orderId: string, part: StoreRunPart, card: StorePaymentCard): Promise<StoreAuthorizationOutcome> {
    const { repository, gateway, clock, logger } = this.deps;
    let row = await repository.openAuthorization({ ...part, id: randomUUID(), orderId, now: clock.now() });
    if (row.status === 'PENDING') {
      try {
        // the card goes to the store in this call only; it is never stored or logged here
        const answer = await gateway.authorize(part.storeId, {
          orderId,
          storeOrderId: part.storeOrderId,
          amount: part.amount,
          currency: part.currency,
          card,
          idempotencyKey: row.id,
        });
        row = await repository.recordAuthorization(row.id, answer.status === 'approved' ? { status: 'SUCCEEDED', reference: answer.reference } : { status: 'DECLINED', declineCode: answer.declineCode }, clock.now());
      } catch (error) {
        if (!(error instanceof DomainError) || (error.code !== 'STORE_UNAVAILABLE' && error.code !== 'STORE_NOT_FOUND')) throw error;
        logger.warn({ orderId, storeId: part.storeId, transactionId: row.id, error: error.message }, 'store payment endpoint unavailable at authorize');
        row = await repository.failAuthorization(row.id, error.message, clock.now());
      }
    }
    const base = { storeOrderId: part.storeOrderId, storeId: part.storeId, rowId: row.id };
    switch (row.status) {
      case 'SUCCEEDED':
        return { ...base, status: 'approved', reference: row.reference ?? '' };
      case 'DECLINED':
        return { ...base, status: 'declined', declineCode: row.declineCode ?? 'declined_by_store' };
      default:
        // FAILED (or still PENDING: another attempt is calling the store right now)
        return { ...base, status: 'unavailable', error: row.lastError ?? 'the store did not answer' };
    }
  }
}

function sum(values: readonly number[]): number {
  const total = values.reduce((s, v) => s + v, 0);
  if (!Number.isSafeInteger(total)) throw new Error('amount out of range');
  return total;
}
