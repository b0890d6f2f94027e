import type { Logger } from '../../../lib/logger.js';
import { isVisible, type TicketRecord } from './model.js';
import type { CartTx, StoreInventory, TicketEventPublisher, TicketEventType, TicketRepository } from './ports.js';

/** The sweeper retries an owed store release this long after the last attempt. */
export const RELEASE_RETRY_MS = 2_000;

/** Store answers that mean there is nothing (more) to release there. */
const SETTLED_RELEASE_CODES = new Set(['RESERVATION_NOT_FOUND', 'RESERVATION_RELEASED', 'RESERVATION_COMMITTED']);

/**
 * Tells stores to release tickets whose release is owed (recorded in the same
 * transaction that ended the ticket). A failure leaves it owed: the sweeper retries, and
 * the store's lease lapses anyway, so stock is never stranded.
 */
export class StoreReleases {
  constructor(
    private readonly repository: TicketRepository,
    private readonly inventory: StoreInventory,
    private readonly logger: Logger,
  ) {}

  async release(tickets: TicketRecord[]): Promise<void> {
    const settled = (await Promise.all(tickets.map(async (ticket) => ((await this.releaseAtStore(ticket)) ? ticket.id : undefined)))).filter(
      (id): id is string => id !== undefined,
    );
    // one write for the lot: a sweep releasing thousands must not queue thousands of updates
    if (settled.length === 0) return;
    try {
      await this.repository.settleReleases(settled);
    } catch (error) {
      // still owed: the retry asks the store again, which answers "already released"
      this.logger.warn({ err: error, tickets: settled.length }, 'settling store releases failed; will retry');
    }
  }

  /** Whether the store no longer holds the ticket's stock. */
  private async releaseAtStore(ticket: TicketRecord): Promise<boolean> {
    try {
      const outcome = await this.inventory.release(ticket.storeId, ticket.id);
      if (!outcome.ok && !SETTLED_RELEASE_CODES.has(outcome.code)) {
        this.logger.warn({ ticketId: ticket.id, storeId: ticket.storeId, code: outcome.code }, 'store refused release; will retry');
        return false;
      }
      if (!outcome.ok && outcome.code === 'RESERVATION_COMMITTED') {
        this.logger.error({ ticketId: ticket.id, storeId: ticket.storeId }, 'store committed a reservation the exchange ended');
      }
      return true;
    } catch (error) {
      this.logger.warn({ ticketId: ticket.id, storeId: ticket.storeId, err: error }, 'store release failed; will retry');
      return false;
    }
  }
}

/**
 * Publishes a cart event per (visible) ticket, stamped with its cart's version after the
 * change. Called after the change committed; a failing publish is logged and never fails
 * the transition that already happened.
 */
export async function announce(
  publisher: TicketEventPublisher,
  logger: Logger,
  type: TicketEventType,
  tickets: TicketRecord[],
  versions: ReadonlyMap<string, number>,
  occurredAt: Date,
): Promise<void> {
  for (const record of tickets) {
    if (!isVisible(record)) continue;
    try {
      await publisher.publishCart({ cartId: record.cartId, type, sequence: versions.get(record.cartId) ?? 0, occurredAt, ticketId: record.id });
    } catch (error) {
      logger.warn({ err: error, type, ticketId: record.id }, 'ticket event not published');
    }
  }
}

/**
 * After a release committed (releaseHeldTickets): the carts hear RELEASED at once, the
 * stores are told (or the sweeper retries), and the items' availability changes go out.
 */
export async function announceReleased(
  deps: { events: TicketEventPublisher; logger: Logger; releases: StoreReleases },
  released: TicketRecord[],
  versions: ReadonlyMap<string, number>,
  occurredAt: Date,
): Promise<void> {
  if (released.length === 0) return;
  await announce(deps.events, deps.logger, 'RELEASED', released, versions, occurredAt);
  await deps.releases.release(released);
  await announceAvailability(deps.events, deps.logger, released, occurredAt);
}

/** Publishes one availability change per (store, sku) among `tickets`, whose holds began, changed or ended. */
export async function announceAvailability(publisher: TicketEventPublisher, logger: Logger, tickets: TicketRecord[], occurredAt: Date): Promise<void> {
  const seen = new Set<string>();
  for (const { storeId, sku } of tickets) {
    const key = JSON.stringify([storeId, sku]);
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      await publisher.publishAvailability({ storeId, sku, occurredAt });
    } catch (error) {
      logger.warn({ err: error, storeId, sku }, 'availability event not published');
    }
  }
}

/**
 * HELD → RELEASED for the shopper at once, with the store release owed (the caller tries
 * it right after commit, StoreReleases; the sweeper retries). Every release by the
 * shopper goes through here: releaseTicket, saveCart releasing its holds, the login merge.
 */
export function releaseHeldTickets(tx: CartTx, ids: string[], now: Date): Promise<TicketRecord[]> {
  return tx.updateTickets(ids, ['HELD'], { status: 'RELEASED', releaseOwed: true, releaseRetryAt: new Date(now.getTime() + RELEASE_RETRY_MS) }, now);
}

/**
 * Takes CHECKING_OUT tickets out of checkout: back to HELD while their hold lasts, else
 * EXPIRED with the store release owed (an expired ticket can never be purchased).
 */
export async function abortCheckoutTickets(tx: CartTx, tickets: TicketRecord[], now: Date) {
  const checkingOut = tickets.filter((t) => t.status === 'CHECKING_OUT');
  const lapsed = checkingOut.filter((t) => t.expiresAt.getTime() <= now.getTime()).map((t) => t.id);
  const stillValid = checkingOut.filter((t) => t.expiresAt.getTime() > now.getTime()).map((t) => t.id);
  const expired = await tx.updateTickets(lapsed, ['CHECKING_OUT'], {
    status: 'EXPIRED',
    checkoutStartedAt: null,
    releaseOwed: true,
    releaseRetryAt: new Date(now.getTime() + RELEASE_RETRY_MS),
  }, now);
  const held = await tx.updateTickets(stillValid, ['CHECKING_OUT'], { status: 'HELD', checkoutStartedAt: null }, now);
  return { held, expired };
}
