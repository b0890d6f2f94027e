import { createHash, randomBytes } from 'node:crypto';
import { detectBrand, luhnValid, normalizeCardNumber, type RawCard } from '../domain/card-check.js';
import type {
  AuthorizeRequest,
  AuthorizeResult,
  CaptureRequest,
  CardToken,
  PaymentProvider,
  ProviderResult,
  RefundRequest,
  VoidRequest,
} from '../domain/payment-provider.js';

/**
 * Test cards with a fixed outcome at checkout; any other Luhn-valid number approves.
 *
 * | card number        | checkout authorization | later (merchant-initiated) authorizations |
 * |--------------------|------------------------|-------------------------------------------|
 * | 4242424242424242 … | approved               | approved                                  |
 * | 4000000000000002   | declined card_declined | —                                         |
 * | 4000000000009995   | declined insufficient_funds | —                                    |
 * | 4000000000000341   | approved               | declined card_declined (see SANDBOX_MERCHANT_INITIATED_DECLINES) |
 */
export const SANDBOX_DECLINES: Readonly<Record<string, string>> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

/**
 * Cards that approve the shopper's own authorization at checkout but decline every
 * merchant-initiated one on the stored token (the new authorizations for partial
 * shipments): tests use them to see a DECLINED partial authorization.
 */
export const SANDBOX_MERCHANT_INITIATED_DECLINES: Readonly<Record<string, string>> = {
  '4000000000000341': 'card_declined',
};

export interface SandboxAuthorization {
  idempotencyKey: string;
  token: string;
  amount: number;
  currency: string;
  merchantInitiated: boolean;
  result: AuthorizeResult;
}

export interface SandboxOperation {
  kind: 'capture' | 'void' | 'refund';
  idempotencyKey: string;
  /** the authorization (capture, void) or capture (refund) acted on */
  target: string;
  amount: number | null;
  currency: string | null;
  result: ProviderResult;
}

