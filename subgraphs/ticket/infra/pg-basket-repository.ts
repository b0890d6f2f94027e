import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import type { AbandonedCartModel, BasketLine, BasketRepository, DueReport, ExpiredCarts, ReportPageRequest } from '../domain/baskets.js';
import type { Money } from '../domain/model.js';
import { toRecord, type TicketRow } from './ticket-rows.js';

// Baskets (migration 004). The cart lock is the cart_versions row, as everywhere in this
// subgraph: steps that change a cart take it first (SKIP LOCKED, so replicas never wait on
// each other or on shoppers), then basket and ticket rows. Writing reports locks only the
// basket row, never a cart, so it cannot deadlock with the version trigger (cart → basket).


interface StoredLine {
  sku: string;
  quantity: number;
  unitPrice: Money | null;
}

interface ReportRow {
  id: string;
  store_id: string;
  cart_ref: string;
  abandoned_at: Date;
  lines: StoredLine[];
}

// A basket's lines: the tickets of it that expired and, while it still holds something
// (found idle), its live ones; summed per item. `$1`/`$2`: arrays of cart ids and seqs.
const BASKET_LINES = `
  SELECT b.cart_id, b.seq, t.store_id, t.sku, sum(t.quantity)::int AS quantity
  FROM baskets b JOIN tickets t ON t.cart_id = b.cart_id
  WHERE (b.cart_id, b.seq) IN (SELECT * FROM unnest($1::text[], $2::int[]))
    AND t.failure_code IS NULL
    AND (
      (t.status = 'EXPIRED' AND (b.since IS NULL OR t.updated_at > b.since) AND (b.emptied_at IS NULL OR t.updated_at <= b.emptied_at))
      OR (b.emptied_at IS NULL AND t.status IN ('HELD', 'CHECKING_OUT'))
    )
  GROUP BY b.cart_id, b.seq, t.store_id, t.sku
  ORDER BY b.cart_id, b.seq, t.store_id, t.sku`;

// the cart's open basket has nothing purchased and nothing in checkout (`cv`, `b` in scope)
const UNPURCHASED_AND_NOT_CHECKING_OUT = `
  NOT EXISTS (SELECT 1 FROM tickets t WHERE t.cart_id = cv.cart_id AND t.status = 'CHECKING_OUT')
  AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.cart_id = cv.cart_id AND t.status = 'PURCHASED' AND (b.since IS NULL OR t.updated_at > b.since))`;

async function basketLines(db: Queryable, baskets: { cartId: string; seq: number }[]): Promise<Map<string, BasketLine[]>> {
  const lines = new Map<string, BasketLine[]>();
  if (baskets.length === 0) return lines;
  const { rows } = await db.query<{ cart_id: string; seq: number; store_id: string; sku: string; quantity: number }>(BASKET_LINES, [
    baskets.map((b) => b.cartId),
    baskets.map((b) => b.seq),
  ]);
  for (const r of rows) {
    const key = basketKey(r.cart_id, r.seq);
    lines.set(key, [...(lines.get(key) ?? []), { storeId: r.store_id, sku: r.sku, quantity: r.quantity }]);
  }
  return lines;
}

const basketKey = (cartId: string, seq: number) => JSON.stringify([cartId, seq]);

export class PgBasketRepository implements BasketRepository {
  constructor(private readonly pool: Pool) {}

