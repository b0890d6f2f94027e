import type { Money, TicketRecord, TicketState } from './model.js';
import type { StoredHoldFailure } from './results.js';

/**
 * The part of the store protocol the ticket service uses. lib/inventory-client.ts's
 * InventoryClient satisfies it; tests may pass a fake.
 */
export type ProtocolOutcome =
  | { ok: true; reservation: { ticketId: string; sku: string; quantity: number; status: string; leaseUntil: Date; unitPrice: Money } }
  | { ok: false; code: string; message: string; available?: number | null };

export interface CatalogEntry {
  storeId: string;
  sku: string;
  name: string;
  price: Money;
  available: number;
}

export interface StoreInventory {
  reserve(storeId: string, input: { ticketId: string; sku: string; quantity: number; leaseUntil: Date }): Promise<ProtocolOutcome>;
  release(storeId: string, ticketId: string): Promise<ProtocolOutcome>;
  getItems(storeId: string, skus: string[]): Promise<Map<string, CatalogEntry>>;
}

export interface NewTicket {
  id: string;
  sessionId: string;
  accountId: string | null;
  storeId: string;
  sku: string;
  quantity: number;
  expiresAt: Date;
  now: Date;
}

export type TicketPatch = Partial<{
  status: TicketState;
  quantity: number;
  checkoutOrderId: string | null;
  checkoutStartedAt: Date | null;
  failureCode: string | null;
  /** The store still has to be told to release (retried by the sweeper until the lease lapses). */
  releaseOwed: boolean;
  /** When the sweeper may first retry an owed release (the caller tries at once itself). */
  releaseRetryAt: Date | null;
}>;

export interface HoldKeyRecord {
  requestHash: string;
  ticketId: string | null;
  failure: StoredHoldFailure | null;
}

/**
 * A transaction holding the cart locks of some sessions. Every change to a session's
 * tickets happens under its cart lock, so checks (version, limits, status) and the
 * change cannot interleave with another replica's; locks are always taken cart first,
 * tickets second, which keeps concurrent transactions free of deadlocks.
 */
export interface CartTx {
  /** The sessions whose locks this transaction holds (busy ones are left out when skipping). */
  readonly sessionIds: string[];
  version(sessionId: string): number;
  /** Bumps the cart versions; returns the new versions. */
  bumpVersions(sessionIds: string[]): Promise<Map<string, number>>;
  tickets(sessionId: string, states: readonly TicketState[]): Promise<TicketRecord[]>;
  ticket(sessionId: string, ticketId: string): Promise<TicketRecord | undefined>;
  ticketsOfOrder(orderId: string): Promise<TicketRecord[]>;
  /** The session's visible ticket that ended (EXPIRED, RELEASED, PURCHASED) most recently. */
  latestEndedTicket(sessionId: string): Promise<TicketRecord | undefined>;
  countLive(sessionId: string): Promise<number>;
  insertTicket(ticket: NewTicket): Promise<TicketRecord>;
  /** Applies `patch` to the tickets still in `from` state; returns the updated ones. */
  updateTickets(ids: string[], from: readonly TicketState[], patch: TicketPatch, now: Date): Promise<TicketRecord[]>;
  findHoldKey(sessionId: string, key: string): Promise<HoldKeyRecord | undefined>;
  saveHoldKey(sessionId: string, key: string, requestHash: string, ticketId: string, now: Date): Promise<void>;
  /** Records the store's refusal of a hold under its key, so a repeat returns it again. */
  recordHoldFailureOf(ticketId: string, failure: StoredHoldFailure): Promise<void>;
  /** Forgets the keys of holds that failed for a passing reason (store unavailable, abandoned), so a retry can succeed. */
  forgetHoldKeysOf(ticketIds: string[]): Promise<void>;
  /** Tickets the sweeper must act on: HELD past expiry, PENDING abandoned, CHECKING_OUT stuck. */
  dueTickets(sessionIds: string[], due: SweepCutoffs, limit: number): Promise<TicketRecord[]>;
}

