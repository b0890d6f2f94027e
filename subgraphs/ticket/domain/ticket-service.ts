import { randomUUID } from 'node:crypto';
import { cartIdOf } from '../../../lib/cart-id.js';
import { DomainError } from '../../../lib/errors.js';
import { requireShopper, type Identity } from '../../../lib/identity.js';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import type { StoreDirectory } from '../../../lib/store-directory.js';
import {
  parseBeginInput,
  parseOrderInput,
  type AbortCheckoutResult,
  type BeginCheckoutResult,
  type CheckoutTicket,
  type CompleteCheckoutResult,
} from './checkout.js';
import { planCartMerge } from './cart-merge.js';
import { isVisible, toCartModel, toTicketModel, type CartModel, type TicketModel, type TicketRecord } from './model.js';
import type { CartTx, HoldKeyRecord, ProtocolOutcome, StoreInventory, TicketEventPublisher, TicketRepository } from './ports.js';
import { checkIdempotencyKey, runKeyed, unkept } from './keyed.js';
import {
  failures,
  revivedFailure,
  ticketResult,
  type ChangeQuantityOutcome,
  type HoldOutcome,
  type ReleaseOutcome,
  type ResizeOutcome,
  type StoredHoldFailure,
  type StoredReleaseFailure,
  type StoredResizeFailure,
  type StoredTicketAnswer,
  type TicketResult,
} from './results.js';
import { checkHoldRequest, checkQuantity, holdRequestHash, isUuid, MAX_QUANTITY, MIN_QUANTITY, type HoldRequest } from './rules.js';
import { abortCheckoutTickets, announce, announceAvailability, announceReleased, RELEASE_RETRY_MS, releaseHeldTickets, StoreReleases } from './transitions.js';

export interface TicketPolicy {
  /** How long a hold lasts. */
  ticketTtlMs: number;
  /** The store lease outlives the ticket by this much (room for a checkout in flight). */
  leaseGraceMs: number;
  /** Anti-scalping: live tickets one cart may have (a guest's, or an account's one cart). */
  maxLiveTicketsPerCart: number;
}

export const DEFAULT_POLICY: TicketPolicy = { ticketTtlMs: 15 * 60_000, leaseGraceMs: 120_000, maxLiveTicketsPerCart: 50 };

export interface ReleaseCommand {
  ticketId: string;
  idempotencyKey: string;
  cartVersion?: number | null;
}

export interface ChangeQuantityCommand {
  ticketId: string;
  quantity: number;
  idempotencyKey: string;
  cartVersion?: number | null;
}

/** A resize done under the cart's lock, its announcements owed after commit. */
interface Resized {
  __typename: 'Resized';
  ticket: TicketRecord;
  changed: boolean;
  versions: Map<string, number>;
  at: Date;
}

type Unavailable = ReturnType<typeof failures.storeUnavailable>;
type ResizeStep = Resized | 'stale' | StoredResizeFailure | Unavailable;

/** A shopper and the cart its requests act on (lib/cart-id.ts). */
export interface ShopperCart {
  sessionId: string;
  accountId?: string;
  cartId: string;
}

export interface TicketServiceDeps {
  repository: TicketRepository;
  directory: StoreDirectory;
  inventory: StoreInventory;
  events: TicketEventPublisher;
  clock: Clock;
  logger: Logger;
  policy: TicketPolicy;
}

/** How long a repeat of a hold waits for the first attempt's store answer. */
const REPLAY_WAIT_MS = 5_000;
const REPLAY_POLL_MS = 50;

function isStoreUnavailable(error: unknown): boolean {
  return error instanceof DomainError && (error.code === 'STORE_UNAVAILABLE' || error.code === 'STORE_NOT_FOUND');
}

function checkoutTicket(t: TicketRecord): CheckoutTicket {
  return { id: t.id, storeId: t.storeId, sku: t.sku, quantity: t.quantity, expiresAt: t.expiresAt.toISOString() };
}

/** Tickets (holds on store stock) and carts: every use case of the ticket subgraph. */
export class TicketService {
  private readonly releases: StoreReleases;

  constructor(private readonly deps: TicketServiceDeps) {
    this.releases = new StoreReleases(deps.repository, deps.inventory, deps.logger);
  }

  // --- queries ---------------------------------------------------------------------

  async cart(identity: Identity): Promise<CartModel> {
    return this.cartOf((await this.openCart(identity)).cartId);
  }

