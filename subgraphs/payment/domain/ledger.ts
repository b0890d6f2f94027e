/**
 * The exchange's double-entry ledger: pure builders of balanced journals. Posting them
 * (idempotently, checked again by the database) is infra/pg-ledger.ts.
 *
 * Amounts are integer minor units; a line is a DEBIT when its amount is > 0 and a
 * CREDIT when it is < 0, so every journal sums to 0 per currency. An account's balance
 * is the plain sum of its lines (debit-positive): asset and expense accounts normally
 * carry a positive balance, liability and revenue accounts a negative one (what the
 * exchange owes a store is minus the balance of its payable account).
 *
 * Accounts (`<type>:<name>[:<storeId>]`; store ids are kept verbatim after the prefix):
 *
 * | account                                 | what it is                                                                 |
 * |-----------------------------------------|----------------------------------------------------------------------------|
 * | `asset:provider-clearing`               | money the payment provider holds for the exchange (card captures in; refunds to cards and payouts to stores out) |
 * | `liability:store-payable:<storeId>`     | what the exchange owes the store for captured sales (less its fee), until paid out |
 * | `revenue:exchange-fees`                 | the exchange's fee on every sale (card-paid or collected by the store itself) |
 * | `liability:gift-certificates`           | outstanding gift certificate balances (sold or issued, not yet spent)      |
 * | `expense:promotional-gift-certificates` | certificates the operator gave away (issued without payment)               |
 * | `revenue:gift-certificate-breakage`     | what was left on gift certificates when they expired (never to be spent)   |
 * | `asset:fee-receivable:<storeId>`        | fees owed to the exchange by a store that ran its own payment handling (it collected the money itself) |
 *
 * Journals (kind + reference is unique: posting the same pair twice posts once):
 * - CAPTURE: Dr provider-clearing (card), Dr gift-certificates (gift spent);
 *   Cr each store-payable (gross − fee), Cr exchange-fees (Σ fee).
 * - REFUND: the reverse of a capture, for what is given back.
 * - PAYOUT: Dr store-payable, Cr provider-clearing (the money leaves to the store's bank).
 * - GIFT_CERTIFICATE_SOLD: Dr provider-clearing, Cr gift-certificates.
 * - GIFT_CERTIFICATE_ISSUED: Dr promotional-gift-certificates, Cr gift-certificates.
 * - GIFT_CERTIFICATE_EXPIRED (breakage; reference = the certificate id): Dr gift-certificates,
 *   Cr gift-certificate-breakage, for the balance left on a certificate when it expired.
 * - STORE_COLLECTED: Dr fee-receivable:<store>, Cr exchange-fees (the gross never
 *   passed through the exchange: only the fee it is owed is recorded).
 * - STORE_REFUNDED: the reverse of STORE_COLLECTED for a refund the store made itself.
 *
 * Lines on the same account and currency are merged and zero lines dropped, so a
 * draft may be empty (e.g. a capture of free items): posting it still records the
 * journal (for idempotency) with no entries.
 */

export const ACCOUNT_PROVIDER_CLEARING = 'asset:provider-clearing';
export const ACCOUNT_EXCHANGE_FEES = 'revenue:exchange-fees';
export const ACCOUNT_GIFT_CERTIFICATES = 'liability:gift-certificates';
export const ACCOUNT_PROMOTIONAL_GIFT_CERTIFICATES = 'expense:promotional-gift-certificates';
export const ACCOUNT_GIFT_CERTIFICATE_BREAKAGE = 'revenue:gift-certificate-breakage';
export const STORE_PAYABLE_PREFIX = 'liability:store-payable:';
export const FEE_RECEIVABLE_PREFIX = 'asset:fee-receivable:';

/** What the exchange owes the store (credit balance = owed). */
export const storePayableAccount = (storeId: string): string => `${STORE_PAYABLE_PREFIX}${requireStoreId(storeId)}`;
/** What a store that collected the money itself owes the exchange in fees (debit balance = due). */
export const feeReceivableAccount = (storeId: string): string => `${FEE_RECEIVABLE_PREFIX}${requireStoreId(storeId)}`;

/** Every account name has this shape (checked here and by the database). */
export const ACCOUNT_PATTERN = /^(asset|liability|revenue|expense|equity):[a-z][a-z0-9-]*(:.+)?$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export type JournalKind =
  | 'CAPTURE'
  | 'REFUND'
  | 'PAYOUT'
  | 'GIFT_CERTIFICATE_SOLD'
  | 'GIFT_CERTIFICATE_ISSUED'
  | 'GIFT_CERTIFICATE_EXPIRED'
  | 'STORE_COLLECTED'
  | 'STORE_REFUNDED';
