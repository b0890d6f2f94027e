import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../lib/errors.js';
import { requireShopper, type Identity } from '../../../lib/identity.js';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import { CART_STATES, toTicketModel, type SavedCartLineModel, type SavedCartModel, type TicketRecord } from './model.js';
import type { SavedCartRepository, SessionOfferCodes, TicketRepository } from './ports.js';
import {
  failures,
  savedCartResult,
  type CartRestoredResult,
  type DeleteSavedCartOutcome,
  type LineProblem,
  type RestoreCartOutcome,
  type SaveCartOutcome,
  type StoredRestore,
  type StoredSave,
  type TicketResult,
} from './results.js';
import { checkRestoreKey, checkSavedCartName, isUuid, MAX_SAVED_CARTS, restoreRequestHash, savedCartLines } from './rules.js';
import { checkIdempotencyKey, runKeyed } from './keyed.js';
import type { TicketService } from './ticket-service.js';
import { announceReleased, releaseHeldTickets } from './transitions.js';

export interface SavedCartServiceDeps {
  /** The live cart's own paths (hold, resize, the merge at login): restoring goes through them. */
  tickets: TicketService;
  repository: TicketRepository;
  savedCarts: SavedCartRepository;
  sessionOfferCodes: SessionOfferCodes;
  clock: Clock;
  logger: Logger;
  /** Saved carts one account may keep (default 20). */
  maxSavedCarts?: number;
}

type StoredLine = StoredRestore['lines'][number];

export interface SaveCartCommand {
  name: string;
  releaseHolds: boolean;
  idempotencyKey: string;
}

/** The account of an account session; a guest is refused (saved carts live under accounts). */
function requireAccount(identity: Identity): { sessionId: string; accountId: string } {
  const { sessionId, accountId } = requireShopper(identity);
  if (identity.kind !== 'ACCOUNT' || !accountId) throw new DomainError('NOT_AUTHENTICATED', 'Please log in to save carts: saved carts are kept under an account.');
  return { sessionId, accountId };
}

/** A restore of a saved cart that is not there: nothing ran, so the key stays free. */
class NothingToRestore extends Error {
  constructor() {
    super('no such saved cart to restore');
  }
}

/** Store failures the resize path throws rather than returns, as the line's problem. */
function thrownProblem(error: unknown, line: SavedCartLineModel): LineProblem {
  if (error instanceof DomainError) {
    if (error.code === 'ITEM_NOT_FOUND') return failures.itemNotFound(line.storeId, line.sku);
    if (error.code === 'STORE_NOT_FOUND') return failures.storeNotFound(line.storeId);
    if (error.code === 'STORE_UNAVAILABLE') return failures.storeUnavailable(line.storeId);
  }
  throw error;
}

/**
 * Saved carts: an account keeps its live cart's lines (and its session's offer codes)
 * to hold them again later. A saved line holds nothing; restoring holds each line again
 * through the live cart's own hold and resize paths, at what is available then.
 */
export class SavedCartService {
  private readonly maxSavedCarts: number;

  constructor(private readonly deps: SavedCartServiceDeps) {
    this.maxSavedCarts = deps.maxSavedCarts ?? MAX_SAVED_CARTS;
  }

  async savedCarts(identity: Identity): Promise<SavedCartModel[]> {
    const { accountId } = requireAccount(identity);
    return this.deps.savedCarts.list(accountId);
  }