  /**
   * One of the caller's tickets in any (visible) status; null for others' or malformed ids.
   * The caller's are those of its cart, of its session's own (guest) cart, and, for an
   * account, every ticket held under the account.
   */
  async ticket(identity: Identity, ticketId: string): Promise<TicketModel | null> {
    const shopper = requireShopper(identity);
    if (!isUuid(ticketId)) return null;
    const record = await this.deps.repository.findTicket(ticketId);
    if (!record) return null;
    const mine = record.cartId === cartIdOf(shopper) || record.cartId === shopper.sessionId || (!!shopper.accountId && record.accountId === shopper.accountId);
    return mine ? toTicketModel(record) ?? null : null;
  }

  /** A ticket referenced from another subgraph: the owning shopper or the ticket's store may see it. */
  async ticketReference(identity: Identity, ticketId: string): Promise<TicketModel | null> {
    if (!isUuid(ticketId)) return null;
    if (identity.kind === 'STORE' && identity.storeId) {
      const record = await this.deps.repository.findStoreTicket(identity.storeId, ticketId);
      return record ? toTicketModel(record) ?? null : null;
    }
    return this.ticket(identity, ticketId);
  }

  async stores(): Promise<{ id: string }[]> {
    return (await this.deps.directory.list()).map((s) => ({ id: s.id }));
  }

  /** The cart as it is now (one snapshot). */
  async cartOf(cartId: string): Promise<CartModel> {
    const { version, tickets } = await this.deps.repository.readCart(cartId);
    return toCartModel(cartId, version, tickets);
  }

  // --- the caller's cart, and the guest cart merge at login ------------------------------

  /**
   * The cart the caller's requests act on (lib/cart-id.ts). For an account, the session's
   * guest cart is merged into the account's one cart first: every cart read and change
   * of an account goes through here.
   */
  async openCart(identity: Identity): Promise<ShopperCart> {
    const shopper = requireShopper(identity);
    if (!shopper.accountId) return { ...shopper, cartId: cartIdOf(shopper) };
    return { ...shopper, cartId: await this.mergeGuestCart(shopper.sessionId, shopper.accountId) };
  }

  /**
   * Merges session `sessionId`'s guest cart into account `accountId`'s cart (the session
   * was upgraded in place at login), lazily and idempotently: one indexed read finds
   * nothing to do on every later request. The move happens in one transaction holding
   * both carts' locks, by the rule of planCartMerge: tickets are re-keyed or released,
   * never reserved anew, so it cannot fail for stock and the stores' counts stay exact.
   * Guest tickets in checkout stay where they are; a later request merges them once they
   * are HELD again. Returns the account's cart id.
   */
  async mergeGuestCart(sessionId: string, accountId: string): Promise<string> {
    const accountCart = cartIdOf({ sessionId, accountId });
    const { repository, clock, events, logger } = this.deps;
    if (!(await repository.hasHeldTickets(sessionId))) return accountCart;
    const now = clock.now();
    const merged = await repository.inCarts([sessionId, accountCart], async (tx) => {
      const guest = await tx.tickets(sessionId, ['HELD']);
      // another request merged them while this one waited for the locks
      if (guest.length === 0) return undefined;
      const plan = planCartMerge(guest, await tx.tickets(accountCart, ['HELD']), now);
      const dropped = await releaseHeldTickets(tx, plan.drop, now);
      const moved = await tx.moveHeldTickets(plan.move, sessionId, accountCart, accountId, now);
      return { moved, dropped, versions: await tx.bumpVersions([sessionId, accountCart]) };
    });
    if (!merged) return accountCart;
    logger.info({ sessionId, cartId: accountCart, moved: merged.moved.length, released: merged.dropped.length }, 'guest cart merged into the account cart');
    await announce(events, logger, 'HELD', merged.moved, merged.versions, now);
    await announceReleased({ events, logger, releases: this.releases }, merged.dropped, merged.versions, now);
    const announced = new Set([...merged.moved, ...merged.dropped].map((t) => t.cartId));
    for (const cartId of [sessionId, accountCart]) {
      // a version that moved with no ticket event on its cart: a marker keeps the cart's followers in sequence
      if (!announced.has(cartId)) await this.publishCartChanged(cartId, merged.versions.get(cartId)!, [...merged.moved, ...merged.dropped][0].id, now);
    }
    return accountCart;
  }