/**
 * An in-process stand-in for a card processor.
 *
 * Stateless enough for several replicas: a token carries the card's sandbox behaviour
 * (never its number), and references carry what later calls need — an authorization
 * reference `auth_<amount>_<currency>_<id>` lets any replica capture it whole, a capture
 * reference `cap_<amount>_<currency>_<id>` bounds what may be refunded — and every
 * reference is derived from the idempotency key, so a repeat on another replica gets the
 * same answer. Each instance also records what reached it, so tests can count calls;
 * cross-call rules it can only check in its own memory (no capture after a void, refunds
 * up to the captured amount in total) are checked per instance.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  private readonly byKey = new Map<string, SandboxAuthorization>();
  private readonly operationsByKey = new Map<string, SandboxOperation>();
  private readonly voided = new Set<string>();
  private readonly refundedByCapture = new Map<string, number>();
  /** Every authorization that reached the processor (a repeated idempotency key is not a new one). */
  readonly authorizations: SandboxAuthorization[] = [];
  /** Every distinct capture, void and refund (a repeated idempotency key is not a new one). */
  readonly operations: SandboxOperation[] = [];
  /** Every call per idempotency key, repeats included (authorize, capture, void, refund). */
  readonly callsByKey = new Map<string, number>();
  /** Every authorize call, repeats included. */
  authorizeCalls = 0;
  tokenizeCalls = 0;
  /** Every capture, void and refund call, repeats included. */
  operationCalls = 0;

  /** Distinct authorizations (charges attempted); a replayed idempotency key does not count. */
  authorizationCount(): number {
    return this.authorizations.length;
  }

  /** Every call that reached the provider. */
  callCount(): number {
    return this.tokenizeCalls + this.authorizeCalls + this.operationCalls;
  }

  async tokenize(card: RawCard): Promise<CardToken> {
    this.tokenizeCalls++;
    const digits = normalizeCardNumber(card.number);
    if (!digits) throw new Error('sandbox: card number is not numeric');
    const checkout = SANDBOX_DECLINES[digits] ?? (luhnValid(digits) ? 'ok' : 'incorrect_number');
    const later = SANDBOX_MERCHANT_INITIATED_DECLINES[digits] ?? checkout;
    // the token carries the card's behaviour, not its number
    const token = `tok_${randomBytes(12).toString('hex')}_${checkout}.${later}`;
    return { token, brand: detectBrand(digits) ?? 'UNKNOWN', last4: digits.slice(-4) };
  }

  async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
    this.authorizeCalls++;
    this.count(request.idempotencyKey);
    const previous = this.byKey.get(request.idempotencyKey);
    if (previous) {
      // as real providers do: a key replays its first result, and only for the same charge
      if (previous.amount !== request.amount || previous.currency !== request.currency) {
        throw new Error('sandbox: idempotency key reused with a different amount');
      }
      return previous.result;
    }
    const behaviour = /^tok_[0-9a-f]{24}_([a-z_]+)\.([a-z_]+)$/.exec(request.token);
    if (!behaviour) throw new Error('sandbox: unknown card token');
    const merchantInitiated = request.merchantInitiated === true;
    const outcome = merchantInitiated ? behaviour[2] : behaviour[1];
    const reference = `auth_${request.amount}_${request.currency}_${keyId(request.idempotencyKey)}`;
    const result: AuthorizeResult = outcome === 'ok' ? { status: 'approved', reference } : { status: 'declined', reference, declineCode: outcome };
    const authorization = { idempotencyKey: request.idempotencyKey, token: request.token, amount: request.amount, currency: request.currency, merchantInitiated, result };
    this.byKey.set(request.idempotencyKey, authorization);
    this.authorizations.push(authorization);
    return result;
  }

  async capture(request: CaptureRequest): Promise<ProviderResult> {
    return this.operation('capture', request.idempotencyKey, request.authorizationReference, request.amount, request.currency, () => {
      const auth = parseReference('auth', request.authorizationReference);
      if (!auth) return { status: 'declined', declineCode: 'unknown_authorization' };
      if (this.voided.has(request.authorizationReference)) return { status: 'declined', declineCode: 'authorization_voided' };
      // an authorization is captured whole or not at all (legacy references carry no amount: trusted)
      if (auth.amount !== null && (auth.amount !== request.amount || auth.currency !== request.currency)) return { status: 'declined', declineCode: 'amount_mismatch' };
      return { status: 'succeeded', reference: `cap_${request.amount}_${request.currency}_${keyId(request.idempotencyKey)}` };
    });
  }

  async void(request: VoidRequest): Promise<ProviderResult> {
    return this.operation('void', request.idempotencyKey, request.authorizationReference, null, null, () => {
      if (!parseReference('auth', request.authorizationReference)) return { status: 'declined', declineCode: 'unknown_authorization' };
      this.voided.add(request.authorizationReference);
      return { status: 'succeeded', reference: `void_${keyId(request.idempotencyKey)}` };
    });
  }

  async refund(request: RefundRequest): Promise<ProviderResult> {
    return this.operation('refund', request.idempotencyKey, request.captureReference, request.amount, request.currency, () => {
      const capture = parseReference('cap', request.captureReference);
      if (!capture) return { status: 'declined', declineCode: 'unknown_capture' };
      const refunded = this.refundedByCapture.get(request.captureReference) ?? 0;
      if ((capture.currency !== null && capture.currency !== request.currency) || request.amount <= 0 || (capture.amount !== null && refunded + request.amount > capture.amount)) {
        return { status: 'declined', declineCode: 'amount_too_large' };
      }
      this.refundedByCapture.set(request.captureReference, refunded + request.amount);
      return { status: 'succeeded', reference: `ref_${keyId(request.idempotencyKey)}` };
    });
  }

  /** Approved authorizations: money actually held on shoppers' cards. */
  approvedAuthorizations(): SandboxAuthorization[] {
    return this.authorizations.filter((a) => a.result.status === 'approved');
  }

  private operation(
    kind: SandboxOperation['kind'],
    idempotencyKey: string,
    target: string,
    amount: number | null,
    currency: string | null,
    perform: () => ProviderResult,
  ): ProviderResult {
    this.operationCalls++;
    this.count(idempotencyKey);
    const previous = this.operationsByKey.get(idempotencyKey);
    if (previous) {
      if (previous.kind !== kind || previous.target !== target || previous.amount !== amount || previous.currency !== currency) {
        throw new Error(`sandbox: idempotency key reused for a different ${kind}`);
      }
      return previous.result;
    }
    const result = perform();
    const operation = { kind, idempotencyKey, target, amount, currency, result };
    this.operationsByKey.set(idempotencyKey, operation);
    this.operations.push(operation);
    return result;
  }

  private count(key: string): void {
    this.callsByKey.set(key, (this.callsByKey.get(key) ?? 0) + 1);
  }
}

/** A short id derived from the idempotency key: the same key gives the same reference on any replica. */
function keyId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

function parseReference(prefix: 'auth' | 'cap', reference: string): { amount: number | null; currency: string | null } | null {
  const match = new RegExp(`^${prefix}_(\\d+)_([A-Z]{3})_[0-9a-f]{24}$`).exec(reference);
  if (match) return { amount: Number(match[1]), currency: match[2] };
  // references of the first sandbox (auth_<24 hex>) carry nothing
  return new RegExp(`^${prefix}_[0-9a-f]{24}$`).test(reference) ? { amount: null, currency: null } : null;
}
