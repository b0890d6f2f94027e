import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../lib/db.js';
import {
  planGiftCredits,
  planGiftDebits,
  REFUND_CREDIT_VALIDITY_MS,
  type GiftCertificateRecord,
  type GiftCertificateSource,
  type GiftClaimCounter,
  type GiftCredit,
  type GiftDebit,
  type HeldGift,
  type StoredGiftCertificateState,
} from '../domain/gift-certificates.js';
import { giftCertificateExpiredJournal } from '../domain/ledger.js';
import { postJournal } from './pg-ledger.js';

/**
 * gift_certificates, their movements and purchases in PostgreSQL (migration 006). Every
 * function takes the caller's client, so it runs inside the caller's transaction: the
 * checkout's debit with the order it pays for, a refund's credit with its ledger journal.
 *
 * Locks: certificates are locked in spending order (expires_at, created_at, id) by every
 * writer, so a checkout spending and a refund giving back to the same account's
 * certificates never deadlock.
 */

interface CertificateRow {
  id: string;
  account_id: string | null;
  initial_amount: number;
  balance: number;
  currency: string;
  expires_at: Date;
  state: StoredGiftCertificateState;
  source: GiftCertificateSource;
  purchase_id: string | null;
  reissued_from: string | null;
  recipient_email: string | null;
  message: string | null;
  created_at: Date;
  claimed_at: Date | null;
}

const COLUMNS = `id, account_id, initial_amount, balance, currency, expires_at, state, source, purchase_id, reissued_from, recipient_email, message, created_at, claimed_at`;
const SPENDING_ORDER = 'expires_at, created_at, id';

const toRecord = (r: CertificateRow): GiftCertificateRecord => ({
  id: r.id,
  accountId: r.account_id,
  initialAmount: r.initial_amount,
  balance: r.balance,
  currency: r.currency,
  expiresAt: r.expires_at,
  state: r.state,
  source: r.source,
  purchaseId: r.purchase_id,
  reissuedFrom: r.reissued_from,
  recipientEmail: r.recipient_email,
  message: r.message,
  createdAt: r.created_at,
  claimedAt: r.claimed_at,
});

export interface NewGiftCertificate {
  id: string;
  /** sha256 of the code (domain giftCodeHash); null: put straight on `accountId` */
  codeHash: string | null;
  accountId: string | null;
  amount: number;
  currency: string;
  expiresAt: Date;
  source: GiftCertificateSource;
  purchaseId?: string | null;
  reissuedFrom?: string | null;
  recipientEmail?: string | null;
  message?: string | null;
  now: Date;
}

export async function insertGiftCertificate(db: Queryable, c: NewGiftCertificate): Promise<GiftCertificateRecord> {
  const { rows } = await db.query<CertificateRow>(
    `INSERT INTO gift_certificates (id, code_hash, account_id, initial_amount, balance, currency, expires_at, state, source, purchase_id, reissued_from, recipient_email, message, created_at, claimed_at)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL)
     RETURNING ${COLUMNS}`,
    [
      c.id,
      c.codeHash,
      c.accountId,
      c.amount,
      c.currency,
      c.expiresAt,
      c.accountId === null ? 'UNCLAIMED' : 'ACTIVE',
      c.source,
      c.purchaseId ?? null,
      c.reissuedFrom ?? null,
      c.recipientEmail ?? null,
      c.message ?? null,
      c.now,
    ],
  );
  return toRecord(rows[0]);
}

export async function findGiftCertificates(db: Queryable, ids: readonly string[]): Promise<GiftCertificateRecord[]> {
  const { rows } = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM gift_certificates WHERE id = ANY($1::uuid[]) ORDER BY ${SPENDING_ORDER}`, [ids]);
  return rows.map(toRecord);
}

/** The certificate with this code hash, locked (FOR UPDATE) for a claim. */
export async function lockGiftCertificateByCode(db: Queryable, codeHash: string): Promise<GiftCertificateRecord | undefined> {
  const { rows } = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM gift_certificates WHERE code_hash = $1 FOR UPDATE`, [codeHash]);
  return rows[0] && toRecord(rows[0]);
}

