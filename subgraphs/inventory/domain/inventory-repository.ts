import type { ReservationStatus } from './model.js';

/** An item row as stored; `available` is computed by the store at read time. */
export interface ItemRecord {
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  stockOnHand: number;
  available: number;
}

/** The stock facts of one item inside a transaction that holds its row lock. */
export interface LockedItem {
  sku: string;
  priceAmount: number;
  currency: string;
  stockOnHand: number;
}

export interface ReservationRecord {
  ticketId: string;
  sku: string;
  quantity: number;
  status: ReservationStatus;
  leaseUntil: Date;
  orderId: string | null;
}

/** A reservation as read back, with its item's current price. */
export interface StoredReservation extends ReservationRecord {
  priceAmount: number;
  currency: string;
}

/**
 * One database transaction of a protocol call. Locks are taken item first, then
 * reservation, in every call, so concurrent calls queue instead of deadlocking.
 */
export interface InventoryTransaction {
  /** The item with its row locked until the transaction ends (serialises every stock decision on this SKU). */
  lockItem(sku: string): Promise<LockedItem | undefined>;
  /** The reservation, without a lock: only to learn which item to lock first. */
  peekReservation(ticketId: string): Promise<StoredReservation | undefined>;
  /** The reservation with its row locked until the transaction ends. */
  lockReservation(ticketId: string): Promise<StoredReservation | undefined>;
  /** Sum of HELD quantities with a lease later than `now` on `sku`, not counting `exceptTicketId`'s own. */
  liveHeldQuantity(sku: string, now: Date, exceptTicketId: string): Promise<number>;
  /** Inserts or overwrites the reservation of `ticketId`. */
  saveReservation(reservation: ReservationRecord): Promise<void>;
  /** Adds `delta` (negative for a sale) to the item's stock on hand. */
  adjustStockOnHand(sku: string, delta: number): Promise<void>;
}

/** Where one store's catalog, stock and reservations live. */
export interface InventoryRepository {
  /** Items ordered by SKU, starting after `afterSku`; at most `limit`. */
  listItems(options: { afterSku: string | null; limit: number; now: Date }): Promise<ItemRecord[]>;
  countItems(): Promise<number>;
  /** The items among `skus` that exist (any order), in one query. */
  findItems(skus: readonly string[], now: Date): Promise<ItemRecord[]>;
  /** Runs `work` in one transaction; a throw rolls it back. */
  transaction<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T>;
}