  /**
   * Snapshots the live cart's HELD and CHECKING_OUT tickets (one line per item) and the
   * session's offer codes, under the cart's lock (which also serialises the account's
   * saves, so the limit holds). `releaseHolds`: the HELD tickets are released in the same
   * transaction, the way releaseTicket releases one. Once per idempotency key
   * (domain/keyed.ts): a repeat returns the first save's saved cart (or failure) and
   * saves and releases nothing.
   */
  async saveCart(identity: Identity, command: SaveCartCommand): Promise<SaveCartOutcome> {
    const { accountId } = requireAccount(identity);
    const trimmed = checkSavedCartName(command.name);
    if (typeof trimmed !== 'string') return trimmed;
    const badKey = checkIdempotencyKey(command.idempotencyKey);
    if (badKey) return badKey;
    const { cartId } = await this.deps.tickets.openCart(identity);
    const now = this.deps.clock.now();
    let released: { tickets: TicketRecord[]; versions: Map<string, number> } | undefined;
    const outcome = await runKeyed<StoredSave, never>(
      this.deps.repository,
      { cartId, mutation: 'saveCart', key: command.idempotencyKey, input: { name: trimmed, releaseHolds: command.releaseHolds } },
      async (tx) => {
        const live = await tx.tickets(cartId, CART_STATES);
        if (live.length === 0) return { failure: failures.emptyCart() };
        if ((await tx.countSavedCarts(accountId)) >= this.maxSavedCarts) return { failure: failures.savedCartLimit(this.maxSavedCarts) };
        const saved: SavedCartModel = { id: randomUUID(), accountId, name: trimmed, savedAt: now, offerCodes: identity.offerCodes ?? [], lines: savedCartLines(live) };
        await tx.insertSavedCart(saved);
        const held = command.releaseHolds ? live.filter((t) => t.status === 'HELD').map((t) => t.id) : [];
        const tickets = await releaseHeldTickets(tx, held, now);
        released = { tickets, versions: tickets.length > 0 ? await tx.bumpVersions([cartId]) : new Map<string, number>() };
        return { savedCart: saved };
      },
    );
    if (outcome.kind === 'refused') return outcome.error;
    if (outcome.kind === 'unkept') return outcome.answer;
    if (outcome.fresh && released) await announceReleased(this.deps.tickets.releaseDeps, released.tickets, released.versions, now);
    const stored = outcome.stored;
    if ('failure' in stored) return stored.failure;
    // kept as JSON: the saved cart as it was saved (a saved cart never changes)
    return savedCartResult({ ...stored.savedCart, savedAt: new Date(stored.savedCart.savedAt) });
  }

  async deleteSavedCart(identity: Identity, savedCartId: string): Promise<DeleteSavedCartOutcome> {
    const { accountId } = requireAccount(identity);
    const deleted = isUuid(savedCartId) ? await this.deps.savedCarts.delete(accountId, savedCartId) : undefined;
    return deleted ? savedCartResult(deleted) : failures.savedCartNotFound(savedCartId);
  }

  // --- restore -------------------------------------------------------------------------

  /**
   * Holds a saved cart's lines again, each in full, in part (what is available) or not at
   * all, in order, then attaches its offer codes to the session. Once per (cart, key),
   * over lib/idempotency.ts like every keyed mutation (scope
   * `cart:<cartId>:restoreSavedCart`, TicketRepository `stepsOnce`): the report is kept and
   * replayed (each line's ticket read as it is now, even once the saved cart is gone),
   * another saved cart under the key is IdempotencyKeyReusedError, a repeat while the first
   * still runs (after a brief wait) is RequestInProgressError and holds nothing. The lines
   * are not one transaction (each is a hold or resize with its store call), so the restore
   * is resumable instead: each line's hold key is derived from the key
   * (`${key}:${position}`), and a restore that crashed midway runs again on a repeat (once
   * its lock lapses) holding nothing twice. A saved cart that is not there keeps nothing.
   */
  async restoreSavedCart(identity: Identity, savedCartId: string, idempotencyKey: string): Promise<RestoreCartOutcome> {
    const { sessionId, accountId } = requireAccount(identity);
    const badKey = checkRestoreKey(idempotencyKey);
    if (badKey) return badKey;
    const { cartId } = await this.deps.tickets.openCart(identity);
    let outcome;
    try {
      outcome = await this.deps.repository.stepsOnce<StoredRestore>(
        { scope: `cart:${cartId}:restoreSavedCart`, key: idempotencyKey, requestHash: restoreRequestHash(savedCartId) },
        async () => {
          const saved = isUuid(savedCartId) ? await this.deps.savedCarts.find(accountId, savedCartId) : undefined;
          if (!saved) throw new NothingToRestore();
          const lines: StoredLine[] = [];
          for (const line of saved.lines) lines.push(await this.restoreLine(identity, cartId, idempotencyKey, line));
          const offerCodes = await this.attachOfferCodes(identity, sessionId, saved.offerCodes);
          return { lines, offerCodes };
        },
      );
    } catch (error) {
      if (error instanceof NothingToRestore) return failures.savedCartNotFound(savedCartId);
      throw error;
    }
    if (outcome.kind === 'refused') return outcome.error;
    return this.report(cartId, outcome.response);
  }