/** The certificate with this id, locked (FOR UPDATE); undefined when there is none. */
export async function lockGiftCertificate(db: Queryable, id: string): Promise<GiftCertificateRecord | undefined> {
  const { rows } = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM gift_certificates WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] && toRecord(rows[0]);
}

/** An unclaimed certificate gets a fresh code (only its hash is kept: the old code stops matching) and its recipient's email. */
export async function replaceGiftCertificateCode(db: Queryable, id: string, codeHash: string, recipientEmail: string): Promise<GiftCertificateRecord> {
  const { rows } = await db.query<CertificateRow>(
    `UPDATE gift_certificates SET code_hash = $2, recipient_email = $3 WHERE id = $1 AND state = 'UNCLAIMED' RETURNING ${COLUMNS}`,
    [id, codeHash, recipientEmail],
  );
  if (!rows[0]) throw new Error(`gift certificate ${id} is not unclaimed`);
  return toRecord(rows[0]);
}

export async function claimGiftCertificate(db: Queryable, id: string, accountId: string, now: Date): Promise<GiftCertificateRecord> {
  const { rows } = await db.query<CertificateRow>(
    `UPDATE gift_certificates SET account_id = $2, state = 'ACTIVE', claimed_at = $3 WHERE id = $1 AND state = 'UNCLAIMED' RETURNING ${COLUMNS}`,
    [id, accountId, now],
  );
  if (!rows[0]) throw new Error(`gift certificate ${id} is not unclaimed`);
  return toRecord(rows[0]);
}

/** The account's certificates that can be spent at `now` (active, not expired, not empty), soonest-expiring first. */
export async function spendableGiftCertificates(db: Queryable, accountId: string, now: Date): Promise<GiftCertificateRecord[]> {
  const { rows } = await db.query<CertificateRow>(
    `SELECT ${COLUMNS} FROM gift_certificates
     WHERE account_id = $1 AND state = 'ACTIVE' AND expires_at > $2 AND balance > 0
     ORDER BY ${SPENDING_ORDER}`,
    [accountId, now],
  );
  return rows.map(toRecord);
}

/**
 * Checkout (inside the transaction that writes the order): locks the account's
 * certificates in `currency` and debits them soonest-expiring first for up to `upTo`
 * (domain planGiftDebits), recording a DEBIT movement per certificate. Returns what they
 * cover; remainders stay on the certificates.
 */
export async function debitGiftCertificates(
  db: Queryable,
  input: { accountId: string; orderId: string; currency: string; upTo: number; now: Date },
): Promise<{ applied: number; debits: GiftDebit[] }> {
  if (input.upTo === 0) return { applied: 0, debits: [] };
  const { rows } = await db.query<CertificateRow>(
    `SELECT ${COLUMNS} FROM gift_certificates
     WHERE account_id = $1 AND currency = $2 AND state = 'ACTIVE' AND expires_at > $3 AND balance > 0
     ORDER BY ${SPENDING_ORDER}
     FOR UPDATE`,
    [input.accountId, input.currency, input.now],
  );
  const plan = planGiftDebits(rows.map(toRecord), { currency: input.currency, upTo: input.upTo, now: input.now });
  for (const debit of plan.debits) {
    // the CHECK (balance >= 0) is the last word should the plan ever be wrong
    await db.query(`UPDATE gift_certificates SET balance = balance - $2 WHERE id = $1`, [debit.certificateId, debit.amount]);
    await db.query(
      `INSERT INTO gift_certificate_movements (certificate_id, order_id, kind, amount, created_at) VALUES ($1, $2, 'DEBIT', $3, $4)`,
      [debit.certificateId, input.orderId, debit.amount, input.now],
    );
  }
  return plan;
}

/**
 * What each certificate paid for the order and has not got back yet (the order's certificates,
 * locked in spending order). A certificate marked EXPIRED counts as expired whatever its
 * expires_at says (it stays empty: what comes back to it is re-issued).
 */