export const JOURNAL_KINDS: readonly JournalKind[] = [
  'CAPTURE',
  'REFUND',
  'PAYOUT',
  'GIFT_CERTIFICATE_SOLD',
  'GIFT_CERTIFICATE_ISSUED',
  'GIFT_CERTIFICATE_EXPIRED',
  'STORE_COLLECTED',
  'STORE_REFUNDED',
];

export interface LedgerLine {
  account: string;
  /** minor units; debit > 0, credit < 0 */
  amount: number;
  currency: string;
}

export interface JournalDraft {
  kind: JournalKind;
  /** What the journal is about (a capture's payment id, a payout id...); unique per kind. */
  reference: string;
  memo?: string;
  lines: LedgerLine[];
}

/** A store's share of a capture or refund. */
export interface StorePart {
  storeId: string;
  /** items + shipping captured (or refunded) for this store */
  gross: number;
  /** the exchange's fee on it (0 ≤ fee ≤ gross) */
  fee: number;
}

/** A draft that breaks the ledger's rules; always a programming error of the caller. */
export class UnbalancedJournalError extends Error {
  override readonly name = 'UnbalancedJournalError';
}

/** Throws UnbalancedJournalError unless every line is valid and Σ amount = 0 per currency. */
export function assertBalanced(draft: JournalDraft): void {
  const where = `${draft.kind} ${draft.reference}`;
  if (!JOURNAL_KINDS.includes(draft.kind)) throw new UnbalancedJournalError(`unknown journal kind ${String(draft.kind)}`);
  if (typeof draft.reference !== 'string' || draft.reference.trim() === '') throw new UnbalancedJournalError(`${draft.kind}: the reference must not be blank`);
  const sums = new Map<string, number>();
  for (const line of draft.lines) {
    if (!ACCOUNT_PATTERN.test(line.account)) throw new UnbalancedJournalError(`${where}: bad account name ${JSON.stringify(line.account)}`);
    if (!CURRENCY_PATTERN.test(line.currency)) throw new UnbalancedJournalError(`${where}: bad currency ${JSON.stringify(line.currency)}`);
    if (!Number.isSafeInteger(line.amount)) throw new UnbalancedJournalError(`${where}: ${line.account} amount ${line.amount} is not an integer of minor units`);
    if (line.amount === 0) throw new UnbalancedJournalError(`${where}: ${line.account} has a zero line`);
    sums.set(line.currency, (sums.get(line.currency) ?? 0) + line.amount);
  }
  for (const [currency, sum] of sums) {
    if (sum !== 0) throw new UnbalancedJournalError(`${where}: does not balance in ${currency} (debits − credits = ${sum})`);
  }
}

export interface CaptureJournalInput {
  reference: string;
  currency: string;
  /** charged to the card (captured at the provider) */
  cardAmount: number;
  /** paid from the shopper's gift certificates */
  giftCertificateAmount?: number;
  parts: StorePart[];
  memo?: string;
}

/** Money captured for an order: the stores are owed their gross less fee, the exchange its fees. */
export function captureJournal(input: CaptureJournalInput): JournalDraft {
  const gift = input.giftCertificateAmount ?? 0;
  const where = `CAPTURE ${input.reference}`;
  amount(where, 'cardAmount', input.cardAmount);
  amount(where, 'giftCertificateAmount', gift);
  const gross = checkParts(where, input.parts);
  if (input.cardAmount + gift !== gross) {
    throw new UnbalancedJournalError(`${where}: card ${input.cardAmount} + gift certificates ${gift} ≠ Σ gross ${gross}`);
  }
  const lines: LedgerLine[] = [
    { account: ACCOUNT_PROVIDER_CLEARING, amount: input.cardAmount, currency: input.currency },
    { account: ACCOUNT_GIFT_CERTIFICATES, amount: gift, currency: input.currency },
    ...input.parts.map((p) => ({ account: storePayableAccount(p.storeId), amount: -(p.gross - p.fee), currency: input.currency })),
    { account: ACCOUNT_EXCHANGE_FEES, amount: -sum(input.parts.map((p) => p.fee)), currency: input.currency },
  ];
  return draft('CAPTURE', input.reference, input.currency, lines, input.memo);
}

export interface RefundJournalInput {
  reference: string;
  currency: string;
  /** given back to the card */
  toCard: number;
  /** given back as gift certificate balance */
  toGiftCertificates?: number;
  /** what each store gives back: gross refunded and the part of the exchange's fee returned with it */
  parts: StorePart[];
  memo?: string;
}

