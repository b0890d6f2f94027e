/**
 * Ports the checkout needs from other services and from storage. The inventory and
 * ticket ports are the slices of lib/inventory-client.ts `InventoryClient` and
 * subgraphs/ticket/client.ts `TicketCheckoutClient` (ARCHITECTURE.md) that payment uses;
 * being structural, the real clients satisfy them.
 */
import type { InventoryClient } from '../../../lib/inventory-client.js';
import type { Money, OrderLineModel, OrderModel, PaymentModel, StoreOrderModel } from './model.js';
import type { OrderPlan } from './order-split.js';
import type { CheckoutError } from './checkout-service.js';

// --- inventory (the store protocol) and the ticket service's checkout RPC ---
export type { CatalogItem, ProtocolOutcome } from '../../../lib/inventory-client.js';
export type { BeginCheckoutResult, CheckoutTicket, TicketCheckoutClient as TicketCheckout } from '../../../lib/ticket-checkout-contract.js';

/** The slice of lib/inventory-client.ts InventoryClient that checkout uses. */
export type CheckoutInventory = Pick<InventoryClient, 'getItems' | 'commit'>;

// --- storage ---
export type CheckoutRequestState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** The replayable outcome of a checkout: the order, or a typed error result. */
export type StoredCheckoutResult = { kind: 'ORDER'; orderId: string } | { kind: 'ERROR'; error: CheckoutError };

export type ClaimOutcome =
  /** This call owns the attempt now; `resumed` when it takes over an unfinished one. */
  | { kind: 'claimed'; orderId: string; resumed: boolean }
  | { kind: 'completed'; requestHash: string; result: StoredCheckoutResult }
  | { kind: 'in_progress'; requestHash: string }
  | { kind: 'hash_mismatch' };

export interface CheckoutRequestRepository {
  /**
   * Claims (sessionId, key) for one attempt: a new key or a FAILED one starts a new
   * attempt with `newOrderId`; an IN_PROGRESS one whose lock lapsed (a crashed or
   * interrupted attempt) is resumed with its own order id when the hash matches.
   */
  claim(input: { sessionId: string; key: string; requestHash: string; newOrderId: string; now: Date; lockUntil: Date }): Promise<ClaimOutcome>;
  /** Ends the attempt with nothing done: the key is free for a new attempt. */
  markFailed(sessionId: string, key: string, orderId: string, now: Date): Promise<void>;
  /** Leaves the attempt IN_PROGRESS but unlocked, for a retry to resume (outcome unknown). */
  unlock(sessionId: string, key: string, orderId: string, now: Date): Promise<void>;
}

export interface NewPayment {
  orderId: string;
  kind: 'AUTHORIZATION' | 'CAPTURE' | 'REFUND';
  status: 'AUTHORIZED' | 'DECLINED' | 'CAPTURED' | 'VOIDED';
  amount: number;
  currency: string;
  cardBrand: string;
  cardLast4: string;
  cardToken: string;
  providerReference: string;
  declineCode: string | null;
  idempotencyKey: string;
  createdAt: Date;
}

export interface CheckoutCompletion {
  sessionId: string;
  key: string;
  result: StoredCheckoutResult;
  now: Date;
}

export interface Page<T> {
  items: { cursor: string; node: T }[];
  hasNextPage: boolean;
}

export interface PageRequest {
  first: number;
  after?: { createdAt: Date; id: string };
}

export interface OrderRepository {
  /** Order, parts and lines in one transaction, status IN_BASKET. */
  createOrder(input: { orderId: string; sessionId: string; accountId: string | null; plan: OrderPlan; now: Date }): Promise<void>;
  findOrder(orderId: string): Promise<OrderModel | undefined>;
  findOrders(ids: readonly string[]): Promise<OrderModel[]>;
  findStoreOrders(ids: readonly string[]): Promise<StoreOrderModel[]>;
  partsOfOrders(orderIds: readonly string[]): Promise<StoreOrderModel[]>;
  linesOfParts(storeOrderIds: readonly string[]): Promise<OrderLineModel[]>;
  linesOfOrder(orderId: string): Promise<OrderLineModel[]>;
  authorizationsOfOrders(orderIds: readonly string[]): Promise<PaymentModel[]>;
  /** Inserts the payment unless one with its idempotency key exists; returns the stored one. */
  recordPayment(payment: NewPayment): Promise<PaymentModel>;
  /** Order, parts and lines VOID and the request COMPLETED with `completion.result`, atomically. */
  voidOrder(orderId: string, completion?: CheckoutCompletion): Promise<void>;
  /**
   * Lines refused by their store become VOID; parts and order take the status their
   * lines give; each live part gets its store payable; the request is COMPLETED — one
   * transaction.
   */
  finalizeAuthorized(input: { orderId: string; voidTicketIds: string[]; feeBps: number; completion: CheckoutCompletion }): Promise<void>;
  ordersOfShopper(shopper: { sessionId: string; accountId?: string }, page: PageRequest): Promise<Page<OrderModel>>;
  partsOfStore(storeId: string, page: PageRequest): Promise<Page<StoreOrderModel>>;
}