async function lockHeldGifts(db: Queryable, orderId: string, now: Date): Promise<(HeldGift & { accountId: string; currency: string })[]> {
  const { rows } = await db.query<{ id: string; account_id: string; currency: string; expires_at: Date; state: StoredGiftCertificateState; created_at: Date; outstanding: number }>(
    `WITH held AS (
       SELECT certificate_id, sum(CASE kind WHEN 'DEBIT' THEN amount ELSE -amount END) AS outstanding
       FROM gift_certificate_movements WHERE order_id = $1 GROUP BY certificate_id
     )
     SELECT c.id, c.account_id, c.currency, c.expires_at, c.state, c.created_at, held.outstanding
     FROM gift_certificates c JOIN held ON held.certificate_id = c.id
     WHERE held.outstanding > 0
     ORDER BY c.expires_at, c.created_at, c.id
     FOR UPDATE OF c`,
    [orderId],
  );
  return rows.map((r) => ({
    certificateId: r.id,
    accountId: r.account_id,
    currency: r.currency,
    expiresAt: r.state === 'EXPIRED' && r.expires_at.getTime() > now.getTime() ? now : r.expires_at,
    createdAt: r.created_at,
    outstanding: r.outstanding,
  }));
}

/**
 * Gives `amount` back to the certificates that paid for the order (domain planGiftCredits:
 * latest-expiring first; an expired one's share re-issued as a fresh REFUND certificate
 * valid for REFUND_CREDIT_VALIDITY_MS), with a CREDIT (or REISSUED) movement each.
 * `amount: 'ALL'` gives back everything still held (a checkout that failed: idempotent, a
 * second call finds nothing held). `transactionId`: the refund or void row whose
 * settlement this is (a row gives back once: unique per row and certificate).
 */
export async function creditGiftCertificates(
  db: Queryable,
  input: { orderId: string; amount: number | 'ALL'; transactionId: string | null; now: Date; reissueValidityMs?: number },
): Promise<GiftCredit[]> {
  const held = await lockHeldGifts(db, input.orderId, input.now);
  const amount = input.amount === 'ALL' ? held.reduce((s, h) => s + h.outstanding, 0) : input.amount;
  if (amount === 0) return [];
  const credits = planGiftCredits(held, amount, input.now);
  for (const credit of credits) {
    const from = held.find((h) => h.certificateId === credit.certificateId)!;
    if (!credit.reissue) {
      await db.query(`UPDATE gift_certificates SET balance = balance + $2 WHERE id = $1`, [credit.certificateId, credit.amount]);
      await db.query(
        `INSERT INTO gift_certificate_movements (certificate_id, order_id, kind, amount, transaction_id, created_at) VALUES ($1, $2, 'CREDIT', $3, $4, $5)`,
        [credit.certificateId, input.orderId, credit.amount, input.transactionId, input.now],
      );
      continue;
    }
    // expired meanwhile: the certificate stays expired; the credit goes to a fresh one
    const fresh = await insertGiftCertificate(db, {
      id: randomUUID(),
      codeHash: null,
      accountId: from.accountId,
      amount: credit.amount,
      currency: from.currency,
      expiresAt: new Date(input.now.getTime() + (input.reissueValidityMs ?? REFUND_CREDIT_VALIDITY_MS)),
      source: 'REFUND',
      reissuedFrom: credit.certificateId,
      now: input.now,
    });
    await db.query(
      `INSERT INTO gift_certificate_movements (certificate_id, order_id, kind, amount, transaction_id, reissued_as, created_at) VALUES ($1, $2, 'REISSUED', $3, $4, $5, $6)`,
      [credit.certificateId, input.orderId, credit.amount, input.transactionId, fresh.id, input.now],
    );
  }
  return credits;
}

/** Gives back everything the orders' certificates still hold for them (orders that will never be paid: void, expired baskets). */
export async function releaseGiftOfOrders(db: Queryable, orderIds: readonly string[], now: Date): Promise<void> {
  for (const orderId of orderIds) await creditGiftCertificates(db, { orderId, amount: 'ALL', transactionId: null, now });
}

export type GiftMovementKind = 'DEBIT' | 'CREDIT' | 'REISSUED' | 'EXPIRED';

