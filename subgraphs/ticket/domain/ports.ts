import type { IdempotentOutcome, IdempotentRequest } from '../../../lib/idempotency.js';
import type { PriceRule } from '../../../lib/pricing.js';
import type { Money, SavedCartModel, TicketRecord, TicketState } from './model.js';
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
  cartId: string;
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
 * A transaction holding the locks of some carts (a cart id is a guest's session id or
 * `account:<accountId>`, lib/cart-id.ts). Every change to a cart's tickets happens under
 * its lock, so checks (version, limits, status) and the change cannot interleave with
 * another replica's; locks are always taken cart first (several in a fixed order),
 * tickets second, which keeps concurrent transactions free of deadlocks.
 */
export interface CartTx {
  /** The carts whose locks this transaction holds (busy ones are left out when skipping). */
  readonly cartIds: string[];
  version(cartId: string): number;
  /** Bumps the cart versions; returns the new versions. */
  bumpVersions(cartIds: string[]): Promise<Map<string, number>>;
  tickets(cartId: string, states: readonly TicketState[]): Promise<TicketRecord[]>;
  ticket(cartId: string, ticketId: string): Promise<TicketRecord | undefined>;
  ticketsOfOrder(orderId: string): Promise<TicketRecord[]>;
  /** The cart's visible ticket that ended (EXPIRED, RELEASED, PURCHASED) most recently. */
  latestEndedTicket(cartId: string): Promise<TicketRecord | undefined>;
  countLive(cartId: string): Promise<number>;
  insertTicket(ticket: NewTicket): Promise<TicketRecord>;
  /** Applies `patch` to the tickets still in `from` state; returns the updated ones. */
  updateTickets(ids: string[], from: readonly TicketState[], patch: TicketPatch, now: Date): Promise<TicketRecord[]>;
  /**
   * Re-keys the HELD tickets `ids` of cart `from` to cart `to` (both locked here), now
   * under `accountId`, with the hold keys that name them (a key `to` already uses stays
   * behind). Returns the moved tickets.
   */
  moveHeldTickets(ids: string[], from: string, to: string, accountId: string, now: Date): Promise<TicketRecord[]>;
  findHoldKey(cartId: string, key: string): Promise<HoldKeyRecord | undefined>;
  saveHoldKey(cartId: string, key: string, requestHash: string, ticketId: string, now: Date): Promise<void>;
  /** Records the store's refusal of a hold under its key, so a repeat returns it again. */
  recordHoldFailureOf(ticketId: string, failure: StoredHoldFailure): Promise<void>;
  /** Forgets the keys of holds that failed for a passing reason (store unavailable, abandoned), so a retry can succeed. */
  forgetHoldKeysOf(ticketIds: string[]): Promise<void>;
  /** Tickets the sweeper must act on: HELD past expiry, PENDING abandoned, CHECKING_OUT stuck. */
  dueTickets(cartIds: string[], due: SweepCutoffs, limit: number): Promise<TicketRecord[]>;
  /** How many saved carts the account keeps (saves take the account cart's lock, so this stays true). */
  countSavedCarts(accountId: string): Promise<number>;
  insertSavedCart(cart: SavedCartModel): Promise<void>;
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
   * Runs `fn` in one transaction holding the locks of carts `cartIds` (taken in a fixed
   * order). `skipLocked`: carts locked elsewhere are left out instead of waited for, and
   * with `limit` at most that many carts are taken.
   */
  inCarts<T>(cartIds: string[], fn: (tx: CartTx) => Promise<T>, options?: { skipLocked?: boolean; limit?: number }): Promise<T>;
  /**
   * `inCarts` at most once per (scope, key), by lib/idempotency.ts `runIdempotent`: the
   * key is claimed first (a concurrent repeat sees it running), then `fn` runs in ONE
   * transaction holding the carts' locks that also stores what `fn` returns (JSON) under
   * the key, so the change and its stored response commit together. A repeat with the same
   * request hash gets the stored response; other input, or a repeat while the first still
   * runs, is refused. `fn` throwing rolls back and frees the key.
   */
  inCartsOnce<R>(request: IdempotentRequest, cartIds: string[], fn: (tx: CartTx) => Promise<R>): Promise<IdempotentOutcome<R>>;
  /**
   * Resumable work at most once per (scope, key), by lib/idempotency.ts
   * `runIdempotentSteps` (same table and answers as `inCartsOnce`): `steps` runs outside
   * any transaction (its own steps take their carts' locks) and must be made of steps
   * idempotent by themselves, since a run that crashed is run again by a repeat once its
   * lock lapses. What it returns is stored (JSON) and replayed. Throwing frees the key.
   */
  stepsOnce<R>(request: IdempotentRequest, steps: () => Promise<R>): Promise<IdempotentOutcome<R>>;
  findTicket(ticketId: string): Promise<TicketRecord | undefined>;
  /** The cart version and live (HELD, CHECKING_OUT) tickets, read from one snapshot. */
  readCart(cartId: string): Promise<{ version: number; tickets: TicketRecord[] }>;
  /** Whether the cart has HELD tickets (one indexed read, no locks: the merge at login asks it on every request). */
  hasHeldTickets(cartId: string): Promise<boolean>;
  /** A store's tickets (a store sees its own holds). */
  findStoreTicket(storeId: string, ticketId: string): Promise<TicketRecord | undefined>;
  cartsOfOrder(orderId: string): Promise<string[]>;
  /** Carts with tickets due for the sweeper (no locks taken). */
  cartsWithDueTickets(due: SweepCutoffs, limit: number): Promise<string[]>;
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
  cartId: string;
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
  subscribeCart(cartId: string, onEvent: (event: CartEvent) => void): Promise<() => Promise<void>>;
  subscribeAvailability(storeId: string, onEvent: (event: AvailabilityEvent) => void): Promise<() => Promise<void>>;
}

/** A HELD ticket about to expire, claimed for its EXPIRING event, with its cart's version. */
export interface ExpiringTicket {
  ticket: TicketRecord;
  cartVersion: number;
}

/** An account's saved carts, outside any cart lock (saving one takes the account cart's lock: CartTx). */
export interface SavedCartRepository {
  /** Newest first. */
  list(accountId: string): Promise<SavedCartModel[]>;
  find(accountId: string, savedCartId: string): Promise<SavedCartModel | undefined>;
  /** Deletes the account's saved cart; returns it as it was, or undefined when there was none. */
  delete(accountId: string, savedCartId: string): Promise<SavedCartModel | undefined>;
}

/**
 * The session service's offer codes, as a restored cart attaches its saved ones again.
 * Resolves to the session's offer codes after attaching, or null when the session could
 * not take them (gone, limit); rejects when the session service cannot be reached.
 */
export interface SessionOfferCodes {
  attach(sessionId: string, codes: string[]): Promise<string[] | null>;
}

/**
 * The stores' price rules (lib/pricing.ts), kept by the payment subgraph: the cart shows
 * each line at the shopper's best price. Resolves to every rule of the store for these
 * skus (pricing decides which apply); rejects when the rules cannot be read. For display
 * only: an adapter may cache for a moment, checkout reads them fresh on its own.
 */
export interface PriceRules {
  rulesFor(storeId: string, skus: readonly string[]): Promise<PriceRule[]>;
}
