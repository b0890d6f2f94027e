/**
 * Ports the checkout needs from other services and from storage. The inventory and
 * ticket ports are the slices of lib/inventory-client.ts `InventoryClient` and
 * subgraphs/ticket/client.ts `TicketCheckoutClient` (ARCHITECTURE.md) that payment uses;
 * being structural, the real clients satisfy them.
 */
import type { IdempotentOutcome, IdempotentRequest } from '../../../lib/idempotency.js';
import type { InventoryClient } from '../../../lib/inventory-client.js';
import type { OutboxEmail } from '../../../lib/mail/outbox.js';
import type { OrderItemStatus, OrderLineModel, OrderModel, OrderStatus, PaymentModel, ShipmentModel, ShippingRateModel, StoreOrderModel, TransactionModel, TransactionStatus } from './model.js';
import type { NewTransaction } from './money-plan.js';
import type { CardToken } from './payment-provider.js';
import type { UnpaidBalanceAuthorizationSettlement } from './unpaid-balance.js';
import type { OrderPlan } from './order-split.js';
import type { StoreShippingRate } from './shipping.js';
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

/** The checkout's own authorization, settled at once (its row id and idempotency key are the order id). */
export interface NewPayment {
  orderId: string;
  status: 'SUCCEEDED' | 'DECLINED';
  amount: number;
  currency: string;
  /** null: the exchange takes nothing from a card (gift certificates pay its part, or stores collect every part): no card, providerReference GIFT_ONLY_AUTHORIZATION_REFERENCE */
  cardBrand: string | null;
  cardLast4: string | null;
  cardToken: string | null;
  providerReference: string;
  declineCode: string | null;
  idempotencyKey: string;
  createdAt: Date;
  /** GIFT CERTIFICATES: the order's gift part (debited at checkout), carried by its authorization */
  giftAmount?: number;
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
  /**
   * Order, parts and lines in one transaction, status IN_BASKET. GIFT CERTIFICATES: with
   * `useGiftBalance` (an account), the account's certificates are debited in the same
   * transaction for up to what the exchange collects (soonest-expiring first); returns the
   * split: the gift part and what is left for the card.
   */
  createOrder(input: { orderId: string; sessionId: string; accountId: string | null; contactEmail: string | null; plan: OrderPlan; now: Date; useGiftBalance?: boolean }): Promise<{ giftAmount: number; cardAmount: number }>;
  findOrder(orderId: string): Promise<OrderModel | undefined>;
  findOrders(ids: readonly string[]): Promise<OrderModel[]>;
  findStoreOrders(ids: readonly string[]): Promise<StoreOrderModel[]>;
  partsOfOrders(orderIds: readonly string[]): Promise<StoreOrderModel[]>;
  linesOfParts(storeOrderIds: readonly string[]): Promise<OrderLineModel[]>;
  linesOfOrder(orderId: string): Promise<OrderLineModel[]>;
  /** The orders' own (checkout) authorizations, with the status captures and voids of them give. */
  authorizationsOfOrders(orderIds: readonly string[]): Promise<PaymentModel[]>;
  /** Inserts the checkout's authorization unless it exists; returns the stored one. */
  recordPayment(payment: NewPayment): Promise<PaymentModel>;
  transactionsOfOrders(orderIds: readonly string[]): Promise<TransactionModel[]>;
  transactionsOfParts(storeOrderIds: readonly string[]): Promise<TransactionModel[]>;
  findTransactions(ids: readonly string[]): Promise<TransactionModel[]>;
  shipmentsOfParts(storeOrderIds: readonly string[]): Promise<ShipmentModel[]>;
  findShipments(ids: readonly string[]): Promise<ShipmentModel[]>;
  findLines(ids: readonly string[]): Promise<OrderLineModel[]>;
  /** Order, parts and lines VOID, its gift certificates given back, and the request COMPLETED with `completion.result`, atomically. */
  voidOrder(orderId: string, completion?: CheckoutCompletion): Promise<void>;
  /**
   * Lines refused by their store become VOID; parts and order take the status their
   * lines give; each live part gets its store payable; the 'order-placed' email is
   * enqueued (when the order has a contact email and is still placed); the request is
   * COMPLETED — one transaction.
   */
  finalizeAuthorized(input: { orderId: string; voidTicketIds: string[]; feeBps: number; completion: CheckoutCompletion }): Promise<void>;
  ordersOfShopper(shopper: { sessionId: string; accountId?: string }, page: PageRequest): Promise<Page<OrderModel>>;
  partsOfStore(storeId: string, page: PageRequest): Promise<Page<StoreOrderModel>>;
}

