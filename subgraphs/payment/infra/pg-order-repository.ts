import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import type { Logger } from '../../../lib/logger.js';
import { enqueueEmail, InvalidEmailError, outboxEmail, type OutboxEmail } from '../../../lib/mail/outbox.js';
import type { OrderItemStatus, OrderLineModel, OrderModel, OrderStatus, PaymentModel, PaymentStatus, ShipmentModel, StoreOrderModel, TransactionModel } from '../domain/model.js';
import { exchangeFee, type OrderPlan } from '../domain/order-split.js';
import { statusFromItems } from '../domain/order-status.js';
import { encodeCursor, isUuid } from '../domain/pagination.js';
import type { CheckoutCompletion, NewPayment, OrderRepository, Page, PageRequest } from '../domain/ports.js';
import { completeCheckoutRequest } from './pg-checkout-request-repository.js';
import { exchangeRunTotalOf } from '../domain/gift-certificates.js';
import { debitGiftCertificates, releaseGiftOfOrders } from './pg-gift-certificates.js';
import { TRANSACTION_COLUMNS, toTransaction, transactionsOfOrders, type TransactionRow } from './pg-transactions.js';

export interface OrderRow {
  id: string;
  session_id: string;
  account_id: string | null;
  status: OrderStatus;
  total_amount: number;
  items_total: number;
  shipping_total: number;
  currency: string;
  contact_email: string | null;
  created_at: Date;
  gift_amount: number;
  card_amount: number;
}

export interface StoreOrderRow {
  id: string;
  order_id: string;
  store_id: string;
  status: OrderStatus;
  subtotal: number;
  fee_amount: number;
  shipping_amount: number;
  owed_amount: number;
  currency: string;
  created_at: Date;
  paid_by: 'EXCHANGE' | 'STORE';
}

export interface LineRow {
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
  status: PaymentStatus;
  amount: number;
  currency: string;
  card_brand: string;
  card_last4: string;
  provider_reference: string;
  decline_code: string | null;
  created_at: Date;
}

export const ORDER_COLUMNS = 'id, session_id, account_id, status, total_amount, items_total, shipping_total, currency, contact_email, created_at, gift_amount, coalesce(card_amount, total_amount - gift_amount) AS card_amount';
export const PART_COLUMNS = 'so.id, so.order_id, so.store_id, so.status, so.subtotal, so.fee_amount, so.shipping_amount, so.owed_amount, so.currency, so.created_at, so.paid_by';
export const LINE_COLUMNS = 'l.id, l.store_order_id, so.store_id, l.ticket_id, l.sku, l.name, l.quantity, l.unit_price, l.line_total, so.currency, l.status';
/**
 * The order's own (checkout) authorization; its API status follows from what happened
 * to it since: a capture or void of it that succeeded.
 */
const PAYMENT_SELECT = `SELECT a.id, a.order_id, a.amount, a.currency, a.card_brand, a.card_last4, a.provider_reference, a.decline_code, a.created_at,
    CASE
      WHEN a.status = 'DECLINED' THEN 'DECLINED'
      WHEN EXISTS (SELECT 1 FROM financial_transactions c WHERE c.parent_id = a.id AND c.kind = 'CAPTURE' AND c.status = 'SUCCEEDED') THEN 'CAPTURED'
      WHEN EXISTS (SELECT 1 FROM financial_transactions v WHERE v.parent_id = a.id AND v.kind = 'VOID' AND v.status = 'SUCCEEDED') THEN 'VOIDED'
      ELSE 'AUTHORIZED'
    END AS status
  FROM financial_transactions a
  WHERE a.kind = 'AUTHORIZATION' AND a.parent_id IS NULL AND a.shipment_id IS NULL AND a.status IN ('SUCCEEDED','DECLINED')
    AND a.collector = 'EXCHANGE' AND NOT a.pays_unpaid_balance`;

export const toOrder = (r: OrderRow): OrderModel => ({
  id: r.id,
  sessionId: r.session_id,
  accountId: r.account_id,
  status: r.status,
  total: { amount: r.total_amount, currency: r.currency },
  itemsTotal: { amount: r.items_total, currency: r.currency },
  shippingTotal: { amount: r.shipping_total, currency: r.currency },
  contactEmail: r.contact_email,
  giftCertificateAmount: { amount: r.gift_amount, currency: r.currency },
  cardAmount: { amount: r.card_amount, currency: r.currency },
  createdAt: r.created_at,
});

