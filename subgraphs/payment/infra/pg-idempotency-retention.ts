import type { Pool } from '../../../lib/db.js';
import { pruneIdempotencyRequests } from '../../../lib/idempotency.js';
import type { RetentionSweep } from '../../../lib/retention.js';

/**
 * The payment subgraph's idempotency keys past their retention (lib/retention.ts
 * RetentionJob; indexes on `created_at`: migration 010):
 * - `requests`: `idempotency_requests` (fulfilment, payouts, gift certificates), completed
 *   or crashed, never a run holding its lock;
 * - `checkoutRequests`: finished checkouts (COMPLETED or FAILED; one still IN_PROGRESS may
 *   be resumed by a retry, so it stays).
 * A repeat of a deleted key runs as a new request.
 */
export function paymentIdempotencySweeps(pool: Pool): Record<'requests' | 'checkoutRequests', RetentionSweep> {
  return {
    requests: (batch) => pruneIdempotencyRequests(pool, batch),
    checkoutRequests: async ({ before, limit }) => {
      const { rowCount } = await pool.query(
        `DELETE FROM checkout_requests WHERE (session_id, idempotency_key) IN (
           SELECT session_id, idempotency_key FROM checkout_requests
           WHERE created_at < $1 AND state IN ('COMPLETED', 'FAILED')
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [before, limit],
      );
      return rowCount ?? 0;
    },
  };
}