// --- shipping rates ---
export interface ShippingRateRepository {
  ratesOf(storeIds: readonly string[]): Promise<Map<string, StoreShippingRate>>;
  find(storeId: string): Promise<ShippingRateModel | undefined>;
  set(rate: StoreShippingRate, now: Date): Promise<ShippingRateModel>;
}

// --- fulfilment ---
/** Everything about one order, read under its row lock. */
export interface OrderSnapshot {
  order: OrderModel;
  parts: StoreOrderModel[];
  lines: OrderLineModel[];
  shipments: { id: string; storeOrderId: string; lineIds: string[] }[];
  transactions: TransactionModel[];
}

export interface NewShipment {
  id: string;
  storeOrderId: string;
  carrier: string;
  trackingNumber: string;
  lineIds: string[];
  itemsAmount: number;
  shippingAmount: number;
  currency: string;
  shippedAt: Date;
}

/** One fulfilment request's database transaction. */
export interface FulfilmentTx {
  /** Locks the order of part `storeOrderId` (its row, FOR UPDATE) and reads all of it. */
  lockOrderOfPart(storeOrderId: string): Promise<OrderSnapshot | undefined>;
  setLineStatuses(lineIds: readonly string[], to: OrderItemStatus): Promise<void>;
  /** The statuses the lines now give (statusFromItems); a VOID part's store payable is cancelled. */
  setStatuses(orderId: string, order: OrderStatus, parts: ReadonlyMap<string, OrderStatus>, now: Date): Promise<void>;
  recordShipment(shipment: NewShipment): Promise<void>;
  insertTransactions(orderId: string, currency: string, rows: readonly NewTransaction[], now: Date): Promise<void>;
  enqueueEmail(email: OutboxEmail, now: Date): Promise<void>;
}

export interface FulfilmentRepository {
  /** Runs `work` in one database transaction at most once per (scope, key) (lib/idempotency.ts). */
  idempotent<R>(request: IdempotentRequest, work: (tx: FulfilmentTx) => Promise<R>): Promise<IdempotentOutcome<R>>;
}

// --- the unpaid balance of an order (unpaid-balance.ts) ---
/** A payment of an order's unpaid balance: its authorization on the shopper's new card. */
export interface UnpaidBalanceAuthorization {
  id: string;
  orderId: string;
  status: TransactionStatus;
  amount: number;
  currency: string;
  /** the provider's token for the new card (never its number) */
  cardToken: string;
  declineCode: string | null;
  createdAt: Date;
}

/** One database transaction of a payment of an unpaid balance. */
export interface UnpaidBalanceTx {
  /** Locks order `orderId` (its row, FOR UPDATE) and reads all of it. */
  lockOrder(orderId: string): Promise<OrderSnapshot | undefined>;
  /** Inserts the payment's authorization PENDING, on the new card; the money movement job never takes it (its request asks the provider). */
  insertAuthorization(orderId: string, currency: string, authorization: NewTransaction, card: CardToken, now: Date): Promise<void>;
  /** Records the provider's answer to the PENDING `authorization` and inserts the rows that follow (its capture, refunds owed). */
  settleAuthorization(authorization: Pick<UnpaidBalanceAuthorization, 'id' | 'orderId' | 'currency'>, settlement: UnpaidBalanceAuthorizationSettlement, now: Date): Promise<void>;
}

export interface UnpaidBalanceRepository {
  /** Runs `work` in one database transaction at most once per (scope, key) (lib/idempotency.ts). */
  idempotent<R>(request: IdempotentRequest, work: (tx: UnpaidBalanceTx) => Promise<R>): Promise<IdempotentOutcome<R>>;
  /** Runs `work` in one database transaction. */
  transaction<R>(work: (tx: UnpaidBalanceTx) => Promise<R>): Promise<R>;
  findAuthorization(id: string): Promise<UnpaidBalanceAuthorization | undefined>;
}
