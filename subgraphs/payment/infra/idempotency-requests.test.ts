import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '../../../lib/db.js';
import { requestHash, runIdempotent } from '../../../lib/idempotency.js';
import { createTestDatabase } from '../../../test/support/databases.js';
import { migratePayment } from '../server.js';

// lib/idempotency.ts over the idempotency_requests table of payment migration 002
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

beforeAll(async () => {
  db = await createTestDatabase('idempotency');
  pool = createPool(db.url, 30);
  await migratePayment(pool);
  await pool.query(`CREATE TABLE effects (id serial PRIMARY KEY, scope text NOT NULL, key text NOT NULL, note text)`);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

let scope: string;
beforeEach(() => {
  scope = `test:${randomUUID()}`;
});

const effects = async (key: string) => (await pool.query(`SELECT count(*)::int AS n FROM effects WHERE scope = $1 AND key = $2`, [scope, key])).rows[0].n as number;

/** An effect in fn's transaction, and its response. */
function work(key: string, note = 'x', delayMs = 0) {
  return async (client: import('../../../lib/db.js').PoolClient) => {
    const { rows } = await client.query<{ id: number }>(`INSERT INTO effects (scope, key, note) VALUES ($1, $2, $3) RETURNING id`, [scope, key, note]);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return { effectId: rows[0].id, note, at: new Date('2026-01-01T00:00:00Z') };
  };
}

describe('runIdempotent', () => {
  it('runs once, stores the response in the same transaction and replays it (as JSON)', async () => {
    const request = { scope, key: 'k1', requestHash: requestHash({ a: 1 }) };
    const first = await runIdempotent(pool, request, work('k1'));
    expect(first).toMatchObject({ kind: 'ran', response: { note: 'x', at: '2026-01-01T00:00:00.000Z' } });
    const again = await runIdempotent(pool, request, work('k1', 'y'));
    expect(again).toEqual({ kind: 'replayed', response: first.kind === 'ran' ? first.response : null });
    expect(await effects('k1')).toBe(1);
  });

  it('refuses the same key with other input', async () => {
    await runIdempotent(pool, { scope, key: 'k2', requestHash: requestHash({ a: 1 }) }, work('k2'));
    const other = await runIdempotent(pool, { scope, key: 'k2', requestHash: requestHash({ a: 2 }) }, work('k2'));
    expect(other).toEqual({ kind: 'refused', error: expect.objectContaining({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' }) });
    expect(await effects('k2')).toBe(1);
    // keys are per scope
    expect((await runIdempotent(pool, { scope: `${scope}:other`, key: 'k2', requestHash: requestHash({ a: 2 }) }, work('k2'))).kind).toBe('ran');
  });

  it('20 concurrent calls: one effect; the others replay it or are told it is in progress', async () => {
    const request = { scope, key: 'k3', requestHash: requestHash(['same']) };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => runIdempotent(pool, request, work('k3', 'x', 100))));
    expect(await effects('k3')).toBe(1);
    expect(outcomes.filter((o) => o.kind === 'ran')).toHaveLength(1);
    for (const o of outcomes) {
      if (o.kind === 'refused') expect(o.error).toMatchObject({ __typename: 'RequestInProgressError', code: 'REQUEST_IN_PROGRESS' });
    }
    // with a wait, concurrent repeats get the result instead
    const waited = await Promise.all(
      Array.from({ length: 20 }, () => runIdempotent(pool, { ...request, key: 'k3b' }, work('k3b', 'x', 100), { waitMs: 5_000, pollMs: 20 })),
    );
    expect(await effects('k3b')).toBe(1);
    expect(waited.map((o) => o.kind).sort()).toEqual(['ran', ...Array(19).fill('replayed')]);
    const ids = new Set(waited.map((o) => (o.kind === 'refused' ? null : o.response.effectId)));
    expect(ids.size).toBe(1);
  });

  it('a run that throws rolls back and frees the key', async () => {
    const request = { scope, key: 'k4', requestHash: requestHash(['x']) };
    await expect(
      runIdempotent(pool, request, async (client) => {
        await work('k4')(client);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await effects('k4')).toBe(0);
    expect((await pool.query(`SELECT count(*)::int AS n FROM idempotency_requests WHERE scope = $1`, [scope])).rows[0].n).toBe(0);
    expect((await runIdempotent(pool, request, work('k4'))).kind).toBe('ran');
    expect(await effects('k4')).toBe(1);
  });

  it('a crashed run (IN_PROGRESS, lock lapsed) is run again; one still locked is in progress', async () => {
    const hash = requestHash(['x']);
    await pool.query(
      `INSERT INTO idempotency_requests (scope, key, request_hash, state, locked_until, lock_token, created_at, updated_at)
       VALUES ($1, 'crashed', $2, 'IN_PROGRESS', now() - interval '1 second', gen_random_uuid(), now(), now()),
              ($1, 'running', $2, 'IN_PROGRESS', now() + interval '1 minute', gen_random_uuid(), now(), now())`,
      [scope, hash],
    );
    expect((await runIdempotent(pool, { scope, key: 'running', requestHash: hash }, work('running'))).kind).toBe('refused');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => runIdempotent(pool, { scope, key: 'crashed', requestHash: hash }, work('crashed', 'x', 50))));
    expect(outcomes.filter((o) => o.kind === 'ran')).toHaveLength(1);
    expect(await effects('crashed')).toBe(1);
    expect(await effects('running')).toBe(0);
  });

  it('hashes canonically: key order does not matter, values do', () => {
    expect(requestHash({ a: 1, b: [1, 2] })).toBe(requestHash({ b: [1, 2], a: 1 }));
    expect(requestHash({ a: 1, b: [1, 2] })).not.toBe(requestHash({ a: 1, b: [2, 1] }));
    expect(requestHash({ a: 1, c: undefined })).toBe(requestHash({ a: 1 }));
  });
});
