import { randomUUID } from 'node:crypto';
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
import { isVisible, toCartModel, toTicketModel, type CartModel, type TicketModel, type TicketRecord } from './model.js';
import type { CartTx, HoldKeyRecord, ProtocolOutcome, StoreInventory, TicketEventPublisher, TicketRepository } from './ports.js';
import {
  failures,
  ticketResult,
  type ChangeQuantityOutcome,
  type HoldOutcome,
  type ReleaseOutcome,
  type StoredHoldFailure,
} from './results.js';
import { checkHoldRequest, checkQuantity, holdRequestHash, isUuid, MAX_QUANTITY, MIN_QUANTITY, type HoldRequest } from './rules.js';
import { abortCheckoutTickets, announce, announceAvailability, RELEASE_RETRY_MS, StoreReleases } from './transitions.js';

export interface TicketPolicy {
  /** How long a hold lasts. */
  ticketTtlMs: number;
  /** The store lease outlives the ticket by this much (room for a checkout in flight). */
  leaseGraceMs: number;
  /** Anti-scalping: live tickets one session may have. */
  maxLiveTicketsPerSession: number;
}

export const DEFAULT_POLICY: TicketPolicy = { ticketTtlMs: 15 * 60_000, leaseGraceMs: 120_000, maxLiveTicketsPerSession: 50 };

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
    return this.cartOf(requireShopper(identity).sessionId);
  }

  /** One of the caller's tickets in any (visible) status; null for others' or malformed ids. */
  async ticket(identity: Identity, ticketId: string): Promise<TicketModel | null> {
    const { sessionId } = requireShopper(identity);
    if (!isUuid(ticketId)) return null;
    const record = await this.deps.repository.findTicket(ticketId);
    return record && record.sessionId === sessionId ? toTicketModel(record) ?? null : null;
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

  private async cartOf(sessionId: string): Promise<CartModel> {
    const { version, tickets } = await this.deps.repository.readCart(sessionId);
    return toCartModel(sessionId, version, tickets);
  }

  // --- hold ------------------------------------------------------------------------

  /**
   * Holds stock at a store. Order of effects, so a crash at any point leaves nothing
   * half-done: the ticket is written PENDING (invisible) first, then the store reserves
   * with a lease, then the ticket becomes HELD. A PENDING ticket left behind is cleaned
   * up by the sweeper, and the store lease lapses by itself.
   */
  async hold(identity: Identity, input: HoldRequest & { cartVersion?: number | null }): Promise<HoldOutcome> {
    const { sessionId, accountId } = requireShopper(identity);
    const invalid = checkHoldRequest(input);
    if (invalid) return invalid;
    if (!(await this.deps.directory.get(input.storeId))) return failures.storeNotFound(input.storeId);

    const requestHash = holdRequestHash(input);
    const now = this.deps.clock.now();
    const { policy } = this.deps;
    const claim = await this.deps.repository.inCarts([sessionId], async (tx) => {
      const previous = await tx.findHoldKey(sessionId, input.idempotencyKey);
      if (previous) return { kind: 'repeat' as const, previous };
      if (input.cartVersion != null && input.cartVersion !== tx.version(sessionId)) return { kind: 'stale' as const };
      if ((await tx.countLive(sessionId)) >= policy.maxLiveTicketsPerSession) return { kind: 'limit' as const };
      const ticket = await tx.insertTicket({
        id: randomUUID(),
        sessionId,
        accountId: accountId ?? null,
        storeId: input.storeId,
        sku: input.sku,
        quantity: input.quantity,
        expiresAt: new Date(now.getTime() + policy.ticketTtlMs),
        now,
      });
      await tx.saveHoldKey(sessionId, input.idempotencyKey, requestHash, ticket.id, now);
      return { kind: 'claimed' as const, ticket };
    });

    switch (claim.kind) {
      case 'repeat':
        return this.repeatHold(claim.previous, requestHash);
      case 'stale':
        return failures.cartVersionMismatch(input.cartVersion!, await this.cartOf(sessionId));
      case 'limit':
        return failures.holdLimitExceeded(policy.maxLiveTicketsPerSession);
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
      await repository.inCarts([pending.sessionId], async (tx) => {
        await tx.updateTickets([pending.id], ['PENDING'], { status: 'RELEASED', failureCode: outcome.code }, clock.now());
        await tx.recordHoldFailureOf(pending.id, failure);
      });
      return failure;
    }

    const now = clock.now();
    const { held, versions } = await repository.inCarts([pending.sessionId], async (tx) => {
      const [ticket] = await tx.updateTickets([pending.id], ['PENDING'], { status: 'HELD' }, now);
      return { held: ticket, versions: ticket ? await tx.bumpVersions([pending.sessionId]) : new Map<string, number>() };
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
    const failed = await this.deps.repository.inCarts([pending.sessionId], async (tx) => {
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

  async releaseTicket(identity: Identity, ticketId: string, cartVersion?: number | null): Promise<ReleaseOutcome> {
    const { sessionId } = requireShopper(identity);
    if (!isUuid(ticketId)) return failures.invalidInput('ticketId', 'ticketId is not a ticket id.');
    const now = this.deps.clock.now();
    const result = await this.deps.repository.inCarts([sessionId], async (tx) => {
      const ticket = await tx.ticket(sessionId, ticketId);
      if (!ticket || !isVisible(ticket)) return failures.ticketNotFound(ticketId);
      // a repeat of a release that went through returns the ticket, whatever the version now
      if (ticket.status === 'RELEASED') return { released: ticket, changed: false as const, versions: new Map<string, number>() };
      if (cartVersion != null && cartVersion !== tx.version(sessionId)) return { stale: true as const };
      if (ticket.status !== 'HELD') return failures.ticketNotHeld(ticketId, toTicketModel(ticket)!.status);
      const [released] = await tx.updateTickets([ticketId], ['HELD'], {
        status: 'RELEASED',
        releaseOwed: true,
        releaseRetryAt: new Date(now.getTime() + RELEASE_RETRY_MS),
      }, now);
      return { released, changed: true, versions: await tx.bumpVersions([sessionId]) };
    });
    if ('stale' in result) return failures.cartVersionMismatch(cartVersion!, await this.cartOf(sessionId));
    if ('__typename' in result) return result;
    if (result.changed) {
      // the cart hears at once; the store gets told now, or by the sweeper's retry
      await announce(this.deps.events, this.deps.logger, 'RELEASED', [result.released], result.versions, now);
      await this.releases.release([result.released]);
      await announceAvailability(this.deps.events, this.deps.logger, [result.released], now);
    }
    return ticketResult(toTicketModel(result.released)!);
  }

  // --- change quantity -----------------------------------------------------------------

  /**
   * Resizes a held ticket. The store resizes the reservation atomically (or refuses and
   * keeps the old size); the cart lock is held meanwhile so the ticket cannot expire,
   * be released or go to checkout halfway.
   */
  async changeTicketQuantity(identity: Identity, ticketId: string, quantity: number, cartVersion?: number | null): Promise<ChangeQuantityOutcome> {
    const { sessionId } = requireShopper(identity);
    if (!isUuid(ticketId)) return failures.invalidInput('ticketId', 'ticketId is not a ticket id.');
    const badQuantity = checkQuantity(quantity);
    if (badQuantity) return badQuantity;
    const { inventory, clock, policy } = this.deps;

    const result = await this.deps.repository.inCarts([sessionId], async (tx) => {
      const ticket = await tx.ticket(sessionId, ticketId);
      if (!ticket || !isVisible(ticket)) return failures.ticketNotFound(ticketId);
      if (cartVersion != null && cartVersion !== tx.version(sessionId)) return { stale: true as const };
      const now = clock.now();
      if (ticket.status === 'EXPIRED' || (ticket.status === 'HELD' && ticket.expiresAt.getTime() <= now.getTime())) {
        return failures.ticketExpired(ticketId, ticket.expiresAt);
      }
      if (ticket.status !== 'HELD') return failures.ticketNotHeld(ticketId, toTicketModel(ticket)!.status);
      if (ticket.quantity === quantity) return { ticket, changed: false as const };

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
      const [resized] = await tx.updateTickets([ticketId], ['HELD'], { quantity }, now);
      return { ticket: resized, changed: true as const, versions: await tx.bumpVersions([sessionId]), at: now };
    });
    if ('stale' in result) return failures.cartVersionMismatch(cartVersion!, await this.cartOf(sessionId));
    if ('__typename' in result) return result;
    if (result.changed) {
      await announce(this.deps.events, this.deps.logger, 'QUANTITY_CHANGED', [result.ticket], result.versions, result.at);
      await announceAvailability(this.deps.events, this.deps.logger, [result.ticket], result.at);
    }
    return ticketResult(toTicketModel(result.ticket)!);
  }

  // --- checkout (internal RPC for the payment service) ----------------------------------

  /** Moves the session's HELD tickets into checkout for `orderId` (idempotent on orderId). */
  async beginCheckout(input: unknown): Promise<BeginCheckoutResult> {
    const parsed = parseBeginInput(input);
    if (typeof parsed === 'string') return { ok: false, code: 'INVALID_INPUT', message: parsed };
    const { sessionId, orderId, cartVersion } = parsed;
    const now = this.deps.clock.now();
    const result = await this.deps.repository.inCarts([sessionId], async (tx): Promise<BeginCheckoutResult & { moved?: boolean }> => {
      const begun = (await tx.ticketsOfOrder(orderId)).filter(
        (t) => t.sessionId === sessionId && (t.status === 'CHECKING_OUT' || t.status === 'PURCHASED'),
      );
      if (begun.length > 0) return { ok: true, cartVersion: tx.version(sessionId), tickets: begun.map(checkoutTicket) };

      const current = tx.version(sessionId);
      if (cartVersion != null && cartVersion !== current) {
        return { ok: false, code: 'CART_VERSION_MISMATCH', message: `The cart is at version ${current}, not ${cartVersion}.`, currentVersion: current };
      }
      const held = await tx.tickets(sessionId, ['HELD']);
      const expired = held.find((t) => t.expiresAt.getTime() <= now.getTime()) ?? (held.length === 0 ? await this.justExpired(tx, sessionId) : undefined);
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
      const versions = await tx.bumpVersions([sessionId]);
      return { ok: true, cartVersion: versions.get(sessionId)!, tickets: moving.map(checkoutTicket), moved: true };
    });
    const { moved, ...answer } = result;
    if (moved && answer.ok) {
      try {
        await this.deps.events.publishCart({ sessionId, type: 'CART_CHANGED', sequence: answer.cartVersion, occurredAt: now, ticketId: answer.tickets[0].id });
      } catch (error) {
        this.deps.logger.warn({ err: error, sessionId }, 'cart change not published');
      }
    }
    return answer;
  }

  /**
   * When the cart emptied because a ticket expired (the last thing that happened to it),
   * checkout names that ticket rather than calling the cart empty.
   */
  private async justExpired(tx: CartTx, sessionId: string) {
    const latest = await tx.latestEndedTicket(sessionId);
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
    const sessions = await this.deps.repository.sessionsOfOrder(parsed.orderId);
    const now = this.deps.clock.now();
    const purchased = await this.deps.repository.inCarts(sessions, async (tx) => {
      const tickets = await tx.ticketsOfOrder(parsed.orderId);
      const left = tickets.filter((t) => t.status !== 'CHECKING_OUT' && t.status !== 'PURCHASED');
      if (left.length > 0) this.deps.logger.warn({ orderId: parsed.orderId, tickets: left.map((t) => [t.id, t.status]) }, 'order completes without tickets that left checkout');
      const moved = await tx.updateTickets(tickets.map((t) => t.id), ['CHECKING_OUT'], { status: 'PURCHASED', checkoutStartedAt: null }, now);
      return { moved, versions: await tx.bumpVersions(moved.map((t) => t.sessionId)) };
    });
    await announce(this.deps.events, this.deps.logger, 'PURCHASED', purchased.moved, purchased.versions, now);
    await announceAvailability(this.deps.events, this.deps.logger, purchased.moved, now);
    return { ok: true };
  }

  /** CHECKING_OUT → HELD, or EXPIRED (released at the store) when past expiresAt (idempotent). */
  async abortCheckout(input: unknown): Promise<AbortCheckoutResult> {
    const parsed = parseOrderInput(input);
    if (typeof parsed === 'string') return { ok: false, code: 'INVALID_INPUT', message: parsed };
    const sessions = await this.deps.repository.sessionsOfOrder(parsed.orderId);
    const now = this.deps.clock.now();
    const { held, expired, versions } = await this.deps.repository.inCarts(sessions, async (tx) => {
      const moved = await abortCheckoutTickets(tx, await tx.ticketsOfOrder(parsed.orderId), now);
      return { ...moved, versions: await tx.bumpVersions([...moved.held, ...moved.expired].map((t) => t.sessionId)) };
    });
    await announce(this.deps.events, this.deps.logger, 'EXPIRED', expired, versions, now);
    await announce(this.deps.events, this.deps.logger, 'HELD', held, versions, now);
    await this.releases.release(expired);
    await announceAvailability(this.deps.events, this.deps.logger, expired, now);
    return { ok: true };
  }
}
