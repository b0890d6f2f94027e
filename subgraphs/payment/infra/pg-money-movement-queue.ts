import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import type { MoneyMovementQueue } from '../domain/money-movement-job.js';
import type { AllocationPart, TransactionKind } from '../domain/model.js';
import { unpaidOf, type ClaimedTransaction, type Failure, type Settlement } from '../domain/settlement.js';
import { refundsOfGiftCapture } from '../domain/money-plan.js';
import { postJournal } from './pg-ledger.js';
import { insertTransactions } from './pg-transactions.js';
import { creditGiftCertificates } from './pg-gift-certificates.js';
import { isStoreCollected } from '../domain/store-payments.js';
import { outboxEmail } from '../../../lib/mail/outbox.js';
import type { Logger } from '../../../lib/logger.js';
import { enqueueOrderEmail } from './pg-order-repository.js';

interface ClaimedRow {
  id: string;
  order_id: string;
  kind: TransactionKind;
  amount: number;
  currency: string;
  parent_id: string | null;
  store_order_id: string | null;
  shipment_id: string | null;
  allocation: AllocationPart[] | null;
  card_token: string | null;
  parent_reference: string | null;
  attempts: number;
  lease_token: string;
  collector: string;
  gift_amount: number;
  pays_unpaid_balance: boolean;
}

/** financial_transactions as the job's queue (MoneyMovementJob). */
export class PgMoneyMovementQueue implements MoneyMovementQueue {
  constructor(
    private readonly pool: Pool,
    /** logs an email the outbox refused (enqueueOrderEmail) */
    private readonly logger?: Logger,
  ) {}

  async claimDue(input: { now: Date; leaseUntil: Date; limit: number; skip?: readonly string[] }): Promise<ClaimedTransaction[]> {
    // one statement: pick due, ready, unleased rows (skipping rows another replica is
    // claiming right now) and lease them; the lease keeps them ours after it commits
    const { rows } = await this.pool.query<ClaimedRow>(
      `WITH due AS (
         SELECT t.id FROM financial_transactions t
         LEFT JOIN financial_transactions parent ON parent.id = t.parent_id
         WHERE t.status = 'PENDING' AND t.next_attempt_at <= $1
           AND (t.lease_until IS NULL OR t.lease_until <= $1)
           AND (t.kind = 'AUTHORIZATION' OR parent.status = 'SUCCEEDED'
                -- STORE-RUN PAYMENTS: a store authorization whose answer was lost is voided by its key
                OR (t.kind = 'VOID' AND t.collector <> 'EXCHANGE' AND parent.kind = 'AUTHORIZATION' AND parent.status = 'FAILED')
                -- GIFT CERTIFICATES: a shipment paid by gift certificates alone is a capture of no authorization
                OR (t.kind = 'CAPTURE' AND t.parent_id IS NULL))
           -- STORE-RUN PAYMENTS: a store's authorization is checkout's alone (it needs the card)
           AND NOT (t.kind = 'AUTHORIZATION' AND t.collector <> 'EXCHANGE')
           -- UNPAID BALANCE: the authorization on the shopper's new card is its request's alone
           AND NOT (t.kind = 'AUTHORIZATION' AND t.pays_unpaid_balance)
           AND NOT (t.id = ANY($4::uuid[]))
         ORDER BY t.next_attempt_at, t.seq
         LIMIT $3
         FOR UPDATE OF t SKIP LOCKED
       )
       UPDATE financial_transactions t
       SET lease_until = $2, lease_token = gen_random_uuid(), attempts = t.attempts + 1
       FROM due WHERE t.id = due.id
       RETURNING t.id, t.order_id, t.kind, t.amount, t.currency, t.parent_id, t.store_order_id, t.shipment_id, t.allocation,
         t.card_token, (SELECT p.provider_reference FROM financial_transactions p WHERE p.id = t.parent_id) AS parent_reference,
         t.attempts, t.lease_token, t.collector, t.gift_amount, t.pays_unpaid_balance`,
      [input.now, input.leaseUntil, input.limit, input.skip ?? []],
    );
    return rows.map((r) => ({
      id: r.id,
      orderId: r.order_id,
      kind: r.kind,
      amount: r.amount,
      currency: r.currency,
      parentId: r.parent_id,
      storeOrderId: r.store_order_id,
      shipmentId: r.shipment_id,
      allocation: r.allocation,
      cardToken: r.card_token,
      parentReference: r.parent_reference,
      attempts: r.attempts,
      leaseToken: r.lease_token,
      collector: r.collector,
      giftAmount: r.gift_amount,
      paysUnpaidBalance: r.pays_unpaid_balance,
    }));
  }

