import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import type { TransactionStatus } from '../domain/model.js';
import { storeCollector, type StoreAuthorizationRow, type StorePaymentRepository, type StoreRunPart } from '../domain/store-payments.js';

interface AuthorizationRow {
  id: string;
  store_order_id: string;
  collector: string;
  amount: string | number;
  status: TransactionStatus;
  provider_reference: string | null;
  decline_code: string | null;
  last_error: string | null;
}

const COLUMNS = 'id, store_order_id, collector, amount, status, provider_reference, decline_code, last_error';
/** A store-run part's checkout authorization (migration 007: one per part). */
const IS_STORE_AUTHORIZATION = `kind = 'AUTHORIZATION' AND collector <> 'EXCHANGE' AND parent_id IS NULL AND shipment_id IS NULL`;

const toRow = (r: AuthorizationRow): StoreAuthorizationRow => ({
  id: r.id,
  storeOrderId: r.store_order_id,
  storeId: r.collector.replace(/^STORE:/, ''),
  amount: Number(r.amount),
  status: r.status,
  reference: r.provider_reference,
  declineCode: r.decline_code,
  lastError: r.last_error,
});

/**
 * Checkout's store authorizations in financial_transactions (collector 'STORE:<id>'). A
 * PENDING one is due at 'infinity': the money movement job never picks it up (it would have
 * no card to send); checkout records the store's answer itself.
 */
export class PgStorePayments implements StorePaymentRepository {
  constructor(private readonly pool: Pool) {}

  async storeRunParts(orderId: string): Promise<StoreRunPart[]> {
    const { rows } = await this.pool.query<{ id: string; store_id: string; amount: string | number; currency: string }>(
      `SELECT so.id, so.store_id, so.subtotal + so.shipping_amount AS amount, so.currency
       FROM store_orders so WHERE so.order_id = $1 AND so.paid_by = 'STORE' ORDER BY so.store_id`,
      [orderId],
    );
    return rows.map((r) => ({ storeOrderId: r.id, storeId: r.store_id, amount: Number(r.amount), currency: r.currency }));
  }

  async openAuthorization(input: StoreRunPart & { id: string; orderId: string; now: Date }): Promise<StoreAuthorizationRow> {
    await this.pool.query(
      `INSERT INTO financial_transactions
         (id, order_id, kind, status, amount, currency, store_order_id, collector, idempotency_key, attempts, next_attempt_at, created_at)
       VALUES ($1::uuid, $2, 'AUTHORIZATION', 'PENDING', $3, $4, $5, $6, $1::text, 0, 'infinity', $7)
       ON CONFLICT DO NOTHING`,
      [input.id, input.orderId, input.amount, input.currency, input.storeOrderId, storeCollector(input.storeId), input.now],
    );
    const { rows } = await this.pool.query<AuthorizationRow>(`SELECT ${COLUMNS} FROM financial_transactions WHERE store_order_id = $1 AND ${IS_STORE_AUTHORIZATION}`, [input.storeOrderId]);
    if (!rows[0]) throw new Error(`store authorization of part ${input.storeOrderId} is missing`);
    return toRow(rows[0]);
  }

  async recordAuthorization(id: string, answer: { status: 'SUCCEEDED'; reference: string } | { status: 'DECLINED'; declineCode: string }, now: Date): Promise<StoreAuthorizationRow> {
    const { rows } = await this.pool.query<AuthorizationRow>(
      `WITH settled AS (
         UPDATE financial_transactions
         SET status = $2, provider_reference = $3, decline_code = $4, attempts = attempts + 1, settled_at = $5, next_attempt_at = NULL, last_error = NULL
         WHERE id = $1 AND status = 'PENDING'
         RETURNING ${COLUMNS}
       )
       SELECT ${COLUMNS} FROM settled
       UNION ALL
       SELECT ${COLUMNS} FROM financial_transactions WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM settled)`,
      [id, answer.status, answer.status === 'SUCCEEDED' ? answer.reference : null, answer.status === 'DECLINED' ? answer.declineCode : null, now],
    );
    if (!rows[0]) throw new Error(`store authorization ${id} is missing`);
    return toRow(rows[0]);
  }

