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
 * One database transaction of a protocol call. Every call locks the item first and
 * writes reservations of that item only while holding its lock, so the item lock alone
 * serialises all stock decisions on a SKU (and no two calls wait on each other in
 * opposite order).
 */
export interface InventoryTransaction {
  /** The item with its row locked until the transaction ends. */
  lockItem(sku: string): Promise<LockedItem | undefined>;
  /** The reservation, read without a lock: only to learn which item to lock. */
  peekReservation(ticketId: string): Promise<StoredReservation | undefined>;
  /**
   * Under the item lock, in one read: the ticket's reservation (if any) and the sum of
   * the other HELD reservations on `sku` whose lease ends after `now`. Must run after
   * lockItem, as its own statement, so it sees everything committed before the lock.
   */
  stockOfTicket(sku: string, ticketId: string, now: Date): Promise<{ reservation: StoredReservation | undefined; heldByOthers: number }>;
  /**
   * Inserts or overwrites the reservation of `ticketId`; false (and nothing written) when
   * the ticket already holds another SKU, which a concurrent reserve may have just created.
   */
  saveReservation(reservation: ReservationRecord): Promise<boolean>;
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