  async settle(row: ClaimedTransaction, settlement: Settlement, now: Date): Promise<boolean> {
    return withTransaction(this.pool, async (client) => {
      if (!(await this.lockClaim(client, row))) return false;
      await client.query(
        `UPDATE financial_transactions
         SET status = $2, provider_reference = $3, decline_code = $4, settled_at = $5, lease_until = NULL, lease_token = NULL, last_error = NULL
         WHERE id = $1`,
        [row.id, settlement.status, settlement.providerReference, settlement.declineCode, now],
      );
      if (settlement.status === 'DECLINED') await this.enqueuePaymentNeeded(client, row, now);
      await insertTransactions(client, row.orderId, row.currency, settlement.followUps, now);
      if (settlement.journal) await postJournal(client, settlement.journal, now);
      // GIFT CERTIFICATES: a refund's (or the order's unspent) gift part goes back to the certificates, with its journal
      if (settlement.giftCredit) await creditGiftCertificates(client, { orderId: row.orderId, amount: settlement.giftCredit, transactionId: row.id, now });
      // STORE-RUN PAYMENTS: a store's capture never makes the exchange owe the store anything
      if (row.kind === 'CAPTURE' && settlement.status === 'SUCCEEDED' && row.allocation && !isStoreCollected(row)) {
        // the stores' share of this money is captured: payable (store_payables is a summary; the ledger is the truth)
        await client.query(
          `UPDATE store_payables SET status = 'PAYABLE'
           WHERE status = 'PENDING' AND store_order_id IN (SELECT id FROM store_orders WHERE order_id = $1 AND store_id = ANY($2::text[]))`,
          [row.orderId, row.allocation.map((a) => a.storeId)],
        );
      }
      await this.cascade(client, row, settlement, now);
      return true;
    });
  }

  async retryOrFail(
    row: ClaimedTransaction,
    input: { error: string; nextAttemptAt: Date | null; failure: Failure },
    now: Date,
  ): Promise<boolean> {
    return withTransaction(this.pool, async (client) => {
      if (!(await this.lockClaim(client, row))) return false;
      if (input.nextAttemptAt) {
        await client.query(
          `UPDATE financial_transactions SET next_attempt_at = $2, last_error = $3, lease_until = NULL, lease_token = NULL WHERE id = $1`,
          [row.id, input.nextAttemptAt, input.error.slice(0, 2000)],
        );
        return true;
      }
      await client.query(
        `UPDATE financial_transactions SET status = 'FAILED', last_error = $2, settled_at = $3, lease_until = NULL, lease_token = NULL WHERE id = $1`,
        [row.id, input.error.slice(0, 2000), now],
      );
      await this.enqueuePaymentNeeded(client, row, now);
      // GIFT CERTIFICATES: the row's gift part carries on (settlement.ts `giftFallbackOf`), or goes back
      await insertTransactions(client, row.orderId, row.currency, input.failure.followUps, now);
      if (input.failure.giftCredit) await creditGiftCertificates(client, { orderId: row.orderId, amount: input.failure.giftCredit, transactionId: row.id, now });
      await this.cascade(client, row, input.failure, now);
      return true;
    });
  }

