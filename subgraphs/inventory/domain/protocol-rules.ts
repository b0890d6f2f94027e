import { DomainError } from '../../../lib/errors.js';
import type { ProtocolErrorCode, ProtocolFailure } from './model.js';

/**
 * The inventory contract's input rules and answers, shared by every backend that serves
 * it (the native PostgreSQL store and wrappers over a store's own API), so a store
 * behaves the same to the exchange whatever it runs on.
 */
/** Most units one ticket may hold (anti-scalping; the exchange enforces per-shopper limits on top). */
export const MAX_QUANTITY_PER_TICKET = 100;
/** Longest lease a reserve may ask for: a lost exchange can strand stock at most this long. */
export const MAX_LEASE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_SKU_LENGTH = 64;
const MAX_ORDER_ID_LENGTH = 128;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who sent a protocol call: only requests signed with the store's secret may move stock. */
export interface ProtocolCaller {
  signedByExchange: boolean;
}

export function requireExchange(caller: ProtocolCaller): void {
  if (!caller.signedByExchange) throw new DomainError('INVALID_SIGNATURE', 'Protocol calls must be signed with the store secret.');
}

export function invalidInput(field: string, message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, { field });
}

export function parseTicketId(ticketId: string): string {
  if (!UUID.test(ticketId)) throw invalidInput('ticketId', 'ticketId must be a UUID.');
  return ticketId.toLowerCase();
}

export function parseOrderId(orderId: string): string {
  if (orderId.trim() === '' || orderId.length > MAX_ORDER_ID_LENGTH) {
    throw invalidInput('orderId', `orderId must be 1..${MAX_ORDER_ID_LENGTH} characters.`);
  }
  return orderId;
}

/** A lease instant: valid, in the future, at most MAX_LEASE_MS ahead of `now`. */
export function parseLease(value: string | Date, now: Date): Date {
  const leaseUntil = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(leaseUntil.getTime())) throw invalidInput('leaseUntil', 'leaseUntil is not a valid instant.');
  if (leaseUntil.getTime() <= now.getTime()) throw invalidInput('leaseUntil', 'leaseUntil is not in the future.');
  if (leaseUntil.getTime() > now.getTime() + MAX_LEASE_MS) throw invalidInput('leaseUntil', `A lease may last at most ${MAX_LEASE_MS / 3_600_000} hours.`);
  return leaseUntil;
}

/** The refusal of a reserve whose quantity or SKU can never be held, else undefined. */
export function reserveRefusal(input: { sku: string; quantity: number }): ProtocolFailure | undefined {
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY_PER_TICKET) {
    return failure('INVALID_QUANTITY', `Quantity must be between 1 and ${MAX_QUANTITY_PER_TICKET}.`);
  }
  if (input.sku.length === 0 || input.sku.length > MAX_SKU_LENGTH) return itemNotFound(input.sku);
  return undefined;
}

/** Whether an entity key names an item this store could have (its own id, a SKU of sane length). */
export function isOwnItemKey(key: { storeId: string; sku: string }, storeId: string): boolean {
  return key.storeId === storeId && key.sku.length > 0 && key.sku.length <= MAX_SKU_LENGTH;
}

/** A page size within 1..MAX_PAGE_SIZE (DEFAULT_PAGE_SIZE when not given). */
export function pageLimit(first: number | null | undefined): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(first ?? DEFAULT_PAGE_SIZE)));
}

export function failure(code: ProtocolErrorCode, message: string, extra: { available?: number } = {}): ProtocolFailure {
  return { __typename: 'ProtocolError', code, message, ...extra };
}

export function itemNotFound(sku: string): ProtocolFailure {
  return failure('ITEM_NOT_FOUND', `This store has no item with SKU ${JSON.stringify(sku.slice(0, MAX_SKU_LENGTH))}.`);
}
