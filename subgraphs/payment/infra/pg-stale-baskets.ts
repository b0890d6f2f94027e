import { withTransaction, type Pool } from '../../../lib/db.js';
import type { StaleBasketStore } from '../domain/stale-basket-job.js';
import { releaseGiftOfOrders } from './pg-gift-certificates.js';
import { releaseStoreAuthorizations } from './pg-store-payments.js';

/** Orders left IN_BASKET, expired in PostgreSQL (domain/stale-basket-job.ts). */
export class PgStaleBaskets implements StaleBasketStore {
  constructor(private readonly pool: Pool) {}

  async expireStale(input: { before: Date; now: Date; limit: number }): Promise<string[]> {
    return withTransaction(this.pool, async (client) => {
      // the order row lock first, as every order change takes it; a checkout still running
      // (its request's lock not lapsed) keeps its order
      const { rows } = await client.query<{ id: string }>(
        `UPDATE orders SET status = 'EXPIRED', updated_at = $2
         WHERE id IN (
           SELECT o.id FROM orders o
           WHERE o.status = 'IN_BASKET' AND o.created_at <= $1
             AND NOT EXISTS (SELECT 1 FROM checkout_requests r WHERE r.order_id = o.id AND r.state = 'IN_PROGRESS' AND r.locked_until > $2)
           ORDER BY o.created_at LIMIT $3
           FOR UPDATE OF o SKIP LOCKED)
         AND status = 'IN_BASKET'
         RETURNING id`,
        [input.before, input.now, input.limit],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) return [];
      await client.query(`UPDATE store_orders SET status = 'EXPIRED' WHERE order_id = ANY($1::uuid[]) AND status = 'IN_BASKET'`, [ids]);
      // nothing of an expired basket ships (TO_BE_SHIPPED → VOID, order-states.ts)
      await client.query(
        `UPDATE order_lines SET status = 'VOID' WHERE status = 'TO_BE_SHIPPED' AND store_order_id IN (SELECT id FROM store_orders WHERE order_id = ANY($1::uuid[]))`,
        [ids],
      );
      // GIFT CERTIFICATES: what an expired basket's checkout debited goes back to the certificates
      await releaseGiftOfOrders(client, ids, input.now);
      // STORE-RUN PAYMENTS: what stores approved (or may have: an answer lost) for an expired basket
      // is released — VOID rows the money job carries out at the stores, by reference or by key
      await releaseStoreAuthorizations(client, ids, input.now, 'the basket expired before the store answered');
      return ids;
    });
  }
}
