import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../lib/clock.js';
import { createPool, migrate, type Pool } from '../../../lib/db.js';
import { silentLogger } from '../../../lib/logger.js';
import { RetentionJob } from '../../../lib/retention.js';
import { createTestDatabase } from '../../../test/support/databases.js';
import { paymentIdempotencySweeps } from './pg-idempotency-retention.js';

// Payment's idempotency keys past their retention go; a checkout still running stays.
const DAY = 24 * 60 * 60_000;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase('payment_retention');
  pool = createPool(db.url);
  await migrate(pool, fileURLToPath(new URL('../migrations', import.meta.url)));
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function checkout(key: string, state: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED', at: Date) {
  await pool.query(
    `INSERT INTO checkout_requests (session_id, idempotency_key, request_hash, state, order_id, result, locked_until, created_at, updated_at)
     VALUES ('s1', $1, 'h', $2, $3, $4, $5, $5, $5)`,
    [key, state, randomUUID(), state === 'COMPLETED' ? JSON.stringify({ kind: 'ORDER' }) : null, at],
  );
}

describe('payment idempotency retention', () => {
  it('deletes finished checkout keys and keyed requests older than the retention, never a running checkout', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const old = clock.now();
    await checkout('old-done', 'COMPLETED', old);
    await checkout('old-failed', 'FAILED', old);
    await checkout('old-running', 'IN_PROGRESS', old);
    await pool.query(
      `INSERT INTO idempotency_requests (scope, key, request_hash, state, response, locked_until, lock_token, created_at, updated_at)
       VALUES ('store:a:shipItems', 'old-ship', 'h', 'COMPLETED', '{}', $1, gen_random_uuid(), $1, $1)`,
      [old],
    );
    clock.advance(29 * DAY);
    await checkout('recent-done', 'COMPLETED', clock.now());

    const job = new RetentionJob({ name: 'idempotency retention', sweeps: paymentIdempotencySweeps(pool), clock, logger: silentLogger(), options: { batchSize: 1 } });
    await job.runOnce();
    expect((await pool.query('SELECT idempotency_key FROM checkout_requests ORDER BY 1')).rows.map((r) => r.idempotency_key)).toEqual([
      'old-done',
      'old-failed',
      'old-running',
      'recent-done',
    ]);

    clock.advance(2 * DAY); // the old ones are now 31 days old
    await job.runOnce();
    expect((await pool.query('SELECT idempotency_key FROM checkout_requests ORDER BY 1')).rows.map((r) => r.idempotency_key)).toEqual(['old-running', 'recent-done']);
    expect((await pool.query('SELECT key FROM idempotency_requests')).rows).toEqual([]);
  });
});