/**
 * STORE-RUN PAYMENTS: for a part its store collected itself (paid_by STORE) the exchange owes
 * the store nothing and the store owes the exchange its fee (`owed_amount` keeps the part's net,
 * items − fee + shipping, as planned at checkout, whoever collects).
 */
export const toPart = (r: StoreOrderRow): StoreOrderModel => {
  const storeRun = r.paid_by === 'STORE';
  return {
    id: r.id,
    orderId: r.order_id,
    storeId: r.store_id,
    status: r.status,
    subtotal: { amount: r.subtotal, currency: r.currency },
    fee: { amount: r.fee_amount, currency: r.currency },
    shipping: { amount: r.shipping_amount, currency: r.currency },
    owedToStore: { amount: storeRun ? 0 : r.owed_amount, currency: r.currency },
    feeOwedByStore: { amount: storeRun ? r.fee_amount : 0, currency: r.currency },
    paidBy: r.paid_by,
    createdAt: r.created_at,
  };
};

export const toLine = (r: LineRow): OrderLineModel => ({
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
  kind: 'AUTHORIZATION',
  status: r.status,
  amount: { amount: r.amount, currency: r.currency },
  cardBrand: r.card_brand,
  cardLast4: r.card_last4,
  providerReference: r.provider_reference,
  declineCode: r.decline_code,
  createdAt: r.created_at,
});

export class PgOrderRepository implements OrderRepository {
  constructor(
    private readonly pool: Pool,
    private readonly logger?: Logger,
  ) {}

