import { withTransaction, type Pool, type PoolClient } from '../../../lib/db.js';
import { runIdempotent, runIdempotentSteps, type IdempotencyOptions, type IdempotentOutcome, type IdempotentRequest } from '../../../lib/idempotency.js';
import type { SavedCartModel, TicketState } from '../domain/model.js';
import { LIVE_STATES } from '../domain/model.js';
import type { CartTx, ExpiringTicket, HoldKeyRecord, NewTicket, SweepCutoffs, TicketPatch, TicketRepository } from '../domain/ports.js';
import type { StoredHoldFailure } from '../domain/results.js';
import { toRecord, type TicketRow } from './ticket-rows.js';

const PATCH_COLUMNS: Record<keyof TicketPatch, string> = {
  status: 'status',
  quantity: 'quantity',
  checkoutOrderId: 'checkout_order_id',
  checkoutStartedAt: 'checkout_started_at',
  failureCode: 'failure_code',
  releaseOwed: 'release_owed',
  releaseRetryAt: 'release_retry_at',
};

/** Takes the carts' locks (in a fixed order) in the transaction of `client`, then runs `fn`. */
async function lockCarts<T>(client: PoolClient, cartIds: string[], fn: (tx: CartTx) => Promise<T>, options: { skipLocked?: boolean; limit?: number } = {}): Promise<T> {
  const ids = [...new Set(cartIds)].sort();
  // carts come into being on first use; ordered inserts keep concurrent ones deadlock-free,
  // and a conflict with a committed row takes no lock, so skipping callers never wait here
  await client.query('INSERT INTO cart_versions (cart_id) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT DO NOTHING', [ids]);
  const { rows } = await client.query<{ cart_id: string; version: number }>(
    `SELECT cart_id, version FROM cart_versions WHERE cart_id = ANY($1) ORDER BY cart_id
     FOR UPDATE${options.skipLocked ? ' SKIP LOCKED' : ''}${options.skipLocked && options.limit ? ' LIMIT $2' : ''}`,
    options.skipLocked && options.limit ? [ids, options.limit] : [ids],
  );
  return fn(new PgCartTx(client, new Map(rows.map((r) => [r.cart_id, r.version]))));
}

const DUE_PREDICATE = `(
     (status = 'HELD' AND expires_at <= $1)
  OR (status = 'PENDING' AND created_at <= $2)
  OR (status = 'CHECKING_OUT' AND checkout_started_at <= $3))`;

class PgCartTx implements CartTx {
  constructor(
    private readonly client: PoolClient,
    private readonly versions: Map<string, number>,
  ) {}

  get cartIds() {
    return [...this.versions.keys()];
  }

  version(cartId: string): number {
    const version = this.versions.get(cartId);
    if (version === undefined) throw new Error(`cart ${cartId} is not locked by this transaction`);
    return version;
  }

  async bumpVersions(cartIds: string[]) {
    const unique = [...new Set(cartIds)];
    for (const id of unique) this.version(id);
    if (unique.length === 0) return new Map<string, number>();
    const { rows } = await this.client.query<{ cart_id: string; version: number }>(
      'UPDATE cart_versions SET version = version + 1 WHERE cart_id = ANY($1) RETURNING cart_id, version',
      [unique],
    );
    for (const row of rows) this.versions.set(row.cart_id, row.version);
    return new Map(rows.map((r) => [r.cart_id, r.version]));
  }

  async tickets(cartId: string, states: readonly TicketState[]) {
    const { rows } = await this.client.query<TicketRow>(
      'SELECT * FROM tickets WHERE cart_id = $1 AND status = ANY($2) ORDER BY created_at, id',
      [cartId, states],
    );
    return rows.map(toRecord);
  }

  async ticket(cartId: string, ticketId: string) {
    const { rows } = await this.client.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 AND cart_id = $2', [ticketId, cartId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async ticketsOfOrder(orderId: string) {
    const { rows } = await this.client.query<TicketRow>('SELECT * FROM tickets WHERE checkout_order_id = $1 ORDER BY created_at, id', [orderId]);
    return rows.map(toRecord);
  }

