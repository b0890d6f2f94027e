/**
 * The ticket ↔ payment checkout contract: internal RPC on the ticket service
 * (`POST /internal/checkout/{begin,complete,abort}`, signed with INTERNAL_SECRET;
 * docs/ARCHITECTURE.md). The ticket service serves it, the payment service calls it.
 * JSON on the wire: dates are ISO strings.
 */
export interface CheckoutTicket {
  id: string;
  storeId: string;
  sku: string;
  quantity: number;
  expiresAt: string;
}

export interface BeginCheckoutInput {
  sessionId: string;
  /**
   * The shopper's account, when logged in: the cart checked out is then the account's one
   * cart (lib/cart-id.ts cartIdOf), into which the session's guest cart merges first.
   */
  accountId?: string | null;
  orderId: string;
  /** The cart version the shopper saw; a mismatch moves nothing. */
  cartVersion?: number | null;
}

/** begin's answers (a malformed request is refused with INVALID_INPUT, and the client throws). */
export type BeginCheckoutResult =
  | { ok: true; cartVersion: number; tickets: CheckoutTicket[] }
  | {
      ok: false;
      code: 'EMPTY_CART' | 'TICKET_EXPIRED' | 'CART_VERSION_MISMATCH';
      message: string;
      /** For TICKET_EXPIRED: the first expired line. */
      ticket?: { id: string; storeId: string; sku: string; expiresAt: string };
      /** The cart's version now. */
      currentVersion?: number;
    };

/** The ticket service's checkout RPC, as the payment service uses it. */
export interface TicketCheckoutClient {
  /** Moves the shopper's cart's HELD tickets into checkout for orderId (idempotent on orderId). */
  begin(input: BeginCheckoutInput): Promise<BeginCheckoutResult>;
  /** CHECKING_OUT → PURCHASED (idempotent). */
  complete(orderId: string): Promise<{ ok: true }>;
  /** CHECKING_OUT → HELD, or EXPIRED when past expiry (idempotent). */
  abort(orderId: string): Promise<{ ok: true }>;
}
