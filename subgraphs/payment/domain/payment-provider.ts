import type { RawCard } from './card-check.js';

/**
 * The payment provider port. Card numbers go only to `tokenize` (as a provider's
 * client-side tokenization would); everything after works on the provider's token, so
 * no number reaches our database or logs.
 *
 * Every money-moving call takes an idempotency key: the same key returns the same
 * result and moves money at most once (the exchange sends a transaction row's id).
 * A call that throws has an unknown outcome (timeout, network, 5xx): the caller retries
 * with the same key. A `declined` answer is final for that key.
 */
export interface CardToken {
  token: string;
  brand: string;
  last4: string;
}

export interface AuthorizeRequest {
  token: string;
  amount: number;
  currency: string;
  /** The same key returns the same result and charges at most once. */
  idempotencyKey: string;
  /**
   * A merchant-initiated authorization on the stored card (card on file, shopper not
   * present): the new authorizations for partial shipments. Checkout's is not.
   */
  merchantInitiated?: boolean;
}

export type AuthorizeResult =
  | { status: 'approved'; reference: string }
  | { status: 'declined'; reference: string; declineCode: string };

/** The outcome of a capture, void or refund. */
export type ProviderResult = { status: 'succeeded'; reference: string } | { status: 'declined'; declineCode: string };

export interface CaptureRequest {
  /** the authorization's provider reference; an authorization is captured whole */
  authorizationReference: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
}

export interface VoidRequest {
  authorizationReference: string;
  idempotencyKey: string;
}

export interface RefundRequest {
  /** the capture's provider reference */
  captureReference: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
}

export interface PaymentProvider {
  tokenize(card: RawCard): Promise<CardToken>;
  /** Holds `amount` on the card (a stored token works too: `merchantInitiated`). */
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  /** Takes the money of an authorization (its whole amount). */
  capture(request: CaptureRequest): Promise<ProviderResult>;
  /** Releases an authorization that will not be captured. */
  void(request: VoidRequest): Promise<ProviderResult>;
  /** Gives (part of) a capture back to the card. */
  refund(request: RefundRequest): Promise<ProviderResult>;
}
