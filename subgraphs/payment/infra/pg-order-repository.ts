import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool } from '../../../lib/db.js';
import type { OrderItemStatus, OrderLineModel, OrderModel, OrderStatus, PaymentModel, StoreOrderModel } from '../domain/model.js';
import { exchangeFee, type OrderPlan } from '../domain/order-split.js';
import { statusFromItems } from '../domain/order-status.js';
import { encodeCursor, isUuid } from '../domain/pagination.js';
import type { CheckoutCompletion, NewPayment, OrderRepository, Page, PageRequest } from '../domain/ports.js';
import { completeCheckoutRequest } from './pg-checkout-request-repository.js';

interface OrderRow {
  id: string;
  session_id: string;
  account_id: string | null;
  status: OrderStatus;
  total_amount: number;
  currency: string;
  created_at: Date;
}

interface StoreOrderRow {
  id: string;
  order_id: string;
  store_id: string;
  status: OrderStatus;
  subtotal: number;
  fee_amount: number;
  owed_amount: number;
  currency: string;
  created_at: Date;
}

interface LineRow {
  id: string;
  store_order_id: string;
  store_id: string;
  ticket_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number;
  line_total: number;
  currency: string;
  status: OrderItemStatus;
}

interface PaymentRow {
  id: string;
  order_id: string;
  kind: PaymentModel['kind'];
  status: PaymentModel['status'];
  amount: number;
  currency: string;
  card_brand: string;
  card_last4: string;
  provider_reference: string;
  decline_code: string | null;
  created_at: Date;
}

const ORDER_COLUMNS = 'id, session_id, account_id, status, total_amount, currency, created_at';
const PART_COLUMNS = 'so.id, so.order_id, so.store_id, so.status, so.subtotal, so.fee_amount, so.owed_amount, so.currency, so.created_at';
const LINE_COLUMNS = 'l.id, l.store_order_id, so.store_id, l.ticket_id, l.sku, l.name, l.quantity, l.unit_price, l.line_total, so.currency, l.status';
const PAYMENT_COLUMNS = 'id, order_id, kind, status, amount, currency, card_brand, card_last4, provider_reference, decline_code, created_at';

const toOrder = (r: OrderRow): OrderModel => ({
  id: r.id,
  sessionId: r.session_id,
  accountId: r.account_id,
  status: r.status,
  total: { amount: r.total_amount, currency: r.currency },
  createdAt: r.created_at,
});

const toPart = (r: StoreOrderRow): StoreOrderModel => ({
  id: r.id,
  orderId: r.order_id,
  storeId: r.store_id,
  status: r.status,
  subtotal: { amount: r.subtotal, currency: r.currency },
  fee: { amount: r.fee_amount, currency: r.currency },
  owedToStore: { amount: r.owed_amount, currency: r.currency },
  createdAt: r.created_at,
});

const toLine = (r: LineRow): OrderLineModel => ({
  id: r.id,
  storeOrderId: r.store_order_id,
  storeId: r.store_id,
  ticketId: r.ticket_id,
  sku: r.sku,
  name: r.name,
  quantity: r.quantity,
  unitPrice: { amount: r.unit_price, currency: r.currency },
  lineTotal: { amount: r.line_total, currency: r.currency },
  status: r.status,
});

const toPayment = (r: PaymentRow): PaymentModel => ({
  id: r.id,
  orderId: r.order_id,
  kind: r.kind,
  status: r.status,
  amount: { amount: r.amount, currency: r.currency },
  cardBrand: r.card_brand,
  cardLast4: r.card_last4,
  providerReference: r.provider_reference,
  declineCode: r.decline_code,
  createdAt: r.created_at,
});

export class PgOrderRepository implements OrderRepository {
  constructor(private readonly pool: Pool) {}

