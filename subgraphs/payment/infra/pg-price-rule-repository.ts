import type { Queryable } from '../../../lib/db.js';
import type { PriceRule, PriceRuleKind } from '../../../lib/pricing.js';
import type { NewPriceRule, PriceRuleRepository, StoredPriceRule } from '../domain/price-rules.js';

interface RuleRow {
  id: string;
  store_id: string;
  sku: string;
  kind: PriceRuleKind;
  price_class: string | null;
  amount: string | number;
  currency: string;
  starts_at: Date | null;
  ends_at: Date | null;
  offer_code: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, store_id, sku, kind, price_class, amount, currency, starts_at, ends_at, offer_code, created_at, updated_at';

function toRule(row: RuleRow): StoredPriceRule {
  const rule: StoredPriceRule = {
    id: row.id,
    storeId: row.store_id,
    sku: row.sku,
    kind: row.kind,
    amount: Number(row.amount),
    currency: row.currency,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.price_class !== null) rule.priceClass = row.price_class;
  if (row.starts_at !== null) rule.startsAt = row.starts_at;
  if (row.ends_at !== null) rule.endsAt = row.ends_at;
  if (row.offer_code !== null) rule.offerCode = row.offer_code;
  return rule;
}

const asPriceRule = ({ createdAt: _c, updatedAt: _u, ...rule }: StoredPriceRule): PriceRule => rule;

export class PgPriceRuleRepository implements PriceRuleRepository {
  constructor(private readonly db: Queryable) {}

  async upsert(rule: NewPriceRule & { id: string }, now: Date): Promise<StoredPriceRule> {
    // the conflict target is the definition index (migrations/005_pricing.sql), expression for expression
    const { rows } = await this.db.query<RuleRow>(
      `INSERT INTO price_rules (id, store_id, sku, kind, price_class, amount, currency, starts_at, ends_at, offer_code, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       ON CONFLICT (store_id, sku, kind, currency, (coalesce(price_class, '')), (coalesce(offer_code, '')),
                    (coalesce(starts_at, '-infinity'::timestamptz)), (coalesce(ends_at, 'infinity'::timestamptz)))
       DO UPDATE SET amount = EXCLUDED.amount, updated_at = EXCLUDED.updated_at
       RETURNING ${COLUMNS}`,
      [rule.id, rule.storeId, rule.sku, rule.kind, rule.priceClass ?? null, rule.amount, rule.currency, rule.startsAt ?? null, rule.endsAt ?? null, rule.offerCode ?? null, now],
    );
    return toRule(rows[0]);
  }

  async remove(storeId: string, id: string): Promise<StoredPriceRule | undefined> {
    const { rows } = await this.db.query<RuleRow>(`DELETE FROM price_rules WHERE id = $1 AND store_id = $2 RETURNING ${COLUMNS}`, [id, storeId]);
    return rows[0] && toRule(rows[0]);
  }

  async list(storeId: string, sku?: string): Promise<StoredPriceRule[]> {
    const { rows } = await this.db.query<RuleRow>(
      `SELECT ${COLUMNS} FROM price_rules WHERE store_id = $1 AND ($2::text IS NULL OR sku = $2) ORDER BY sku, created_at, id`,
      [storeId, sku ?? null],
    );
    return rows.map(toRule);
  }

  async rulesFor(storeId: string, skus: readonly string[]): Promise<PriceRule[]> {
    if (skus.length === 0) return [];
    const { rows } = await this.db.query<RuleRow>(`SELECT ${COLUMNS} FROM price_rules WHERE store_id = $1 AND sku = ANY($2::text[]) ORDER BY sku, id`, [storeId, [...skus]]);
    return rows.map((row) => asPriceRule(toRule(row)));
  }
}
