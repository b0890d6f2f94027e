import type { RawCard } from './card-check.js';

/**
 * The payment provider port. Card numbers go only to `tokenize` (as a provider's
 * client-side tokenization would); everything after works on the provider's token, so
 * no number reaches our database or logs.
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
}

export type AuthorizeResult =
  | { status: 'approved'; reference: string }
  | { status: 'declined'; reference: string; declineCode: string };

export interface PaymentProvider {
  tokenize(card: RawCard): Promise<CardToken>;
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
}
