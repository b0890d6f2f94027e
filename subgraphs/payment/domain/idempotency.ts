import { createHash } from 'node:crypto';
import { cardFingerprint, type RawCard } from './card-check.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/** Why a key is unacceptable, or null when it is fine. */
export function idempotencyKeyProblem(key: string): string | null {
  if (key.trim().length === 0) return 'The idempotency key must not be blank.';
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) return `The idempotency key may have at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`;
  return null;
}

export interface CheckoutRequestInput {
  cartVersion?: number | null;
  /** null: no card given (gift certificates may pay it all) */
  card: RawCard | null;
  contactEmail?: string | null;
  /** GIFT CERTIFICATES: pay from the account's gift balance first */
  useGiftBalance?: boolean;
}

/**
 * sha256 of the canonical checkout input. The card enters only as brand, last four and
 * expiry, so the stored hash cannot be turned back into a card number (and a retry
 * that retypes the same card still matches). The cvc is never part of it.
 */
export function checkoutRequestHash(input: CheckoutRequestInput): string {
  const card = input.card ? cardFingerprint(input.card) : { brand: null, last4: null, expMonth: null, expYear: null };
  const parts: unknown[] = ['checkout/v1', input.cartVersion ?? null, card.brand, card.last4, card.expMonth, card.expYear];
  // appended only when given, so the hash of a checkout without one is what it always was
  if (input.contactEmail) parts.push({ contactEmail: input.contactEmail.toLowerCase() });
  if (input.useGiftBalance) parts.push({ useGiftBalance: true });
  const canonical = JSON.stringify(parts);
  return createHash('sha256').update(canonical).digest('hex');
}