/** The reverse of a capture: the stores and the exchange give back what the shopper gets back. */
export function refundJournal(input: RefundJournalInput): JournalDraft {
  const gift = input.toGiftCertificates ?? 0;
  const where = `REFUND ${input.reference}`;
  amount(where, 'toCard', input.toCard);
  amount(where, 'toGiftCertificates', gift);
  const gross = checkParts(where, input.parts);
  if (input.toCard + gift !== gross) {
    throw new UnbalancedJournalError(`${where}: to card ${input.toCard} + to gift certificates ${gift} ≠ Σ gross ${gross}`);
  }
  const lines: LedgerLine[] = [
    ...input.parts.map((p) => ({ account: storePayableAccount(p.storeId), amount: p.gross - p.fee, currency: input.currency })),
    { account: ACCOUNT_EXCHANGE_FEES, amount: sum(input.parts.map((p) => p.fee)), currency: input.currency },
    { account: ACCOUNT_PROVIDER_CLEARING, amount: -input.toCard, currency: input.currency },
    { account: ACCOUNT_GIFT_CERTIFICATES, amount: -gift, currency: input.currency },
  ];
  return draft('REFUND', input.reference, input.currency, lines, input.memo);
}

/** The store's money leaves the provider account for the store's bank. */
export function payoutJournal(input: { reference: string; storeId: string; amount: number; currency: string; memo?: string }): JournalDraft {
  const where = `PAYOUT ${input.reference}`;
  amount(where, 'amount', input.amount);
  if (input.amount === 0) throw new UnbalancedJournalError(`${where}: a payout must move money`);
  return draft('PAYOUT', input.reference, input.currency, [
    { account: storePayableAccount(input.storeId), amount: input.amount, currency: input.currency },
    { account: ACCOUNT_PROVIDER_CLEARING, amount: -input.amount, currency: input.currency },
  ], input.memo);
}

/** A shopper bought a gift certificate by card: the money is in, the exchange owes its balance. */
export function giftCertificateSoldJournal(input: { reference: string; currency: string; amount: number; memo?: string }): JournalDraft {
  amount(`GIFT_CERTIFICATE_SOLD ${input.reference}`, 'amount', input.amount);
  return draft('GIFT_CERTIFICATE_SOLD', input.reference, input.currency, [
    { account: ACCOUNT_PROVIDER_CLEARING, amount: input.amount, currency: input.currency },
    { account: ACCOUNT_GIFT_CERTIFICATES, amount: -input.amount, currency: input.currency },
  ], input.memo);
}

/** The operator gave a certificate away: a promotional expense, and the exchange owes its balance. */
export function giftCertificateIssuedJournal(input: { reference: string; currency: string; amount: number; memo?: string }): JournalDraft {
  amount(`GIFT_CERTIFICATE_ISSUED ${input.reference}`, 'amount', input.amount);
  return draft('GIFT_CERTIFICATE_ISSUED', input.reference, input.currency, [
    { account: ACCOUNT_PROMOTIONAL_GIFT_CERTIFICATES, amount: input.amount, currency: input.currency },
    { account: ACCOUNT_GIFT_CERTIFICATES, amount: -input.amount, currency: input.currency },
  ], input.memo);
}

/**
 * A gift certificate expired with `amount` left on it (breakage): the exchange no longer owes
 * it, and it becomes revenue. `reference` is the certificate id (one per certificate).
 */
export function giftCertificateExpiredJournal(input: { reference: string; currency: string; amount: number; memo?: string }): JournalDraft {
  const where = `GIFT_CERTIFICATE_EXPIRED ${input.reference}`;
  amount(where, 'amount', input.amount);
  if (input.amount === 0) throw new UnbalancedJournalError(`${where}: nothing was left on the certificate`);
  return draft('GIFT_CERTIFICATE_EXPIRED', input.reference, input.currency, [
    { account: ACCOUNT_GIFT_CERTIFICATES, amount: input.amount, currency: input.currency },
    { account: ACCOUNT_GIFT_CERTIFICATE_BREAKAGE, amount: -input.amount, currency: input.currency },
  ], input.memo);
}

/**
 * A store that runs its own payment handling collected `gross` itself: only the fee it
 * owes the exchange is recorded (the gross goes in the memo).
 */
export function storeCollectedJournal(input: { reference: string; storeId: string; currency: string; gross: number; fee: number; memo?: string }): JournalDraft {
  const where = `STORE_COLLECTED ${input.reference}`;
  checkParts(where, [{ storeId: input.storeId, gross: input.gross, fee: input.fee }]);
  return draft('STORE_COLLECTED', input.reference, input.currency, [
    { account: feeReceivableAccount(input.storeId), amount: input.fee, currency: input.currency },
    { account: ACCOUNT_EXCHANGE_FEES, amount: -input.fee, currency: input.currency },
  ], input.memo ?? `store ${input.storeId} collected ${input.gross} ${input.currency}`);
}

