import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { MoneyMovementJob } from './domain/money-movement-job.js';
import { StaleBasketJob } from './domain/stale-basket-job.js';
import type { StorePaymentGateway } from './domain/store-payments.js';
import { PgMoneyMovementQueue } from './infra/pg-money-movement-queue.js';
import { PgStaleBaskets } from './infra/pg-stale-baskets.js';
import { PgStorePayments } from './infra/pg-store-payments.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { migratePayment } from './server.js';
import { expectLedgerBalanced } from './testing/ledger-assertions.js';

// Orders left IN_BASKET (an interrupted checkout) expire after the basket max age; real PostgreSQL.
const DAY = 24 * 60 * 60_000;
const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase('stale_baskets');
  pool = createPool(db.url, 10);
  await migratePayment(pool);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const job = () => new StaleBasketJob({ store: new PgStaleBaskets(pool), clock, logger: silentLogger(), options: { maxAgeMs: 30 * DAY, batchSize: 3 } });

/** An order as checkout writes it before the charge: IN_BASKET, one store part, one line. */
async function order(status: string, createdAt: Date): Promise<string> {
  const id = randomUUID();
  const partId = randomUUID();
  await pool.query(
    `INSERT INTO orders (id, session_id, status, total_amount, items_total, currency, created_at, updated_at)
     VALUES ($1, $2, $3, 1000, 1000, 'USD', $4, $4)`,
    [id, `sess_${randomUUID()}`, status, createdAt],
  );
  await pool.query(
    `INSERT INTO store_orders (id, order_id, store_id, status, subtotal, fee_amount, owed_amount, currency, created_at)
     VALUES ($1, $2, 'store-a', $3, 1000, 50, 950, 'USD', $4)`,
    [partId, id, status, createdAt],
  );
  await pool.query(
    `INSERT INTO order_lines (id, store_order_id, ticket_id, sku, name, quantity, unit_price, line_total, status, position)
     VALUES ($1, $2, $3, 'SKU', 'Thing', 1, 1000, 1000, 'TO_BE_SHIPPED', 0)`,
    [randomUUID(), partId, randomUUID()],
  );
  return id;
}

/**
 * A part of `orderId` its store collects itself, with checkout's store authorization in
 * `status` (PENDING: checkout died waiting for the store's answer; FAILED: the answer was
 * lost). Returns the authorization row's id, the key the store knows it by.
 */
async function storeRunPart(orderId: string, storeId: string, status: 'SUCCEEDED' | 'FAILED' | 'PENDING' | 'DECLINED', createdAt: Date): Promise<string> {
  const partId = randomUUID();
  await pool.query(
    `INSERT INTO store_orders (id, order_id, store_id, status, subtotal, fee_amount, owed_amount, currency, created_at, paid_by)
     VALUES ($1, $2, $3, 'IN_BASKET', 1000, 50, 950, 'USD', $4, 'STORE')`,
    [partId, orderId, storeId, createdAt],
  );
  await pool.query(
    `INSERT INTO order_lines (id, store_order_id, ticket_id, sku, name, quantity, unit_price, line_total, status, position)
     VALUES ($1, $2, $3, 'SKU', 'Thing', 1, 1000, 1000, 'TO_BE_SHIPPED', 0)`,
    [randomUUID(), partId, randomUUID()],
  );
  const payments = new PgStorePayments(pool);
  const row = await payments.openAuthorization({ id: randomUUID(), orderId, storeOrderId: partId, storeId, amount: 1000, currency: 'USD', now: createdAt });
  if (status === 'SUCCEEDED') await payments.recordAuthorization(row.id, { status: 'SUCCEEDED', reference: `sauth_${storeId}` }, createdAt);
  if (status === 'DECLINED') await payments.recordAuthorization(row.id, { status: 'DECLINED', declineCode: 'card_declined' }, createdAt);
  if (status === 'FAILED') await payments.failAuthorization(row.id, `store ${storeId}'s payment endpoint (authorize) is unreachable: other side closed`, createdAt);
  return row.id;
}

async function state(orderId: string) {
  const { rows } = await pool.query(
    `SELECT o.status AS "order", so.status AS part, l.status AS line, o.updated_at
     FROM orders o JOIN store_orders so ON so.order_id = o.id JOIN order_lines l ON l.store_order_id = so.id WHERE o.id = $1`,
    [orderId],
  );
  return rows[0];
}

