import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import type { BeginCheckoutInput, BeginCheckoutResult, TicketCheckoutClient } from '../../lib/ticket-checkout-contract.js';

export type { CheckoutTicket, TicketCheckoutClient } from '../../lib/ticket-checkout-contract.js';
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
      if (input.accountId) body.accountId = input.accountId;
      const result = await call<BeginCheckoutResult | Refusal>('checkout/begin', body);
      if (!result.ok && result.code === 'INVALID_INPUT') refusedInput('checkout/begin', result);
      return result as BeginCheckoutResult;
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
