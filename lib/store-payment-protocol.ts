/**
 * The store payment protocol (docs/ARCHITECTURE.md "Store-run payments"): how the exchange
 * calls a store that runs its own payment handling. Shared by the exchange's client
 * (subgraphs/payment/infra/http-store-payment-client.ts) and the native store's reference
 * implementation (subgraphs/inventory/payments/).
 *
 * `POST {paymentEndpoint}/authorize | /capture | /void | /refund`, JSON bodies signed with
 * the STORE's secret exactly as the store protocol is (lib/signing.ts
 * `signRequestHeaders(secret, rawBody)`: headers x-cartstart-timestamp and
 * x-cartstart-signature). Every call carries an idempotency key: the same key returns the
 * first answer and moves money at most once (the exchange sends a financial transaction
 * row's id). A store answers 200 with one of the JSON results below; anything else (non-2xx,
 * timeout, malformed JSON) has an unknown outcome and is retried with the same key.
 *
 * The card is sent only in `authorize`, over the wire: the exchange never stores or logs it.
 */

export const STORE_PAYMENT_OPERATIONS = ['authorize', 'capture', 'void', 'refund'] as const;
export type StorePaymentOperation = (typeof STORE_PAYMENT_OPERATIONS)[number];

/** The card as the shopper typed it, digits only (the exchange pre-checks it: length, brand prefix, Luhn, expiry). */
export interface StorePaymentCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** `POST {paymentEndpoint}/authorize`: hold `amount` on the shopper's card for the store's part of an order. */
export interface StoreAuthorizeRequest {
  /** The exchange's order id. */
  orderId: string;
  /** The store's part of the order (StoreOrder.id). */
  storeOrderId: string;
  /** minor units: the part's items + its shipping */
  amount: number;
  currency: string;
  card: StorePaymentCard;
  idempotencyKey: string;
}

export type StoreAuthorizeResponse = { status: 'approved'; reference: string } | { status: 'declined'; declineCode: string };

/**
 * `POST {paymentEndpoint}/capture | /void | /refund`. `reference`: for capture and void the
 * authorization's reference, for refund the capture's. `amount`: what to capture (the
 * shipped amount: a partial shipment captures part of the authorization, and how the store
 * handles that is its own business), what to release (void: the authorization's amount) or
 * what to give back (refund).
 */
export interface StoreMoneyRequest {
  reference: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
}

/** `failed` is the store's final refusal for this key (e.g. amount above what is left); `error` says why. */
export interface StoreMoneyResponse {
  status: 'succeeded' | 'failed';
  reference?: string;
  error?: string;
}

const REFERENCE = /^[\x21-\x7e]{1,200}$/;
const CODE = /^[\x20-\x7e]{1,200}$/;

/** The store's answer to authorize, or null when it is not one (an unknown outcome). */
export function parseAuthorizeResponse(json: unknown): StoreAuthorizeResponse | null {
  const r = json as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return null;
  if (r.status === 'approved' && typeof r.reference === 'string' && REFERENCE.test(r.reference)) return { status: 'approved', reference: r.reference };
  if (r.status === 'declined') return { status: 'declined', declineCode: typeof r.declineCode === 'string' && CODE.test(r.declineCode) ? r.declineCode : 'declined_by_store' };
  return null;
}

/** The store's answer to capture, void or refund, or null when it is not one (an unknown outcome). */
export function parseMoneyResponse(json: unknown): StoreMoneyResponse | null {
  const r = json as Record<string, unknown> | null;
  if (!r || typeof r !== 'object') return null;
  const reference = typeof r.reference === 'string' && REFERENCE.test(r.reference) ? r.reference : undefined;
  if (r.status === 'succeeded') return reference ? { status: 'succeeded', reference } : { status: 'succeeded' };
  if (r.status === 'failed') return { status: 'failed', ...(reference ? { reference } : {}), error: typeof r.error === 'string' && CODE.test(r.error) ? r.error : 'failed_at_store' };
  return null;
}

/** `{paymentEndpoint}/{operation}` (the endpoint is a base URL, kept without a trailing slash). */
export function storePaymentUrl(paymentEndpoint: string, operation: StorePaymentOperation): string {
  return `${paymentEndpoint.replace(/\/+$/, '')}/${operation}`;
}
