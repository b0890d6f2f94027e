/** Models the inventory resolvers return (codegen mappers point here). */
import type { StoreReservation } from '../../../lib/inventory-client.js';
import type { Money, ProtocolErrorCode, ReservationStatus } from '../../../lib/store-protocol.js';

export type { Money, ProtocolErrorCode, ReservationStatus };

/** The store this inventory instance serves (one instance, one store). */
export interface StoreModel {
  id: string;
  name: string;
  currency: string;
}

export interface ItemModel {
  storeId: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  stockOnHand: number;
  /** stock on hand minus live holds, as of the read */
  available: number;
}

/** A reservation as the protocol answers it (lib/inventory-client.ts), plus the order that committed it. */
export interface ReservationModel extends StoreReservation {
  orderId: string | null;
}


export interface ProtocolFailure {
  __typename: 'ProtocolError';
  code: ProtocolErrorCode;
  message: string;
  /** for OUT_OF_STOCK: how many could be reserved now */
  available?: number;
}

/** What reserve/release/commit answer: the reservation, or why not. */
export type ProtocolResultModel = (ReservationModel & { __typename: 'Reservation' }) | ProtocolFailure;

export interface ItemConnectionModel {
  edges: { cursor: string; node: ItemModel }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** An entity key of Item. */
export interface ItemKey {
  storeId: string;
  sku: string;
}
