import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from './logger.js';

/**
 * The one catalog of error codes a client can switch on. Every code is documented in
 * docs/errors.md (a test enforces it). `result` codes come back as typed union members
 * implementing ErrorResult; `error` codes come back in `errors[].extensions.code`.
 */
export const errorCatalog = {
  // --- cross-cutting request errors (errors[].extensions.code) ---
  NOT_AUTHENTICATED: { kind: 'both', http: 401, summary: 'The operation needs a session (or store credentials) and none was sent.' },
  SESSION_EXPIRED: { kind: 'error', http: 401, summary: 'The session token was valid but its session expired; start a new session.' },
  SESSION_INVALID: { kind: 'error', http: 401, summary: 'The session token is unknown, revoked or malformed.' },
  INVALID_IDENTITY: { kind: 'error', http: 401, summary: 'A subgraph got an identity header that the gateway did not sign (forged, tampered or stale).' },
  INVALID_STORE_CREDENTIALS: { kind: 'error', http: 401, summary: 'The store key sent in x-store-key is unknown.' },
  INVALID_OPERATOR_CREDENTIALS: { kind: 'error', http: 401, summary: 'The operator key sent in x-operator-key is wrong (or the gateway has no operator key configured).' },
  INVALID_PARTNER_CREDENTIALS: { kind: 'error', http: 401, summary: 'The partner key sent in x-partner-key is unknown.' },
  FORBIDDEN: { kind: 'error', http: 403, summary: 'The caller is authenticated but not allowed to do this.' },
  INVALID_SIGNATURE: { kind: 'error', http: 401, summary: 'A server-to-server request was not signed with the expected secret, or its timestamp is too old.' },
  BAD_USER_INPUT: { kind: 'error', http: 400, summary: 'An argument has the wrong type or shape (GraphQL variable coercion).' },
  GRAPHQL_VALIDATION_FAILED: { kind: 'error', http: 400, summary: 'The operation is not valid against the schema.' },
  BAD_REQUEST: { kind: 'error', http: 400, summary: 'The HTTP request is not a valid GraphQL request (method, content type, body).' },
  GRAPHQL_PARSE_FAILED: { kind: 'error', http: 400, summary: 'The operation is not valid GraphQL syntax.' },
  INTERNAL_SERVER_ERROR: { kind: 'error', http: 500, summary: 'An unexpected error; details are logged on the server and never sent to the client.' },
  // --- typed results (ErrorResult.code) ---
  INVALID_INPUT: { kind: 'result', http: 400, summary: 'An argument is well-typed but not acceptable (malformed id, blank key, too long...); `field` names it.' },
  EMAIL_TAKEN: { kind: 'result', http: 409, summary: 'An account with this email exists.' },
  WEAK_PASSWORD: { kind: 'result', http: 400, summary: 'The password is too short or too common.' },
  INVALID_CREDENTIALS: { kind: 'result', http: 401, summary: 'Email or password is wrong (which one is not said).' },
  RATE_LIMITED: { kind: 'result', http: 429, summary: 'Too many attempts; retry after `retryAfterSeconds`.' },
  INVALID_QUANTITY: { kind: 'result', http: 400, summary: 'The quantity is outside the allowed range (`min`..`max`).' },
  ITEM_NOT_FOUND: { kind: 'result', http: 404, summary: 'The store has no item with this SKU.' },
  STORE_NOT_FOUND: { kind: 'both', http: 404, summary: 'No store with this id is part of the federation.' },
  OUT_OF_STOCK: { kind: 'result', http: 409, summary: 'Fewer items are available than requested; `available` says how many are.' },
  STORE_UNAVAILABLE: { kind: 'both', http: 503, summary: 'The store did not answer in time or failed; other stores are unaffected.' },
  TICKET_NOT_FOUND: { kind: 'result', http: 404, summary: 'No ticket with this id belongs to the caller.' },
  TICKET_EXPIRED: { kind: 'result', http: 410, summary: 'The ticket (hold) expired; its stock went back to the store. It can never be purchased.' },
  TICKET_NOT_HELD: { kind: 'result', http: 409, summary: 'The ticket is no longer held (released, purchased or being checked out).' },
  CART_VERSION_MISMATCH: { kind: 'result', http: 409, summary: 'The cart changed since the page was rendered; the current cart comes with the error.' },
  IDEMPOTENCY_KEY_REUSED: { kind: 'result', http: 422, summary: 'This idempotency key was used before with different input.' },
  HOLD_LIMIT_EXCEEDED: { kind: 'result', http: 429, summary: 'The shopper holds as many tickets (or items) as allowed.' },
  EMPTY_CART: { kind: 'result', http: 400, summary: 'Checkout needs at least one held ticket.' },
  CARD_INVALID: { kind: 'result', http: 400, summary: 'The card failed the pre-check (length, brand prefix, Luhn, expiry) and was sent nowhere.' },
  CARD_DECLINED: { kind: 'result', http: 402, summary: 'The payment provider declined the card; nothing was charged.' },
  CHECKOUT_IN_PROGRESS: { kind: 'result', http: 409, summary: 'A checkout with this idempotency key is still running; retry shortly for its result.' },
  MIXED_CURRENCIES: { kind: 'result', http: 400, summary: 'The cart holds items priced in different currencies, which one payment cannot cover.' },
  // --- store registry (operator API) ---
  STORE_ALREADY_EXISTS: { kind: 'result', http: 409, summary: 'A store with this id is (or was) registered; a removed store\'s id is never reused.' },
  CONTRACT_MISMATCH: { kind: 'result', http: 422, summary: 'The store\'s subgraph SDL does not implement the inventory contract; `differences` lists every mismatch and nothing was registered.' },
  STORE_UNREACHABLE: { kind: 'result', http: 502, summary: 'The store\'s subgraph URL did not serve its SDL (`_service { sdl }`) in time; nothing was registered.' },
  // --- partner subgraphs (registry) ---
  PARTNER_ALREADY_EXISTS: { kind: 'result', http: 409, summary: 'A partner with this name exists, or another partner uses this API key.' },
  SUBGRAPH_NAME_TAKEN: { kind: 'result', http: 409, summary: 'The subgraph name is a base subgraph of the exchange or belongs to another partner.' },
  SUBGRAPH_UNREACHABLE: { kind: 'result', http: 502, summary: 'The partner subgraph\'s URL did not serve its SDL (`_service { sdl }`) in time; nothing was registered.' },
  COMPOSITION_FAILED: { kind: 'result', http: 422, summary: 'The partner subgraph does not compose with the live federation; `errors` lists the composition errors and the live schema is unchanged.' },
  PARTNER_SUBGRAPH_NOT_FOUND: { kind: 'result', http: 404, summary: 'The calling partner has no active subgraph with this name.' },
  // --- subscriptions ---
  SUBGRAPH_UNAVAILABLE: { kind: 'error', http: 503, summary: 'A subgraph of the exchange could not be reached (e.g. the upstream of a subscription stayed down past the retry window); the subscription ends with this error.' },
  SLOW_CONSUMER: { kind: 'error', http: 429, summary: 'A subscriber did not read its events fast enough and its bounded queue overflowed; its subscription (or socket) was cut off. Resubscribe and refetch the cart.' },
  // --- session relay, store login resolution, cart continuity ---
  RELAY_CODE_INVALID: { kind: 'result', http: 400, summary: 'No such relay code was issued (or its record is long gone), or the session it was issued for has ended.' },
  RELAY_CODE_EXPIRED: { kind: 'result', http: 410, summary: 'The relay code was redeemed after its lifetime (default 60 s); ask the leaving store for a new one.' },
  RELAY_CODE_USED: { kind: 'result', http: 409, summary: 'The relay code was redeemed before. It leaked, so the session handle its first redemption produced is revoked as well.' },
  RELAY_CODE_WRONG_STORE: { kind: 'result', http: 403, summary: 'The relay code is bound to another store than the one redeeming it; the code is now dead.' },
  RELAY_IP_MISMATCH: { kind: 'result', http: 403, summary: 'IP binding is on and the shopper IP at redemption differs from the one that asked for the code; the code is now dead.' },
  ASSERTION_SIGNATURE_INVALID: { kind: 'result', http: 401, summary: 'A store login assertion\'s signature does not verify with the store\'s secret (or names another store than the caller).' },
  ASSERTION_EXPIRED: { kind: 'result', http: 401, summary: 'A store login assertion\'s timestamp is outside the accepted window (`maxSkewSeconds`).' },
  ASSERTION_REPLAYED: { kind: 'result', http: 409, summary: 'A store login assertion\'s nonce was used before; nothing happened.' },
  SESSION_NOT_FOUND: { kind: 'result', http: 404, summary: 'The caller\'s account has no live session with this id.' },
  OFFER_CODE_LIMIT: { kind: 'result', http: 422, summary: 'The session already carries as many offer codes as allowed (`limit`).' },
  SAVED_CART_NOT_FOUND: { kind: 'result', http: 404, summary: 'The account has no saved cart with this id.' },
  SAVED_CART_LIMIT: { kind: 'result', http: 422, summary: 'The account keeps as many saved carts as allowed (`limit`); delete one first.' },
  // --- orders and money: fulfilment, payments, ledger, gift certificates, pricing ---
  ORDER_NOT_FOUND: { kind: 'result', http: 404, summary: 'No order (or store part of an order) with this id belongs to the caller.' },
  ILLEGAL_TRANSITION: { kind: 'result', http: 409, summary: 'The items are not in a state that allows this (e.g. shipping an item that shipped or was voided, returning one that never shipped); `from` and `to` name the states and nothing changed.' },
  REQUEST_IN_PROGRESS: { kind: 'result', http: 409, summary: 'A request with this idempotency key is still running; retry shortly for its result (it will not run twice).' },
  NOTHING_TO_PAY_OUT: { kind: 'result', http: 409, summary: 'The store has no captured money owed to it right now.' },
  GIFT_CERTIFICATE_NOT_FOUND: { kind: 'result', http: 404, summary: 'No gift certificate matches this code or id (codes are checked without revealing which part is wrong).' },
  GIFT_CERTIFICATE_CLAIMED: { kind: 'result', http: 409, summary: 'The gift certificate was already claimed (by this or another account).' },
  GIFT_CERTIFICATE_EXPIRED: { kind: 'result', http: 410, summary: 'The gift certificate expired; its remaining balance can no longer be used.' },
  ACCOUNT_NOT_FOUND: { kind: 'result', http: 404, summary: 'No account with this id exists.' },
  PRICE_RULE_NOT_FOUND: { kind: 'result', http: 404, summary: 'The calling store has no price rule with this id.' },
  PAYMENT_DECLINED_BY_STORE: { kind: 'result', http: 402, summary: 'A store that runs its own payment handling declined its part of the purchase; nothing was charged anywhere (`storeId`).' },
  NOTHING_UNPAID: { kind: 'result', http: 409, summary: 'The order has nothing unpaid for the exchange to collect (`Order.unpaidAmount` is 0 for its card parts); nothing was charged.' },
  // --- store protocol (reserve/release/commit between the exchange and a store) ---
  RESERVATION_NOT_FOUND: { kind: 'result', http: 404, summary: 'Store protocol: no reservation exists for this ticket id.' },
  RESERVATION_RELEASED: { kind: 'result', http: 409, summary: 'Store protocol: the reservation was released (or lapsed) and cannot be resized or committed.' },
  RESERVATION_COMMITTED: { kind: 'result', http: 409, summary: 'Store protocol: the reservation was already turned into a sale and cannot be released or resized.' },
} as const satisfies Record<string, { kind: 'error' | 'result' | 'both'; http: number; summary: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCatalog, code);
}

