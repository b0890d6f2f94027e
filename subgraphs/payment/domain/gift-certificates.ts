/**
 * Gift certificates (domain "Gift certificates"): the pure rules. Storage is
 * infra/pg-gift-certificates.ts, the API gift-certificate-service.ts.
 *
 * - A customer's gift balance is made of certificates, each with its own currency,
 *   balance and expiry. Spending takes the soonest-expiring certificate first (same
 *   currency, active, not expired); what is not spent stays on the certificate.
 * - A certificate comes from an operator (ISSUED, straight onto an account), from a
 *   purchase (PURCHASED, for someone else: it is UNCLAIMED until the recipient claims it
 *   with its code), or from a refund (REFUND, see below).
 * - Codes: 16 characters of Crockford's base32 (80 random bits), shown as XXXX-XXXX-XXXX-XXXX,
 *   typed case-insensitively with or without separators (O reads as 0, I and L as 1). Only
 *   the sha256 of the normalized code is stored; the code itself is sent once, in the
 *   recipient's email. A code is looked up by its hash, so a wrong code reveals nothing
 *   about which part of it is wrong.
 * - Money given back to a shopper's gift balance (a refund's gift part, an order's gift
 *   part that will not be spent, a checkout that failed) goes back to the certificates
 *   that paid for that order, the latest-expiring first (the longest-lived first), at
 *   most what each paid. A certificate that has expired meanwhile does not come back to
 *   life: its share is re-issued as a fresh certificate (source REFUND) valid for
 *   REFUND_CREDIT_VALIDITY_MS (90 days) from the moment of the credit.
 * - Expiry (GiftCertificateExpiryJob): a certificate past its expiry (active or unclaimed)
 *   is marked EXPIRED; what was left on it is breakage — its balance goes to 0 (an EXPIRED
 *   movement) and a GIFT_CERTIFICATE_EXPIRED journal moves it from the liability to
 *   revenue:gift-certificate-breakage. An expired certificate stays empty for good.
 * - Claims are rate limited (GIFT_CLAIM_LIMITS): too many refused claims of an account or
 *   from a client IP within a window and every claim is refused (RATE_LIMITED), a correct
 *   code included, until the window has passed — so the answer tells nothing about the code.
 */
import { createHash, randomInt } from 'node:crypto';

export interface Money {
  amount: number;
  currency: string;
}

/** The state as stored (expiry is read from expiresAt). */
export type StoredGiftCertificateState = 'UNCLAIMED' | 'ACTIVE' | 'EXPIRED';
/** The state as the API shows it: SPENT is an active certificate with nothing left. */
export type GiftCertificateState = 'UNCLAIMED' | 'ACTIVE' | 'SPENT' | 'EXPIRED';
export type GiftCertificateSource = 'ISSUED' | 'PURCHASED' | 'REFUND';

/** A certificate as stored. */
export interface GiftCertificateRecord {
  id: string;
  accountId: string | null;
  initialAmount: number;
  balance: number;
  currency: string;
  expiresAt: Date;
  state: StoredGiftCertificateState;
  source: GiftCertificateSource;
  purchaseId: string | null;
  reissuedFrom: string | null;
  recipientEmail: string | null;
  message: string | null;
  createdAt: Date;
  claimedAt: Date | null;
}

/** GiftCertificate in the API (codegen mapper). The code is never part of it. */
export interface GiftCertificateModel {
  id: string;
  initialAmount: Money;
  balance: Money;
  expiresAt: Date;
  state: GiftCertificateState;
  source: GiftCertificateSource;
  claimedAt: Date | null;
  message: string | null;
  createdAt: Date;
}

/** The port to the session service's accounts (an account's email for the gift email). */
export interface AccountContacts {
  /** The account's email, or null when there is no such account. Rejects when the session service cannot be reached. */
  contactOf(accountId: string): Promise<{ email: string } | null>;
}

/** A purchased certificate is good for this long by default (configurable per server). */
export const DEFAULT_PURCHASE_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;
/** A refund credit due to a certificate that has expired is re-issued, good for this long. */
export const REFUND_CREDIT_VALIDITY_MS = 90 * 24 * 60 * 60 * 1000;
/** The largest certificate (minor units) issued or sold at once. */
export const GIFT_CERTIFICATE_MAX_AMOUNT = 10_000_000;
export const GIFT_MESSAGE_MAX_LENGTH = 500;
/** An operator may issue a certificate valid for at most this long. */
export const ISSUE_MAX_VALIDITY_MS = 10 * 365 * 24 * 60 * 60 * 1000;

