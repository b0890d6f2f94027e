import { createHash, randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from './db.js';

/**
 * Idempotency of a mutation over the table `idempotency_requests` (scope, key,
 * request_hash, state IN_PROGRESS|COMPLETED, response, locked_until, lock_token; created
 * by the payment subgraph's migration 002; any service may create the same table).
 *
 * `runIdempotent` runs `fn` at most once per (scope, key):
 * - first call: the key is claimed (IN_PROGRESS, committed at once so concurrent repeats
 *   see it), then `fn` runs in ONE transaction that also stores its response and marks
 *   the key COMPLETED — the effect and the stored response commit together or not at all;
 * - a repeat with the same request hash gets the stored response (JSON round-tripped);
 * - the same key with another hash gets IdempotencyKeyReusedError;
 * - a repeat while the first still runs waits up to `waitMs`, then gets
 *   RequestInProgressError;
 * - `fn` throwing rolls its transaction back and frees the key (nothing happened);
 * - a runner that crashed leaves IN_PROGRESS behind: once `locked_until` lapses, a
 *   repeat with the same hash runs `fn` again (the crashed transaction never committed).
 *   A runner still alive past its lock loses: its completion checks `lock_token` and
 *   rolls back.
 *
 * `fn` should return typed results, not throw, for expected failures: they are stored
 * and replayed like successes.
 *
 * `runIdempotentSteps` is the same for resumable work that cannot be one transaction
 * (see there). Completed keys are kept until a retention job deletes them (e.g. the
 * ticket subgraph's IdempotencyRetentionJob); a repeat after that runs as a new request.
 */
export interface IdempotentRequest {
  /** Who and what, e.g. `store:<storeId>:shipItems`; keys are unique per scope. */
  scope: string;
  key: string;
  /** `requestHash(...)` of the canonical input (the key itself excluded). */
  requestHash: string;
}

export interface IdempotencyOptions {
  /** How long a run holds the key before a repeat may take over (default 60 s). */
  lockMs?: number;
  /** How long a repeat waits for a running first call before answering REQUEST_IN_PROGRESS (default 0). */
  waitMs?: number;
  /** Poll interval while waiting (default 50 ms). */
  pollMs?: number;
  now?: () => Date;
}

export type IdempotencyKeyReusedError = { __typename: 'IdempotencyKeyReusedError'; code: 'IDEMPOTENCY_KEY_REUSED'; message: string };
export type RequestInProgressError = { __typename: 'RequestInProgressError'; code: 'REQUEST_IN_PROGRESS'; message: string };
export type IdempotencyRefusal = IdempotencyKeyReusedError | RequestInProgressError;

export type IdempotentOutcome<R> =
  | { kind: 'ran'; response: R }
  | { kind: 'replayed'; response: R }
  | { kind: 'refused'; error: IdempotencyRefusal };

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/** Why a key is unacceptable, or null when it is fine. */
export function idempotencyKeyProblem(key: string): string | null {
  if (key.trim().length === 0) return 'The idempotency key must not be blank.';
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) return `The idempotency key may have at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`;
  return null;
}

/** sha256 of the canonical JSON of `input` (object keys sorted). */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface RequestRow {
  request_hash: string;
  state: 'IN_PROGRESS' | 'COMPLETED';
  response: unknown;
  locked_until: Date;
}

type Claim = { kind: 'claimed'; token: string } | { kind: 'completed'; response: unknown } | { kind: 'in_progress' } | { kind: 'mismatch' };

/**
 * Runs `fn` once per (scope, key); see the module comment. The outcome says whether it
 * ran now, was replayed, or was refused (with the typed error result to return).
 */
