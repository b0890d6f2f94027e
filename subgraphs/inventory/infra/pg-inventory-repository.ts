import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import type {
  InventoryRepository,
  InventoryTransaction,
  ItemRecord,
  LockedItem,
  ReservationRecord,
  StoredReservation,
} from '../domain/inventory-repository.js';
import type { ReservationStatus } from '../domain/model.js';

// available = on hand minus the live holds, summed from the partial index at read time
const ITEM_COLUMNS = `
  i.sku, i.name, i.description, i.price_amount, i.currency, i.stock_on_hand,
  GREATEST(0, i.stock_on_hand - COALESCE((
    SELECT SUM(r.quantity) FROM reservations r
    WHERE r.sku = i.sku AND r.status = 'HELD' AND r.lease_until > $1
  ), 0))::int AS available`;

interface ItemRow {
  sku: string;
  name: string;
  description: string;
  price_amount: number;
  currency: string;
  stock_on_hand: number;
  available: number;
}

interface ReservationRow {
  ticket_id: string;
  sku: string;
  quantity: number;
  status: ReservationStatus;
  lease_until: Date;
  order_id: string | null;
  price_amount: number;
  currency: string;
}

function toItemRecord(row: ItemRow): ItemRecord {
  return {
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceAmount: row.price_amount,
    currency: row.currency,
    stockOnHand: row.stock_on_hand,
    available: row.available,
  };
}

function toStoredReservation(row: ReservationRow): StoredReservation {
  return {
    ticketId: row.ticket_id,
    sku: row.sku,
    quantity: row.quantity,
    status: row.status,
    leaseUntil: row.lease_until,
    orderId: row.order_id,
    priceAmount: row.price_amount,
    currency: row.currency,
  };
}

class PgInventoryTransaction implements InventoryTransaction {
  constructor(private readonly db: Queryable) {}

  async lockItem(sku: string): Promise<LockedItem | undefined> {
    const { rows } = await this.db.query<{ sku: string; price_amount: number; currency: string; stock_on_hand: number }>(
      'SELECT sku, price_amount, currency, stock_on_hand FROM items WHERE sku = $1 FOR UPDATE',
      [sku],
    );
    const row = rows[0];
    return row && { sku: row.sku, priceAmount: row.price_amount, currency: row.currency, stockOnHand: row.stock_on_hand };
  }

  async peekReservation(ticketId: string): Promise<StoredReservation | undefined> {
    const { rows } = await this.db.query<ReservationRow>(
      `SELECT r.ticket_id, r.sku, r.quantity, r.status, r.lease_until, r.order_id, i.price_amount, i.currency
       FROM reservations r JOIN items i ON i.sku = r.sku
       WHERE r.ticket_id = $1`,
      [ticketId],
    );
    return rows[0] && toStoredReservation(rows[0]);
  }

  async stockOfTicket(sku: string, ticketId: string, now: Date) {
    // one round trip: this runs while the item lock is held, so it is kept short
    const { rows } = await this.db.query<Partial<ReservationRow> & { held_by_others: number }>(
      `SELECT
         (SELECT COALESCE(SUM(h.quantity), 0)::int FROM reservations h
          WHERE h.sku = $1 AND h.status = 'HELD' AND h.lease_until > $3 AND h.ticket_id <> $2) AS held_by_others,
         r.ticket_id, r.sku, r.quantity, r.status, r.lease_until, r.order_id, i.price_amount, i.currency
       FROM (SELECT 1) AS one
       LEFT JOIN reservations r ON r.ticket_id = $2
       LEFT JOIN items i ON i.sku = r.sku`,
      [sku, ticketId, now],
    );
    const row = rows[0];
    return {
      reservation: row.ticket_id ? toStoredReservation(row as ReservationRow) : undefined,
      heldByOthers: row.held_by_others,
    };
  }

  async saveReservation(r: ReservationRecord): Promise<boolean> {
    const result = await this.db.query(
      `INSERT INTO reservations (ticket_id, sku, quantity, status, lease_until, order_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ticket_id) DO UPDATE SET
         quantity = EXCLUDED.quantity, status = EXCLUDED.status, lease_until = EXCLUDED.lease_until,
         order_id = EXCLUDED.order_id, updated_at = now()
       WHERE reservations.sku = EXCLUDED.sku`,
      [r.ticketId, r.sku, r.quantity, r.status, r.leaseUntil, r.orderId],
    );
    return result.rowCount === 1;
  }

  async adjustStockOnHand(sku: string, delta: number): Promise<void> {
    // the CHECK (stock_on_hand >= 0) refuses an update that would oversell
    await this.db.query('UPDATE items SET stock_on_hand = stock_on_hand + $2, updated_at = now() WHERE sku = $1', [sku, delta]);
  }
}

/** One store's inventory in its own PostgreSQL database. */
export class PgInventoryRepository implements InventoryRepository {
  constructor(private readonly pool: Pool) {}

  async listItems(options: { afterSku: string | null; limit: number; now: Date }): Promise<ItemRecord[]> {
    const { rows } = await this.pool.query<ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM items i
       WHERE $2::text IS NULL OR i.sku > $2
       ORDER BY i.sku LIMIT $3`,
      [options.now, options.afterSku, options.limit],
    );
    return rows.map(toItemRecord);
  }

  async countItems(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>('SELECT COUNT(*)::int AS count FROM items');
    return rows[0].count;
  }

  async findItems(skus: readonly string[], now: Date): Promise<ItemRecord[]> {
    const { rows } = await this.pool.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM items i WHERE i.sku = ANY($2::text[])`, [now, skus]);
    return rows.map(toItemRecord);
  }

  transaction<T>(work: (tx: InventoryTransaction) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, (client) => work(new PgInventoryTransaction(client)));
  }
}