export function giftCertificateState(c: Pick<GiftCertificateRecord, 'state' | 'balance' | 'expiresAt'>, now: Date): GiftCertificateState {
  if (c.state === 'EXPIRED' || c.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  if (c.state === 'UNCLAIMED') return 'UNCLAIMED';
  return c.balance === 0 ? 'SPENT' : 'ACTIVE';
}

export function toGiftCertificateModel(c: GiftCertificateRecord, now: Date): GiftCertificateModel {
  return {
    id: c.id,
    initialAmount: { amount: c.initialAmount, currency: c.currency },
    balance: { amount: c.balance, currency: c.currency },
    expiresAt: c.expiresAt,
    state: giftCertificateState(c, now),
    source: c.source,
    claimedAt: c.claimedAt,
    message: c.message,
    createdAt: c.createdAt,
  };
}

// --- claim rate limits ---

export interface GiftClaimLimit {
  /** Refused claims allowed within one window; past them every claim is refused. */
  maxFailures: number;
  windowMs: number;
}

export interface GiftClaimLimits {
  /** One account trying codes. */
  perAccount: GiftClaimLimit;
  /** One client (IP, as the gateway saw it) trying codes, whatever the accounts. */
  perIp: GiftClaimLimit;
}

export const DEFAULT_GIFT_CLAIM_LIMITS: GiftClaimLimits = Object.freeze({
  perAccount: Object.freeze({ maxFailures: 5, windowMs: 15 * 60_000 }),
  perIp: Object.freeze({ maxFailures: 5, windowMs: 15 * 60_000 }),
});

/** A counter a claim is counted against: `account:<id>` or `ip:<clientIp>`, with its limit. */
export interface GiftClaimCounter extends GiftClaimLimit {
  subject: string;
}

/** The counters a claim by `accountId` from `clientIp` (when known) touches. */
export function giftClaimCounters(accountId: string, clientIp: string | undefined | null, limits: GiftClaimLimits = DEFAULT_GIFT_CLAIM_LIMITS): GiftClaimCounter[] {
  const counters: GiftClaimCounter[] = [{ subject: `account:${accountId}`, ...limits.perAccount }];
  const ip = typeof clientIp === 'string' ? clientIp.trim().slice(0, 200) : '';
  if (ip !== '') counters.push({ subject: `ip:${ip}`, ...limits.perIp });
  return counters;
}

/** Throws unless every limit is a positive whole number of failures and milliseconds. */
export function assertGiftClaimLimits(limits: GiftClaimLimits): GiftClaimLimits {
  for (const [name, limit] of Object.entries(limits) as [string, GiftClaimLimit][]) {
    if (!Number.isSafeInteger(limit?.maxFailures) || limit.maxFailures < 1 || !Number.isSafeInteger(limit.windowMs) || limit.windowMs < 1000) {
      throw new Error(`gift claim limit ${name} needs maxFailures >= 1 and windowMs >= 1000, got ${JSON.stringify(limit)}`);
    }
  }
  return limits;
}

/**
 * How long until a counter lets a claim through: `recentFailures` are its failures within
 * the window (newest first). Limited when it has maxFailures of them; the oldest of the
 * last maxFailures leaves the window at failed_at + windowMs. 0 when not limited.
 */
export function claimLockoutMs(counter: GiftClaimLimit, recentFailures: readonly Date[], now: Date): number {
  if (recentFailures.length < counter.maxFailures) return 0;
  const pivot = recentFailures[counter.maxFailures - 1];
  return Math.max(0, pivot.getTime() + counter.windowMs - now.getTime());
}

// --- codes ---

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 16;

/** A fresh random code, XXXX-XXXX-XXXX-XXXX (80 bits). */
export function newGiftCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}

/** The code as stored (upper case, no separators, O→0, I/L→1), or null when it cannot be one. */
export function normalizeGiftCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** sha256 (hex) of a normalized code: what is stored and looked up. */
export function giftCodeHash(normalizedCode: string): string {
  return createHash('sha256').update(`gift-certificate:${normalizedCode}`).digest('hex');
}

// --- spending (checkout) ---

export interface SpendableCertificate {
  id: string;
  currency: string;
  balance: number;
  expiresAt: Date;
  state: StoredGiftCertificateState;
  createdAt: Date;
}

export interface GiftDebit {
  certificateId: string;
  amount: number;
}

/**
 * What to take from which certificate to pay up to `upTo` in `currency` at `now`:
 * active certificates of that currency, not expired, soonest-expiring first (then the
 * oldest, then by id), each until it is empty or the amount is covered. Certificates of
 * other currencies, unclaimed, expired or empty ones are skipped. `applied` is what the
 * certificates cover (≤ upTo); remainders stay on them.
 */
