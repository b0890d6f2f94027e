/**
 * The native store's sandbox processor: which test cards approve (the same as the exchange's
 * sandbox, subgraphs/payment/infra/sandbox-payment-provider.ts). Pure.
 *
 * | card number        | authorize                     |
 * |--------------------|-------------------------------|
 * | 4242424242424242 … | approved                      |
 * | 4000000000000002   | declined card_declined        |
 * | 4000000000009995   | declined insufficient_funds   |
 * | any other number   | approved if Luhn-valid and not expired, else declined incorrect_number / expired_card |
 */
export const STORE_SANDBOX_DECLINES: Readonly<Record<string, string>> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

export interface SandboxCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type SandboxCardOutcome = { approved: true; brand: string; last4: string } | { approved: false; declineCode: string; brand: string | null; last4: string | null };

export function sandboxCardOutcome(card: SandboxCard, now: Date): SandboxCardOutcome {
  const digits = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return { approved: false, declineCode: 'incorrect_number', brand: null, last4: null };
  const brand = brandOf(digits);
  const last4 = digits.slice(-4);
  const declined = STORE_SANDBOX_DECLINES[digits];
  if (declined) return { approved: false, declineCode: declined, brand, last4 };
  if (!luhnValid(digits)) return { approved: false, declineCode: 'incorrect_number', brand, last4 };
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  if (!Number.isInteger(card.expMonth) || card.expMonth < 1 || card.expMonth > 12 || !Number.isInteger(card.expYear) || card.expYear < year || (card.expYear === year && card.expMonth < month)) {
    return { approved: false, declineCode: 'expired_card', brand, last4 };
  }
  if (!/^\d{3,4}$/.test(card.cvc)) return { approved: false, declineCode: 'incorrect_cvc', brand, last4 };
  return { approved: true, brand, last4 };
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'VISA';
  if (/^3[47]/.test(digits)) return 'AMEX';
  if (/^(6011|65)/.test(digits)) return 'DISCOVER';
  if (/^5[1-5]/.test(digits) || (Number(digits.slice(0, 4)) >= 2221 && Number(digits.slice(0, 4)) <= 2720)) return 'MASTERCARD';
  return 'UNKNOWN';
}
