import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import { runIdempotent, type IdempotencyOptions, type IdempotentOutcome, type IdempotentRequest } from '../../../lib/idempotency.js';
import type { TransactionStatus } from '../domain/model.js';
import type { NewTransaction } from '../domain/money-plan.js';
import type { CardToken } from '../domain/payment-provider.js';
import type { OrderSnapshot, UnpaidBalanceAuthorization, UnpaidBalanceRepository, UnpaidBalanceTx } from '../domain/ports.js';
import type { UnpaidBalanceAuthorizationSettlement } from '../domain/unpaid-balance.js';
import { lockOrderSnapshot } from './pg-fulfilment-repository.js';
import { insertTransactions } from './pg-transactions.js';

interface AuthorizationRow {
  id: string;
  order_id: string;
  status: TransactionStatus;
  amount: number;
  currency: string;
  card_token: string;
  decline_code: string | null;
  created_at: Date;
}

/** Payments of orders' unpaid balances over financial_transactions (migration 012). */
export class PgUnpaidBalanceRepository implements UnpaidBalanceRepository {
  constructor(
    private readonly pool: Pool,
    private readonly options: { idempotency?: IdempotencyOptions } = {},
  ) {}

  idempotent<R>(request: IdempotentRequest, work: (tx: UnpaidBalanceTx) => Promise<R>): Promise<IdempotentOutcome<R>> {
    return runIdempotent(this.pool, request, (client) => work(new PgUnpaidBalanceTx(client)), this.options.idempotency);
  }

  transaction<R>(work: (tx: UnpaidBalanceTx) => Promise<R>): Promise<R> {
    return withTransaction(this.pool, (client) => work(new PgUnpaidBalanceTx(client)));
  }

  async findAuthorization(id: string): Promise<UnpaidBalanceAuthorization | undefined> {
    const { rows } = await this.pool.query<AuthorizationRow>(
      `SELECT id, order_id, status, amount, currency, card_token, decline_code, created_at
       FROM financial_transactions WHERE id = $1 AND kind = 'AUTHORIZATION' AND pays_unpaid_balance`,
      [id],
    );
    const r = rows[0];
    return r && { id: r.id, orderId: r.order_id, status: r.status, amount: r.amount, currency: r.currency, cardToken: r.card_token, declineCode: r.decline_code, createdAt: r.created_at };
  }
}

class PgUnpaidBalanceTx implements UnpaidBalanceTx {
  constructor(private readonly client: PoolClient) {}

  lockOrder(orderId: string): Promise<OrderSnapshot | undefined> {
    return lockOrderSnapshot(this.client, orderId);
  }

  async insertAuthorization(orderId: string, currency: string, t: NewTransaction, card: CardToken, now: Date): Promise<void> {
    // next_attempt_at 'infinity': the money movement job never carries it out (its request does, and a
    // repeat of the request resumes it); the row id is the provider's idempotency key, as for every row
    await this.client.query(
      `INSERT INTO financial_transactions
         (id, order_id, kind, status, amount, currency, allocation, card_brand, card_last4, card_token,
          idempotency_key, attempts, next_attempt_at, created_at, collector, gift_amount, pays_unpaid_balance)
       VALUES ($1::uuid, $2, 'AUTHORIZATION', 'PENDING', $3, $4, $5::jsonb, $6, $7, $8, $1::text, 0, 'infinity', $9, 'EXCHANGE', 0, true)`,
      [t.id, orderId, t.amount, currency, JSON.stringify(t.allocation), card.brand, card.last4, card.token, now],
    );
  }

  async settleAuthorization(authorization: Pick<UnpaidBalanceAuthorization, 'id' | 'orderId' | 'currency'>, settlement: UnpaidBalanceAuthorizationSettlement, now: Date): Promise<void> {
    const { rowCount } = await this.client.query(
      `UPDATE financial_transactions
       SET status = $2, provider_reference = $3, decline_code = $4, settled_at = $5, attempts = attempts + 1
       WHERE id = $1 AND status = 'PENDING' AND pays_unpaid_balance`,
      [authorization.id, settlement.status, settlement.providerReference, settlement.declineCode, now],
    );
    if (rowCount !== 1) throw new Error(`unpaid balance authorization ${authorization.id} is not PENDING`);
    await insertTransactions(this.client, authorization.orderId, authorization.currency, settlement.followUps, now);
  }
}
