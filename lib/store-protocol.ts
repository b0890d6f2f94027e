/**
 * The vocabulary of the store protocol (reserve / release / commit), shared by the
 * exchange's client (lib/inventory-client.ts) and every store's inventory subgraph.
 */
export interface Money {
  /** minor units (cents) */
  amount: number;
  currency: string;
}

export type ReservationStatus = 'HELD' | 'RELEASED' | 'COMMITTED';

export type ProtocolErrorCode =
  | 'OUT_OF_STOCK'
  | 'ITEM_NOT_FOUND'
  | 'INVALID_QUANTITY'
  | 'RESERVATION_NOT_FOUND'
  | 'RESERVATION_RELEASED'
  | 'RESERVATION_COMMITTED';