  private async publishCartChanged(cartId: string, sequence: number, ticketId: string, at: Date): Promise<void> {
    try {
      await this.deps.events.publishCart({ cartId, type: 'CART_CHANGED', sequence, occurredAt: at, ticketId });
    } catch (error) {
      this.deps.logger.warn({ err: error, cartId }, 'cart change not published');
    }
  }

  // --- hold ------------------------------------------------------------------------

  /**
   * Holds stock at a store. Order of effects, so a crash at any point leaves nothing
   * half-done: the ticket is written PENDING (invisible) first, then the store reserves
   * with a lease, then the ticket becomes HELD. A PENDING ticket left behind is cleaned
   * up by the sweeper, and the store lease lapses by itself.
   */
  async hold(identity: Identity, input: HoldRequest & { cartVersion?: number | null }): Promise<HoldOutcome> {
    requireShopper(identity);
    const invalid = checkHoldRequest(input);
    if (invalid) return invalid;
    if (!(await this.deps.directory.get(input.storeId))) return failures.storeNotFound(input.storeId);
    const { cartId, accountId } = await this.openCart(identity);

    const requestHash = holdRequestHash(input);
    const now = this.deps.clock.now();
    const { policy } = this.deps;
    const claim = await this.deps.repository.inCarts([cartId], async (tx) => {
      const previous = await tx.findHoldKey(cartId, input.idempotencyKey);
      if (previous) return { kind: 'repeat' as const, previous };
      if (input.cartVersion != null && input.cartVersion !== tx.version(cartId)) return { kind: 'stale' as const };
      if ((await tx.countLive(cartId)) >= policy.maxLiveTicketsPerCart) return { kind: 'limit' as const };
      const ticket = await tx.insertTicket({
        id: randomUUID(),
        cartId,
        accountId: accountId ?? null,
        storeId: input.storeId,
        sku: input.sku,
        quantity: input.quantity,
        expiresAt: new Date(now.getTime() + policy.ticketTtlMs),
        now,
      });
      await tx.saveHoldKey(cartId, input.idempotencyKey, requestHash, ticket.id, now);
      return { kind: 'claimed' as const, ticket };
    });

    switch (claim.kind) {
      case 'repeat':
        return this.repeatHold(claim.previous, requestHash);
      case 'stale':
        return failures.cartVersionMismatch(input.cartVersion!, await this.cartOf(cartId));
      case 'limit':
        return failures.holdLimitExceeded(policy.maxLiveTicketsPerCart);
      case 'claimed':
        return this.reservePending(claim.ticket);
    }
  }

  private async reservePending(pending: TicketRecord): Promise<HoldOutcome> {
    const { repository, inventory, clock, policy } = this.deps;
    let outcome: ProtocolOutcome;
    try {
      outcome = await inventory.reserve(pending.storeId, {
        ticketId: pending.id,
        sku: pending.sku,
        quantity: pending.quantity,
        leaseUntil: new Date(pending.expiresAt.getTime() + policy.leaseGraceMs),
      });
    } catch (error) {
      // the store may have reserved before failing to answer: the release is owed
      await this.failPending(pending, 'STORE_UNAVAILABLE');
      if (isStoreUnavailable(error)) return failures.storeUnavailable(pending.storeId);
      throw error;
    }

    if (!outcome.ok) {
      const failure = this.holdFailure(pending, outcome);
      if (!failure) {
        this.deps.logger.error({ ticketId: pending.id, code: outcome.code }, 'unexpected store answer to a new reservation');
        await this.failPending(pending, outcome.code);
        return failures.storeUnavailable(pending.storeId);
      }
      await repository.inCarts([pending.cartId], async (tx) => {
        await tx.updateTickets([pending.id], ['PENDING'], { status: 'RELEASED', failureCode: outcome.code }, clock.now());
        await tx.recordHoldFailureOf(pending.id, failure);
      });
      return failure;
    }

    const now = clock.now();
    const { held, versions } = await repository.inCarts([pending.cartId], async (tx) => {
      const [ticket] = await tx.updateTickets([pending.id], ['PENDING'], { status: 'HELD' }, now);
      return { held: ticket, versions: ticket ? await tx.bumpVersions([pending.cartId]) : new Map<string, number>() };
    });
    if (!held) {
      // the sweeper gave the ticket up while the store answered slowly; it owes the release
      await this.releases.release([pending]);
      return failures.storeUnavailable(pending.storeId);
    }
    await announce(this.deps.events, this.deps.logger, 'HELD', [held], versions, now);
    await announceAvailability(this.deps.events, this.deps.logger, [held], now);
    return ticketResult(toTicketModel(held)!);
  }