/**
 * An expected failure raised as a GraphQL error with a stable `extensions.code`. It
 * leaves the HTTP status alone: a field error must not turn a response that carries
 * partial data into a 4xx.
 */
export class DomainError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code } });
    this.code = code;
  }
}

/**
 * A failure of the whole request, raised while building the context (bad credentials,
 * forged identity): the response gets the catalog's HTTP status (401, 403...).
 */
export class RequestError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { ...details, code, http: { status: errorCatalog[code].http } } });
    this.code = code;
  }
}

/** A typed failure result: a union member implementing ErrorResult. */
export type ErrorResultOf<TName extends string, TExtra = object> = { __typename: TName; code: ErrorCode; message: string } & TExtra;

export function errorResult<TName extends string, TExtra extends object>(
  typename: TName,
  code: ErrorCode,
  message: string,
  extra?: TExtra,
): ErrorResultOf<TName, TExtra> {
  return { __typename: typename, code, message, ...(extra as TExtra) };
}

/**
 * Masks unexpected errors: anything without a catalogued code becomes
 * INTERNAL_SERVER_ERROR with a generic message, and the original is logged.
 */
export function maskUnexpectedError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
      const { http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: (error as { originalError?: unknown })?.originalError ?? error, path: formatted.path }, 'unexpected error');
    return {
      message: 'Unexpected error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
