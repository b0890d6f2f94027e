import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpInventoryClient } from '../../lib/inventory-client.js';
import { startInventoryForTest, type InventoryUnderTest } from '../inventory/testing.js';
import { until } from '../../test/support/wait.js';
import { HOLD_MUTATION, startTicketForTest, type TicketUnderTest } from './testing.js';

// Real PostgreSQL for tickets and for the store, the real inventory subgraph over HTTP,
// and two ticket replicas sharing one database.
let store: InventoryUnderTest;
let t: TicketUnderTest;
let inventory: HttpInventoryClient;

beforeAll(async () => {
  store = await startInventoryForTest('ticket_store', 'store-a');
  inventory = new HttpInventoryClient({ directory: store.directory, timeoutMs: 10_000 });
  t = await startTicketForTest('ticket_replicas', { directory: store.directory, inventory });
  await t.addReplica();
});
afterAll(async () => {
  await t?.stop();
  await store?.stop();
});

const available = async (sku: string) => (await inventory.getItems('store-a', [sku])).get(sku)!.available;

describe('with a real store', () => {
  it('200 concurrent holds on stock 50 through two replicas: exactly 50 held', async () => {
    await store.addItem({ sku: 'HOT-DROP', price: 5000, stock: 50 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t
          .graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'HOT-DROP', quantity: 1, idempotencyKey: randomUUID() } }, { identity: t.shopper(), replica: i % 2 })
          .then((r) => r.body.data.hold),
      ),
    );
    const byType = new Map<string, number>();
    for (const r of results) byType.set(r.__typename, (byType.get(r.__typename) ?? 0) + 1);
    expect(Object.fromEntries(byType)).toEqual({ Ticket: 50, OutOfStockError: 150 });
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM tickets WHERE sku = 'HOT-DROP' AND status = 'HELD'`);
    expect(rows[0].n).toBe(50);
    const pending = await t.pool.query(`SELECT count(*)::int AS n FROM tickets WHERE status = 'PENDING'`);
    expect(pending.rows[0].n).toBe(0);
    expect(await available('HOT-DROP')).toBe(0);
  });

  it('a short-lived ticket goes back to the store by itself within a second of expiry', async () => {
    await store.addItem({ sku: 'FLASH', price: 100, stock: 10 });
    const replica = t.servers.indexOf(await t.addReplica({ ticketTtlMs: 500, sweepIntervalMs: 100 }));
    const res = await t.graphql(HOLD_MUTATION, { input: { storeId: 'store-a', sku: 'FLASH', quantity: 7, idempotencyKey: 'flash' } }, { identity: t.shopper(), replica });
    const ticket = res.body.data.hold;
    expect(ticket).toMatchObject({ __typename: 'Ticket', status: 'HELD', unitPrice: { amount: 100, currency: 'USD' } });
    expect(await available('FLASH')).toBe(3);

    const expiresAt = new Date(ticket.expiresAt).getTime();
    while ((await available('FLASH')) !== 10 && Date.now() < expiresAt + 3_000) await new Promise((r) => setTimeout(r, 25));
    expect(await available('FLASH')).toBe(10);
    expect(Date.now()).toBeLessThanOrEqual(expiresAt + 1_000);
    // released by the exchange, not just a lapsed lease (which would take the 120 s grace)
    const { rows } = await store.pool.query('SELECT status FROM reservations WHERE ticket_id = $1', [ticket.id]);
    expect(rows[0].status).toBe('RELEASED');
    // the store's confirmation is recorded on the ticket just after the store released it
    const ticketRow = async () => (await t.pool.query('SELECT status, release_owed FROM tickets WHERE id = $1', [ticket.id])).rows[0];
    await until('the release confirmed on the ticket', async () => (await ticketRow()).release_owed === false);
    expect(await ticketRow()).toEqual({ status: 'EXPIRED', release_owed: false });
  });
});
