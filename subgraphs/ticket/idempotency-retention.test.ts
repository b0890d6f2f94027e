import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { Identity } from '../../lib/identity.js';
import { StaticStoreDirectory } from '../../lib/store-directory.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { HOLD_MUTATION, RELEASE_MUTATION, startTicketForTest, type TicketUnderTest } from './testing.js';

// Idempotency keys past IDEMPOTENCY_RETENTION_DAYS are deleted (lib/retention.ts, wired in
// the ticket server like the basket janitor). Real PostgreSQL; time is a ManualClock.
const DAY = 24 * 60 * 60_000;
const directory = new StaticStoreDirectory([{ id: 'store-a', name: 'A', url: 'http://127.0.0.1:1/graphql', secret: 'sa', apiKey: 'ka' }]);
const clock = new ManualClock(new Date());
const inventory = new InMemoryInventoryClient({ clock });

let t: TicketUnderTest;
beforeAll(async () => {
  // small batches, so a run takes several
  t = await startTicketForTest('idem_retention', { directory, inventory, clock, idempotencyRetention: { autoStart: false, batchSize: 2 } });
  await t.addReplica();
});
afterAll(async () => {
  await t?.stop();
});

let skus = 0;
function freshSku(): string {
  const sku = `RET-${++skus}`;
  inventory.addItem('store-a', { sku, price: 100, stockOnHand: 100 });
  return sku;
}

const hold = (identity: Identity, sku: string, idempotencyKey: string) =>
  t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku, quantity: 1, idempotencyKey } }, { identity }).then((r) => r.body.data.hold);
const release = (identity: Identity, ticketId: string, idempotencyKey: string) =>
  t.graphql(RELEASE_MUTATION, { ticketId, idempotencyKey }, { identity }).then((r) => r.body.data.releaseTicket);
const holdKeys = async (cartId: string) =>
  (await t.pool.query<{ key: string }>('SELECT key FROM hold_idempotency WHERE cart_id = $1 ORDER BY key', [cartId])).rows.map((r) => r.key);
const requestKeys = async (scopePrefix: string) =>
  (await t.pool.query<{ key: string }>('SELECT key FROM idempotency_requests WHERE scope LIKE $1 ORDER BY key', [`${scopePrefix}%`])).rows.map((r) => r.key);

describe('idempotency retention', () => {
  it('defaults to 30 days', () => {
    expect(t.servers[0].idempotencyRetention.retentionMs).toBe(30 * DAY);
  });

  it('deletes hold keys and keyed-mutation keys older than the retention, in batches; a retry after that runs as new', async () => {
    const me = t.shopper();
    const cartId = me.sessionId!;
    const sku = freshSku();
    // day 0: three holds (one released, under a key) and a crashed run's key
    const first = await hold(me, sku, 'old-1');
    expect(first.__typename).toBe('Ticket');
    await hold(me, sku, 'old-2');
    await hold(me, sku, 'old-3');
    expect(await release(me, first.id, 'old-release')).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
    const day0 = clock.now();
    await t.pool.query(
      `INSERT INTO idempotency_requests (scope, key, request_hash, state, locked_until, lock_token, created_at, updated_at) VALUES
         ($1, 'old-crashed', 'h', 'IN_PROGRESS', $2, $3, $2, $2),
         ($1, 'old-running', 'h', 'IN_PROGRESS', $4, $5, $2, $2)`,
      // the running one still holds its lock when the sweep comes (a run that long is not expected; it is left alone all the same)
      [`cart:${cartId}:saveCart`, day0, randomUUID(), new Date(day0.getTime() + 60 * DAY), randomUUID()],
    );

    // day 29: a newer hold, kept
    clock.advance(29 * DAY);
    await hold(me, sku, 'new-1');
    expect(await t.servers[0].idempotencyRetention.runOnce()).toEqual({ holdKeys: 0, requests: 0 });

    // day 31: everything from day 0 goes but the running request
    clock.advance(2 * DAY);
    const [a, b] = await Promise.all([t.servers[0].idempotencyRetention.runOnce(), t.servers[1].idempotencyRetention.runOnce()]);
    expect({ holdKeys: a.holdKeys + b.holdKeys, requests: a.requests + b.requests }).toEqual({ holdKeys: 3, requests: 2 });
    expect(await holdKeys(cartId)).toEqual(['new-1']);
    expect(await requestKeys(`cart:${cartId}:`)).toEqual(['old-running']);

    // a retry of a forgotten key runs as a new request
    const again = await hold(me, sku, 'old-1');
    expect(again).toMatchObject({ __typename: 'Ticket', status: 'HELD' });
    expect(again.id).not.toBe(first.id);
    expect(await release(me, first.id, 'old-release')).toMatchObject({ __typename: 'Ticket', status: 'RELEASED' });
    expect(await holdKeys(cartId)).toEqual(['new-1', 'old-1']);
    expect(await requestKeys(`cart:${cartId}:`)).toEqual(['old-release', 'old-running']);
    expect(await t.servers[0].idempotencyRetention.runOnce()).toEqual({ holdKeys: 0, requests: 0 });
  });
});
