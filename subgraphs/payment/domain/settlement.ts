/**
 * What follows from the provider's answer to one PENDING transaction row (pure; the job
 * applies it in ONE database transaction with the row's new status):
 * - AUTHORIZATION of a shipment approved → its CAPTURE row (captured whole), and refunds
 *   already waiting for that shipment's capture are attached to it;
 * - CAPTURE succeeded → the ledger's capture journal (reference: the row id);
 * - REFUND succeeded → the ledger's refund journal;
 * - a row that ends DECLINED or FAILED → the rows waiting on it (its PENDING children,
 *   and for a shipment's authorization the refunds waiting for its capture) fail with it:
 *   no money was taken, so none can be given back.
 * - GIFT CERTIFICATES: a row's gift part rides with it (`giftAmount`): a shipment's capture
 *   copies it from its authorization, the capture journal spends it, the refund journal
 *   gives it back; a REFUND or the VOID of the order's authorization that succeeded gives
 *   its gift part back to the order's certificates (`giftCredit`, in the same transaction).
 *   A row whose card amount is 0 needs no provider: `withoutProvider` settles it at once.
 * - GIFT CERTIFICATES: a row with a card part and a gift part that ends DECLINED or FAILED does
 *   not take its gift part down with it (`giftFallbackOf`): a shipment's card payment (its
 *   authorization or capture) is followed by a gift-only CAPTURE of the gift part (recognised:
 *   the shopper prepaid it for what shipped; only the card part stays unpaid, `unpaidOf`), and
 *   the refunds that would fail with the row move to that capture (`giftCapture`); a REFUND by
 *   a gift-only REFUND that gives the gift part back all the same; a VOID of the order's
 *   authorization gives its gift part back with its failure (`giftCredit`).
 * - UNPAID BALANCE (unpaid-balance.ts): the authorization of a payment of the order's unpaid
 *   balance is carried out and settled by its request, never here; its CAPTURE settles as any
 *   capture (the capture journal over its allocation). Should it end DECLINED or FAILED, the
 *   refunds against it fail with it and the shipments it paid for are unpaid again (that follows
 *   from the rows: money-plan.ts `balanceSettlements`); `unpaidOf` tells the job to log it.
 */
import { captureJournal, refundJournal, type JournalDraft } from './ledger.js';
import type { AllocationPart, TransactionKind } from './model.js';
import { giftShareOf, paysShipmentByCard, type NewTransaction } from './money-plan.js';
import { GIFT_ONLY_AUTHORIZATION_REFERENCE } from './gift-certificates.js';
// STORE-RUN PAYMENTS (store-payments.ts): rows carried out at a store settle there
import { isStoreCollected, storeRunSettlementOf } from './store-payments.js';

/** A row claimed by the job: what the provider call needs. */
export interface ClaimedTransaction {
  id: string;
  orderId: string;
  kind: TransactionKind;
  amount: number;
  currency: string;
  parentId: string | null;
  storeOrderId: string | null;
  shipmentId: string | null;
  allocation: AllocationPart[] | null;
  /** AUTHORIZATION: the stored card token */
  cardToken: string | null;
  /** CAPTURE / VOID: the authorization's reference; REFUND: the capture's */
  parentReference: string | null;
  /** counts this claim */
  attempts: number;
  /** proves this claim when settling: a row re-claimed by another replica is not settled twice */
  leaseToken: string;
  /** STORE-RUN PAYMENTS: 'EXCHANGE' (absent too) or 'STORE:<storeId>' (the call goes to the store's payment endpoint) */
  collector?: string;
  /** GIFT CERTIFICATES: the gift certificates' part (absent: 0); `amount` is the card's */
  giftAmount?: number;
  /** UNPAID BALANCE: the capture of a payment of the order's unpaid balance (unpaid-balance.ts) */
  paysUnpaidBalance?: boolean;
}

export type ProviderOutcome = { status: 'succeeded'; reference: string } | { status: 'declined'; declineCode: string; reference?: string };

export interface Settlement {
  status: 'SUCCEEDED' | 'DECLINED';
  providerReference: string | null;
  declineCode: string | null;
  /** rows to create (PENDING) */
  followUps: NewTransaction[];
  journal: JournalDraft | null;
  /** the shipment's refunds waiting with no parent: attach them to the new capture, or fail them */
  waitingRefunds: { attachTo: string } | { fail: string } | null;
  /** PENDING children of this row fail with this message */
  failChildren: string | null;
  /** GIFT CERTIFICATES: given back to the order's gift certificates (CREDIT movements) with this settlement */
  giftCredit?: number;
  /**
   * GIFT CERTIFICATES: the gift-only capture (one of `followUps`) that recognises the gift part
   * of a shipment whose card payment this row was and failed: the refunds that would fail with
   * the row (its PENDING children, the refunds waiting for its shipment's capture) move to it
   * first (money-plan.ts `refundsOfGiftCapture`).
   */
  giftCapture?: NewTransaction;
}

/** What a row that ended DECLINED or FAILED brings about besides. */
export type Failure = Pick<Settlement, 'waitingRefunds' | 'failChildren' | 'followUps' | 'giftCapture' | 'giftCredit'>;

/**
 * GIFT CERTIFICATES: the outcome of a row that moves nothing on a card (card amount 0: a
 * shipment, refund or void paid by gift certificates alone, or the void of an order's
 * authorization made without a card) — succeeded at once, no provider call; null for a
 * row the provider must carry out.
 */
export function withoutProvider(row: ClaimedTransaction): ProviderOutcome | null {
  if (row.amount !== 0 || isStoreCollected(row)) return null;
  if ((row.giftAmount ?? 0) > 0 || row.parentReference === GIFT_ONLY_AUTHORIZATION_REFERENCE) return { status: 'succeeded', reference: `${GIFT_ONLY_AUTHORIZATION_REFERENCE}:${row.id}` };
  return null;
}