  /** Marks a PENDING ticket failed, owes its store release (tried at once) and frees its key for a retry. */
  private async failPending(pending: TicketRecord, code: string): Promise<void> {
    const now = this.deps.clock.now();
    const failed = await this.deps.repository.inCarts([pending.cartId], async (tx) => {
      const updated = await tx.updateTickets([pending.id], ['PENDING'], {
        status: 'RELEASED',
        failureCode: code,
        releaseOwed: true,
        releaseRetryAt: new Date(now.getTime() + RELEASE_RETRY_MS),
      }, now);
      await tx.forgetHoldKeysOf([pending.id]);
      return updated;
    });
    await this.releases.release(failed);
  }

  private holdFailure(ticket: TicketRecord, outcome: Extract<ProtocolOutcome, { ok: false }>): StoredHoldFailure | undefined {
    switch (outcome.code) {
      case 'OUT_OF_STOCK':
        return failures.outOfStock(ticket.storeId, ticket.sku, ticket.quantity, outcome.available ?? 0);
      case 'ITEM_NOT_FOUND':
        return failures.itemNotFound(ticket.storeId, ticket.sku);
      case 'INVALID_QUANTITY':
        return failures.invalidQuantity(MIN_QUANTITY, MAX_QUANTITY, outcome.message);
      default:
        return undefined;
    }
  }

  /** A hold repeated with a used key: the first result again, or a refusal when the input differs. */
  private async repeatHold(previous: HoldKeyRecord, requestHash: string): Promise<HoldOutcome> {
    if (previous.requestHash !== requestHash) return failures.idempotencyKeyReused();
    if (previous.failure) return previous.failure;
    const deadline = Date.now() + REPLAY_WAIT_MS;
    for (;;) {
      const ticket = await this.deps.repository.findTicket(previous.ticketId!);
      if (!ticket) throw new Error(`idempotency key points at missing ticket ${previous.ticketId}`);
      if (ticket.status !== 'PENDING' && ticket.failureCode === null) return ticketResult(toTicketModel(ticket)!);
      if (ticket.failureCode !== null || Date.now() > deadline) return failures.storeUnavailable(ticket.storeId);
      // the first attempt is still waiting for the store
      await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
    }
  }

  // --- release -----------------------------------------------------------------------

  /**
   * Releases a held ticket, once per idempotency key (domain/keyed.ts): a repeat returns
   * the ticket as it is now, or the kept failure, and releases nothing.
   */
  async releaseTicket(identity: Identity, command: ReleaseCommand): Promise<ReleaseOutcome> {
    requireShopper(identity);
    const { ticketId, idempotencyKey, cartVersion } = command;
    if (!isUuid(ticketId)) return failures.invalidInput('ticketId', 'ticketId is not a ticket id.');
    const badKey = checkIdempotencyKey(idempotencyKey);
    if (badKey) return badKey;
    const { cartId } = await this.openCart(identity);
    const now = this.deps.clock.now();
    let released: { ticket: TicketRecord; versions: Map<string, number> } | undefined;
    const outcome = await runKeyed<StoredTicketAnswer<StoredReleaseFailure>, 'stale'>(
      this.deps.repository,
      { cartId, mutation: 'releaseTicket', key: idempotencyKey, input: { ticketId: ticketId.toLowerCase() } },
      async (tx) => {
        const ticket = await tx.ticket(cartId, ticketId);
        if (!ticket || !isVisible(ticket)) return { failure: failures.ticketNotFound(ticketId) };
        // a release that went through (under another key) returns the ticket, whatever the version now
        if (ticket.status === 'RELEASED') return { ticketId: ticket.id };
        if (cartVersion != null && cartVersion !== tx.version(cartId)) return unkept('stale' as const);
        if (ticket.status !== 'HELD') return { failure: failures.ticketNotHeld(ticketId, toTicketModel(ticket)!.status) };
        const [ended] = await releaseHeldTickets(tx, [ticketId], now);
        released = { ticket: ended, versions: await tx.bumpVersions([cartId]) };
        return { ticketId: ended.id };
      },
    );
    if (outcome.kind === 'refused') return outcome.error;
    if (outcome.kind === 'unkept') return failures.cartVersionMismatch(cartVersion!, await this.cartOf(cartId));
    // the cart hears at once; the store gets told now, or by the sweeper's retry
    if (outcome.fresh && released) await announceReleased(this.releaseDeps, [released.ticket], released.versions, now);
    return this.storedTicketAnswer(outcome.stored);
  }