describe('orders left IN_BASKET', () => {
  it('expire after the basket max age (parts EXPIRED, lines VOID); younger ones and placed orders stay', async () => {
    const now = clock.now();
    const stale = await Promise.all(Array.from({ length: 7 }, () => order('IN_BASKET', new Date(now.getTime() - 31 * DAY))));
    const young = await order('IN_BASKET', new Date(now.getTime() - 29 * DAY));
    const placed = await order('AUTHORIZED', new Date(now.getTime() - 90 * DAY));

    // two replicas at once: each order expired by exactly one (batches of 3)
    const [a, b] = await Promise.all([job().runOnce(), job().runOnce()]);
    expect([...a.expired, ...b.expired].sort()).toEqual([...stale].sort());
    for (const id of stale) expect(await state(id)).toEqual({ order: 'EXPIRED', part: 'EXPIRED', line: 'VOID', updated_at: now });
    expect(await state(young)).toMatchObject({ order: 'IN_BASKET', part: 'IN_BASKET', line: 'TO_BE_SHIPPED' });
    expect(await state(placed)).toMatchObject({ order: 'AUTHORIZED', line: 'TO_BE_SHIPPED' });
    expect((await job().runOnce()).expired).toEqual([]);

    clock.advance(DAY + 1);
    expect((await job().runOnce()).expired).toEqual([young]);
  });

  it('an order whose checkout is still running (its request lock not lapsed) is left to it', async () => {
    const now = clock.now();
    const running = await order('IN_BASKET', new Date(now.getTime() - 40 * DAY));
    const lapsed = await order('IN_BASKET', new Date(now.getTime() - 40 * DAY));
    for (const [orderId, lockedUntil] of [[running, new Date(now.getTime() + 60_000)], [lapsed, new Date(now.getTime() - 60_000)]] as const) {
      await pool.query(
        `INSERT INTO checkout_requests (session_id, idempotency_key, request_hash, state, order_id, locked_until, created_at, updated_at)
         VALUES ($1, $2, 'h', 'IN_PROGRESS', $3, $4, $5, $5)`,
        [`sess_${randomUUID()}`, randomUUID(), orderId, lockedUntil, now],
      );
    }
    expect((await job().runOnce()).expired).toEqual([lapsed]);
    expect((await state(running)).order).toBe('IN_BASKET');
  });

  it('an expired basket releases what its stores may hold: approved authorizations by reference, those of unknown outcome by key', async () => {
    const createdAt = new Date(clock.now().getTime() - 31 * DAY);
    const orderId = await order('IN_BASKET', createdAt);
    const approved = await storeRunPart(orderId, 'store-s', 'SUCCEEDED', createdAt);
    const lost = await storeRunPart(orderId, 'store-t', 'FAILED', createdAt);
    const waiting = await storeRunPart(orderId, 'store-u', 'PENDING', createdAt);
    const declined = await storeRunPart(orderId, 'store-v', 'DECLINED', createdAt);

    expect((await job().runOnce()).expired).toEqual([orderId]);
    const rows = async () =>
      (
        await pool.query<{ id: string; kind: string; status: string; parent_id: string | null; amount: number; last_error: string | null }>(
          `SELECT id, kind, status, parent_id, amount::int, last_error FROM financial_transactions WHERE order_id = $1 AND collector <> 'EXCHANGE'`,
          [orderId],
        )
      ).rows;
    const voidOf = async (authorizationId: string) => (await rows()).filter((r) => r.kind === 'VOID' && r.parent_id === authorizationId);
    // the authorization whose checkout died waiting is given up: FAILED, its outcome unknown
    expect((await rows()).find((r) => r.id === waiting)).toMatchObject({ status: 'FAILED', last_error: 'the basket expired before the store answered' });
    for (const id of [approved, lost, waiting]) expect(await voidOf(id)).toEqual([expect.objectContaining({ status: 'PENDING', amount: 1000 })]);
    expect(await voidOf(declined)).toEqual([]);

    // the money movement job carries the voids out at the stores
    const calls: [string, Record<string, unknown>][] = [];
    const stores: StorePaymentGateway = {
      paymentEndpointOf: async () => 'http://store.test/pay',
      authorize: async () => {
        throw new Error('never called: store authorizations are checkout-only');
      },
      capture: async () => {
        throw new Error('nothing to capture');
      },
      void: async (storeId, request) => (calls.push([storeId, { ...request }]), { status: 'succeeded', reference: `svoid_${storeId}` }),
      refund: async () => {
        throw new Error('nothing to refund');
      },
    };
    const money = new MoneyMovementJob({ queue: new PgMoneyMovementQueue(pool), provider: new SandboxPaymentProvider(), storePayments: stores, clock, logger: silentLogger() });
    expect(await money.runOnce()).toMatchObject({ claimed: 3, succeeded: 3, failed: 0, retried: 0 });
    const voids = new Map((await rows()).filter((r) => r.kind === 'VOID').map((r) => [r.parent_id!, r]));
    expect(calls.sort(([a], [b]) => a.localeCompare(b))).toEqual([
      ['store-s', { reference: 'sauth_store-s', amount: 1000, currency: 'USD', idempotencyKey: voids.get(approved)!.id }],
      ['store-t', { authorizationKey: lost, amount: 1000, currency: 'USD', idempotencyKey: voids.get(lost)!.id }],
      ['store-u', { authorizationKey: waiting, amount: 1000, currency: 'USD', idempotencyKey: voids.get(waiting)!.id }],
    ]);
    expect([...voids.values()].map((v) => v.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

    // once: expiring again or running the job again moves nothing
    expect((await job().runOnce()).expired).toEqual([]);
    expect(await money.runOnce()).toMatchObject({ claimed: 0 });
    await expectLedgerBalanced(pool);
  });
});