export function settlementOf(row: ClaimedTransaction, outcome: ProviderOutcome, newId: () => string): Settlement {
  // STORE-RUN PAYMENTS: the store collected (or gave back) the money itself: only its fee is booked
  if (isStoreCollected(row)) return storeRunSettlementOf(row, outcome);
  if (outcome.status === 'declined') {
    const why = `${row.kind.toLowerCase()} ${row.id} was declined (${outcome.declineCode})`;
    return { status: 'DECLINED', providerReference: outcome.reference ?? null, declineCode: outcome.declineCode, journal: null, ...failed(row, why, newId) };
  }
  const settled: Settlement = { status: 'SUCCEEDED', providerReference: outcome.reference, declineCode: null, followUps: [], journal: null, waitingRefunds: null, failChildren: null };
  switch (row.kind) {
    case 'AUTHORIZATION':
      if (row.shipmentId) {
        const captureId = newId();
        settled.followUps.push({
          id: captureId,
          kind: 'CAPTURE',
          amount: row.amount,
          parentId: row.id,
          storeOrderId: row.storeOrderId,
          shipmentId: row.shipmentId,
          allocation: row.allocation,
          ...(row.giftAmount ? { giftAmount: row.giftAmount } : {}),
        });
        settled.waitingRefunds = { attachTo: captureId };
      }
      return settled;
    case 'CAPTURE':
      settled.journal = captureJournal({ reference: row.id, currency: row.currency, cardAmount: row.amount, giftCertificateAmount: row.giftAmount ?? 0, parts: parts(row) });
      return settled;
    case 'REFUND':
      settled.journal = refundJournal({ reference: row.id, currency: row.currency, toCard: row.amount, toGiftCertificates: row.giftAmount ?? 0, parts: parts(row) });
      if (row.giftAmount) settled.giftCredit = row.giftAmount;
      return settled;
    case 'VOID':
      // the gift part no shipment took goes back to the certificates (no journal: it was never spent)
      if (row.giftAmount) settled.giftCredit = row.giftAmount;
      return settled;
  }
}

/** What a row that failed for good takes down with it (and, for its gift part, brings about). */
export function failureOf(row: ClaimedTransaction, error: string, newId: () => string): Failure {
  return failed(row, `${row.kind.toLowerCase()} ${row.id} failed: ${error}`, newId);
}

/** A row that ended DECLINED or FAILED: what waits on it fails, its gift part is carried on (`giftFallbackOf`). */
function failed(row: ClaimedTransaction, why: string, newId: () => string): Failure {
  const fallback = giftFallbackOf(row, newId);
  const failure: Failure = {
    followUps: fallback ? [fallback] : [],
    waitingRefunds: row.kind === 'AUTHORIZATION' && row.shipmentId ? { fail: why } : null,
    failChildren: why,
  };
  if (fallback?.kind === 'CAPTURE') failure.giftCapture = fallback;
  // the void of the order's authorization: the gift part no shipment took goes back all the same
  // (it never was spent: no journal; the card's authorization lapses at the provider)
  if (row.kind === 'VOID' && row.giftAmount && !isStoreCollected(row)) failure.giftCredit = row.giftAmount;
  return failure;
}

/**
 * GIFT CERTIFICATES: the gift-only row that carries on the gift part of an exchange row (with a
 * card part) that ended DECLINED or FAILED; null when there is none to make.
 * - a shipment's card payment (its authorization, or a capture of it or of the order's own
 *   authorization): a CAPTURE of no authorization with a card amount of 0 — the shipment's gift
 *   part is recognised (Dr gift certificates, Cr the stores' payables and the fee for that share,
 *   `giftShareOf`); only the card part is left unpaid (`unpaidOf`);
 * - a REFUND: a REFUND of the same capture giving the gift part back (the card part is lost
 *   with the failed row: its status, lastError and the error log tell).
 * Settled at once, without the provider (`withoutProvider`). (A VOID needs no row: its gift part
 * is credited with its failure, `giftCredit`.)
 */
export function giftFallbackOf(row: ClaimedTransaction, newId: () => string): NewTransaction | null {
  const gift = row.giftAmount ?? 0;
  if (gift === 0 || row.amount === 0 || isStoreCollected(row)) return null;
  const base = { id: newId(), amount: 0, storeOrderId: row.storeOrderId, shipmentId: row.shipmentId, giftAmount: gift };
  if (paysShipmentByCard(row)) return { ...base, kind: 'CAPTURE', parentId: null, allocation: giftShareOf(requireAllocation(row), gift) };
  if (row.kind === 'REFUND') return { ...base, kind: 'REFUND', parentId: row.parentId, allocation: giftShareOf(requireAllocation(row), gift) };
  return null;
}

/**
 * What a row that ended DECLINED or FAILED leaves unpaid: a shipment's card payment its card part;
 * the capture of a payment of the unpaid balance what it was to pay (the shipments it paid for are
 * unpaid again: money-plan.ts `balanceSettlements`); 0 for any other row.
 */
export function unpaidOf(row: ClaimedTransaction): number {
  return paysShipmentByCard(row) || (row.kind === 'CAPTURE' && row.paysUnpaidBalance) ? row.amount : 0;
}

function requireAllocation(row: ClaimedTransaction) {
  if (!row.allocation) throw new Error(`${row.kind} ${row.id} has no allocation`);
  return row.allocation;
}

function parts(row: ClaimedTransaction) {
  if (!row.allocation) throw new Error(`${row.kind} ${row.id} has no allocation to post`);
  return row.allocation.map(({ storeId, gross, fee }) => ({ storeId, gross, fee }));
}
