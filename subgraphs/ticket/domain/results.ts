import type { IdempotencyRefusal } from '../../../lib/idempotency.js';
import type { CartModel, PublicTicketStatus, SavedCartModel, TicketModel } from './model.js';

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
    ({ __typename: 'HoldLimitExceededError' as const, code: 'HOLD_LIMIT_EXCEEDED' as const, message: `A cart may hold at most ${limit} tickets at once.`, limit }),
  emptyCart: () => ({ __typename: 'EmptyCartError' as const, code: 'EMPTY_CART' as const, message: 'The cart has no tickets to save.' }),
  savedCartNotFound: (savedCartId: string) =>
    ({ __typename: 'SavedCartNotFoundError' as const, code: 'SAVED_CART_NOT_FOUND' as const, message: `The account has no saved cart ${savedCartId}.`, savedCartId }),
  savedCartLimit: (limit: number) =>
    ({ __typename: 'SavedCartLimitError' as const, code: 'SAVED_CART_LIMIT' as const, message: `An account keeps at most ${limit} saved carts; delete one first.`, limit }),
};

type FailureOf<K extends keyof typeof failures> = ReturnType<(typeof failures)[K]>;

export type TicketResult = TicketModel & { __typename: 'Ticket' };
export const ticketResult = (ticket: TicketModel): TicketResult => ({ ...ticket, __typename: 'Ticket' });

export type HoldOutcome =
  | TicketResult
  | FailureOf<'invalidInput' | 'invalidQuantity' | 'itemNotFound' | 'storeNotFound' | 'outOfStock' | 'storeUnavailable' | 'cartVersionMismatch' | 'idempotencyKeyReused' | 'holdLimitExceeded'>;

export type ReleaseOutcome =
  | TicketResult
  | FailureOf<'invalidInput' | 'ticketNotFound' | 'ticketNotHeld' | 'storeUnavailable' | 'cartVersionMismatch'>
  | IdempotencyRefusal;

/** A resize of a held ticket (the keyed mutation's answers, and the restore path's). */
export type ResizeOutcome =
  | TicketResult
  | FailureOf<'invalidInput' | 'invalidQuantity' | 'ticketNotFound' | 'ticketExpired' | 'ticketNotHeld' | 'outOfStock' | 'storeUnavailable' | 'cartVersionMismatch'>;

export type ChangeQuantityOutcome = ResizeOutcome | IdempotencyRefusal;

/**
 * What a keyed ticket mutation (releaseTicket, changeTicketQuantity) keeps under its key
 * (JSON, domain/keyed.ts): the ticket by id, read again as it is now on a repeat, or the
 * typed failure.
 */
export type StoredTicketAnswer<F> = { ticketId: string } | { failure: F };
export type StoredReleaseFailure = FailureOf<'ticketNotFound' | 'ticketNotHeld'>;
export type StoredResizeFailure = FailureOf<'ticketNotFound' | 'ticketExpired' | 'ticketNotHeld' | 'outOfStock' | 'invalidQuantity'>;

/** A failure as kept in JSON, its dates back as Dates. */
export function revivedFailure<F extends { __typename: string }>(failure: F): F {
  if (failure.__typename === 'TicketExpiredError') {
    const expired = failure as F & { expiredAt: Date | string };
    return { ...expired, expiredAt: new Date(expired.expiredAt) };
  }
  return failure;
}

/** Hold failures that a repeat of the same idempotency key must return again (stored as JSON). */
export type StoredHoldFailure = FailureOf<'itemNotFound' | 'outOfStock' | 'invalidQuantity'>;

export type SavedCartResult = SavedCartModel & { __typename: 'SavedCart' };
export const savedCartResult = (cart: SavedCartModel): SavedCartResult => ({ ...cart, __typename: 'SavedCart' });

export type SaveCartOutcome = SavedCartResult | FailureOf<'emptyCart' | 'invalidInput' | 'savedCartLimit'> | IdempotencyRefusal;

/** What saveCart keeps under its key (JSON): the saved cart as saved (saved carts never change), or the typed failure. */
export type StoredSave = { savedCart: SavedCartModel } | { failure: FailureOf<'emptyCart' | 'savedCartLimit'> };
export type DeleteSavedCartOutcome = SavedCartResult | FailureOf<'savedCartNotFound'>;

/** Why a restored line came back short (an ErrorResult union member of the hold or resize path). */
export type LineProblem = Exclude<HoldOutcome, TicketResult> | Exclude<ResizeOutcome, TicketResult>;

/** How one saved line came back (GraphQL `RestoredLine`). */
export interface RestoredLineModel {
  storeId: string;
  sku: string;
  requested: number;
  held: number;
  ticket: TicketModel | null;
  problem: LineProblem | null;
}

export interface CartRestoredResult {
  __typename: 'CartRestored';
  cart: CartModel;
  lines: RestoredLineModel[];
  complete: boolean;
  offerCodes: string[];
}

export type RestoreCartOutcome = CartRestoredResult | FailureOf<'savedCartNotFound' | 'invalidInput'> | IdempotencyRefusal;

/** A restore's report as kept under its idempotency key (JSON): tickets by id, re-read on a repeat. */
export interface StoredRestore {
  lines: { storeId: string; sku: string; requested: number; held: number; ticketId: string | null; problem: LineProblem | null }[];
  offerCodes: string[];
}
