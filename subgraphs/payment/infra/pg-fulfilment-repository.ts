import type { Pool, PoolClient } from '../../../lib/db.js';
import { runIdempotent, type IdempotencyOptions, type IdempotentOutcome, type IdempotentRequest } from '../../../lib/idempotency.js';
import type { Logger } from '../../../lib/logger.js';
import type { OutboxEmail } from '../../../lib/mail/outbox.js';
import type { OrderItemStatus, OrderStatus } from '../domain/model.js';
import type { NewTransaction } from '../domain/money-plan.js';
import type { FulfilmentRepository, FulfilmentTx, NewShipment, OrderSnapshot } from '../domain/ports.js';
import {
  enqueueOrderEmail,
  LINE_COLUMNS,
  ORDER_COLUMNS,
  PART_COLUMNS,
  toLine,
  toOrder,
  toPart,
  type LineRow,
  type OrderRow,
  type StoreOrderRow,
} from './pg-order-repository.js';
import { insertTransactions, transactionsOfOrders } from './pg-transactions.js';

/** Fulfilment requests: each one database transaction, at most once per idempotency key. */
export class PgFulfilmentRepository implements FulfilmentRepository {
  constructor(
    private readonly pool: Pool,
    private readonly options: { idempotency?: IdempotencyOptions; logger?: Logger } = {},
  ) {}

  idempotent<R>(request: IdempotentRequest, work: (tx: FulfilmentTx) => Promise<R>): Promise<IdempotentOutcome<R>> {
    return runIdempotent(this.pool, request, (client) => work(new PgFulfilmentTx(client, this.options.logger)), this.options.idempotency);
  }
}

class PgFulfilmentTx implements FulfilmentTx {
  constructor(
    private readonly client: PoolClient,
    private readonly logger?: Logger,
  ) {}

  async lockOrderOfPart(storeOrderId: string): Promise<OrderSnapshot | undefined> {
    const { rows } = await this.client.query<{ order_id: string }>(`SELECT order_id FROM store_orders WHERE id = $1`, [storeOrderId]);
    return rows[0] ? lockOrderSnapshot(this.client, rows[0].order_id) : undefined;
  }

  async setLineStatuses(lineIds: readonly string[], to: OrderItemStatus): Promise<void> {
    await this.client.query(`UPDATE order_lines SET status = $2 WHERE id = ANY($1::uuid[])`, [lineIds, to]);
  }

  async setStatuses(orderId: string, order: OrderStatus, parts: ReadonlyMap<string, OrderStatus>, now: Date): Promise<void> {
    for (const [partId, status] of parts) {
      await this.client.query(`UPDATE store_orders SET status = $2 WHERE id = $1 AND status <> $2`, [partId, status]);
      if (status === 'VOID') await this.client.query(`UPDATE store_payables SET status = 'CANCELLED' WHERE store_order_id = $1 AND status = 'PENDING'`, [partId]);
    }
    await this.client.query(`UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1`, [orderId, order, now]);
  }

  async recordShipment(s: NewShipment): Promise<void> {
    await this.client.query(
      `INSERT INTO shipments (id, store_order_id, carrier, tracking_number, items_amount, shipping_amount, currency, shipped_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [s.id, s.storeOrderId, s.carrier, s.trackingNumber, s.itemsAmount, s.shippingAmount, s.currency, s.shippedAt],
    );
    await this.client.query(`INSERT INTO shipment_lines (shipment_id, line_id) SELECT $1, unnest($2::uuid[])`, [s.id, s.lineIds]);
  }

  insertTransactions(orderId: string, currency: string, rows: readonly NewTransaction[], now: Date): Promise<void> {
    return insertTransactions(this.client, orderId, currency, rows, now);
  }

  enqueueEmail(email: OutboxEmail, now: Date): Promise<void> {
    return enqueueOrderEmail(this.client, email, now, this.logger);
  }
}

/**
 * Locks order `orderId` (its row, FOR UPDATE: the lock every change to the order takes, checkout's
 * settlement and the money movement job included) and reads all of it; undefined when there is none.
 */
export async function lockOrderSnapshot(client: PoolClient, orderId: string): Promise<OrderSnapshot | undefined> {
  const { rows: orders } = await client.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
  const order = orders[0];
  if (!order) return undefined;
  // one client runs one query at a time
  const parts = await client.query<StoreOrderRow>(`SELECT ${PART_COLUMNS} FROM store_orders so WHERE so.order_id = $1 ORDER BY so.store_id`, [order.id]);
  const lines = await client.query<LineRow>(
    `SELECT ${LINE_COLUMNS} FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id WHERE so.order_id = $1 ORDER BY l.position`,
    [order.id],
  );
  const shipments = await client.query<{ id: string; store_order_id: string; line_ids: string[] }>(
    `SELECT sh.id, sh.store_order_id, ARRAY(SELECT sl.line_id::text FROM shipment_lines sl WHERE sl.shipment_id = sh.id) AS line_ids
     FROM shipments sh JOIN store_orders so ON so.id = sh.store_order_id WHERE so.order_id = $1 ORDER BY sh.shipped_at, sh.id`,
    [order.id],
  );
  const transactions = await transactionsOfOrders(client, [order.id]);
  return {
    order: toOrder(order),
    parts: parts.rows.map(toPart),
    lines: lines.rows.map(toLine),
    shipments: shipments.rows.map((s) => ({ id: s.id, storeOrderId: s.store_order_id, lineIds: s.line_ids })),
    transactions,
  };
}
