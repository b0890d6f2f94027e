import type { Queryable } from '../../../lib/db.js';
import type { AllocationPart, TransactionKind, TransactionModel, TransactionStatus } from '../domain/model.js';
import type { NewTransaction } from '../domain/money-plan.js';

/** Reads and writes of financial_transactions shared by the repositories and the job. */

export interface TransactionRow {
  id: string;
  order_id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: number;
  currency: string;
  parent_id: string | null;
  store_order_id: string | null;
  store_id: string | null;
  shipment_id: string | null;
  allocation: AllocationPart[] | null;
  /** GIFT CERTIFICATES: the gift certificates' part */
  gift_amount: number;
  provider_reference: string | null;
  decline_code: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  created_at: Date;
  settled_at: Date | null;
  collector: string;
  pays_unpaid_balance: boolean;
}

export const TRANSACTION_COLUMNS = `t.id, t.order_id, t.kind, t.status, t.amount, t.currency, t.parent_id, t.store_order_id,
  (SELECT so.store_id FROM store_orders so WHERE so.id = t.store_order_id) AS store_id, t.shipment_id, t.allocation, t.gift_amount,
  t.provider_reference, t.decline_code, t.attempts, t.next_attempt_at, t.last_error, t.created_at, t.settled_at, t.collector, t.pays_unpaid_balance`;

export const toTransaction = (r: TransactionRow): TransactionModel => ({
  id: r.id,
  orderId: r.order_id,
  kind: r.kind,
  status: r.status,
  amount: { amount: r.amount, currency: r.currency },
  parentId: r.parent_id,
  storeOrderId: r.store_order_id,
  storeId: r.store_id,
  shipmentId: r.shipment_id,
  allocation: r.allocation,
  giftCertificateAmount: { amount: r.gift_amount, currency: r.currency },
  providerReference: r.provider_reference,
  declineCode: r.decline_code,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  settledAt: r.settled_at,
  collector: r.collector,
  paysUnpaidBalance: r.pays_unpaid_balance,
});

/**
 * Inserts new PENDING rows (due at once); idempotency key = row id. An AUTHORIZATION
 * copies the card (token, brand, last four) of the authorization it names in `cardOf`.
 * STORE-RUN PAYMENTS: `collector` is the row's own, else its parent's (a refund of a store's
 * capture is the store's), else 'EXCHANGE'.
 * GIFT CERTIFICATES: `giftAmount` is the row's gift certificate part (default 0).
 * UNPAID BALANCE: `paysUnpaidBalance` marks the capture of a payment of the order's unpaid balance
 * (its authorization is written by infra/pg-unpaid-balance-repository.ts, not here).
 */
export async function insertTransactions(db: Queryable, orderId: string, currency: string, rows: readonly NewTransaction[], now: Date): Promise<void> {
  for (const t of rows) {
    await db.query(
      `INSERT INTO financial_transactions
         (id, order_id, kind, status, amount, currency, parent_id, store_order_id, shipment_id, allocation,
          card_brand, card_last4, card_token, idempotency_key, attempts, next_attempt_at, created_at, collector, gift_amount, pays_unpaid_balance)
       SELECT $1::uuid, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9::jsonb,
              card.card_brand, card.card_last4, card.card_token, $12::text, 0, $10, $10,
              COALESCE($13::text, parent.collector, 'EXCHANGE'), $14, $15
       FROM (SELECT 1) one LEFT JOIN financial_transactions card ON card.id = $11::uuid
         LEFT JOIN financial_transactions parent ON parent.id = $6::uuid`,
      [t.id, orderId, t.kind, t.amount, currency, t.parentId, t.storeOrderId, t.shipmentId, t.allocation ? JSON.stringify(t.allocation) : null, now, t.cardOf ?? null, t.id, t.collector ?? null, t.giftAmount ?? 0, t.paysUnpaidBalance ?? false],
    );
  }
}

export async function transactionsOfOrders(db: Queryable, orderIds: readonly string[]): Promise<TransactionModel[]> {
  const { rows } = await db.query<TransactionRow>(
    `SELECT ${TRANSACTION_COLUMNS} FROM financial_transactions t WHERE t.order_id = ANY($1::uuid[]) ORDER BY t.created_at, t.seq`,
    [orderIds],
  );
  return rows.map(toTransaction);
}
