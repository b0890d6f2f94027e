import type { Pool } from '../../../lib/db.js';
import { pruneIdempotencyRequests } from '../../../lib/idempotency.js';
import type { RetentionSweep } from '../../../lib/retention.js';

/**
 * The ticket subgraph's idempotency keys past their retention (lib/retention.ts
 * RetentionJob; indexes on `created_at`: migration 007):
 * - `holdKeys`: `hold_idempotency` rows (a hold's key with its ticket or kept failure),
 *   restores' derived line keys included;
 * - `requests`: `idempotency_requests` (releaseTicket, changeTicketQuantity, saveCart,
 *   restoreSavedCart), completed or crashed, never a run holding its lock.
 * A repeat of a deleted key runs as a new request.
 */
export function ticketIdempotencySweeps(pool: Pool): Record<'holdKeys' | 'requests', RetentionSweep> {
  return {
    holdKeys: async ({ before, limit }) => {
      // SKIP LOCKED: a key being re-keyed by a cart merge right now waits for the next run
      const { rowCount } = await pool.query(
        `DELETE FROM hold_idempotency WHERE (cart_id, key) IN (
           SELECT cart_id, key FROM hold_idempotency WHERE created_at < $1
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [before, limit],
      );
      return rowCount ?? 0;
    },
    requests: (batch) => pruneIdempotencyRequests(pool, batch),
  };
}
