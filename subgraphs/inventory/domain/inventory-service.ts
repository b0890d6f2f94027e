import type { DomainError } from '../../../lib/errors.js';
import type { Clock } from '../../../lib/clock.js';
import type { InventoryRepository, InventoryTransaction, ItemRecord, ReservationRecord, StoredReservation } from './inventory-repository.js';
import type {
  ItemConnectionModel,
  ItemKey,
  ItemModel,
  ProtocolFailure,
  ProtocolResultModel,
  ReservationModel,
  StoreModel,
} from './model.js';
import { failure, invalidInput, itemNotFound, pageLimit, parseLease, parseOrderId, parseTicketId, requireExchange, reserveRefusal, isOwnItemKey, type ProtocolCaller } from './protocol-rules.js';

const CURSOR_PREFIX = 'item:';

export { DEFAULT_PAGE_SIZE, MAX_LEASE_MS, MAX_PAGE_SIZE, MAX_QUANTITY_PER_TICKET, type ProtocolCaller } from './protocol-rules.js';

export interface ReserveInput {
  ticketId: string;
  sku: string;
  quantity: number;
  /** ISO-8601 instant */
  leaseUntil: string | Date;
}

export interface CommitInput {
  ticketId: string;
  orderId: string;
}

export interface InventoryServiceDeps {
  repository: InventoryRepository;
  store: StoreModel;
  clock: Clock;
}

/** One store's catalog reads and the reserve / release / commit protocol. */
export class InventoryService {
  private readonly repository: InventoryRepository;
  private readonly storeModel: StoreModel;
  private readonly clock: Clock;

  constructor(deps: InventoryServiceDeps) {
    this.repository = deps.repository;
    this.storeModel = deps.store;
    this.clock = deps.clock;
  }

  /** This instance's store, or null for any other id (the gateway asked the wrong instance). */
  store(id: string): StoreModel | null {
    return id === this.storeModel.id ? this.storeModel : null;
  }

