import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool, type Queryable } from '../../../lib/db.js';
import { payoutJournal, storePayableAccount } from '../domain/ledger.js';
import { postJournal, type Money } from './pg-ledger.js';

export interface PayoutRecord {
  id: string;
  storeId: string;
  amount: Money;
  createdAt: Date;
}

export type PayoutOutcome =
  | { kind: 'paid'; payout: PayoutRecord }
  /** the store is owed nothing (in `currency` when one was named) */
  | { kind: 'nothing'; storeId: string; currency: string | null }
  /** no currency was named and the store is owed in several */
  | { kind: 'currency_required'; currencies: string[] }
  /** the key paid out before, to another store or currency */
  | { kind: 'key_reused' };

interface PayoutRow {
  id: string;
  store_id: string;
  amount: number;
  currency: string;
  created_at: Date;
}

const toPayout = (r: PayoutRow): PayoutRecord => ({ id: r.id, storeId: r.store_id, amount: { amount: Number(r.amount), currency: r.currency }, createdAt: r.created_at });

export interface PayoutInput {
  storeId: string;
  /** null: the one currency the store is owed in */
  currency: string | null;
  idempotencyKey: string;
  now: Date;
}

/**
 * Pays a store its whole payable balance in one currency: a payouts row plus its PAYOUT
 * journal (reference = payout id). `client` MUST be inside a transaction (runIdempotent's,
 * or `PgPayouts.payout`'s own). Payouts of one store are serialized (transaction-level
 * advisory lock), so two at once never pay the same money; the key is unique, so a repeat
 * of a committed payout returns it instead of paying again.
 */
export async function payOutStore(client: Queryable, input: PayoutInput): Promise<PayoutOutcome> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 727275))`, [`payout:${input.storeId}`]);
  const done = await client.query<PayoutRow>(`SELECT id, store_id, amount, currency, created_at FROM payouts WHERE idempotency_key = $1`, [input.idempotencyKey]);
  if (done.rows[0]) {
    const payout = toPayout(done.rows[0]);
    const same = payout.storeId === input.storeId && (input.currency === null || input.currency === payout.amount.currency);
    return same ? { kind: 'paid', payout } : { kind: 'key_reused' };
  }
  const { rows: owed } = await client.query<{ currency: string; owed: number }>(
    `SELECT currency, -sum(amount) AS owed FROM ledger_entries WHERE account = $1
     GROUP BY currency HAVING -sum(amount) > 0 ORDER BY currency`,
    [storePayableAccount(input.storeId)],
  );
  const candidates = input.currency === null ? owed : owed.filter((o) => o.currency === input.currency);
  if (candidates.length === 0) return { kind: 'nothing', storeId: input.storeId, currency: input.currency };
  if (candidates.length > 1) return { kind: 'currency_required', currencies: candidates.map((c) => c.currency) };
  const { currency, owed: amount } = candidates[0];
  const id = randomUUID();
  await client.query(
    `INSERT INTO payouts (id, store_id, amount, currency, idempotency_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, input.storeId, amount, currency, input.idempotencyKey, input.now],
  );
  await postJournal(client, payoutJournal({ reference: id, storeId: input.storeId, amount, currency, memo: `payout to ${input.storeId}` }), input.now);
  // store_payables is superseded by the ledger; keep its statuses in step
  await client.query(`UPDATE store_payables SET status = 'PAID' WHERE store_id = $1 AND currency = $2 AND status = 'PAYABLE'`, [input.storeId, currency]);
  return { kind: 'paid', payout: { id, storeId: input.storeId, amount: { amount: Number(amount), currency }, createdAt: input.now } };
}

export class PgPayouts {
  constructor(private readonly pool: Pool) {}

  /** A payout in a transaction of its own (no request idempotency beyond the key's uniqueness). */
  payout(input: PayoutInput): Promise<PayoutOutcome> {
    return withTransaction(this.pool, (client) => payOutStore(client, input));
  }

  /** The store's payouts, newest first. */
  async payoutsOf(storeId: string, limit: number, db: Queryable = this.pool): Promise<PayoutRecord[]> {
    const { rows } = await db.query<PayoutRow>(
      `SELECT id, store_id, amount, currency, created_at FROM payouts WHERE store_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [storeId, limit],
    );
    return rows.map(toPayout);
  }
}