  async abandonIdle(input: { now: Date; idleBefore: Date; limit: number }) {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ cart_id: string }>(
        `SELECT cv.cart_id FROM cart_versions cv JOIN baskets b ON b.cart_id = cv.cart_id AND b.seq = cv.open_basket
         WHERE cv.open_basket IS NOT NULL AND cv.last_activity_at <= $1 AND b.state = 'OPEN' AND ${UNPURCHASED_AND_NOT_CHECKING_OUT}
         ORDER BY cv.last_activity_at LIMIT $2
         FOR UPDATE OF cv SKIP LOCKED`,
        [input.idleBefore, input.limit],
      );
      if (rows.length === 0) return 0;
      // again under the cart locks, from a fresh snapshot: nothing can change these carts now
      const { rowCount } = await client.query(
        `UPDATE baskets b SET state = 'ABANDONED', abandoned_at = $3, closed_at = $3
         FROM cart_versions cv
         WHERE cv.cart_id = ANY($1) AND b.cart_id = cv.cart_id AND b.seq = cv.open_basket AND b.state = 'OPEN'
           AND cv.last_activity_at <= $2 AND ${UNPURCHASED_AND_NOT_CHECKING_OUT}`,
        [rows.map((r) => r.cart_id), input.idleBefore, input.now],
      );
      return rowCount ?? 0;
    });
  }

  async dueReports(limit: number): Promise<DueReport[]> {
    const { rows } = await this.pool.query<{ cart_id: string; seq: number; abandoned_at: Date }>(
      `SELECT cart_id, seq, abandoned_at FROM baskets WHERE state = 'ABANDONED' AND reported_at IS NULL ORDER BY abandoned_at LIMIT $1`,
      [limit],
    );
    const lines = await basketLines(this.pool, rows.map((r) => ({ cartId: r.cart_id, seq: r.seq })));
    return rows.map((r) => ({ cartId: r.cart_id, seq: r.seq, abandonedAt: r.abandoned_at, lines: lines.get(basketKey(r.cart_id, r.seq)) ?? [] }));
  }

  async cartRefKey(cartId: string) {
    await this.pool.query('INSERT INTO cart_ref_keys (cart_id, ref_key) VALUES ($1, $2) ON CONFLICT (cart_id) DO NOTHING', [cartId, randomUUID()]);
    const { rows } = await this.pool.query<{ ref_key: string }>('SELECT ref_key FROM cart_ref_keys WHERE cart_id = $1', [cartId]);
    return rows[0].ref_key;
  }

  async writeReports(input: Parameters<BasketRepository['writeReports']>[0]) {
    const { cartId, seq, now } = input;
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ abandoned_at: Date }>(
        `SELECT abandoned_at FROM baskets WHERE cart_id = $1 AND seq = $2 AND state = 'ABANDONED' AND reported_at IS NULL FOR UPDATE SKIP LOCKED`,
        [cartId, seq],
      );
      if (rows.length === 0) return false;
      const lines = (await basketLines(client, [{ cartId, seq }])).get(basketKey(cartId, seq)) ?? [];
      const byStore = new Map<string, StoredLine[]>();
      for (const line of lines) {
        byStore.set(line.storeId, [...(byStore.get(line.storeId) ?? []), { sku: line.sku, quantity: line.quantity, unitPrice: input.priceOf(line.storeId, line.sku) }]);
      }
      for (const [storeId, storeLines] of byStore) {
        // unique per (cart, basket, store): a report is never written twice
        await client.query(
          `INSERT INTO abandoned_cart_reports (id, store_id, cart_id, basket_seq, cart_ref, abandoned_at, reported_at, lines)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (cart_id, basket_seq, store_id) DO NOTHING`,
          [input.newId(), storeId, cartId, seq, input.cartRefOf(storeId), rows[0].abandoned_at, now, JSON.stringify(storeLines)],
        );
      }
      await client.query('UPDATE baskets SET reported_at = $3 WHERE cart_id = $1 AND seq = $2', [cartId, seq, now]);
      return true;
    });
  }

  async expireIdleCarts(input: { now: Date; idleBefore: Date; retryAt: Date; limit: number }): Promise<ExpiredCarts> {
    return withTransaction(this.pool, async (client) => {
      const none: ExpiredCarts = { carts: [], released: [], versions: new Map(), skipped: [] };
      const { rows: locked } = await client.query<{ cart_id: string }>(
        `SELECT cv.cart_id FROM cart_versions cv
         WHERE cv.open_basket IS NOT NULL AND cv.last_activity_at <= $1
           AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.cart_id = cv.cart_id AND t.status = 'CHECKING_OUT')
         ORDER BY cv.last_activity_at LIMIT $2
         FOR UPDATE SKIP LOCKED`,
        [input.idleBefore, input.limit],
      );
      if (locked.length === 0) return none;
      // again under the cart locks: a checkout that began meanwhile keeps its cart open
      const { rows: busy } = await client.query<{ cart_id: string }>(
        `SELECT DISTINCT cart_id FROM tickets WHERE cart_id = ANY($1) AND status = 'CHECKING_OUT'`,
        [locked.map((r) => r.cart_id)],
      );
      const skipped = busy.map((r) => r.cart_id);
      const carts = locked.map((r) => r.cart_id).filter((id) => !skipped.includes(id));
      if (carts.length === 0) return { ...none, skipped };
      // EXPIRED first: the version trigger then closes the basket as EXPIRED
      await client.query(
        `UPDATE baskets b SET state = 'EXPIRED', closed_at = coalesce(b.closed_at, $2)
         FROM cart_versions cv WHERE cv.cart_id = ANY($1) AND b.cart_id = cv.cart_id AND b.seq = cv.open_basket`,
        [carts, input.now],
      );
      // as releaseHeldTickets releases (transitions.ts): RELEASED now, the store release owed
      const { rows: released } = await client.query<TicketRow>(
        `UPDATE tickets SET status = 'RELEASED', release_owed = true, release_retry_at = $3, updated_at = $2
         WHERE cart_id = ANY($1) AND status = 'HELD' RETURNING *`,
        [carts, input.now, input.retryAt],
      );
      const { rows: versions } = await client.query<{ cart_id: string; version: number }>(
        'UPDATE cart_versions SET version = version + 1 WHERE cart_id = ANY($1) RETURNING cart_id, version',
        [carts],
      );
      return {
        carts,
        skipped,
        released: released.map(toRecord).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)),
        versions: new Map(versions.map((v) => [v.cart_id, v.version])),
      };
    });
  }

  async expireSavedCarts(input: { now: Date; before: Date; limit: number }) {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM saved_carts WHERE coalesce(last_restored_at, saved_at) <= $1
         ORDER BY coalesce(last_restored_at, saved_at) LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [input.before, input.limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await client.query(
        `INSERT INTO expired_saved_carts (id, account_id, name, offer_codes, saved_at, last_restored_at, expired_at, lines)
         SELECT s.id, s.account_id, s.name, s.offer_codes, s.saved_at, s.last_restored_at, $2,
           coalesce((SELECT jsonb_agg(jsonb_build_object('storeId', l.store_id, 'sku', l.sku, 'quantity', l.quantity) ORDER BY l.position)
                     FROM saved_cart_lines l WHERE l.saved_cart_id = s.id), '[]'::jsonb)
         FROM saved_carts s WHERE s.id = ANY($1::uuid[])`,
        [ids, input.now],
      );
      // the lines go with it (ON DELETE CASCADE); listing, restoring and deleting now find nothing
      await client.query('DELETE FROM saved_carts WHERE id = ANY($1::uuid[])', [ids]);
      return ids.length;
    });
  }

  async savedCartRestored(accountId: string, savedCartId: string, at: Date) {
    await this.pool.query('UPDATE saved_carts SET last_restored_at = greatest(last_restored_at, $3) WHERE id = $1 AND account_id = $2', [savedCartId, accountId, at]);
  }

  async listReports(storeId: string, page: ReportPageRequest): Promise<{ items: AbandonedCartModel[]; hasNextPage: boolean }> {
    const { rows } = await this.pool.query<ReportRow>(
      `SELECT id, store_id, cart_ref, abandoned_at, lines FROM abandoned_cart_reports
       WHERE store_id = $1
         AND ($2::timestamptz IS NULL OR abandoned_at >= $2)
         AND ($3::timestamptz IS NULL OR (abandoned_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY abandoned_at DESC, id DESC LIMIT $5`,
      [storeId, page.since ?? null, page.after?.abandonedAt ?? null, page.after?.id ?? null, page.first + 1],
    );
    const items = rows.slice(0, page.first).map((r) => ({
      id: r.id,
      storeId: r.store_id,
      cartRef: r.cart_ref,
      abandonedAt: r.abandoned_at,
      lines: r.lines.map((l) => ({ storeId: r.store_id, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice ?? null })),
    }));
    return { items, hasNextPage: rows.length > page.first };
  }
}