  /** What announceReleased needs: every release by the shopper ends the same way. */
  get releaseDeps() {
    return { events: this.deps.events, logger: this.deps.logger, releases: this.releases };
  }

  /** A kept answer of a keyed ticket mutation: its ticket as it is now, or its failure. */
  private async storedTicketAnswer<F extends { __typename: string }>(stored: StoredTicketAnswer<F>): Promise<TicketResult | F> {
    if ('failure' in stored) return revivedFailure(stored.failure);
    const record = await this.deps.repository.findTicket(stored.ticketId);
    const ticket = record && toTicketModel(record);
    if (!ticket) throw new Error(`idempotency key points at missing ticket ${stored.ticketId}`);
    return ticketResult(ticket);
  }

  // --- change quantity -----------------------------------------------------------------

  /**
   * Resizes a held ticket, once per idempotency key (domain/keyed.ts): a repeat returns
   * the ticket as it is now, or the kept failure, and resizes nothing. STORE_UNAVAILABLE
   * and a stale cart version leave the key free.
   */
  async changeTicketQuantity(identity: Identity, command: ChangeQuantityCommand): Promise<ChangeQuantityOutcome> {
    requireShopper(identity);
    const { ticketId, quantity, idempotencyKey, cartVersion } = command;
    if (!isUuid(ticketId)) return failures.invalidInput('ticketId', 'ticketId is not a ticket id.');
    const badQuantity = checkQuantity(quantity);
    if (badQuantity) return badQuantity;
    const badKey = checkIdempotencyKey(idempotencyKey);
    if (badKey) return badKey;
    const { cartId } = await this.openCart(identity);
    let resized: Resized | undefined;
    const outcome = await runKeyed<StoredTicketAnswer<StoredResizeFailure>, Unavailable | 'stale'>(
      this.deps.repository,
      { cartId, mutation: 'changeTicketQuantity', key: idempotencyKey, input: { ticketId: ticketId.toLowerCase(), quantity } },
      async (tx) => {
        const step = await this.resizeInCart(tx, cartId, ticketId, quantity, cartVersion);
        if (step === 'stale' || step.__typename === 'StoreUnavailableError') return unkept(step);
        if (step.__typename !== 'Resized') return { failure: step };
        resized = step;
        return { ticketId: step.ticket.id };
      },
    );
    if (outcome.kind === 'refused') return outcome.error;
    if (outcome.kind === 'unkept') {
      const answer = outcome.answer;
      return answer === 'stale' ? failures.cartVersionMismatch(cartVersion!, await this.cartOf(cartId)) : answer;
    }
    if (outcome.fresh && resized) await this.announceResized(resized);
    return this.storedTicketAnswer(outcome.stored);
  }

  /**
   * Sets a held ticket's quantity with no idempotency key: the restore path's (a restore
   * is idempotent on its own key, and setting a quantity again changes nothing).
   */
  async resizeHeldTicket(identity: Identity, ticketId: string, quantity: number): Promise<ResizeOutcome> {
    requireShopper(identity);
    if (!isUuid(ticketId)) return failures.invalidInput('ticketId', 'ticketId is not a ticket id.');
    const badQuantity = checkQuantity(quantity);
    if (badQuantity) return badQuantity;
    const { cartId } = await this.openCart(identity);
    const step = await this.deps.repository.inCarts([cartId], (tx) => this.resizeInCart(tx, cartId, ticketId, quantity, null));
    if (step === 'stale') throw new Error('unreachable: no cart version was given');
    if (step.__typename !== 'Resized') return step;
    await this.announceResized(step);
    return ticketResult(toTicketModel(step.ticket)!);
  }