export function planGiftDebits(certificates: readonly SpendableCertificate[], input: { currency: string; upTo: number; now: Date }): { applied: number; debits: GiftDebit[] } {
  if (!Number.isSafeInteger(input.upTo) || input.upTo < 0) throw new RangeError(`upTo must be a non-negative integer, got ${input.upTo}`);
  const spendable = certificates
    .filter((c) => c.state === 'ACTIVE' && c.currency === input.currency && c.balance > 0 && c.expiresAt.getTime() > input.now.getTime())
    .sort(soonestExpiringFirst);
  const debits: GiftDebit[] = [];
  let left = input.upTo;
  for (const c of spendable) {
    if (left === 0) break;
    const amount = Math.min(c.balance, left);
    debits.push({ certificateId: c.id, amount });
    left -= amount;
  }
  return { applied: input.upTo - left, debits };
}

type Expiring = { expiresAt: Date; createdAt: Date } & ({ id: string } | { certificateId: string });

/** Spending order: soonest expiry, then the oldest, then by id (as the database sorts: expires_at, created_at, id). */
export function soonestExpiringFirst(a: Expiring, b: Expiring): number {
  const ida = 'id' in a ? a.id : a.certificateId;
  const idb = 'id' in b ? b.id : b.certificateId;
  return a.expiresAt.getTime() - b.expiresAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || (ida < idb ? -1 : ida > idb ? 1 : 0);
}

// --- giving back ---

/** A certificate that paid for an order, with what it paid and has not got back yet. */
export interface HeldGift {
  certificateId: string;
  expiresAt: Date;
  createdAt: Date;
  /** Σ debits for the order − Σ credits (and re-issues) for it */
  outstanding: number;
}

export interface GiftCredit {
  certificateId: string;
  amount: number;
  /** the certificate has expired: the amount goes to a fresh certificate instead */
  reissue: boolean;
}

/**
 * Where `amount` given back for an order goes: to the certificates that paid for it, the
 * latest-expiring first, each at most what it still has outstanding for the order; the
 * share of one that has expired at `now` is re-issued (see the module comment). Throws
 * when more is given back than the certificates paid (a caller's bug).
 */
export function planGiftCredits(held: readonly HeldGift[], amount: number, now: Date): GiftCredit[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  const outstanding = held.reduce((s, h) => s + h.outstanding, 0);
  if (amount > outstanding) throw new RangeError(`cannot give back ${amount}: the order's certificates paid ${outstanding} not yet given back`);
  const credits: GiftCredit[] = [];
  let left = amount;
  for (const h of [...held].filter((x) => x.outstanding > 0).sort((a, b) => soonestExpiringFirst(b, a))) {
    if (left === 0) break;
    const share = Math.min(h.outstanding, left);
    credits.push({ certificateId: h.certificateId, amount: share, reissue: h.expiresAt.getTime() <= now.getTime() });
    left -= share;
  }
  return credits;
}

// --- input checks ---

export const GIFT_CURRENCY = /^[A-Z]{3}$/;

/** Why an amount is unacceptable for a new certificate, or null. */
export function giftAmountProblem(amount: number): string | null {
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > GIFT_CERTIFICATE_MAX_AMOUNT) {
    return `The amount must be a whole number of minor units from 1 to ${GIFT_CERTIFICATE_MAX_AMOUNT}.`;
  }
  return null;
}

/** Why a message is unacceptable, or null. */
export function giftMessageProblem(message: string | null): string | null {
  if (message !== null && (message.length > GIFT_MESSAGE_MAX_LENGTH || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(message))) {
    return `The message may have at most ${GIFT_MESSAGE_MAX_LENGTH} characters and no control characters.`;
  }
  return null;
}

/**
 * The provider reference of an order's own authorization made without a card: the order is
 * paid by gift certificates alone (the exchange collects nothing on a card). Rows against it
 * never reach the provider (settlement.ts `withoutProvider`).
 */
export const GIFT_ONLY_AUTHORIZATION_REFERENCE = 'gift-certificates';

/**
 * What the exchange itself collects of an order (the agreed composition): the parts whose
 * store does not run its own payment handling (items + shipping). Gift certificates pay
 * only this portion: giftApplied = min(gift balance, exchangeRunTotal) and the card the rest.
 */
export function exchangeRunTotalOf(parts: readonly { subtotal: number; shipping: number; paidBy?: 'EXCHANGE' | 'STORE' }[]): number {
  return parts.filter((p) => p.paidBy !== 'STORE').reduce((total, p) => total + p.subtotal + p.shipping, 0);
}
