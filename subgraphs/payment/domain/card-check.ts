/**
 * Card pre-check: a number is checked here before it is sent anywhere (domain rule
 * "Cards"). Pure; the clock's date is passed in for the expiry check.
 */

export type CardBrand = 'VISA' | 'MASTERCARD' | 'AMEX' | 'DISCOVER';

export interface RawCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** A card that passed the pre-check: digits only, brand known. Lives in memory only. */
export interface CheckedCard {
  digits: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardInvalidReason =
  | 'NOT_A_NUMBER'
  | 'UNKNOWN_BRAND'
  | 'BAD_LENGTH'
  | 'BAD_CHECKSUM'
  | 'BAD_EXPIRY_MONTH'
  | 'BAD_EXPIRY_YEAR'
  | 'EXPIRED'
  | 'BAD_CVC';

export type CardCheckResult = { ok: true; card: CheckedCard } | { ok: false; reason: CardInvalidReason; message: string };

const BRAND_NAMES: Record<CardBrand, string> = { VISA: 'Visa', MASTERCARD: 'Mastercard', AMEX: 'American Express', DISCOVER: 'Discover' };

const BRAND_LENGTHS: Record<CardBrand, readonly number[]> = {
  VISA: [13, 16, 19],
  MASTERCARD: [16],
  AMEX: [15],
  DISCOVER: [16],
};

/** Strips the spaces and dashes people type; null when anything else but digits is left. */
export function normalizeCardNumber(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  return /^\d+$/.test(digits) ? digits : null;
}

/** The brand a number's prefix announces (length not considered). */
export function detectBrand(digits: string): CardBrand | undefined {
  if (digits.startsWith('4')) return 'VISA';
  if (digits.startsWith('34') || digits.startsWith('37')) return 'AMEX';
  if (digits.startsWith('6011') || digits.startsWith('65')) return 'DISCOVER';
  const two = Number(digits.slice(0, 2));
  if (digits.length >= 2 && two >= 51 && two <= 55) return 'MASTERCARD';
  const four = Number(digits.slice(0, 4));
  if (digits.length >= 4 && four >= 2221 && four <= 2720) return 'MASTERCARD';
  return undefined;
}

/** Luhn (mod 10) checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Two-digit years mean 20xx, as printed on cards. */
export function normalizeExpYear(year: number): number {
  return year >= 0 && year < 100 ? 2000 + year : year;
}

export function checkCard(card: RawCard, now: Date): CardCheckResult {
  const digits = normalizeCardNumber(card.number);
  if (digits === null) return invalid('NOT_A_NUMBER', 'The card number may contain only digits, spaces and dashes.');
  const brand = detectBrand(digits);
  if (!brand) return invalid('UNKNOWN_BRAND', 'The card number does not start like a Visa, Mastercard, American Express or Discover card.');
  if (!BRAND_LENGTHS[brand].includes(digits.length)) {
    return invalid('BAD_LENGTH', `A ${BRAND_NAMES[brand]} card number has ${BRAND_LENGTHS[brand].join(' or ')} digits, not ${digits.length}.`);
  }
  if (!luhnValid(digits)) return invalid('BAD_CHECKSUM', 'The card number is mistyped (checksum does not match).');
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12) {
    return invalid('BAD_EXPIRY_MONTH', 'The expiry month must be 1 to 12.');
  }
  const expYear = normalizeExpYear(card.expYear);
  if (!Number.isInteger(expYear) || expYear < 2000 || expYear > 2100) return invalid('BAD_EXPIRY_YEAR', 'The expiry year is not a plausible year.');
  // a card is good through the last day of its expiry month
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (expYear < year || (expYear === year && card.expMonth < month)) return invalid('EXPIRED', 'The card has expired.');
  const cvcLength = brand === 'AMEX' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc)) return invalid('BAD_CVC', `The security code has ${cvcLength} digits for this card.`);
  return { ok: true, card: { digits, brand, last4: digits.slice(-4), expMonth: card.expMonth, expYear, cvc: card.cvc } };
}

function invalid(reason: CardInvalidReason, message: string): CardCheckResult {
  return { ok: false, reason, message };
}

/**
 * What identifies a card for idempotency without the number itself: brand, last four
 * and expiry (what the shopper can see on the receipt).
 */
export function cardFingerprint(card: RawCard): { brand: string; last4: string; expMonth: number; expYear: number } {
  const digits = normalizeCardNumber(card.number) ?? '';
  return { brand: detectBrand(digits) ?? 'UNKNOWN', last4: digits.slice(-4), expMonth: card.expMonth, expYear: normalizeExpYear(card.expYear) };
}