  /**
   * One saved line: already held in full (or more) → as it is; held in part → raised to
   * the saved quantity through the resize path (or to what is available); not held → a
   * hold through the hold path (or of what is available when the store is short).
   */
  private async restoreLine(identity: Identity, cartId: string, key: string, line: SavedCartLineModel): Promise<StoredLine> {
    const requested = line.quantity;
    const report = (held: number, ticketId: string | null, problem: LineProblem | null): StoredLine => ({
      storeId: line.storeId,
      sku: line.sku,
      requested,
      held,
      ticketId,
      problem,
    });
    const existing = await this.liveTicketOf(cartId, line);

    if (existing && existing.quantity >= requested) return report(existing.quantity, existing.id, null);
    if (existing && existing.status !== 'HELD') {
      return report(existing.quantity, existing.id, failures.ticketNotHeld(existing.id, 'CHECKING_OUT'));
    }
    if (existing) {
      try {
        const raised = await this.deps.tickets.resizeHeldTicket(identity, existing.id, requested);
        if (raised.__typename === 'Ticket') return report(raised.quantity, raised.id, null);
        if (raised.__typename === 'OutOfStockError' && raised.available > existing.quantity) {
          const partly = await this.deps.tickets.resizeHeldTicket(identity, existing.id, raised.available);
          if (partly.__typename === 'Ticket') return report(partly.quantity, partly.id, raised);
        }
        return report(existing.quantity, existing.id, raised);
      } catch (error) {
        return report(existing.quantity, existing.id, thrownProblem(error, line));
      }
    }

    const position = line.position;
    const held = await this.deps.tickets.hold(identity, { storeId: line.storeId, sku: line.sku, quantity: requested, idempotencyKey: `${key}:${position}` });
    if (held.__typename === 'Ticket') return this.heldLine(report, held);
    if (held.__typename === 'OutOfStockError' && held.available > 0) {
      const partly = await this.deps.tickets.hold(identity, {
        storeId: line.storeId,
        sku: line.sku,
        quantity: held.available,
        idempotencyKey: `${key}:${position}:available`,
      });
      if (partly.__typename === 'Ticket') return this.heldLine(report, partly, held);
      return report(0, null, partly);
    }
    return report(0, null, held);
  }

  /** A line held by a hold (a repeated hold key returns its ticket as it is now: a released one holds nothing). */
  private heldLine(report: (held: number, ticketId: string | null, problem: LineProblem | null) => StoredLine, ticket: TicketResult, problem: LineProblem | null = null) {
    if (ticket.status === 'HELD' || ticket.status === 'CHECKING_OUT') return report(ticket.quantity, ticket.id, problem);
    return report(0, null, failures.ticketNotHeld(ticket.id, ticket.status));
  }

  /** The live cart's ticket of the line's item (the largest; HELD ones past expiry are gone). */
  private async liveTicketOf(cartId: string, line: SavedCartLineModel): Promise<TicketRecord | undefined> {
    const now = this.deps.clock.now().getTime();
    const { tickets } = await this.deps.repository.readCart(cartId);
    return tickets
      .filter((t) => t.storeId === line.storeId && t.sku === line.sku && (t.status === 'CHECKING_OUT' || t.expiresAt.getTime() > now))
      .sort((a, b) => b.quantity - a.quantity || Number(b.status === 'HELD') - Number(a.status === 'HELD'))[0];
  }

  /** Attaches the saved offer codes to the session; a failure is logged, never fails the restore. */
  private async attachOfferCodes(identity: Identity, sessionId: string, codes: string[]): Promise<string[]> {
    const current = identity.offerCodes ?? [];
    if (codes.length === 0) return current;
    try {
      const attached = await this.deps.sessionOfferCodes.attach(sessionId, codes);
      if (attached) return attached;
      this.deps.logger.warn({ sessionId, codes }, 'the session did not take the restored offer codes');
    } catch (error) {
      this.deps.logger.warn({ err: error, sessionId }, 'restored offer codes not attached: session service unavailable');
    }
    return current;
  }

  /** The restore's answer from its report: the cart now, each line's ticket as it is now. */
  private async report(cartId: string, result: StoredRestore): Promise<CartRestoredResult> {
    const lines = await Promise.all(
      result.lines.map(async (line) => {
        const record = line.ticketId ? await this.deps.repository.findTicket(line.ticketId) : undefined;
        const { ticketId: _ticketId, ...rest } = line;
        return { ...rest, ticket: (record && toTicketModel(record)) ?? null };
      }),
    );
    return {
      __typename: 'CartRestored',
      cart: await this.deps.tickets.cartOf(cartId),
      lines,
      complete: lines.every((l) => l.held >= l.requested),
      offerCodes: result.offerCodes,
    };
  }
}
