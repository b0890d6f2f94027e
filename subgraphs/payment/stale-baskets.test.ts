import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { StaleBasketJob } from './domain/stale-basket-job.js';
import { PgStaleBaskets } from './infra/pg-stale-baskets.js';
import { migratePayment } from './server.js';

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
});