/** The movements of a certificate, oldest first (audit). EXPIRED (the breakage at expiry) has no order. */
export async function movementsOf(
  db: Queryable,
  certificateId: string,
): Promise<{ orderId: string | null; kind: GiftMovementKind; amount: number; transactionId: string | null; reissuedAs: string | null; createdAt: Date }[]> {
  const { rows } = await db.query<{ order_id: string | null; kind: GiftMovementKind; amount: number; transaction_id: string | null; reissued_as: string | null; created_at: Date }>(
    `SELECT order_id, kind, amount, transaction_id, reissued_as, created_at FROM gift_certificate_movements WHERE certificate_id = $1 ORDER BY id`,
    [certificateId],
  );
  return rows.map((r) => ({ orderId: r.order_id, kind: r.kind, amount: r.amount, transactionId: r.transaction_id, reissuedAs: r.reissued_as, createdAt: r.created_at }));
}

// --- expiry (GiftCertificateExpiryJob) ---

/** A certificate the expiry marked EXPIRED, with what was left on it (the breakage; 0: nothing). */
export interface ExpiredGiftCertificate {
  id: string;
  accountId: string | null;
  currency: string;
  breakage: number;
}

/**
 * Marks up to `limit` certificates past their expiry at `now` (ACTIVE or UNCLAIMED) EXPIRED,
 * inside the caller's transaction: the balance left goes to 0 with an EXPIRED movement, and
 * the GIFT_CERTIFICATE_EXPIRED journal (reference = certificate id) takes it off the
 * liability. Rows are claimed FOR UPDATE SKIP LOCKED in spending order, so replicas expire
 * different certificates, and one a checkout or refund holds is left to the next run.
 */
export async function expireGiftCertificates(db: Queryable, input: { now: Date; limit: number }): Promise<ExpiredGiftCertificate[]> {
  const { rows } = await db.query<{ id: string; account_id: string | null; currency: string; breakage: number }>(
    `WITH due AS (
       SELECT id, balance FROM gift_certificates
       WHERE state IN ('ACTIVE','UNCLAIMED') AND expires_at <= $1
       ORDER BY ${SPENDING_ORDER}
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE gift_certificates c SET state = 'EXPIRED', balance = 0
     FROM due WHERE c.id = due.id
     RETURNING c.id, c.account_id, c.currency, due.balance AS breakage`,
    [input.now, input.limit],
  );
  const expired = rows.map((r) => ({ id: r.id, accountId: r.account_id, currency: r.currency, breakage: r.breakage }));
  for (const c of expired) {
    if (c.breakage === 0) continue;
    await db.query(`INSERT INTO gift_certificate_movements (certificate_id, order_id, kind, amount, created_at) VALUES ($1, NULL, 'EXPIRED', $2, $3)`, [c.id, c.breakage, input.now]);
    await postJournal(db, giftCertificateExpiredJournal({ reference: c.id, currency: c.currency, amount: c.breakage, memo: `gift certificate ${c.id} expired with ${c.breakage} ${c.currency} left` }), input.now);
  }
  return expired;
}

// --- claim rate limits (GiftCertificateService.claim) ---

/**
 * Serializes the claims counted against these subjects until the caller's transaction ends
 * (advisory locks, always taken in the same order), so concurrent claims cannot all pass the
 * limit before any failure is recorded.
 */
