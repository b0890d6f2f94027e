import { randomBytes } from 'node:crypto';
import { detectBrand, luhnValid, normalizeCardNumber, type RawCard } from '../domain/card-check.js';
import type { AuthorizeRequest, AuthorizeResult, CardToken, PaymentProvider } from '../domain/payment-provider.js';

/** Test cards with a fixed outcome; any other Luhn-valid number approves. */
export const SANDBOX_DECLINES: Readonly<Record<string, string>> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

export interface SandboxAuthorization {
  idempotencyKey: string;
  token: string;
  amount: number;
  currency: string;
  result: AuthorizeResult;
}

/**
 * An in-process stand-in for a card processor. It holds card numbers the way a real
 * provider's vault does (behind tokens, in its own memory) and records each distinct
 * authorization so tests can count charges.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  private readonly vault = new Map<string, { digits: string }>();
  private readonly byKey = new Map<string, SandboxAuthorization>();
  /** Every authorization that reached the processor (a repeated idempotency key is not a new one). */
  readonly authorizations: SandboxAuthorization[] = [];
  /** Every authorize call, repeats included. */
  authorizeCalls = 0;
  tokenizeCalls = 0;

  /** Distinct authorizations (charges attempted); a replayed idempotency key does not count. */
  authorizationCount(): number {
    return this.authorizations.length;
  }

  /** Every call that reached the provider (tokenize and authorize). */
  callCount(): number {
    return this.tokenizeCalls + this.authorizeCalls;
  }

  async tokenize(card: RawCard): Promise<CardToken> {
    this.tokenizeCalls++;
    const digits = normalizeCardNumber(card.number);
    if (!digits) throw new Error('sandbox: card number is not numeric');
    const token = `tok_${randomBytes(12).toString('hex')}`;
    this.vault.set(token, { digits });
    return { token, brand: detectBrand(digits) ?? 'UNKNOWN', last4: digits.slice(-4) };
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    this.authorizeCalls++;
    const previous = this.byKey.get(request.idempotencyKey);
    if (previous) {
      // as real providers do: a key replays its first result, and only for the same charge
      if (previous.amount !== request.amount || previous.currency !== request.currency) {
        throw new Error('sandbox: idempotency key reused with a different amount');
      }
      return previous.result;
    }
    const card = this.vault.get(request.token);
    if (!card) throw new Error('sandbox: unknown card token');
    const reference = `auth_${randomBytes(12).toString('hex')}`;
    const declineCode = SANDBOX_DECLINES[card.digits] ?? (luhnValid(card.digits) ? undefined : 'incorrect_number');
    const result: AuthorizeResult = declineCode ? { status: 'declined', reference, declineCode } : { status: 'approved', reference };
    const authorization = { idempotencyKey: request.idempotencyKey, token: request.token, amount: request.amount, currency: request.currency, result };
    this.byKey.set(request.idempotencyKey, authorization);
    this.authorizations.push(authorization);
    return result;
  }

  /** Approved authorizations: money actually held on shoppers' cards. */
  approvedAuthorizations(): SandboxAuthorization[] {
    return this.authorizations.filter((a) => a.result.status === 'approved');
  }
}