  async createOrder(input: {
    orderId: string;
    sessionId: string;
    accountId: string | null;
    contactEmail: string | null;
    plan: OrderPlan;
    now: Date;
    useGiftBalance?: boolean;
  }): Promise<{ giftAmount: number; cardAmount: number }> {
    const { plan } = input;
    // GIFT CERTIFICATES: the card pays what the exchange collects (the parts stores do not collect themselves)...
    const exchangeRunTotal = exchangeRunTotalOf(plan.parts);
    return withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO orders (id, session_id, account_id, status, total_amount, items_total, shipping_total, currency, contact_email, created_at, updated_at, card_amount)
         VALUES ($1, $2, $3, 'IN_BASKET', $4, $5, $6, $7, $8, $9, $9, $10)`,
        [input.orderId, input.sessionId, input.accountId, plan.total, plan.itemsTotal, plan.shippingTotal, plan.currency, input.contactEmail, input.now, exchangeRunTotal],
      );
      let position = 0;
      for (const part of plan.parts) {
        const partId = randomUUID();
        await client.query(
          `INSERT INTO store_orders (id, order_id, store_id, status, subtotal, fee_amount, shipping_amount, owed_amount, currency, created_at, paid_by)
           VALUES ($1, $2, $3, 'IN_BASKET', $4, $5, $6, $7, $8, $9, $10)`,
          // STORE-RUN PAYMENTS: who collects the part's money is fixed with the order
          [partId, input.orderId, part.storeId, part.subtotal, part.fee, part.shipping, part.owed, plan.currency, input.now, part.paidBy ?? 'EXCHANGE'],
        );
        for (const line of part.lines) {
          await client.query(
            `INSERT INTO order_lines (id, store_order_id, ticket_id, sku, name, quantity, unit_price, line_total, status, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'TO_BE_SHIPPED', $9)`,
            [randomUUID(), partId, line.ticketId, line.sku, line.name, line.quantity, line.unitPrice, line.lineTotal, position++],
          );
        }
      }
      // GIFT CERTIFICATES: ...less what the account's gift certificates pay, debited now, in the order's own transaction
      // (soonest-expiring first; checkout gives it back if the order is never paid)
      if (!input.useGiftBalance || input.accountId === null) return { giftAmount: 0, cardAmount: exchangeRunTotal };
      const gift = await debitGiftCertificates(client, { accountId: input.accountId, orderId: input.orderId, currency: plan.currency, upTo: exchangeRunTotal, now: input.now });
      if (gift.applied > 0) {
        await client.query(`UPDATE orders SET gift_amount = $2, card_amount = $3 WHERE id = $1`, [input.orderId, gift.applied, exchangeRunTotal - gift.applied]);
      }
      return { giftAmount: gift.applied, cardAmount: exchangeRunTotal - gift.applied };
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
    const { rows } = await this.pool.query<PaymentRow>(`${PAYMENT_SELECT} AND a.order_id = ANY($1::uuid[]) ORDER BY a.created_at, a.seq`, [orderIds.filter(isUuid)]);
    return rows.map(toPayment);
  }

  async recordPayment(p: NewPayment): Promise<PaymentModel> {
    return withTransaction(this.pool, async (client) => {
      // the provider idempotency key is unique: a resumed attempt finds the first row. The
      // row id is the key too (as for every transaction row): here, the order id.
      await client.query(
        `INSERT INTO financial_transactions
           (id, order_id, kind, status, amount, currency, card_brand, card_last4, card_token, provider_reference, decline_code, idempotency_key, attempts, created_at, settled_at, gift_amount)
         VALUES ($1::uuid, $2, 'AUTHORIZATION', $3, $4, $5, $6, $7, $8, $9, $10, $1::text, 1, $11, $11, $12)
         ON CONFLICT DO NOTHING`,
        // GIFT CERTIFICATES: the order's gift part rides on its own authorization (card fields null when there is no card)
        [p.idempotencyKey, p.orderId, p.status, p.amount, p.currency, p.cardBrand, p.cardLast4, p.cardToken, p.providerReference, p.declineCode, p.createdAt, p.giftAmount ?? 0],
      );
      if (p.status === 'SUCCEEDED') {
        // The order is authorized the moment its payment is: anyone reading it while the
        // stores commit (e.g. a PURCHASED ticket event) sees AUTHORIZED, not IN_BASKET.
        await client.query(`UPDATE orders SET status = 'AUTHORIZED', updated_at = $2 WHERE id = $1 AND status = 'IN_BASKET'`, [p.orderId, p.createdAt]);
        await client.query(`UPDATE store_orders SET status = 'AUTHORIZED' WHERE order_id = $1 AND status = 'IN_BASKET'`, [p.orderId]);
      }
      const { rows } = await client.query<PaymentRow>(`${PAYMENT_SELECT} AND a.idempotency_key = $1`, [p.idempotencyKey]);
      return toPayment(rows[0]);
    });
  }

  transactionsOfOrders(orderIds: readonly string[]): Promise<TransactionModel[]> {
    return transactionsOfOrders(this.pool, orderIds.filter(isUuid));
  }

  async transactionsOfParts(storeOrderIds: readonly string[]): Promise<TransactionModel[]> {
    const { rows } = await this.pool.query<TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS} FROM financial_transactions t WHERE t.store_order_id = ANY($1::uuid[]) ORDER BY t.created_at, t.seq`,
      [storeOrderIds.filter(isUuid)],
    );
    return rows.map(toTransaction);
  }

  async findTransactions(ids: readonly string[]): Promise<TransactionModel[]> {
    const { rows } = await this.pool.query<TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS} FROM financial_transactions t WHERE t.id = ANY($1::uuid[]) ORDER BY t.created_at, t.seq`,
      [ids.filter(isUuid)],
    );
    return rows.map(toTransaction);
  }

  shipmentsOfParts(storeOrderIds: readonly string[]): Promise<ShipmentModel[]> {
    return readShipments(this.pool, 'sh.store_order_id = ANY($1::uuid[])', [storeOrderIds.filter(isUuid)]);
  }

  findShipments(ids: readonly string[]): Promise<ShipmentModel[]> {
    return readShipments(this.pool, 'sh.id = ANY($1::uuid[])', [ids.filter(isUuid)]);
  }

  async findLines(ids: readonly string[]): Promise<OrderLineModel[]> {
    const { rows } = await this.pool.query<LineRow>(
      `SELECT ${LINE_COLUMNS} FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id WHERE l.id = ANY($1::uuid[]) ORDER BY l.position`,
      [ids.filter(isUuid)],
    );
    return rows.map(toLine);
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
      // GIFT CERTIFICATES: what the order's gift certificates paid goes back to them (idempotent: nothing is held twice)
      await releaseGiftOfOrders(client, [orderId], now);
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
        const { rows: lines } = await client.query<LineRow & { position: number }>(
          `SELECT ${LINE_COLUMNS}, l.position FROM order_lines l JOIN store_orders so ON so.id = l.store_order_id WHERE so.order_id = $1`,
          [orderId],
        );
        const { rows: parts } = await client.query<StoreOrderRow>(`SELECT ${PART_COLUMNS} FROM store_orders so WHERE so.order_id = $1`, [orderId]);
        let liveTotal = 0;
        for (const part of parts) {
          const partLines = lines.filter((l) => l.store_order_id === part.id);
          const status = statusFromItems(partLines.map((l) => l.status), 'AUTHORIZED');
          await client.query(`UPDATE store_orders SET status = $2 WHERE id = $1`, [part.id, status]);
          if (status === 'VOID') continue;
          // the store is owed for what it will ship: its live lines less the exchange fee, plus its shipping
          const live = partLines.filter((l) => l.status !== 'VOID').reduce((sum, l) => sum + l.line_total, 0);
          liveTotal += live + part.shipping_amount;
          // STORE-RUN PAYMENTS: the store collects this part's money itself; the exchange owes it nothing
          if (part.paid_by === 'STORE') continue;
          await client.query(
            `INSERT INTO store_payables (id, store_order_id, store_id, amount, currency, status, created_at)
             VALUES ($1, $2, $3, $4, $5, 'PENDING', $6) ON CONFLICT (store_order_id) DO NOTHING`,
            [randomUUID(), part.id, part.store_id, live - exchangeFee(live, input.feeBps) + part.shipping_amount, part.currency, completion.now],
          );
        }
        const orderStatus = statusFromItems(lines.map((l) => l.status), 'AUTHORIZED');
        await client.query(`UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1`, [orderId, orderStatus, completion.now]);
        if (order.contact_email && orderStatus === 'AUTHORIZED') {
          // the thank-you email commits with the order it is about (and only once: dedupe key)
          const live = lines.filter((l) => l.status !== 'VOID').sort((a, b) => a.position - b.position);
          const email = outboxEmail(
            'order-placed',
            order.contact_email,
            {
              orderId,
              total: liveTotal,
              currency: order.currency,
              lines: live.map((l) => ({ name: l.name, quantity: l.quantity, lineTotal: l.line_total })),
              stores: parts.filter((p) => live.some((l) => l.store_order_id === p.id)).map((p) => ({ storeId: p.store_id })),
            },
            `order-placed:${orderId}`,
          );
          await enqueueOrderEmail(client, email, completion.now, this.logger);
        }
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
         AND EXISTS (SELECT 1 FROM financial_transactions p WHERE p.order_id = so.order_id AND p.kind = 'AUTHORIZATION'
                     AND p.parent_id IS NULL AND p.shipment_id IS NULL AND p.status = 'SUCCEEDED' AND p.collector = 'EXCHANGE')
         AND ($2::timestamptz IS NULL OR (so.created_at, so.id) < ($2, $3::uuid))
       ORDER BY so.created_at DESC, so.id DESC LIMIT $4`,
      [storeId, page.after?.createdAt ?? null, page.after?.id ?? null, page.first + 1],
    );
    return toPage(rows.map(toPart), page.first);
  }
}