  /**
   * The resize under the cart's lock. The store resizes the reservation atomically (or
   * refuses and keeps the old size); the lock is held meanwhile so the ticket cannot
   * expire, be released or go to checkout halfway.
   */
  private async resizeInCart(tx: CartTx, cartId: string, ticketId: string, quantity: number, cartVersion: number | null | undefined): Promise<ResizeStep> {
    const { inventory, clock, policy } = this.deps;
    const ticket = await tx.ticket(cartId, ticketId);
    if (!ticket || !isVisible(ticket)) return failures.ticketNotFound(ticketId);
    if (cartVersion != null && cartVersion !== tx.version(cartId)) return 'stale';
    const now = clock.now();
    if (ticket.status === 'EXPIRED' || (ticket.status === 'HELD' && ticket.expiresAt.getTime() <= now.getTime())) {
      return failures.ticketExpired(ticketId, ticket.expiresAt);
    }
    if (ticket.status !== 'HELD') return failures.ticketNotHeld(ticketId, toTicketModel(ticket)!.status);
    if (ticket.quantity === quantity) return { __typename: 'Resized', ticket, changed: false, versions: new Map(), at: now };

    const leaseUntil = new Date(ticket.expiresAt.getTime() + policy.leaseGraceMs);
    let outcome: ProtocolOutcome;
    try {
      outcome = await inventory.reserve(ticket.storeId, { ticketId, sku: ticket.sku, quantity, leaseUntil });
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      // the store may have resized before failing to answer: ask it (best effort) to hold the old size again
      inventory.reserve(ticket.storeId, { ticketId, sku: ticket.sku, quantity: ticket.quantity, leaseUntil }).catch(() => {});
      return failures.storeUnavailable(ticket.storeId);
    }
    if (!outcome.ok) {
      switch (outcome.code) {
        case 'OUT_OF_STOCK':
          return failures.outOfStock(ticket.storeId, ticket.sku, quantity, outcome.available ?? 0);
        case 'INVALID_QUANTITY':
          return failures.invalidQuantity(MIN_QUANTITY, MAX_QUANTITY, outcome.message);
        case 'ITEM_NOT_FOUND':
          throw new DomainError('ITEM_NOT_FOUND', `Store ${ticket.storeId} no longer has item ${ticket.sku}.`, { storeId: ticket.storeId, sku: ticket.sku });
        default:
          // the store no longer holds it (released or committed there)
          this.deps.logger.warn({ ticketId, code: outcome.code }, 'store refused resize of a held ticket');
          return failures.storeUnavailable(ticket.storeId);
      }
    }
    const [updated] = await tx.updateTickets([ticketId], ['HELD'], { quantity }, now);
    return { __typename: 'Resized', ticket: updated, changed: true, versions: await tx.bumpVersions([cartId]), at: now };
  }

  private async announceResized(resized: Resized): Promise<void> {
    if (!resized.changed) return;
    await announce(this.deps.events, this.deps.logger, 'QUANTITY_CHANGED', [resized.ticket], resized.versions, resized.at);
    await announceAvailability(this.deps.events, this.deps.logger, [resized.ticket], resized.at);
  }

  // --- checkout (internal RPC for the payment service) ----------------------------------

  /**
   * Moves the shopper's cart's HELD tickets into checkout for `orderId` (idempotent on
   * orderId). With `accountId`, the cart is the account's (the session's guest cart merged
   * into it first).
   */
  async beginCheckout(input: unknown): Promise<BeginCheckoutResult> {
    const parsed = parseBeginInput(input);
    if (typeof parsed === 'string') return { ok: false, code: 'INVALID_INPUT', message: parsed };
    const { sessionId, accountId, orderId, cartVersion } = parsed;
    const cartId = accountId ? await this.mergeGuestCart(sessionId, accountId) : sessionId;
    const now = this.deps.clock.now();
    const result = await this.deps.repository.inCarts([cartId], async (tx): Promise<BeginCheckoutResult & { moved?: boolean }> => {
      // a checkout begun before login (on the guest cart) is still this shopper's
      const begun = (await tx.ticketsOfOrder(orderId)).filter(
        (t) => (t.cartId === cartId || t.cartId === sessionId) && (t.status === 'CHECKING_OUT' || t.status === 'PURCHASED'),
      );
      if (begun.length > 0) return { ok: true, cartVersion: tx.version(cartId), tickets: begun.map(checkoutTicket) };

      const current = tx.version(cartId);
      if (cartVersion != null && cartVersion !== current) {
        return { ok: false, code: 'CART_VERSION_MISMATCH', message: `The cart is at version ${current}, not ${cartVersion}.`, currentVersion: current };
      }
      const held = await tx.tickets(cartId, ['HELD']);
      const expired = held.find((t) => t.expiresAt.getTime() <= now.getTime()) ?? (held.length === 0 ? await this.justExpired(tx, cartId) : undefined);
      if (expired) {
        return {
          ok: false,
          code: 'TICKET_EXPIRED',
          message: `Ticket ${expired.id} (${expired.sku} at ${expired.storeId}) expired at ${expired.expiresAt.toISOString()}.`,
          ticket: { id: expired.id, storeId: expired.storeId, sku: expired.sku, expiresAt: expired.expiresAt.toISOString() },
          currentVersion: current,
        };
      }
      if (held.length === 0) return { ok: false, code: 'EMPTY_CART', message: 'The cart has no held tickets.', currentVersion: current };

      const moving = await tx.updateTickets(held.map((t) => t.id), ['HELD'], { status: 'CHECKING_OUT', checkoutOrderId: orderId, checkoutStartedAt: now }, now);
      const versions = await tx.bumpVersions([cartId]);
      return { ok: true, cartVersion: versions.get(cartId)!, tickets: moving.map(checkoutTicket), moved: true };
    });
    const { moved, ...answer } = result;
    if (moved && answer.ok) await this.publishCartChanged(cartId, answer.cartVersion, answer.tickets[0].id, now);
    return answer;
  }

