import { createHash } from 'node:crypto';
import { isValidStoreId } from '../../../lib/store-directory.js';
import type { Money, SavedCartLineModel, TicketRecord } from './model.js';
import { failures } from './results.js';

export const MIN_QUANTITY = 1;
/** Most items of one SKU a single ticket may hold (anti-scalping, and a sane bound for the store). */
export const MAX_QUANTITY = 100;
const SKU = /^[A-Za-z0-9._-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function isValidSku(sku: string): boolean {
  return SKU.test(sku);
}

/** INVALID_QUANTITY unless 1..100 and an integer (GraphQL Int already rules out fractions). */
export function checkQuantity(quantity: number) {
  if (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY) {
    return failures.invalidQuantity(MIN_QUANTITY, MAX_QUANTITY);
  }
  return undefined;
}

export interface HoldRequest {
  storeId: string;
  sku: string;
  quantity: number;
  idempotencyKey: string;
}

/** The first shape problem of a hold request (store existence is checked against the directory later). */
export function checkHoldRequest(input: HoldRequest) {
  if (!isValidStoreId(input.storeId)) return failures.invalidInput('storeId', 'storeId is not a valid store id.');
  if (!isValidSku(input.sku)) return failures.invalidInput('sku', 'sku must be 1-64 characters of A-Z a-z 0-9 . _ -');
  const quantity = checkQuantity(input.quantity);
  if (quantity) return quantity;
  if (input.idempotencyKey.length < 1 || input.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH || input.idempotencyKey.trim() === '') {
    return failures.invalidInput('idempotencyKey', `idempotencyKey must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`);
  }
  return undefined;
}

/**
 * What a hold's idempotency key stands for. The cart version is left out on purpose: it is
 * a precondition, not part of the request, so a retry from a page that saw the first
 * hold's new version is still the same request.
 */
export function holdRequestHash(input: HoldRequest): string {
  return createHash('sha256').update(JSON.stringify([input.storeId, input.sku, input.quantity])).digest('hex');
}

export function lineTotal(unitPrice: Money, quantity: number): Money {
  return { amount: unitPrice.amount * quantity, currency: unitPrice.currency };
}

/** Sum of line totals, one entry per currency (sorted by currency so the order is stable). */
export function cartTotals(lines: { unitPrice: Money; quantity: number }[]): Money[] {
  const sums = new Map<string, number>();
  for (const line of lines) {
    const total = lineTotal(line.unitPrice, line.quantity);
    sums.set(total.currency, (sums.get(total.currency) ?? 0) + total.amount);
  }
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ amount, currency }));
}

/** Saved carts one account may keep. */
export const MAX_SAVED_CARTS = 20;
export const MAX_SAVED_CART_NAME_LENGTH = 100;
/** Restore keys are shorter than hold keys: each line's hold key is derived from it (`${key}:${position}`). */
export const MAX_RESTORE_KEY_LENGTH = 180;

/** The trimmed saved-cart name, or INVALID_INPUT (field `name`). */
export function checkSavedCartName(name: string) {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_SAVED_CART_NAME_LENGTH) {
    return failures.invalidInput('name', `name must be 1-${MAX_SAVED_CART_NAME_LENGTH} characters (leading and trailing spaces do not count).`);
  }
  return trimmed;
}

export function checkRestoreKey(key: string) {
  if (key.length < 1 || key.length > MAX_RESTORE_KEY_LENGTH || key.trim() === '') {
    return failures.invalidInput('idempotencyKey', `idempotencyKey must be 1-${MAX_RESTORE_KEY_LENGTH} characters.`);
  }
  return undefined;
}

/**
 * The lines a saved cart keeps of the live tickets (oldest first): one line per item,
 * in the order the items came into the cart, with the item's tickets' quantities added
 * up (at most MAX_QUANTITY, what one hold may take when the cart is restored).
 */
export function savedCartLines(tickets: readonly Pick<TicketRecord, 'storeId' | 'sku' | 'quantity'>[]): SavedCartLineModel[] {
  const lines = new Map<string, SavedCartLineModel>();
  for (const t of tickets) {
    const key = JSON.stringify([t.storeId, t.sku]);
    const line = lines.get(key);
    if (line) line.quantity = Math.min(MAX_QUANTITY, line.quantity + t.quantity);
    else lines.set(key, { position: lines.size, storeId: t.storeId, sku: t.sku, quantity: Math.min(MAX_QUANTITY, t.quantity) });
  }
  return [...lines.values()];
}

/** What a restore's idempotency key stands for: the saved cart restored. */
export function restoreRequestHash(savedCartId: string): string {
  return createHash('sha256').update(JSON.stringify(['restore', savedCartId.toLowerCase()])).digest('hex');
}