  /**
   * UNPAID BALANCE: the row that just ended DECLINED or FAILED left something unpaid (`unpaidOf`:
   * a shipment's card payment, or the capture of a payment of the unpaid balance): the shopper is
   * asked to pay it (payUnpaidBalance), in this transaction, once per row (dedupe key), for
   * orders with a contact email only. Not for a store-run part (STORE-RUN PAYMENTS): its store
   * collects it, payUnpaidBalance does not (unpaid-balance.ts).
   */
  private async enqueuePaymentNeeded(client: PoolClient, row: ClaimedTransaction, now: Date): Promise<void> {
    const unpaid = unpaidOf(row);
    if (unpaid === 0 || isStoreCollected(row)) return;
    const { rows } = await client.query<{ contact_email: string | null }>(`SELECT contact_email FROM orders WHERE id = $1`, [row.orderId]);
    const to = rows[0]?.contact_email;
    if (!to) return;
    await enqueueOrderEmail(client, outboxEmail('payment-needed', to, { orderId: row.orderId, amount: unpaid, currency: row.currency }, `payment-needed:${row.id}`), now, this.logger);
  }

  /**
   * The row, locked, still PENDING under this claim. The order's row is locked first, as
   * every fulfilment request does: a return planning a refund that waits for this row's
   * capture and this settlement attaching waiting refunds never miss each other.
   */
  private async lockClaim(client: PoolClient, row: ClaimedTransaction): Promise<boolean> {
    await client.query(`SELECT 1 FROM orders WHERE id = $1 FOR UPDATE`, [row.orderId]);
    const { rowCount } = await client.query(
      `SELECT 1 FROM financial_transactions WHERE id = $1 AND status = 'PENDING' AND lease_token = $2 FOR UPDATE`,
      [row.id, row.leaseToken],
    );
    return rowCount === 1;
  }

  private async cascade(client: PoolClient, row: ClaimedTransaction, what: Pick<Settlement, 'waitingRefunds' | 'failChildren' | 'giftCapture'>, now: Date): Promise<void> {
    const fail = (where: string, params: unknown[], why: string) =>
      client.query(
        `UPDATE financial_transactions SET status = 'FAILED', last_error = $${params.length + 1}, settled_at = $${params.length + 2}, lease_until = NULL, lease_token = NULL
         WHERE status = 'PENDING' AND ${where}`,
        [...params, why, now],
      );
    if (what.giftCapture && row.shipmentId) {
      // GIFT CERTIFICATES: the refunds that would fail with this row move to the shipment's
      // gift-only capture (inserted already), giving back to the gift certificates what it paid for
      const { rows: waiting } = await client.query<{ id: string; allocation: AllocationPart[] | null }>(
        `SELECT id, allocation FROM financial_transactions
         WHERE kind = 'REFUND' AND status = 'PENDING' AND shipment_id = $1 AND (parent_id = $2 OR parent_id IS NULL)
         ORDER BY created_at, seq FOR UPDATE`,
        [row.shipmentId, row.id],
      );
      for (const moved of refundsOfGiftCapture(what.giftCapture, waiting)) {
        if ('fail' in moved) await fail('id = $1', [moved.id], moved.fail);
        else {
          await client.query(`UPDATE financial_transactions SET parent_id = $2, amount = 0, gift_amount = $3, allocation = $4::jsonb WHERE id = $1`, [
            moved.id,
            moved.parentId,
            moved.giftAmount,
            JSON.stringify(moved.allocation),
          ]);
        }
      }
    }
    if (what.failChildren) await fail('parent_id = $1', [row.id], what.failChildren);
    const waiting = what.waitingRefunds;
    if (waiting && row.shipmentId) {
      if ('attachTo' in waiting) {
        await client.query(`UPDATE financial_transactions SET parent_id = $2 WHERE kind = 'REFUND' AND parent_id IS NULL AND shipment_id = $1`, [row.shipmentId, waiting.attachTo]);
      } else {
        await fail(`kind = 'REFUND' AND parent_id IS NULL AND shipment_id = $1`, [row.shipmentId], waiting.fail);
      }
    }
  }
}
