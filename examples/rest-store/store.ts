import type { Pool, PoolClient } from '../../lib/db.js';

/**
 * The sample REST store's own rules, in its own vocabulary: products with decimal
 * prices and `in_stock`, and holds (`holdId`, `qty`, `expiresAt`) that count against
 * stock while `active` and unexpired. Every answer is an HTTP status and a JSON body.
 */

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_QTY = 1_000;
const MAX_SKU = 64;
const HOLD_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAX_ORDER_REF = 128;

export interface Reply {
  status: number;
  body: unknown;
}

export interface ProductJson {
  sku: string;
  title: string;
  blurb: string;
  /** decimal string in the shop's currency, e.g. "3.49" */
  price: string;
  stock: { in_stock: number; available: number };
}

export interface HoldJson {
  holdId: string;
  sku: string;
  qty: number;
  state: 'active' | 'cancelled' | 'confirmed';
  expiresAt: string;
  orderRef: string | null;
  /** the product's price now, decimal string */
  unit_price: string;
}

interface ProductRow {
  sku: string;
  title: string;
  blurb: string;
  price: string;
  in_stock: number;
  available: number;
}

interface HoldRow {
  hold_id: string;
  sku: string;
  qty: number;
  state: HoldJson['state'];
  expires_at: Date;
  order_ref: string | null;
}

const fail = (status: number, error: string, message: string, extra: Record<string, unknown> = {}): Reply => ({ status, body: { error, message, ...extra } });

function productJson(row: ProductRow): ProductJson {
  return { sku: row.sku, title: row.title, blurb: row.blurb, price: row.price, stock: { in_stock: row.in_stock, available: row.available } };
}

function holdJson(row: HoldRow, unitPrice: string): HoldJson {
  return { holdId: row.hold_id, sku: row.sku, qty: row.qty, state: row.state, expiresAt: row.expires_at.toISOString(), orderRef: row.order_ref, unit_price: unitPrice };
}

// price::text keeps the decimal exact (the shared pg setup parses numeric as a JS number)
const PRODUCT_COLUMNS = `i.sku, i.title, i.blurb, i.price::text AS price, i.in_stock,
  GREATEST(0, i.in_stock - COALESCE((SELECT SUM(h.qty) FROM holds h WHERE h.sku = i.sku AND h.state = 'active' AND h.expires_at > $1), 0))::int AS available`;

