import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import type { BeginCheckoutInput, BeginCheckoutResult } from './domain/checkout.js';

/** A ticket handed to checkout (JSON over the wire: dates are ISO strings). */
export interface CheckoutTicket {
  id: string;
  storeId: string;
  sku: string;
  quantity: number;
  expiresAt: string;
}

/** begin's answers as documented (a malformed request throws instead). */
export type TicketBeginResult =
  | { ok: true; cartVersion: number; tickets: CheckoutTicket[] }
  | {
      ok: false;
      code: 'EMPTY_CART' | 'TICKET_EXPIRED' | 'CART_VERSION_MISMATCH';
      message: string;
      /** For TICKET_EXPIRED: the first expired line. */
      ticket?: { id: string; storeId: string; sku: string; expiresAt: string };
      /** For CART_VERSION_MISMATCH (and the other refusals): the cart's version now. */
      currentVersion?: number;
    };

/** The ticket service's checkout RPC, as the payment service uses it (docs/ARCHITECTURE.md). */
export interface TicketCheckoutClient {
  /** Moves the session's HELD tickets into checkout for orderId (idempotent on orderId). */
  begin(input: { sessionId: string; orderId: string; cartVersion?: number | null }): Promise<TicketBeginResult>;
  /** CHECKING_OUT → PURCHASED (idempotent). */
  complete(orderId: string): Promise<{ ok: true }>;
  /** CHECKING_OUT → HELD, or EXPIRED when past expiry (idempotent). */
  abort(orderId: string): Promise<{ ok: true }>;
}

export interface TicketCheckoutClientOptions {
  /** The ticket service's URL (with or without /graphql). */
  baseUrl: string;
  /** INTERNAL_SECRET. */
  secret: string;
  timeoutMs?: number;
}

type Refusal = { ok: false; code: string; message: string };

function refusedInput(name: string, result: { ok: boolean; code?: string; message?: string }): never {
  throw new Error(`ticket ${name} refused the request: ${result.code}: ${result.message}`);
}

/** Signed calls to POST {baseUrl}/internal/checkout/{begin,complete,abort}. */
export function createTicketCheckoutClient(options: TicketCheckoutClientOptions): TicketCheckoutClient {
  const call = createInternalRpcClient({ baseUrl: options.baseUrl, secret: options.secret, timeoutMs: options.timeoutMs });
  return {
    async begin(input) {
      const body: BeginCheckoutInput = { sessionId: input.sessionId, orderId: input.orderId, cartVersion: input.cartVersion ?? null };
      const result = await call<BeginCheckoutResult>('checkout/begin', body);
      if (!result.ok && result.code === 'INVALID_INPUT') refusedInput('checkout/begin', result);
      return result as TicketBeginResult;
    },
    async complete(orderId) {
      const result = await call<{ ok: true } | Refusal>('checkout/complete', { orderId });
      if (!result.ok) refusedInput('checkout/complete', result);
      return { ok: true };
    },
    async abort(orderId) {
      const result = await call<{ ok: true } | Refusal>('checkout/abort', { orderId });
      if (!result.ok) refusedInput('checkout/abort', result);
      return { ok: true };
    },
  };
}