  /**
   * When the cart emptied because a ticket expired (the last thing that happened to it),
   * checkout names that ticket rather than calling the cart empty.
   */
  private async justExpired(tx: CartTx, cartId: string) {
    const latest = await tx.latestEndedTicket(cartId);
    return latest?.status === 'EXPIRED' ? latest : undefined;
  }

  /**
   * CHECKING_OUT → PURCHASED for `orderId` (idempotent). Tickets that left checkout
   * meanwhile (aborted: HELD again, or EXPIRED) are not touched: an expired ticket can
   * never be purchased, and the store refuses to commit its released reservation.
   */
  async completeCheckout(input: unknown): Promise<CompleteCheckoutResult> {
    const parsed = parseOrderInput(input);
    if (typeof parsed === 'string') return { ok: false, code: 'INVALID_INPUT', message: parsed };
    const carts = await this.deps.repository.cartsOfOrder(parsed.orderId);
    const now = this.deps.clock.now();
    const purchased = await this.deps.repository.inCarts(carts, async (tx) => {
      const tickets = await tx.ticketsOfOrder(parsed.orderId);
      const left = tickets.filter((t) => t.status !== 'CHECKING_OUT' && t.status !== 'PURCHASED');
      if (left.length > 0) this.deps.logger.warn({ orderId: parsed.orderId, tickets: left.map((t) => [t.id, t.status]) }, 'order completes without tickets that left checkout');
      const moved = await tx.updateTickets(tickets.map((t) => t.id), ['CHECKING_OUT'], { status: 'PURCHASED', checkoutStartedAt: null }, now);
      return { moved, versions: await tx.bumpVersions(moved.map((t) => t.cartId)) };
    });
    await announce(this.deps.events, this.deps.logger, 'PURCHASED', purchased.moved, purchased.versions, now);
    await announceAvailability(this.deps.events, this.deps.logger, purchased.moved, now);
    return { ok: true };
  }

  /** CHECKING_OUT → HELD, or EXPIRED (released at the store) when past expiresAt (idempotent). */
  async abortCheckout(input: unknown): Promise<AbortCheckoutResult> {
    const parsed = parseOrderInput(input);
    if (typeof parsed === 'string') return { ok: false, code: 'INVALID_INPUT', message: parsed };
    const carts = await this.deps.repository.cartsOfOrder(parsed.orderId);
    const now = this.deps.clock.now();
    const { held, expired, versions } = await this.deps.repository.inCarts(carts, async (tx) => {
      const moved = await abortCheckoutTickets(tx, await tx.ticketsOfOrder(parsed.orderId), now);
      return { ...moved, versions: await tx.bumpVersions([...moved.held, ...moved.expired].map((t) => t.cartId)) };
    });
    await announce(this.deps.events, this.deps.logger, 'EXPIRED', expired, versions, now);
    await announce(this.deps.events, this.deps.logger, 'HELD', held, versions, now);
    await this.releases.release(expired);
    await announceAvailability(this.deps.events, this.deps.logger, expired, now);
    return { ok: true };
  }
}