export interface SweepCutoffs {
  now: Date;
  /** PENDING tickets created before this were abandoned by a crashed or timed-out hold. */
  pendingBefore: Date;
  /** CHECKING_OUT tickets whose checkout started before this are stuck. */
  checkoutBefore: Date;
}

export interface TicketRepository {
  /**
   * Runs `fn` in one transaction holding the cart locks of `sessionIds` (taken in a fixed
   * order). `skipLocked`: carts locked elsewhere are left out instead of waited for, and
   * with `limit` at most that many carts are taken.
   */
  inCarts<T>(sessionIds: string[], fn: (tx: CartTx) => Promise<T>, options?: { skipLocked?: boolean; limit?: number }): Promise<T>;
  findTicket(ticketId: string): Promise<TicketRecord | undefined>;
  /** The cart version and live (HELD, CHECKING_OUT) tickets, read from one snapshot. */
  readCart(sessionId: string): Promise<{ version: number; tickets: TicketRecord[] }>;
  /** A store's tickets (a store sees its own holds). */
  findStoreTicket(storeId: string, ticketId: string): Promise<TicketRecord | undefined>;
  sessionsOfOrder(orderId: string): Promise<string[]>;
  /** Sessions with tickets due for the sweeper (no locks taken). */
  sessionsWithDueTickets(due: SweepCutoffs, limit: number): Promise<string[]>;
  /**
   * Claims tickets whose store release is owed and due for a retry (SKIP LOCKED, so
   * replicas claim different ones) and pushes their next retry to `retryAt`. Owed
   * releases whose lease already lapsed are dropped: the store freed the stock itself.
   */
  claimOwedReleases(now: Date, retryAt: Date, leaseGraceMs: number, limit: number): Promise<TicketRecord[]>;
  /** The stores confirmed these releases. */
  settleReleases(ticketIds: string[]): Promise<void>;
  /**
   * Claims HELD tickets that expire within `leadMs` (and have not yet), once each: marks
   * them notified (SKIP LOCKED, so replicas claim different ones and none twice).
   */
  claimExpiring(now: Date, leadMs: number, limit: number): Promise<ExpiringTicket[]>;
  /** When the sweeper next has work: the earliest HELD expiry or EXPIRING notice (undefined: none). */
  nextDueAt(leadMs: number): Promise<Date | undefined>;
}

export type TicketEventType = 'HELD' | 'QUANTITY_CHANGED' | 'EXPIRING' | 'EXPIRED' | 'RELEASED' | 'PURCHASED';
/**
 * On the bus only, never shown: the cart version moved without a ticket event (checkout
 * began), so subscribers putting events in sequence order do not wait for a number that
 * will never come.
 */
export type CartMarkerType = 'CART_CHANGED';

/** Something that happened to a ticket of a cart (announced after it committed). */
export interface CartEvent {
  sessionId: string;
  type: TicketEventType | CartMarkerType;
  /** The cart version after the change (EXPIRING changes nothing: the version it saw). */
  sequence: number;
  occurredAt: Date;
  ticketId: string;
  /** EXPIRING only: whole seconds left before expiresAt. */
  secondsLeft?: number;
}

/** A hold on a store's item began, changed size or ended: its available count moved. */
export interface AvailabilityEvent {
  storeId: string;
  sku: string;
  occurredAt: Date;
}

/** Where ticket transitions are announced. A failure must never undo or fail the transition. */
export interface TicketEventPublisher {
  publishCart(event: CartEvent): Promise<void>;
  publishAvailability(event: AvailabilityEvent): Promise<void>;
}

/** Live events, for subscriptions. Each subscribe resolves once listening, to its unsubscribe. */
export interface TicketEventSource {
  subscribeCart(sessionId: string, onEvent: (event: CartEvent) => void): Promise<() => Promise<void>>;
  subscribeAvailability(storeId: string, onEvent: (event: AvailabilityEvent) => void): Promise<() => Promise<void>>;
}

/** A HELD ticket about to expire, claimed for its EXPIRING event, with its cart's version. */
export interface ExpiringTicket {
  ticket: TicketRecord;
  cartVersion: number;
}
