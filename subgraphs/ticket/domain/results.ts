import type { CartModel, PublicTicketStatus, TicketModel } from './model.js';

/**
 * The typed failure results of the ticket API (union members implementing ErrorResult).
 * Codes are literal so results type-check against the generated unions.
 */
export const failures = {
  invalidInput: (field: string, message: string) => ({ __typename: 'InvalidInputError' as const, code: 'INVALID_INPUT' as const, message, field }),
  invalidQuantity: (min: number, max: number, message = `Quantity must be between ${min} and ${max}.`) =>
    ({ __typename: 'InvalidQuantityError' as const, code: 'INVALID_QUANTITY' as const, message, min, max }),
  itemNotFound: (storeId: string, sku: string) =>
    ({ __typename: 'ItemNotFoundError' as const, code: 'ITEM_NOT_FOUND' as const, message: `Store ${storeId} has no item ${sku}.`, storeId, sku }),
  storeNotFound: (storeId: string) =>
    ({ __typename: 'StoreNotFoundError' as const, code: 'STORE_NOT_FOUND' as const, message: `No store ${storeId} in the federation.`, storeId }),
  outOfStock: (storeId: string, sku: string, requested: number, available: number) => ({
    __typename: 'OutOfStockError' as const,
    code: 'OUT_OF_STOCK' as const,
    message: `Only ${available} of ${sku} available at ${storeId}; ${requested} requested.`,
    storeId,
    sku,
    requested,
    available,
  }),
  storeUnavailable: (storeId: string) =>
    ({ __typename: 'StoreUnavailableError' as const, code: 'STORE_UNAVAILABLE' as const, message: `Store ${storeId} did not answer; try again.`, storeId }),
  ticketNotFound: (ticketId: string) =>
    ({ __typename: 'TicketNotFoundError' as const, code: 'TICKET_NOT_FOUND' as const, message: `No ticket ${ticketId} in this session.`, ticketId }),
  ticketExpired: (ticketId: string, expiredAt: Date) => ({
    __typename: 'TicketExpiredError' as const,
    code: 'TICKET_EXPIRED' as const,
    message: `Ticket ${ticketId} expired at ${expiredAt.toISOString()}; its stock went back to the store.`,
    ticketId,
    expiredAt,
  }),
  ticketNotHeld: (ticketId: string, status: PublicTicketStatus) =>
    ({ __typename: 'TicketNotHeldError' as const, code: 'TICKET_NOT_HELD' as const, message: `Ticket ${ticketId} is ${status}, not HELD.`, ticketId, status }),
  cartVersionMismatch: (expectedVersion: number, cart: CartModel) => ({
    __typename: 'CartVersionMismatchError' as const,
    code: 'CART_VERSION_MISMATCH' as const,
    message: `The cart is at version ${cart.version}, not ${expectedVersion}; reload it.`,
    expectedVersion,
    cart,
  }),
  idempotencyKeyReused: () =>
    ({ __typename: 'IdempotencyKeyReusedError' as const, code: 'IDEMPOTENCY_KEY_REUSED' as const, message: 'This idempotency key was used before with different input.' }),
  holdLimitExceeded: (limit: number) =>
    ({ __typename: 'HoldLimitExceededError' as const, code: 'HOLD_LIMIT_EXCEEDED' as const, message: `A session may hold at most ${limit} tickets at once.`, limit }),
};

type FailureOf<K extends keyof typeof failures> = ReturnType<(typeof failures)[K]>;

export type TicketResult = TicketModel & { __typename: 'Ticket' };
export const ticketResult = (ticket: TicketModel): TicketResult => ({ ...ticket, __typename: 'Ticket' });

export type HoldOutcome =
  | TicketResult
  | FailureOf<'invalidInput' | 'invalidQuantity' | 'itemNotFound' | 'storeNotFound' | 'outOfStock' | 'storeUnavailable' | 'cartVersionMismatch' | 'idempotencyKeyReused' | 'holdLimitExceeded'>;

export type ReleaseOutcome = TicketResult | FailureOf<'invalidInput' | 'ticketNotFound' | 'ticketNotHeld' | 'storeUnavailable' | 'cartVersionMismatch'>;

export type ChangeQuantityOutcome =
  | TicketResult
  | FailureOf<'invalidInput' | 'invalidQuantity' | 'ticketNotFound' | 'ticketExpired' | 'ticketNotHeld' | 'outOfStock' | 'storeUnavailable' | 'cartVersionMismatch'>;

/** Hold failures that a repeat of the same idempotency key must return again (stored as JSON). */
export type StoredHoldFailure = FailureOf<'itemNotFound' | 'outOfStock' | 'invalidQuantity'>;
