/**
 * The ticket ↔ payment contract (internal RPC on the ticket service, signed with
 * INTERNAL_SECRET; docs/ARCHITECTURE.md). Wire types: dates are ISO strings.
 */
import type { BeginCheckoutInput, BeginCheckoutResult as BeginCheckoutAnswer } from '../../../lib/ticket-checkout-contract.js';

export type { BeginCheckoutInput, CheckoutTicket } from '../../../lib/ticket-checkout-contract.js';

/** begin as served: the contract's answers, or INVALID_INPUT for a malformed request. */
export type BeginCheckoutResult = BeginCheckoutAnswer | { ok: false; code: 'INVALID_INPUT'; message: string };

export interface OrderCheckoutInput {
  orderId: string;
}

/** Results of the RPC routes; INVALID_INPUT only for a malformed request (the client throws on it). */
export type CompleteCheckoutResult = { ok: true } | { ok: false; code: 'INVALID_INPUT'; message: string };
export type AbortCheckoutResult = { ok: true } | { ok: false; code: 'INVALID_INPUT'; message: string };

const MAX_ID_LENGTH = 200;

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** The well-formed begin input, or a message saying what is wrong. */
export function parseBeginInput(input: unknown): BeginCheckoutInput | string {
  const i = (input ?? {}) as Record<string, unknown>;
  if (!isId(i.sessionId)) return 'sessionId must be a non-empty string';
  if (!isId(i.orderId)) return 'orderId must be a non-empty string';
  if (i.accountId != null && !isId(i.accountId)) return 'accountId must be a non-empty string when given';
  if (i.cartVersion != null && !Number.isInteger(i.cartVersion)) return 'cartVersion must be an integer';
  return {
    sessionId: i.sessionId,
    accountId: (i.accountId as string | null | undefined) ?? null,
    orderId: i.orderId,
    cartVersion: (i.cartVersion as number | null | undefined) ?? null,
  };
}

export function parseOrderInput(input: unknown): OrderCheckoutInput | string {
  const i = (input ?? {}) as Record<string, unknown>;
  return isId(i.orderId) ? { orderId: i.orderId } : 'orderId must be a non-empty string';
}
