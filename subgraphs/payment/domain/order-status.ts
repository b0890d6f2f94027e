import type { OrderItemStatus, OrderStatus } from './model.js';

/**
 * An order's (or store part's) status follows from its items (domain "Orders and
 * money"); `placed` is the status while every live item is still to be shipped.
 * - every item VOID (or none) → VOID
 * - every live item RECEIVED_BACK → RETURNED
 * - some item shipped (SHIPPED, or since RECEIVED_BACK) and some still TO_BE_SHIPPED → PARTIALLY_FULFILLED
 * - every live item SHIPPED or RECEIVED_BACK, at least one SHIPPED → FULFILLED
 * - otherwise (nothing shipped yet) → `placed`
 */
export function statusFromItems(items: readonly OrderItemStatus[], placed: OrderStatus): OrderStatus {
  const live = items.filter((s) => s !== 'VOID');
  if (live.length === 0) return 'VOID';
  const shipped = live.filter((s) => s === 'SHIPPED').length;
  const toShip = live.filter((s) => s === 'TO_BE_SHIPPED').length;
  const returned = live.filter((s) => s === 'RECEIVED_BACK').length;
  if (returned === live.length) return 'RETURNED';
  if (shipped + returned > 0 && toShip > 0) return 'PARTIALLY_FULFILLED';
  if (shipped > 0 && toShip === 0) return 'FULFILLED';
  return placed;
}
