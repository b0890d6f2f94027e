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
 *
 * An authorize whose answer the exchange never got (timeout, lost connection) and that it will
 * not retry (the checkout was given up, or its basket expired) is released by a `void` naming
 * it by that call's idempotency key (`authorizationKey`, StoreVoidRequest): the exchange never
 * learned its reference, and the store may or may not have approved it.
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

/**
 * `POST {paymentEndpoint}/void`: names the authorization to release EITHER by its `reference`
 * OR — when the exchange never learned it (the authorize call timed out or its answer was
 * lost) — by `authorizationKey`, the idempotency key the exchange sent with that authorize
 * call. Exactly one of the two.
 *
 * Void by authorizationKey: the store releases what the authorization with that key still
 * holds, and answers `succeeded` also when it has no such authorization (or declined it):
 * there is nothing to release. It then remembers the key as voided, so an authorize with that
 * key arriving late is declined (`authorization_voided`), never approved: checking for the
 * authorization and remembering the key happen in one step (the reference processor: one
 * database transaction under the authorize key's lock).
 */
export type StoreVoidRequest = (StoreMoneyRequest & { authorizationKey?: undefined }) | (Omit<StoreMoneyRequest, 'reference'> & { reference?: undefined; authorizationKey: string });

/** The declineCode a store answers an authorize with when its key was voided before it arrived. */
export const AUTHORIZATION_VOIDED = 'authorization_voided';

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

const KEY = /^[\x21-\x7e]{1,200}$/;
const CURRENCY = /^[A-Z]{3}$/;

const amountOk = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** An authorize request as the store reads it: the request, or what is wrong with it. */
export function parseStoreAuthorizeRequest(body: unknown): StoreAuthorizeRequest | string {
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return 'the body must be a JSON object';
  const card = b.card as Record<string, unknown> | undefined;
  if (typeof b.orderId !== 'string' || !KEY.test(b.orderId)) return 'orderId is required';
  if (typeof b.storeOrderId !== 'string' || !KEY.test(b.storeOrderId)) return 'storeOrderId is required';
  if (!amountOk(b.amount)) return 'amount must be a non-negative integer of minor units';
  if (typeof b.currency !== 'string' || !CURRENCY.test(b.currency)) return 'currency must be an ISO 4217 code';
  if (typeof b.idempotencyKey !== 'string' || !KEY.test(b.idempotencyKey)) return 'idempotencyKey is required';
  if (!card || typeof card !== 'object' || typeof card.number !== 'string' || typeof card.expMonth !== 'number' || typeof card.expYear !== 'number' || typeof card.cvc !== 'string') {
    return 'card {number, expMonth, expYear, cvc} is required';
  }
  return {
    orderId: b.orderId,
    storeOrderId: b.storeOrderId,
    amount: b.amount,
    currency: b.currency,
    idempotencyKey: b.idempotencyKey,
    card: { number: card.number, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc },
  };
}

/**
 * A capture, void or refund request as the store reads it (and the exchange checks it before
 * sending): the request, or what is wrong with it. Only a void may name its authorization by
 * `authorizationKey`, and then not by `reference` as well.
 */
export function parseStoreMoneyRequest(operation: 'void', body: unknown): StoreVoidRequest | string;
export function parseStoreMoneyRequest(operation: 'capture' | 'refund', body: unknown): StoreMoneyRequest | string;
export function parseStoreMoneyRequest(operation: Exclude<StorePaymentOperation, 'authorize'>, body: unknown): StoreVoidRequest | string;
export function parseStoreMoneyRequest(operation: Exclude<StorePaymentOperation, 'authorize'>, body: unknown): StoreVoidRequest | string {
  const b = body as Record<string, unknown> | null;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return 'the body must be a JSON object';
  const byKey = b.authorizationKey !== undefined;
  if (byKey && operation !== 'void') return 'authorizationKey names an authorization only in a void';
  if (byKey && b.reference !== undefined) return 'name the authorization by reference or by authorizationKey, not both';
  if (byKey ? typeof b.authorizationKey !== 'string' || !KEY.test(b.authorizationKey) : typeof b.reference !== 'string' || !KEY.test(b.reference)) {
    return operation === 'void' ? 'reference or authorizationKey is required' : 'reference is required';
  }
  if (!amountOk(b.amount)) return 'amount must be a non-negative integer of minor units';
  if (typeof b.currency !== 'string' || !CURRENCY.test(b.currency)) return 'currency must be an ISO 4217 code';
  if (typeof b.idempotencyKey !== 'string' || !KEY.test(b.idempotencyKey)) return 'idempotencyKey is required';
  if (byKey && b.idempotencyKey === b.authorizationKey) return "a void's idempotencyKey must not be the authorizationKey it names";
  const money = { amount: b.amount, currency: b.currency, idempotencyKey: b.idempotencyKey };
  return byKey ? { ...money, authorizationKey: b.authorizationKey as string } : { ...money, reference: b.reference as string };
}

/** `{paymentEndpoint}/{operation}` (the endpoint is a base URL, kept without a trailing slash). */
export function storePaymentUrl(paymentEndpoint: string, operation: StorePaymentOperation): string {
  return `${paymentEndpoint.replace(/\/+$/, '')}/${operation}`;
}