/**
 * Enqueues an order email in the caller's transaction. An address the outbox refuses
 * (checked before anything is written, so the transaction is unharmed) is logged and
 * skipped: an email must never stop the order change it is about.
 */
export async function enqueueOrderEmail(db: Queryable, email: OutboxEmail, now: Date, logger?: Logger): Promise<void> {
  try {
    await enqueueEmail(db, email, now);
  } catch (error) {
    if (!(error instanceof InvalidEmailError)) throw error;
    logger?.warn({ err: error, template: email.template, dedupeKey: email.dedupeKey }, 'order email not enqueued');
  }
}

interface ShipmentRow {
  id: string;
  store_order_id: string;
  order_id: string;
  store_id: string;
  carrier: string;
  tracking_number: string;
  line_ids: string[];
  items_amount: number;
  shipping_amount: number;
  currency: string;
  shipped_at: Date;
}

export async function readShipments(db: Queryable, where: string, params: unknown[]): Promise<ShipmentModel[]> {
  const { rows } = await db.query<ShipmentRow>(
    `SELECT sh.id, sh.store_order_id, so.order_id, so.store_id, sh.carrier, sh.tracking_number, sh.items_amount, sh.shipping_amount, sh.currency, sh.shipped_at,
       ARRAY(SELECT sl.line_id::text FROM shipment_lines sl JOIN order_lines l ON l.id = sl.line_id WHERE sl.shipment_id = sh.id ORDER BY l.position) AS line_ids
     FROM shipments sh JOIN store_orders so ON so.id = sh.store_order_id
     WHERE ${where} ORDER BY sh.shipped_at, sh.id`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    storeOrderId: r.store_order_id,
    orderId: r.order_id,
    storeId: r.store_id,
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    lineIds: r.line_ids,
    itemsAmount: { amount: r.items_amount, currency: r.currency },
    shippingAmount: { amount: r.shipping_amount, currency: r.currency },
    amount: { amount: r.items_amount + r.shipping_amount, currency: r.currency },
    shippedAt: r.shipped_at,
  }));
}

function toPage<T extends { id: string; createdAt: Date }>(rows: T[], first: number): Page<T> {
  return {
    items: rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node.createdAt, node.id), node })),
    hasNextPage: rows.length > first,
  };
}
