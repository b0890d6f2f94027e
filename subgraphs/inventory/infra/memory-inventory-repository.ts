import type {
  InventoryRepository,
  InventoryTransaction,
  ItemRecord,
  LockedItem,
  ReservationRecord,
  StoredReservation,
} from '../domain/inventory-repository.js';

/** An item as the in-memory store keeps it. */
export interface MemoryItem {
  sku: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  stockOnHand: number;
}

/**
 * One store's inventory in process memory (unit tests, fakes). Transactions run one at
 * a time and roll back on a throw, which gives the same guarantees as the row locks of
 * the PostgreSQL repository.
 */
export class MemoryInventoryRepository implements InventoryRepository {
  private items = new Map<string, MemoryItem>();
  private reservations = new Map<string, ReservationRecord>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Adds or replaces an item (test setup; not part of the port). */
  putItem(item: MemoryItem): void {
    if (!Number.isInteger(item.stockOnHand) || item.stockOnHand < 0) throw new Error(`stock on hand must be a whole number >= 0: ${item.stockOnHand}`);
    this.items.set(item.sku, { ...item });
  }

  getItem(sku: string): MemoryItem | undefined {
    const item = this.items.get(sku);
    return item && { ...item };
  }

  getReservation(ticketId: string): ReservationRecord | undefined {
    const reservation = this.reservations.get(ticketId.toLowerCase());
    return reservation && { ...reservation };
  }

  async listItems(options: { afterSku: string | null; limit: number; now: Date }): Promise<ItemRecord[]> {
    return [...this.items.values()]
      .filter((item) => options.afterSku === null || item.sku > options.afterSku)
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
      .slice(0, options.limit)
      .map((item) => this.toRecord(item, options.now));
  }

  async countItems(): Promise<number> {
    return this.items.size;
  }

  async findItems(skus: readonly string[], now: Date): Promise<ItemRecord[]> {
    return skus.flatMap((sku) => {
      const item = this.items.get(sku);
      return item ? [this.toRecord(item, now)] : [];
    });
  }

  transaction<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T> {
    const run = async () => {
      const itemsBefore = new Map([...this.items].map(([k, v]) => [k, { ...v }]));
      const reservationsBefore = new Map([...this.reservations].map(([k, v]) => [k, { ...v }]));
      try {
        return await work(this.transactionView());
      } catch (error) {
        this.items = itemsBefore;
        this.reservations = reservationsBefore;
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  private transactionView(): InventoryTransaction {
    const stored = (r: ReservationRecord | undefined): StoredReservation | undefined => {
      const item = r && this.items.get(r.sku);
      return r && item ? { ...r, priceAmount: item.priceAmount, currency: item.currency } : undefined;
    };
    return {
      lockItem: async (sku): Promise<LockedItem | undefined> => {
        const item = this.items.get(sku);
        return item && { sku: item.sku, priceAmount: item.priceAmount, currency: item.currency, stockOnHand: item.stockOnHand };
      },
      peekReservation: async (ticketId) => stored(this.reservations.get(ticketId)),
      stockOfTicket: async (sku, ticketId, now) => ({
        reservation: stored(this.reservations.get(ticketId)),
        heldByOthers: this.liveHeld(sku, now, ticketId),
      }),
      saveReservation: async (r) => {
        const existing = this.reservations.get(r.ticketId);
        if (existing && existing.sku !== r.sku) return false;
        this.reservations.set(r.ticketId, {
          ticketId: r.ticketId,
          sku: r.sku,
          quantity: r.quantity,
          status: r.status,
          leaseUntil: new Date(r.leaseUntil),
          orderId: r.orderId,
        });
        return true;
      },
      adjustStockOnHand: async (sku, delta) => {
        const item = this.items.get(sku);
        if (!item) throw new Error(`no item ${sku}`);
        // mirrors CHECK (stock_on_hand >= 0)
        if (item.stockOnHand + delta < 0) throw new Error(`stock on hand of ${sku} would go negative`);
        item.stockOnHand += delta;
      },
    };
  }

  private liveHeld(sku: string, now: Date, exceptTicketId: string | null): number {
    let held = 0;
    for (const r of this.reservations.values()) {
      if (r.sku === sku && r.status === 'HELD' && r.leaseUntil.getTime() > now.getTime() && r.ticketId !== exceptTicketId) held += r.quantity;
    }
    return held;
  }

  private toRecord(item: MemoryItem, now: Date): ItemRecord {
    return { ...item, available: Math.max(0, item.stockOnHand - this.liveHeld(item.sku, now, null)) };
  }
}
