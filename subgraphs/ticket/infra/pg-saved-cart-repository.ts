import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import type { SavedCartLineModel, SavedCartModel } from '../domain/model.js';
import type { SavedCartRepository } from '../domain/ports.js';

interface SavedCartRow {
  id: string;
  account_id: string;
  name: string;
  offer_codes: string[];
  saved_at: Date;
}

interface LineRow {
  saved_cart_id: string;
  position: number;
  store_id: string;
  sku: string;
  quantity: number;
}

async function withLines(db: Queryable, carts: SavedCartRow[]): Promise<SavedCartModel[]> {
  if (carts.length === 0) return [];
  const { rows } = await db.query<LineRow>('SELECT * FROM saved_cart_lines WHERE saved_cart_id = ANY($1::uuid[]) ORDER BY saved_cart_id, position', [
    carts.map((c) => c.id),
  ]);
  const lines = new Map<string, SavedCartLineModel[]>();
  for (const r of rows) {
    lines.set(r.saved_cart_id, [...(lines.get(r.saved_cart_id) ?? []), { position: r.position, storeId: r.store_id, sku: r.sku, quantity: r.quantity }]);
  }
  return carts.map((c) => ({ id: c.id, accountId: c.account_id, name: c.name, offerCodes: c.offer_codes, savedAt: c.saved_at, lines: lines.get(c.id) ?? [] }));
}

/** Saved carts in PostgreSQL (saving one happens in a cart transaction: PgCartTx.insertSavedCart). */
export class PgSavedCartRepository implements SavedCartRepository {
  constructor(private readonly pool: Pool) {}

  async list(accountId: string) {
    const { rows } = await this.pool.query<SavedCartRow>('SELECT * FROM saved_carts WHERE account_id = $1 ORDER BY saved_at DESC, seq DESC', [accountId]);
    return withLines(this.pool, rows);
  }

  async find(accountId: string, savedCartId: string) {
    const { rows } = await this.pool.query<SavedCartRow>('SELECT * FROM saved_carts WHERE id = $1 AND account_id = $2', [savedCartId, accountId]);
    return (await withLines(this.pool, rows))[0];
  }

  async delete(accountId: string, savedCartId: string) {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<SavedCartRow>('SELECT * FROM saved_carts WHERE id = $1 AND account_id = $2 FOR UPDATE', [savedCartId, accountId]);
      const [deleted] = await withLines(client, rows);
      if (deleted) await client.query('DELETE FROM saved_carts WHERE id = $1', [savedCartId]);
      return deleted;
    });
  }
}