  async createOrder(input: { orderId: string; sessionId: string; accountId: string | null; plan: OrderPlan; now: Date }): Promise<void> {
    const { plan } = input;
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO orders (id, session_id, account_id, status, total_amount, currency, created_at, updated_at)
         VALUES ($1, $2, $3, 'IN_BASKET', $4, $5, $6, $6)`,
        [input.orderId, input.sessionId, input.accountId, plan.total, plan.currency, input.now],
      );
      let position = 0;
      for (const part of plan.parts) {
        const partId = randomUUID();
        await client.query(
          `INSERT INTO store_orders (id, order_id, store_id, status, subtotal, fee_amount, owed_amount, currency, created_at)
           VALUES ($1, $2, $3, 'IN_BASKET', $4, $5, $6, $7, $8)`,
          [partId, input.orderId, part.storeId, part.subtotal, part.fee, part.owed, plan.currency, input.now],
        );
        for (const line of part.lines) {
          await client.query(
            `INSERT INTO order_lines (id, store_order_id, ticket_id, sku, name, quantity, unit_price, line_total, status, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'TO_BE_SHIPPED', $9)`,
            [randomUUID(), partId, line.ticketId, line.sku, line.name, line.quantity, line.unitPrice, line.lineTotal, position++],
          );
        }
      }
    });
  }

  async findOrder(orderId: string): Promise<OrderModel | undefined> {
    return (await this.findOrders([orderId]))[0];
  }

  async findOrders(ids: readonly string[]): Promise<OrderModel[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const { rows } = await this.pool.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY($1::uuid[])`, [valid]);
    return rows.map(toOrder);
  }

  async findStoreOrders(ids: readonly string[]): Promise<StoreOrderModel[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    const { rows } = await this.pool.query<StoreOrderRow>(`SELECT ${PART_COLUMNS} FROM store_orders so WHERE so.id = ANY($1::uuid[])`, [valid]);
    return rows.map(toPart);
  }

  async partsOfOrders(orderIds: readonly string[]): Promise<StoreOrderModel[]> {
    const { rows } = await this.pool.query<StoreOrderRow>(
      `SELECT ${PART_COLUMNS} FROM store_orders so WHERE so.order_id = ANY($1::uuid[]) ORDER BY so.store_id`,
      [orderIds.filter(isUuid)],
    );
    return rows.map(toPart);
  }

  async linesOfParts(storeOrderIds: readonly string[]): Promise<OrderLineModel[]> {
    const { rows } = await this.pool.query<LineRow>(
      `SELECT ${LINE_COLUMNS} FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id
       WHERE l.store_order_id = ANY($1::uuid[]) ORDER BY l.position`,
      [storeOrderIds.filter(isUuid)],
    );
    return rows.map(toLine);
  }

  async linesOfOrder(orderId: string): Promise<OrderLineModel[]> {
    const { rows } = await this.pool.query<LineRow>(
      `SELECT ${LINE_COLUMNS} FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id
       WHERE so.order_id = $1 ORDER BY l.position`,
      [orderId],
    );
    return rows.map(toLine);
  }

  async authorizationsOfOrders(orderIds: readonly string[]): Promise<PaymentModel[]> {
    const { rows } = await this.pool.query<PaymentRow>(
      `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE order_id = ANY($1::uuid[]) AND kind = 'AUTHORIZATION' ORDER BY created_at, id`,
      [orderIds.filter(isUuid)],
    );
    return rows.map(toPayment);
  }

  async recordPayment(p: NewPayment): Promise<PaymentModel> {
    return withTransaction(this.pool, async (client) => {
      // the provider idempotency key is unique: a resumed attempt finds the first row
      await client.query(
        `INSERT INTO payments (id, order_id, kind, status, amount, currency, card_brand, card_last4, card_token, provider_reference, decline_code, idempotency_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [randomUUID(), p.orderId, p.kind, p.status, p.amount, p.currency, p.cardBrand, p.cardLast4, p.cardToken, p.providerReference, p.declineCode, p.idempotencyKey, p.createdAt],
      );
      if (p.kind === 'AUTHORIZATION' && p.status === 'AUTHORIZED') {
        // The order is authorized the moment its payment is: anyone reading it while the
        // stores commit (e.g. a PURCHASED ticket event) sees AUTHORIZED, not IN_BASKET.
        await client.query(`UPDATE orders SET status = 'AUTHORIZED', updated_at = $2 WHERE id = $1 AND status = 'IN_BASKET'`, [p.orderId, p.createdAt]);
        await client.query(`UPDATE store_orders SET status = 'AUTHORIZED' WHERE order_id = $1 AND status = 'IN_BASKET'`, [p.orderId]);
      }
      const { rows } = await client.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE idempotency_key = $1`, [p.idempotencyKey]);
      return toPayment(rows[0]);
    });
  }

  async voidOrder(orderId: string, completion?: CheckoutCompletion): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      const now = completion?.now ?? new Date();
      await client.query(`UPDATE orders SET status = 'VOID', updated_at = $2 WHERE id = $1`, [orderId, now]);
      await client.query(`UPDATE store_orders SET status = 'VOID' WHERE order_id = $1`, [orderId]);
      await client.query(
        `UPDATE order_lines SET status = 'VOID' WHERE store_order_id IN (SELECT id FROM store_orders WHERE order_id = $1)`,
        [orderId],
      );
      await client.query(
        `UPDATE store_payables SET status = 'CANCELLED' WHERE store_order_id IN (SELECT id FROM store_orders WHERE order_id = $1)`,
        [orderId],
      );
      if (completion) await completeCheckoutRequest(client, orderId, completion);
    });
  }

  async finalizeAuthorized(input: { orderId: string; voidTicketIds: string[]; feeBps: number; completion: CheckoutCompletion }): Promise<void> {
    const { orderId, completion } = input;
    await withTransaction(this.pool, async (client) => {
      const { rows: orders } = await client.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`, [orderId]);
      const order = orders[0];
      if (!order) throw new Error(`order ${orderId} not found`);
      // only an order not yet past authorization is settled (a resumed attempt may find it
      // settled: every step below is idempotent); recordPayment already marked it AUTHORIZED
      if (order.status === 'IN_BASKET' || order.status === 'AUTHORIZED') {
        if (input.voidTicketIds.length > 0) {
          await client.query(
            `UPDATE order_lines SET status = 'VOID'
             WHERE ticket_id = ANY($2::text[]) AND store_order_id IN (SELECT id FROM store_orders WHERE order_id = $1)`,
            [orderId, input.voidTicketIds],
          );
        }
        const { rows: lines } = await client.query<LineRow>(
          `SELECT ${LINE_COLUMNS} FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id WHERE so.order_id = $1`,
          [orderId],
        );
        const { rows: parts } = await client.query<StoreOrderRow>(`SELECT ${PART_COLUMNS} FROM store_orders so WHERE so.order_id = $1`, [orderId]);
        for (const part of parts) {
          const partLines = lines.filter((l) => l.store_order_id === part.id);
          const status = statusFromItems(partLines.map((l) => l.status), 'AUTHORIZED');
          await client.query(`UPDATE store_orders SET status = $2 WHERE id = $1`, [part.id, status]);
          if (status === 'VOID') continue;
          // the store is owed for what it will ship: its live lines less the exchange fee
          const live = partLines.filter((l) => l.status !== 'VOID').reduce((sum, l) => sum + l.line_total, 0);
          await client.query(
            `INSERT INTO store_payables (id, store_order_id, store_id, amount, currency, status, created_at)
             VALUES ($1, $2, $3, $4, $5, 'PENDING', $6) ON CONFLICT (store_order_id) DO NOTHING`,
            [randomUUID(), part.id, part.store_id, live - exchangeFee(live, input.feeBps), part.currency, completion.now],
          );
        }
        const orderStatus = statusFromItems(lines.map((l) => l.status), 'AUTHORIZED');
        await client.query(`UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1`, [orderId, orderStatus, completion.now]);
      }
      await completeCheckoutRequest(client, orderId, completion);
    });
  }

  async ordersOfShopper(shopper: { sessionId: string; accountId?: string }, page: PageRequest): Promise<Page<OrderModel>> {
    const { rows } = await this.pool.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM orders
       WHERE (session_id = $1 OR ($2::text IS NOT NULL AND account_id = $2))
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      [shopper.sessionId, shopper.accountId ?? null, page.after?.createdAt ?? null, page.after?.id ?? null, page.first + 1],
    );
    return toPage(rows.map(toOrder), page.first);
  }

  async partsOfStore(storeId: string, page: PageRequest): Promise<Page<StoreOrderModel>> {
    // a store sees the parts of placed orders only, not carts that never got paid for
    const { rows } = await this.pool.query<StoreOrderRow>(
      `SELECT ${PART_COLUMNS} FROM store_orders so
       WHERE so.store_id = $1
         AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = so.order_id AND p.kind = 'AUTHORIZATION' AND p.status = 'AUTHORIZED')
         AND ($2::timestamptz IS NULL OR (so.created_at, so.id) < ($2, $3::uuid))
       ORDER BY so.created_at DESC, so.id DESC LIMIT $4`,
      [storeId, page.after?.createdAt ?? null, page.after?.id ?? null, page.first + 1],
    );
    return toPage(rows.map(toPart), page.first);
  }
}

function toPage<T extends { id: string; createdAt: Date }>(rows: T[], first: number): Page<T> {
  return {
    items: rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.createdAt, node.id), node })),
    hasNextPage: rows.length > first,
  };
}