  async failAuthorization(id: string, error: string, now: Date): Promise<StoreAuthorizationRow> {
    const { rows } = await this.pool.query<AuthorizationRow>(
      `WITH failed AS (
         UPDATE financial_transactions
         SET status = 'FAILED', attempts = attempts + 1, last_error = $2, settled_at = $3, next_attempt_at = NULL
         WHERE id = $1 AND status = 'PENDING'
         RETURNING ${COLUMNS}
       )
       SELECT ${COLUMNS} FROM failed
       UNION ALL
       SELECT ${COLUMNS} FROM financial_transactions WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM failed)`,
      [id, error.slice(0, 2000), now],
    );
    if (!rows[0]) throw new Error(`store authorization ${id} is missing`);
    return toRow(rows[0]);
  }

  voidAuthorizations(orderId: string, now: Date, refusedTicketIds?: readonly string[]): Promise<string[]> {
    if (refusedTicketIds) return voidStoreAuthorizations(this.pool, [orderId], now, refusedTicketIds);
    return withTransaction(this.pool, (client) => releaseStoreAuthorizations(client, [orderId], now, 'the checkout was given up before the store answered'));
  }
}

/**
 * PENDING VOID rows (carried out at the stores by the money movement job) for the store
 * authorizations of `orderIds` that may hold money — SUCCEEDED (voided by reference) or FAILED
 * (the answer was lost: voided by authorization key, `callStorePayment`) — and were neither
 * captured nor voided; their ids. With `refusedTicketIds`: only of parts whose every line is
 * one of them. One statement: a concurrent repeat adds nothing (one VOID per authorization,
 * unique index). Runs on a pool or inside the caller's transaction.
 */
export async function voidStoreAuthorizations(db: Queryable, orderIds: readonly string[], now: Date, refusedTicketIds?: readonly string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO financial_transactions
       (id, order_id, kind, status, amount, currency, parent_id, store_order_id, collector, idempotency_key, attempts, next_attempt_at, created_at)
     SELECT v.id, a.order_id, 'VOID', 'PENDING', a.amount, a.currency, a.id, a.store_order_id, a.collector, v.id::text, 0, $2, $2
     FROM financial_transactions a
     CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) v
     WHERE a.order_id = ANY($1::uuid[]) AND a.kind = 'AUTHORIZATION' AND a.collector <> 'EXCHANGE' AND a.parent_id IS NULL AND a.shipment_id IS NULL
       AND a.status IN ('SUCCEEDED', 'FAILED')
       AND NOT EXISTS (SELECT 1 FROM financial_transactions c WHERE c.parent_id = a.id AND c.kind IN ('VOID', 'CAPTURE') AND c.status IN ('PENDING', 'SUCCEEDED'))
       AND ($3::text[] IS NULL OR NOT EXISTS (
         SELECT 1 FROM order_lines l WHERE l.store_order_id = a.store_order_id AND l.status <> 'VOID' AND NOT (l.ticket_id = ANY($3::text[]))))
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [[...orderIds], now, refusedTicketIds ? [...refusedTicketIds] : null],
  );
  return rows.map((r) => r.id);
}

/**
 * The checkouts of `orderIds` will never finish (given up, or the stale basket job expired
 * their baskets): everything their stores may hold is released. A store authorization still
 * PENDING has lost its caller (a crash, or an attempt given up mid-call) and becomes FAILED with
 * `why`; then SUCCEEDED and FAILED ones get their VOID rows (`voidStoreAuthorizations`); their
 * ids. Run it in one transaction (the caller's).
 */
export async function releaseStoreAuthorizations(db: Queryable, orderIds: readonly string[], now: Date, why: string): Promise<string[]> {
  if (orderIds.length === 0) return [];
  await db.query(
    `UPDATE financial_transactions SET status = 'FAILED', last_error = $3, settled_at = $2, next_attempt_at = NULL
     WHERE order_id = ANY($1::uuid[]) AND kind = 'AUTHORIZATION' AND collector <> 'EXCHANGE' AND parent_id IS NULL AND shipment_id IS NULL AND status = 'PENDING'`,
    [[...orderIds], now, why],
  );
  return voidStoreAuthorizations(db, orderIds, now);
}