  async latestEndedTicket(cartId: string) {
    const { rows } = await this.client.query<TicketRow>(
      `SELECT * FROM tickets WHERE cart_id = $1 AND status IN ('EXPIRED', 'RELEASED', 'PURCHASED') AND failure_code IS NULL
       ORDER BY updated_at DESC, id LIMIT 1`,
      [cartId],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async countLive(cartId: string) {
    const { rows } = await this.client.query<{ n: number }>(
      'SELECT count(*) AS n FROM tickets WHERE cart_id = $1 AND status = ANY($2) AND failure_code IS NULL',
      [cartId, LIVE_STATES],
    );
    return rows[0].n;
  }

  async insertTicket(t: NewTicket) {
    const { rows } = await this.client.query<TicketRow>(
      `INSERT INTO tickets (id, cart_id, account_id, store_id, sku, quantity, status, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, $8, $8) RETURNING *`,
      [t.id, t.cartId, t.accountId, t.storeId, t.sku, t.quantity, t.expiresAt, t.now],
    );
    return toRecord(rows[0]);
  }

  async updateTickets(ids: string[], from: readonly TicketState[], patch: TicketPatch, now: Date) {
    if (ids.length === 0) return [];
    const values: unknown[] = [ids, from, now];
    const sets = ['updated_at = $3'];
    for (const [key, value] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${PATCH_COLUMNS[key]} = $${values.length}`);
    }
    const { rows } = await this.client.query<TicketRow>(
      `UPDATE tickets SET ${sets.join(', ')} WHERE id = ANY($1::uuid[]) AND status = ANY($2) RETURNING *`,
      values,
    );
    return rows.map(toRecord).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async moveHeldTickets(ids: string[], from: string, to: string, accountId: string, now: Date) {
    if (ids.length === 0) return [];
    this.version(from);
    this.version(to);
    const { rows } = await this.client.query<TicketRow>(
      `UPDATE tickets SET cart_id = $3, account_id = $4, updated_at = $5
       WHERE id = ANY($1::uuid[]) AND cart_id = $2 AND status = 'HELD' RETURNING *`,
      [ids, from, to, accountId, now],
    );
    // a repeat of the hold from the account's cart finds its first result
    await this.client.query(
      `UPDATE hold_idempotency h SET cart_id = $3 WHERE h.cart_id = $2 AND h.ticket_id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM hold_idempotency o WHERE o.cart_id = $3 AND o.key = h.key)`,
      [ids, from, to],
    );
    return rows.map(toRecord).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async findHoldKey(cartId: string, key: string): Promise<HoldKeyRecord | undefined> {
    const { rows } = await this.client.query<{ request_hash: string; ticket_id: string | null; failure: StoredHoldFailure | null }>(
      'SELECT request_hash, ticket_id, failure FROM hold_idempotency WHERE cart_id = $1 AND key = $2',
      [cartId, key],
    );
    return rows[0] ? { requestHash: rows[0].request_hash, ticketId: rows[0].ticket_id, failure: rows[0].failure } : undefined;
  }

  async saveHoldKey(cartId: string, key: string, requestHash: string, ticketId: string, now: Date) {
    await this.client.query(
      'INSERT INTO hold_idempotency (cart_id, key, request_hash, ticket_id, created_at) VALUES ($1, $2, $3, $4, $5)',
      [cartId, key, requestHash, ticketId, now],
    );
  }

  async recordHoldFailureOf(ticketId: string, failure: StoredHoldFailure) {
    await this.client.query('UPDATE hold_idempotency SET failure = $2 WHERE ticket_id = $1', [ticketId, JSON.stringify(failure)]);
  }

  async forgetHoldKeysOf(ticketIds: string[]) {
    if (ticketIds.length === 0) return;
    await this.client.query('DELETE FROM hold_idempotency WHERE ticket_id = ANY($1::uuid[]) AND failure IS NULL', [ticketIds]);
  }

  async dueTickets(cartIds: string[], due: SweepCutoffs, limit: number) {
    const { rows } = await this.client.query<TicketRow>(
      `SELECT * FROM tickets WHERE cart_id = ANY($4) AND ${DUE_PREDICATE} ORDER BY expires_at LIMIT $5 FOR UPDATE`,
      [due.now, due.pendingBefore, due.checkoutBefore, cartIds, limit],
    );
    return rows.map(toRecord);
  }

  async countSavedCarts(accountId: string) {
    const { rows } = await this.client.query<{ n: number }>('SELECT count(*) AS n FROM saved_carts WHERE account_id = $1', [accountId]);
    return rows[0].n;
  }

  async insertSavedCart(cart: SavedCartModel) {
    await this.client.query('INSERT INTO saved_carts (id, account_id, name, offer_codes, saved_at) VALUES ($1, $2, $3, $4, $5)', [
      cart.id,
      cart.accountId,
      cart.name,
      cart.offerCodes,
      cart.savedAt,
    ]);
    if (cart.lines.length === 0) return;
    await this.client.query(
      `INSERT INTO saved_cart_lines (saved_cart_id, position, store_id, sku, quantity)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[])`,
      [cart.id, cart.lines.map((l) => l.position), cart.lines.map((l) => l.storeId), cart.lines.map((l) => l.sku), cart.lines.map((l) => l.quantity)],
    );
  }
}

/** Tickets, carts and hold idempotency keys in PostgreSQL (the only place with ticket SQL). */
export class PgTicketRepository implements TicketRepository {
  /** `idempotency`: how keyed mutations wait for a running first request (lib/idempotency.ts). */
  constructor(
    private readonly pool: Pool,
    private readonly idempotency: IdempotencyOptions = {},
  ) {}

  async inCarts<T>(cartIds: string[], fn: (tx: CartTx) => Promise<T>, options: { skipLocked?: boolean; limit?: number } = {}): Promise<T> {
    return withTransaction(this.pool, (client) => lockCarts(client, cartIds, fn, options));
  }

  inCartsOnce<R>(request: IdempotentRequest, cartIds: string[], fn: (tx: CartTx) => Promise<R>): Promise<IdempotentOutcome<R>> {
    // runIdempotent's transaction (it holds the key's row) takes the cart locks second;
    // nothing takes a key's row while holding a cart lock, so the order never inverts
    return runIdempotent(this.pool, request, (client) => lockCarts(client, cartIds, fn), this.idempotency);
  }

  stepsOnce<R>(request: IdempotentRequest, steps: () => Promise<R>): Promise<IdempotentOutcome<R>> {
    // no transaction of its own across the steps: each step takes (and gives back) its own
    return runIdempotentSteps(this.pool, request, steps, this.idempotency);
  }

  async findTicket(ticketId: string) {
    const { rows } = await this.pool.query<TicketRow>('SELECT * FROM tickets WHERE id = $1', [ticketId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async readCart(cartId: string) {
    const client = await this.pool.connect();
    try {
      // one snapshot, so the version always describes exactly these tickets
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const version = await client.query<{ version: number }>('SELECT version FROM cart_versions WHERE cart_id = $1', [cartId]);
      const tickets = await client.query<TicketRow>(
        `SELECT * FROM tickets WHERE cart_id = $1 AND status IN ('HELD', 'CHECKING_OUT') ORDER BY created_at, id`,
        [cartId],
      );
      await client.query('COMMIT');
      return { version: version.rows[0]?.version ?? 0, tickets: tickets.rows.map(toRecord) };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async hasHeldTickets(cartId: string) {
    const { rows } = await this.pool.query<{ held: boolean }>(`SELECT EXISTS (SELECT 1 FROM tickets WHERE cart_id = $1 AND status = 'HELD') AS held`, [cartId]);
    return rows[0].held;
  }

  async findStoreTicket(storeId: string, ticketId: string) {
    const { rows } = await this.pool.query<TicketRow>('SELECT * FROM tickets WHERE id = $1 AND store_id = $2', [ticketId, storeId]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async cartsOfOrder(orderId: string) {
    const { rows } = await this.pool.query<{ cart_id: string }>('SELECT DISTINCT cart_id FROM tickets WHERE checkout_order_id = $1', [orderId]);
    return rows.map((r) => r.cart_id);
  }

  async cartsWithDueTickets(due: SweepCutoffs, limit: number) {
    const { rows } = await this.pool.query<{ cart_id: string }>(
      `SELECT DISTINCT cart_id FROM (SELECT cart_id FROM tickets WHERE ${DUE_PREDICATE} ORDER BY expires_at LIMIT $4) due`,
      [due.now, due.pendingBefore, due.checkoutBefore, limit],
    );
    return rows.map((r) => r.cart_id);
  }

  async claimOwedReleases(now: Date, retryAt: Date, leaseGraceMs: number, limit: number) {
    const lapsedBefore = new Date(now.getTime() - leaseGraceMs);
    await this.pool.query(
      `UPDATE tickets SET release_owed = false, release_retry_at = NULL WHERE id IN (
         SELECT id FROM tickets WHERE release_owed AND expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [lapsedBefore, limit],
    );
    const { rows } = await this.pool.query<TicketRow>(
      `UPDATE tickets SET release_retry_at = $2 WHERE id IN (
         SELECT id FROM tickets WHERE release_owed AND release_retry_at <= $1 ORDER BY release_retry_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, retryAt, limit],
    );
    return rows.map(toRecord);
  }

  async settleReleases(ticketIds: string[]) {
    await this.pool.query('UPDATE tickets SET release_owed = false, release_retry_at = NULL WHERE id = ANY($1::uuid[])', [ticketIds]);
  }

  async claimExpiring(now: Date, leadMs: number, limit: number): Promise<ExpiringTicket[]> {
    // ticket rows only (no cart lock): a cart transaction working on the ticket is skipped
    // and the ticket claimed next time, so this never waits on, or deadlocks with, a cart
    const { rows } = await this.pool.query<TicketRow & { cart_version: number | null }>(
      `WITH claimed AS (
         UPDATE tickets SET expiring_notified_at = $1 WHERE id IN (
           SELECT id FROM tickets
           WHERE status = 'HELD' AND expiring_notified_at IS NULL AND expires_at > $1 AND expires_at <= $2
           ORDER BY expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT claimed.*, cv.version AS cart_version FROM claimed LEFT JOIN cart_versions cv ON cv.cart_id = claimed.cart_id
       ORDER BY claimed.expires_at, claimed.id`,
      [now, new Date(now.getTime() + leadMs), limit],
    );
    return rows.map((row) => ({ ticket: toRecord(row), cartVersion: row.cart_version ?? 0 }));
  }

  async nextDueAt(leadMs: number): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ due: Date | null }>(
      `SELECT least(
         (SELECT min(expires_at) FROM tickets WHERE status = 'HELD'),
         (SELECT min(expires_at) FROM tickets WHERE status = 'HELD' AND expiring_notified_at IS NULL) - make_interval(secs => $1::double precision / 1000)
       ) AS due`,
      [leadMs],
    );
    return rows[0]?.due ?? undefined;
  }
}