export async function runIdempotent<R>(
  pool: Pool,
  request: IdempotentRequest,
  fn: (client: PoolClient) => Promise<R>,
  options: IdempotencyOptions = {},
): Promise<IdempotentOutcome<R>> {
  const now = options.now ?? (() => new Date());
  const claim = await claimOrAnswer<R>(pool, request, options);
  if (claim.kind !== 'claimed') return claim;
  const token = claim.token;

  const client = await pool.connect();
  let response: R;
  try {
    await client.query('BEGIN');
    // the claim row, locked for the whole run: a runner that lost its lock stops here
    const { rows } = await client.query<{ lock_token: string; state: string }>(
      `SELECT lock_token, state FROM idempotency_requests WHERE scope = $1 AND key = $2 FOR UPDATE`,
      [request.scope, request.key],
    );
    if (rows[0]?.lock_token !== token || rows[0]?.state !== 'IN_PROGRESS') throw new LostIdempotencyLock(request);
    response = await fn(client);
    const stored = JSON.stringify(response ?? null);
    await client.query(
      `UPDATE idempotency_requests SET state = 'COMPLETED', response = $3::jsonb, updated_at = $4
       WHERE scope = $1 AND key = $2 AND lock_token = $5`,
      [request.scope, request.key, stored, now(), token],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
    if (!(error instanceof LostIdempotencyLock)) await releaseKey(pool, request, token);
    throw error;
  }
  client.release();
  // what a replay will see: the JSON form
  return { kind: 'ran', response: JSON.parse(JSON.stringify(response ?? null)) as R };
}

/**
 * `runIdempotent` for work too long or too remote for one transaction (several store
 * calls, each committing on its own): `steps` runs outside any transaction, and must be
 * RESUMABLE — made of steps each idempotent by itself (keys derived from this one), so
 * running it again redoes nothing that is done. The key is claimed as by `runIdempotent`
 * (a completed key replays, other input is IdempotencyKeyReusedError, a repeat while a
 * run holds the key waits `waitMs`, then RequestInProgressError); when `steps` returns,
 * its response is stored and the key COMPLETED, conditional on this run's lock.
 * - `steps` throwing frees the key (the steps done stay done: a retry finds them done);
 * - a run that crashed leaves IN_PROGRESS behind: once `locked_until` lapses, a repeat
 *   runs `steps` again, finishing what the crashed run left;
 * - a run that outlived its lock and was taken over stores nothing: it answers what the
 *   key holds by then (the taker's response, or RequestInProgressError while it runs).
 * Hold no pool connection across `steps` other than what its own steps take.
 */
export async function runIdempotentSteps<R>(
  pool: Pool,
  request: IdempotentRequest,
  steps: () => Promise<R>,
  options: IdempotencyOptions = {},
): Promise<IdempotentOutcome<R>> {
  const now = options.now ?? (() => new Date());
  const claim = await claimOrAnswer<R>(pool, request, options);
  if (claim.kind !== 'claimed') return claim;
  let response: R;
  try {
    response = await steps();
  } catch (error) {
    await releaseKey(pool, request, claim.token);
    throw error;
  }
  const stored = JSON.stringify(response ?? null);
  const completed = await pool.query(
    `UPDATE idempotency_requests SET state = 'COMPLETED', response = $3::jsonb, updated_at = $4
     WHERE scope = $1 AND key = $2 AND state = 'IN_PROGRESS' AND lock_token = $5`,
    [request.scope, request.key, stored, now(), claim.token],
  );
  if (completed.rowCount === 1) return { kind: 'ran', response: JSON.parse(stored) as R };
  // taken over after our lock lapsed: the key answers for the taker
  const { rows } = await pool.query<RequestRow>(
    `SELECT request_hash, state, response, locked_until FROM idempotency_requests WHERE scope = $1 AND key = $2`,
    [request.scope, request.key],
  );
  if (rows[0]?.state === 'COMPLETED') return { kind: 'replayed', response: rows[0].response as R };
  return { kind: 'refused', error: { ...IN_PROGRESS_ERROR } };
}

const KEY_REUSED_ERROR: IdempotencyKeyReusedError = {
  __typename: 'IdempotencyKeyReusedError',
  code: 'IDEMPOTENCY_KEY_REUSED',
  message: 'This idempotency key was used for a different request; use a new key.',
};
const IN_PROGRESS_ERROR: RequestInProgressError = {
  __typename: 'RequestInProgressError',
  code: 'REQUEST_IN_PROGRESS',
  message: 'A request with this idempotency key is still running; retry shortly for its result.',
};

/** Claims the key (waiting up to `waitMs` for a running first request), or the answer a repeat gets instead. */
async function claimOrAnswer<R>(
  pool: Pool,
  request: IdempotentRequest,
  options: IdempotencyOptions,
): Promise<{ kind: 'claimed'; token: string } | Exclude<IdempotentOutcome<R>, { kind: 'ran' }>> {
  const now = options.now ?? (() => new Date());
  const lockMs = options.lockMs ?? 60_000;
  const deadline = Date.now() + (options.waitMs ?? 0);
  let claim: Claim;
  for (;;) {
    claim = await claimKey(pool, request, now(), lockMs);
    if (claim.kind !== 'in_progress' || Date.now() >= deadline) break;
    await sleep(options.pollMs ?? 50);
  }
  switch (claim.kind) {
    case 'completed':
      return { kind: 'replayed', response: claim.response as R };
    case 'mismatch':
      return { kind: 'refused', error: { ...KEY_REUSED_ERROR } };
    case 'in_progress':
      return { kind: 'refused', error: { ...IN_PROGRESS_ERROR } };
    case 'claimed':
      return claim;
  }
}

/** The lock of a run lapsed and another run took the key: this one must not complete. */
export class LostIdempotencyLock extends Error {
  constructor(request: IdempotentRequest) {
    super(`idempotency lock of ${request.scope}/${request.key} was taken over`);
    this.name = 'LostIdempotencyLock';
  }
}

async function claimKey(pool: Pool, request: IdempotentRequest, now: Date, lockMs: number): Promise<Claim> {
  const token = randomUUID();
  const lockedUntil = new Date(now.getTime() + lockMs);
  const inserted = await pool.query(
    `INSERT INTO idempotency_requests (scope, key, request_hash, state, locked_until, lock_token, created_at, updated_at)
     VALUES ($1, $2, $3, 'IN_PROGRESS', $4, $5, $6, $6)
     ON CONFLICT (scope, key) DO NOTHING`,
    [request.scope, request.key, request.requestHash, lockedUntil, token, now],
  );
  if (inserted.rowCount === 1) return { kind: 'claimed', token };

  const { rows } = await pool.query<RequestRow>(
    `SELECT request_hash, state, response, locked_until FROM idempotency_requests WHERE scope = $1 AND key = $2`,
    [request.scope, request.key],
  );
  const row = rows[0];
  // released by a failed run between our insert and select: try again
  if (!row) return claimKey(pool, request, now, lockMs);
  if (row.request_hash !== request.requestHash) return { kind: 'mismatch' };
  if (row.state === 'COMPLETED') return { kind: 'completed', response: row.response };
  if (row.locked_until.getTime() > now.getTime()) return { kind: 'in_progress' };
  // a crashed run: take the key over (one taker wins the conditional update)
  const taken = await pool.query(
    `UPDATE idempotency_requests SET locked_until = $3, lock_token = $4, updated_at = $5
     WHERE scope = $1 AND key = $2 AND state = 'IN_PROGRESS' AND locked_until <= $5`,
    [request.scope, request.key, lockedUntil, token, now],
  );
  return taken.rowCount === 1 ? { kind: 'claimed', token } : { kind: 'in_progress' };
}

/**
 * Retention of `idempotency_requests` (a lib/retention.ts RetentionSweep): deletes at
 * most `limit` keys first used before `before` — COMPLETED ones, and IN_PROGRESS ones
 * whose lock lapsed by `now` (crashed runs), never a run that holds its lock. A repeat of
 * a deleted key runs as a new request. SKIP LOCKED: safe with replicas, and a key a run
 * holds right now is left for a later sweep. Wants an index on `created_at`.
 */
export async function pruneIdempotencyRequests(db: Pick<Pool, 'query'>, batch: { before: Date; now: Date; limit: number }): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM idempotency_requests WHERE (scope, key) IN (
       SELECT scope, key FROM idempotency_requests
       WHERE created_at < $1 AND (state = 'COMPLETED' OR locked_until <= $2)
       ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)`,
    [batch.before, batch.now, batch.limit],
  );
  return rowCount ?? 0;
}

/** A run that failed did nothing: its key is free again. */
async function releaseKey(pool: Pool, request: IdempotentRequest, token: string): Promise<void> {
  await pool
    .query(`DELETE FROM idempotency_requests WHERE scope = $1 AND key = $2 AND state = 'IN_PROGRESS' AND lock_token = $3`, [request.scope, request.key, token])
    .catch(() => {});
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
