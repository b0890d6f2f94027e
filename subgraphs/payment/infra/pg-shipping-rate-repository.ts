import type { Queryable } from '../../../lib/db.js';
import type { ShippingRateModel } from '../domain/model.js';
import type { ShippingRateRepository } from '../domain/ports.js';
import type { StoreShippingRate } from '../domain/shipping.js';

interface RateRow {
  store_id: string;
  flat_amount: number;
  free_over_amount: number | null;
  currency: string;
  updated_at: Date;
}

const toModel = (r: RateRow): ShippingRateModel => ({
  storeId: r.store_id,
  flat: { amount: r.flat_amount, currency: r.currency },
  freeOver: r.free_over_amount === null ? null : { amount: r.free_over_amount, currency: r.currency },
  updatedAt: r.updated_at,
});

export class PgShippingRateRepository implements ShippingRateRepository {
  constructor(private readonly db: Queryable) {}

  async ratesOf(storeIds: readonly string[]): Promise<Map<string, StoreShippingRate>> {
    const { rows } = await this.db.query<RateRow>(`SELECT store_id, flat_amount, free_over_amount, currency, updated_at FROM store_shipping_rates WHERE store_id = ANY($1::text[])`, [storeIds]);
    return new Map(rows.map((r) => [r.store_id, { storeId: r.store_id, flatAmount: r.flat_amount, freeOverAmount: r.free_over_amount, currency: r.currency }]));
  }

  async find(storeId: string): Promise<ShippingRateModel | undefined> {
    const { rows } = await this.db.query<RateRow>(`SELECT store_id, flat_amount, free_over_amount, currency, updated_at FROM store_shipping_rates WHERE store_id = $1`, [storeId]);
    return rows[0] && toModel(rows[0]);
  }

  async set(rate: StoreShippingRate, now: Date): Promise<ShippingRateModel> {
    const { rows } = await this.db.query<RateRow>(
      `INSERT INTO store_shipping_rates (store_id, flat_amount, free_over_amount, currency, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (store_id) DO UPDATE SET flat_amount = EXCLUDED.flat_amount, free_over_amount = EXCLUDED.free_over_amount,
         currency = EXCLUDED.currency, updated_at = EXCLUDED.updated_at
       RETURNING store_id, flat_amount, free_over_amount, currency, updated_at`,
      [rate.storeId, rate.flatAmount, rate.freeOverAmount, rate.currency, now],
    );
    return toModel(rows[0]);
  }
}