export async function lockClaimSubjects(db: Queryable, subjects: readonly string[]): Promise<void> {
  for (const subject of [...subjects].sort()) {
    await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 727275))`, [`gift-claim:${subject}`]);
  }
}

/** The counter's failures within its window at `now`, newest first (at most maxFailures). */
export async function recentClaimFailures(db: Queryable, counter: GiftClaimCounter, now: Date): Promise<Date[]> {
  const { rows } = await db.query<{ failed_at: Date }>(
    `SELECT failed_at FROM gift_certificate_claim_failures
     WHERE subject = $1 AND failed_at > $2 AND failed_at <= $3
     ORDER BY failed_at DESC LIMIT $4`,
    [counter.subject, new Date(now.getTime() - counter.windowMs), now, counter.maxFailures],
  );
  return rows.map((r) => r.failed_at);
}

/** A refused claim, counted against each subject. */
export async function recordClaimFailure(db: Queryable, subjects: readonly string[], now: Date): Promise<void> {
  await db.query(`INSERT INTO gift_certificate_claim_failures (subject, failed_at) SELECT s, $2 FROM unnest($1::text[]) AS s`, [subjects, now]);
}

/** Forgets refused claims from before `before` (they count in no window any more). Returns how many. */
export async function pruneClaimFailures(db: Queryable, before: Date): Promise<number> {
  const result = await db.query(`DELETE FROM gift_certificate_claim_failures WHERE failed_at < $1`, [before]);
  return result.rowCount ?? 0;
}

// --- purchases ---

export type PurchaseStatus = 'PENDING' | 'AUTHORIZED' | 'COMPLETED' | 'DECLINED';

export interface GiftPurchaseRecord {
  id: string;
  sessionId: string;
  accountId: string | null;
  amount: number;
  currency: string;
  recipientEmail: string;
  message: string | null;
  expiresAt: Date;
  status: PurchaseStatus;
  cardToken: string;
  authorizationReference: string | null;
  declineCode: string | null;
  createdAt: Date;
}

interface PurchaseRow {
  id: string;
  session_id: string;
  account_id: string | null;
  amount: number;
  currency: string;
  recipient_email: string;
  message: string | null;
  expires_at: Date;
  status: PurchaseStatus;
  card_token: string;
  authorization_reference: string | null;
  decline_code: string | null;
  created_at: Date;
}

const PURCHASE_COLUMNS = 'id, session_id, account_id, amount, currency, recipient_email, message, expires_at, status, card_token, authorization_reference, decline_code, created_at';

const toPurchase = (r: PurchaseRow): GiftPurchaseRecord => ({
  id: r.id,
  sessionId: r.session_id,
  accountId: r.account_id,
  amount: r.amount,
  currency: r.currency,
  recipientEmail: r.recipient_email,
  message: r.message,
  expiresAt: r.expires_at,
  status: r.status,
  cardToken: r.card_token,
  authorizationReference: r.authorization_reference,
  declineCode: r.decline_code,
  createdAt: r.created_at,
});

export async function insertGiftPurchase(
  db: Queryable,
  p: Omit<GiftPurchaseRecord, 'status' | 'authorizationReference' | 'declineCode'> & { cardBrand: string; cardLast4: string },
): Promise<void> {
  await db.query(
    `INSERT INTO gift_certificate_purchases (id, session_id, account_id, amount, currency, recipient_email, message, expires_at, status, card_brand, card_last4, card_token, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9, $10, $11, $12)`,
    [p.id, p.sessionId, p.accountId, p.amount, p.currency, p.recipientEmail, p.message, p.expiresAt, p.cardBrand, p.cardLast4, p.cardToken, p.createdAt],
  );
}

export async function findGiftPurchase(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<GiftPurchaseRecord | undefined> {
  const { rows } = await db.query<PurchaseRow>(`SELECT ${PURCHASE_COLUMNS} FROM gift_certificate_purchases WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] && toPurchase(rows[0]);
}

/** The provider approved the authorization (only a PENDING purchase moves). */
export async function markGiftPurchaseAuthorized(db: Queryable, id: string, reference: string): Promise<void> {
  await db.query(`UPDATE gift_certificate_purchases SET status = 'AUTHORIZED', authorization_reference = $2 WHERE id = $1 AND status = 'PENDING'`, [id, reference]);
}

/** Declined: nothing was charged (final). */
export async function markGiftPurchaseDeclined(db: Queryable, id: string, declineCode: string): Promise<void> {
  await db.query(`UPDATE gift_certificate_purchases SET status = 'DECLINED', decline_code = $2 WHERE id = $1 AND status IN ('PENDING','AUTHORIZED')`, [id, declineCode]);
}

export async function markGiftPurchaseCompleted(db: Queryable, id: string, captureReference: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE gift_certificate_purchases SET status = 'COMPLETED', capture_reference = $2, completed_at = $3 WHERE id = $1 AND status = 'AUTHORIZED'`,
    [id, captureReference, now],
  );
}

/** The certificate a completed purchase created. */
export async function certificateOfPurchase(db: Queryable, purchaseId: string): Promise<GiftCertificateRecord | undefined> {
  const { rows } = await db.query<CertificateRow>(`SELECT ${COLUMNS} FROM gift_certificates WHERE purchase_id = $1`, [purchaseId]);
  return rows[0] && toRecord(rows[0]);
}