  async listItems(args: { first?: number | null; after?: string | null }): Promise<ItemConnectionModel> {
    const limit = pageLimit(args.first);
    const afterSku = args.after == null ? null : decodeCursor(args.after);
    // one extra row tells whether another page follows
    const [rows, totalCount] = await Promise.all([
      this.repository.listItems({ afterSku, limit: limit + 1, now: this.clock.now() }),
      this.repository.countItems(),
    ]);
    const page = rows.slice(0, limit);
    const edges = page.map((row) => ({ cursor: encodeCursor(row.sku), node: this.toItem(row) }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  /** Items by entity key, in the order asked (null for unknown SKUs or other stores): one query for all. */
  async findItems(keys: readonly ItemKey[]): Promise<(ItemModel | null)[]> {
    const skus = [...new Set(keys.filter((k) => this.isOwnItemKey(k)).map((k) => k.sku))];
    const rows = skus.length ? await this.repository.findItems(skus, this.clock.now()) : [];
    const bySku = new Map(rows.map((row) => [row.sku, this.toItem(row)]));
    return keys.map((key) => (this.isOwnItemKey(key) ? bySku.get(key.sku) ?? null : null));
  }

  /**
   * Creates the HELD reservation of a ticket, or resizes it and moves its lease. The
   * item row lock serialises every decision on the SKU, so holds never exceed stock.
   */
  async reserve(caller: ProtocolCaller, input: ReserveInput): Promise<ProtocolResultModel> {
    requireExchange(caller);
    const ticketId = parseTicketId(input.ticketId);
    const leaseUntil = parseLease(input.leaseUntil, this.clock.now());
    const refusal = reserveRefusal(input);
    if (refusal) return refusal;

    return this.repository.transaction(async (tx) => {
      const item = await tx.lockItem(input.sku);
      if (!item) return itemNotFound(input.sku);
      const { reservation: existing, heldByOthers } = await tx.stockOfTicket(item.sku, ticketId, this.clock.now());
      if (existing && existing.sku !== item.sku) throw ticketBoundToOtherSku(ticketId);
      if (existing && existing.status !== 'HELD') return notHeld(existing);
      const available = Math.max(0, item.stockOnHand - heldByOthers);
      if (input.quantity > available) {
        return failure('OUT_OF_STOCK', `Only ${available} of ${item.sku} available.`, { available });
      }
      const reservation: ReservationRecord = { ticketId, sku: item.sku, quantity: input.quantity, status: 'HELD', leaseUntil, orderId: null };
      if (!(await tx.saveReservation(reservation))) throw ticketBoundToOtherSku(ticketId);
      return reservationResult({ ...reservation, priceAmount: item.priceAmount, currency: item.currency });
    });
  }

  /** HELD → RELEASED; releasing a released reservation returns it unchanged. */
  async release(caller: ProtocolCaller, input: { ticketId: string }): Promise<ProtocolResultModel> {
    requireExchange(caller);
    const ticketId = parseTicketId(input.ticketId);
    return this.repository.transaction(async (tx) => {
      const locked = await this.lockTicket(tx, ticketId);
      if (!locked) return reservationNotFound(ticketId);
      const { reservation } = locked;
      if (reservation.status === 'COMMITTED') return notHeld(reservation);
      if (reservation.status === 'RELEASED') return reservationResult(reservation);
      const released: StoredReservation = { ...reservation, status: 'RELEASED' };
      await tx.saveReservation(released);
      return reservationResult(released);
    });
  }

  /**
   * HELD → COMMITTED and stock on hand drops, in one transaction. A lapsed lease stopped
   * counting against stock, so it commits only if the stock not held by others covers it.
   * Repeating a commit for the same order returns the committed reservation.
   */
  async commit(caller: ProtocolCaller, input: CommitInput): Promise<ProtocolResultModel> {
    requireExchange(caller);
    const ticketId = parseTicketId(input.ticketId);
    const orderId = parseOrderId(input.orderId);
    return this.repository.transaction(async (tx) => {
      const locked = await this.lockTicket(tx, ticketId);
      if (!locked) return reservationNotFound(ticketId);
      const { item, reservation, heldByOthers } = locked;
      if (reservation.status === 'COMMITTED') {
        return reservation.orderId === orderId ? reservationResult(reservation) : notHeld(reservation);
      }
      if (reservation.status === 'RELEASED') return notHeld(reservation);
      const available = Math.max(0, item.stockOnHand - heldByOthers);
      if (reservation.quantity > available) {
        return failure('OUT_OF_STOCK', `The lease lapsed and only ${available} of ${item.sku} are available.`, { available });
      }
      await tx.adjustStockOnHand(item.sku, -reservation.quantity);
      const committed: StoredReservation = { ...reservation, status: 'COMMITTED', orderId, priceAmount: item.priceAmount, currency: item.currency };
      await tx.saveReservation(committed);
      return reservationResult(committed);
    });
  }

  /**
   * Locks the item of a ticket's reservation and reads the reservation and the other
   * live holds under that lock. Every write to a reservation happens under its item's
   * lock, so what is read here stays true until the transaction ends.
   */
  private async lockTicket(tx: InventoryTransaction, ticketId: string) {
    const peeked = await tx.peekReservation(ticketId);
    const item = peeked && (await tx.lockItem(peeked.sku));
    if (!item) return undefined;
    const { reservation, heldByOthers } = await tx.stockOfTicket(item.sku, ticketId, this.clock.now());
    return reservation && { item, reservation, heldByOthers };
  }

  private isOwnItemKey(key: ItemKey): boolean {
    return isOwnItemKey(key, this.storeModel.id);
  }

  private toItem(row: ItemRecord): ItemModel {
    return {
      storeId: this.storeModel.id,
      sku: row.sku,
      name: row.name,
      description: row.description,
      price: { amount: row.priceAmount, currency: row.currency },
      stockOnHand: row.stockOnHand,
      available: row.available,
    };
  }
}



function ticketBoundToOtherSku(ticketId: string): DomainError {
  return invalidInput('sku', `Ticket ${ticketId} already reserves another SKU.`);
}



export function encodeCursor(sku: string): string {
  return Buffer.from(CURSOR_PREFIX + sku, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  // re-encoding catches base64 that decodes "leniently" from garbage
  if (!decoded.startsWith(CURSOR_PREFIX) || encodeCursor(decoded.slice(CURSOR_PREFIX.length)) !== cursor) {
    throw invalidInput('after', 'The cursor is not one this catalog handed out.');
  }
  return decoded.slice(CURSOR_PREFIX.length);
}



function reservationNotFound(ticketId: string): ProtocolFailure {
  return failure('RESERVATION_NOT_FOUND', `No reservation for ticket ${ticketId}.`);
}

function notHeld(reservation: ReservationRecord): ProtocolFailure {
  return reservation.status === 'COMMITTED'
    ? failure('RESERVATION_COMMITTED', `The reservation of ticket ${reservation.ticketId} was committed${reservation.orderId ? ` to order ${reservation.orderId}` : ''}.`)
    : failure('RESERVATION_RELEASED', `The reservation of ticket ${reservation.ticketId} was released.`);
}

function reservationResult(reservation: StoredReservation): ReservationModel & { __typename: 'Reservation' } {
  return {
    __typename: 'Reservation',
    ticketId: reservation.ticketId,
    sku: reservation.sku,
    quantity: reservation.quantity,
    status: reservation.status,
    leaseUntil: reservation.leaseUntil,
    unitPrice: { amount: reservation.priceAmount, currency: reservation.currency },
    orderId: reservation.orderId,
  };
}
