import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import type { CheckoutCompletion, CheckoutRequestRepository, CheckoutRequestState, ClaimOutcome, StoredCheckoutResult } from '../domain/ports.js';

interface RequestRow {
  state: CheckoutRequestState;
  request_hash: string;
  order_id: string;
  result: StoredCheckoutResult | null;
  locked_until: Date;
}

export class PgCheckoutRequestRepository implements CheckoutRequestRepository {
  constructor(private readonly pool: Pool) {}

  async claim(input: { sessionId: string; key: string; requestHash: string; newOrderId: string; now: Date; lockUntil: Date }): Promise<ClaimOutcome> {
    const inserted = await this.pool.query(
      `INSERT INTO checkout_requests (session_id, idempotency_key, request_hash, state, order_id, locked_until, created_at, updated_at)
       VALUES ($1, $2, $3, 'IN_PROGRESS', $4, $5, $6, $6)
       ON CONFLICT (session_id, idempotency_key) DO NOTHING`,
      [input.sessionId, input.key, input.requestHash, input.newOrderId, input.lockUntil, input.now],
    );
    if (inserted.rowCount === 1) return { kind: 'claimed', orderId: input.newOrderId, resumed: false };

    // The key was seen before: decide under a row lock so two retries cannot both take it.
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<RequestRow>(
        `SELECT state, request_hash, order_id, result, locked_until FROM checkout_requests
         WHERE session_id = $1 AND idempotency_key = $2 FOR UPDATE`,
        [input.sessionId, input.key],
      );
      const row = rows[0];
      if (!row) throw new Error('checkout request vanished while claiming');
      if (row.state === 'COMPLETED') {
        return row.request_hash === input.requestHash ? { kind: 'completed', requestHash: row.request_hash, result: row.result! } : { kind: 'hash_mismatch' };
      }
      if (row.state === 'FAILED') {
        // nothing was charged or kept for the failed attempt: a new attempt takes the key
        await client.query(
          `UPDATE checkout_requests SET state = 'IN_PROGRESS', request_hash = $3, order_id = $4, result = NULL, locked_until = $5, updated_at = $6
           WHERE session_id = $1 AND idempotency_key = $2`,
          [input.sessionId, input.key, input.requestHash, input.newOrderId, input.lockUntil, input.now],
        );
        return { kind: 'claimed', orderId: input.newOrderId, resumed: false };
      }
      if (row.request_hash !== input.requestHash) return { kind: 'hash_mismatch' };
      if (row.locked_until.getTime() > input.now.getTime()) return { kind: 'in_progress', requestHash: row.request_hash };
      // an attempt that stopped midway (crash, unknown provider outcome): resume its order
      await client.query(
        `UPDATE checkout_requests SET locked_until = $3, updated_at = $4 WHERE session_id = $1 AND idempotency_key = $2`,
        [input.sessionId, input.key, input.lockUntil, input.now],
      );
      return { kind: 'claimed', orderId: row.order_id, resumed: true };
    });
  }

  async markFailed(sessionId: string, key: string, orderId: string, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE checkout_requests SET state = 'FAILED', locked_until = $4, updated_at = $4
       WHERE session_id = $1 AND idempotency_key = $2 AND order_id = $3 AND state = 'IN_PROGRESS'`,
      [sessionId, key, orderId, now],
    );
  }

  async unlock(sessionId: string, key: string, orderId: string, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE checkout_requests SET locked_until = $4, updated_at = $4
       WHERE session_id = $1 AND idempotency_key = $2 AND order_id = $3 AND state = 'IN_PROGRESS'`,
      [sessionId, key, orderId, now],
    );
  }
}

/** Records the final result of an attempt; part of the transaction that settles its order. */
export async function completeCheckoutRequest(db: Queryable, orderId: string, completion: CheckoutCompletion): Promise<void> {
  await db.query(
    `UPDATE checkout_requests SET state = 'COMPLETED', result = $4, locked_until = $5, updated_at = $5
     WHERE session_id = $1 AND idempotency_key = $2 AND order_id = $3`,
    [completion.sessionId, completion.key, orderId, JSON.stringify(completion.result), completion.now],
  );
}