/** A store that runs its own payment handling refunded `gross` itself; `fee` is the part of the fee the exchange gives up. */
export function storeRefundedJournal(input: { reference: string; storeId: string; currency: string; gross: number; fee: number; memo?: string }): JournalDraft {
  const where = `STORE_REFUNDED ${input.reference}`;
  checkParts(where, [{ storeId: input.storeId, gross: input.gross, fee: input.fee }]);
  return draft('STORE_REFUNDED', input.reference, input.currency, [
    { account: ACCOUNT_EXCHANGE_FEES, amount: input.fee, currency: input.currency },
    { account: feeReceivableAccount(input.storeId), amount: -input.fee, currency: input.currency },
  ], input.memo ?? `store ${input.storeId} refunded ${input.gross} ${input.currency}`);
}

/**
 * Splits `total` over `weights` in proportion, in whole minor units, so the shares sum
 * to `total` exactly (largest remainder; ties go to the earlier weight). E.g. the fee
 * returned with a partial refund, or a gift certificate payment spread over stores.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  for (const w of weights) if (!Number.isSafeInteger(w) || w < 0) throw new RangeError(`weights must be non-negative integers, got ${w}`);
  const whole = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (whole === 0n) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError('cannot allocate a non-zero total over zero weights');
  }
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const shares = exact.map((e) => e / whole);
  let left = BigInt(total) - shares.reduce((s, v) => s + v, 0n);
  const order = exact.map((e, i) => ({ i, rem: e % whole })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    shares[i] += 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

/**
 * The part of a captured fee that goes back with a refund of `refundGross` out of the
 * captured `capturedGross`, rounded half up; a full refund returns the whole fee.
 * Callers refunding in several steps should compute the cumulative fee to return and
 * subtract what earlier refunds returned, so the parts add up to the fee exactly.
 */
export function proportionalFee(capturedFee: number, capturedGross: number, refundGross: number): number {
  for (const [name, v] of [['capturedFee', capturedFee], ['capturedGross', capturedGross], ['refundGross', refundGross]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  if (refundGross > capturedGross) throw new RangeError(`refund ${refundGross} exceeds the captured ${capturedGross}`);
  if (capturedGross === 0) return 0;
  return Number((2n * BigInt(capturedFee) * BigInt(refundGross) + BigInt(capturedGross)) / (2n * BigInt(capturedGross)));
}

function draft(kind: JournalKind, reference: string, currency: string, lines: LedgerLine[], memo?: string): JournalDraft {
  if (!CURRENCY_PATTERN.test(currency)) throw new UnbalancedJournalError(`${kind} ${reference}: bad currency ${JSON.stringify(currency)}`);
  // merge lines on the same account (two parts of one store) and drop zero lines
  const merged = new Map<string, LedgerLine>();
  for (const line of lines) {
    const key = `${line.account}|${line.currency}`;
    const seen = merged.get(key);
    if (seen) seen.amount += line.amount;
    else merged.set(key, { ...line });
  }
  const result: JournalDraft = { kind, reference, lines: [...merged.values()].filter((l) => l.amount !== 0) };
  if (memo !== undefined) result.memo = memo;
  assertBalanced(result);
  return result;
}

function amount(where: string, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new UnbalancedJournalError(`${where}: ${name} must be a non-negative integer of minor units, got ${value}`);
}

function checkParts(where: string, parts: readonly StorePart[]): number {
  for (const p of parts) {
    requireStoreId(p.storeId);
    amount(where, `gross of ${p.storeId}`, p.gross);
    amount(where, `fee of ${p.storeId}`, p.fee);
    if (p.fee > p.gross) throw new UnbalancedJournalError(`${where}: fee ${p.fee} of ${p.storeId} exceeds its gross ${p.gross}`);
  }
  return sum(parts.map((p) => p.gross));
}

function sum(values: number[]): number {
  const total = values.reduce((s, v) => s + v, 0);
  if (!Number.isSafeInteger(total)) throw new UnbalancedJournalError('amount out of range');
  return total;
}

function requireStoreId(storeId: string): string {
  if (typeof storeId !== 'string' || storeId.trim() === '' || /\s/.test(storeId)) throw new UnbalancedJournalError(`bad store id ${JSON.stringify(storeId)}`);
  return storeId;
}