export class RestStore {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Products ordered by SKU after `cursor` (the last SKU of the previous page). */
  async listProducts(params: { cursor?: string | null; limit?: string | null; skus?: string | null }): Promise<Reply> {
    if (params.skus != null) {
      const skus = [...new Set(params.skus.split(',').filter((s) => s.length > 0 && s.length <= MAX_SKU))].slice(0, MAX_PAGE_LIMIT);
      const { rows } = await this.pool.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM items i WHERE i.sku = ANY($2::text[]) ORDER BY i.sku`, [this.now(), skus]);
      return { status: 200, body: { products: rows.map(productJson), next_cursor: null, total: rows.length } };
    }
    const limit = params.limit == null || params.limit === '' ? DEFAULT_PAGE_LIMIT : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) return fail(400, 'invalid_limit', `limit must be 1..${MAX_PAGE_LIMIT}.`);
    const cursor = params.cursor || null;
    const [{ rows }, count] = await Promise.all([
      this.pool.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM items i WHERE ($2::text IS NULL OR i.sku > $2) ORDER BY i.sku LIMIT $3`, [this.now(), cursor, limit + 1]),
      this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM items'),
    ]);
    const page = rows.slice(0, limit);
    return {
      status: 200,
      body: { products: page.map(productJson), next_cursor: rows.length > limit ? page.at(-1)!.sku : null, total: count.rows[0].n },
    };
  }

  async getProduct(sku: string): Promise<Reply> {
    const { rows } = await this.pool.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM items i WHERE i.sku = $2`, [this.now(), sku]);
    return rows[0] ? { status: 200, body: productJson(rows[0]) } : fail(404, 'unknown_sku', `No product ${sku}.`);
  }

  async getHold(holdId: string): Promise<Reply> {
    const { rows } = await this.pool.query<HoldRow & { price: string }>(
      'SELECT h.*, i.price::text AS price FROM holds h JOIN items i USING (sku) WHERE h.hold_id = $1',
      [holdId],
    );
    return rows[0] ? { status: 200, body: { hold: holdJson(rows[0], rows[0].price) } } : fail(404, 'unknown_hold', `No hold ${holdId}.`);
  }

  /**
   * Creates a hold, or (same holdId, still active) changes its qty and expiry. The
   * product row lock serialises every stock decision on a SKU, so holds never exceed
   * stock however many arrive at once.
   */
  async createHold(input: unknown): Promise<Reply> {
    const body = (input ?? {}) as Record<string, unknown>;
    const { holdId, sku, qty, expiresAt } = body;
    if (typeof holdId !== 'string' || !HOLD_ID.test(holdId)) return fail(422, 'invalid_hold_id', 'holdId must be 1..100 characters of [A-Za-z0-9_.:-].');
    if (typeof sku !== 'string' || sku.length === 0 || sku.length > MAX_SKU) return fail(404, 'unknown_sku', 'No such product.');
    if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1 || qty > MAX_QTY) return fail(422, 'invalid_qty', `qty must be an integer 1..${MAX_QTY}.`);
    const expiry = typeof expiresAt === 'string' ? new Date(expiresAt) : new Date(Number.NaN);
    const now = this.now();
    if (Number.isNaN(expiry.getTime()) || expiry <= now) return fail(422, 'invalid_expiry', 'expiresAt must be an ISO-8601 instant in the future.');
    return this.transaction(async (db) => {
      const product = await lockProduct(db, sku);
      if (!product) return fail(404, 'unknown_sku', `No product ${sku}.`);
      const existing = (await db.query<HoldRow>('SELECT * FROM holds WHERE hold_id = $1 FOR UPDATE', [holdId])).rows[0];
      if (existing && existing.sku !== sku) return fail(422, 'hold_sku_mismatch', `Hold ${holdId} is for another product.`);
      if (existing?.state === 'cancelled') return fail(409, 'hold_cancelled', `Hold ${holdId} was cancelled.`);
      if (existing?.state === 'confirmed') return fail(409, 'hold_confirmed', `Hold ${holdId} was confirmed.`);
      const available = Math.max(0, product.in_stock - (await heldByOthers(db, sku, holdId, now)));
      if (qty > available) return fail(409, 'insufficient_stock', `Only ${available} of ${sku} in stock.`, { available });
      const { rows } = await db.query<HoldRow>(
        `INSERT INTO holds (hold_id, sku, qty, state, expires_at) VALUES ($1, $2, $3, 'active', $4)
         ON CONFLICT (hold_id) DO UPDATE SET qty = EXCLUDED.qty, expires_at = EXCLUDED.expires_at, updated_at = now()
           WHERE holds.sku = EXCLUDED.sku AND holds.state = 'active'
         RETURNING *`,
        [holdId, sku, qty, expiry],
      );
      // nothing written: a concurrent request just created this hold for another product
      if (!rows[0]) return fail(422, 'hold_sku_mismatch', `Hold ${holdId} is for another product.`);
      return { status: existing ? 200 : 201, body: { hold: holdJson(rows[0], product.price) } };
    });
  }

  /** active → cancelled; cancelling a cancelled hold answers it again. */
  async cancelHold(holdId: string): Promise<Reply> {
    return this.transaction(async (db) => {
      const locked = await lockHold(db, holdId);
      if (!locked) return fail(404, 'unknown_hold', `No hold ${holdId}.`);
      const { hold, product } = locked;
      if (hold.state === 'confirmed') return fail(409, 'hold_confirmed', `Hold ${holdId} was confirmed.`);
      if (hold.state === 'active') {
        await db.query(`UPDATE holds SET state = 'cancelled', updated_at = now() WHERE hold_id = $1`, [holdId]);
        hold.state = 'cancelled';
      }
      return { status: 200, body: { hold: holdJson(hold, product.price) } };
    });
  }

  /**
   * active → confirmed and `in_stock` drops, in one transaction. An expired hold stopped
   * counting, so it confirms only if the stock not held by others still covers it.
   * Confirming again with the same orderRef answers the confirmed hold.
   */
  async confirmHold(holdId: string, input: unknown): Promise<Reply> {
    const orderRef = ((input ?? {}) as Record<string, unknown>).orderRef;
    if (typeof orderRef !== 'string' || orderRef.trim() === '' || orderRef.length > MAX_ORDER_REF) {
      return fail(422, 'invalid_order_ref', `orderRef must be 1..${MAX_ORDER_REF} characters.`);
    }
    return this.transaction(async (db) => {
      const locked = await lockHold(db, holdId);
      if (!locked) return fail(404, 'unknown_hold', `No hold ${holdId}.`);
      const { hold, product } = locked;
      if (hold.state === 'confirmed') {
        return hold.order_ref === orderRef ? { status: 200, body: { hold: holdJson(hold, product.price) } } : fail(409, 'hold_confirmed', `Hold ${holdId} was confirmed for another order.`);
      }
      if (hold.state === 'cancelled') return fail(409, 'hold_cancelled', `Hold ${holdId} was cancelled.`);
      const available = Math.max(0, product.in_stock - (await heldByOthers(db, hold.sku, holdId, this.now())));
      if (hold.qty > available) return fail(409, 'insufficient_stock', `The hold expired and only ${available} of ${hold.sku} are in stock.`, { available });
      await db.query('UPDATE items SET in_stock = in_stock - $2, updated_at = now() WHERE sku = $1', [hold.sku, hold.qty]);
      const { rows } = await db.query<HoldRow>(`UPDATE holds SET state = 'confirmed', order_ref = $2, updated_at = now() WHERE hold_id = $1 RETURNING *`, [holdId, orderRef]);
      return { status: 200, body: { hold: holdJson(rows[0], product.price) } };
    });
  }

  private async transaction(work: (db: PoolClient) => Promise<Reply>): Promise<Reply> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const reply = await work(client);
      await client.query('COMMIT');
      return reply;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

async function lockProduct(db: PoolClient, sku: string) {
  return (await db.query<{ sku: string; price: string; in_stock: number }>('SELECT sku, price::text AS price, in_stock FROM items WHERE sku = $1 FOR UPDATE', [sku])).rows[0];
}

/** Locks the hold's product (every write to a hold happens under it), then the hold. */
async function lockHold(db: PoolClient, holdId: string) {
  const peek = (await db.query<{ sku: string }>('SELECT sku FROM holds WHERE hold_id = $1', [holdId])).rows[0];
  if (!peek) return undefined;
  const product = await lockProduct(db, peek.sku);
  const hold = (await db.query<HoldRow>('SELECT * FROM holds WHERE hold_id = $1 FOR UPDATE', [holdId])).rows[0];
  return product && hold ? { product, hold } : undefined;
}

async function heldByOthers(db: PoolClient, sku: string, holdId: string, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT COALESCE(SUM(qty), 0)::int AS n FROM holds WHERE sku = $1 AND state = 'active' AND expires_at > $2 AND hold_id <> $3`,
    [sku, now, holdId],
  );
  return rows[0].n;
}
