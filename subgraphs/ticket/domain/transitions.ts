import type { Logger } from '../../../lib/logger.js';
import { toTicketModel, type TicketRecord } from './model.js';
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
    await Promise.all(tickets.map((ticket) => this.releaseOne(ticket)));
  }

  private async releaseOne(ticket: TicketRecord): Promise<boolean> {
    try {
      const outcome = await this.inventory.release(ticket.storeId, ticket.id);
      if (!outcome.ok && !SETTLED_RELEASE_CODES.has(outcome.code)) {
        this.logger.warn({ ticketId: ticket.id, storeId: ticket.storeId, code: outcome.code }, 'store refused release; will retry');
        return false;
      }
      if (!outcome.ok && outcome.code === 'RESERVATION_COMMITTED') {
        this.logger.error({ ticketId: ticket.id, storeId: ticket.storeId }, 'store committed a reservation the exchange ended');
      }
      await this.repository.settleRelease(ticket.id);
      return true;
    } catch (error) {
      this.logger.warn({ ticketId: ticket.id, storeId: ticket.storeId, err: error }, 'store release failed; will retry');
      return false;
    }
  }
}

/** Publishes an event per ticket; a failing publisher never fails the transition that already happened. */
export async function announce(publisher: TicketEventPublisher, logger: Logger, type: TicketEventType, tickets: TicketRecord[]): Promise<void> {
  for (const record of tickets) {
    const ticket = toTicketModel(record);
    if (!ticket) continue;
    try {
      await publisher.publish({ type, ticket, sessionId: record.sessionId });
    } catch (error) {
      logger.warn({ err: error, type, ticketId: record.id }, 'ticket event not published');
    }
  }
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
