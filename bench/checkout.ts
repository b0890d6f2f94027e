// `npm run bench:checkout`: the money path through the gateway on real PostgreSQL and Redis.
// Each shopper holds one item at each of two stores and checks out (priced on the server,
// split per store, authorized, stock committed); then every store ships its parts in two
// shipments (re-authorization + capture each, and a void of the original authorization)
// and the money-movement job settles every row. Prints checkouts/s with p50/p99, shipments/s,
// and how long after the last shipment the job had settled everything; ledger checked.
// Results go in BENCHMARKS.md. The whole exchange runs in one process (as `npm start`).
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { dropDatabase } from '../lib/db.js';
import { silentLogger } from '../lib/logger.js';
import { startExchange } from '../scripts/exchange.js';
import { PgLedger } from '../subgraphs/payment/infra/pg-ledger.js';
import { graphql } from '../test/support/graphql-client.js';
import { closedLoop, latencySummary } from './load.js';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const VISA = { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' };

const HOLD = `mutation($input: HoldInput!) { hold(input: $input) { __typename } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename ... on Order { id parts { id store { id } lines { id } } } } }`;
const SHIP = `mutation($input: ShipItemsInput!) { shipItems(input: $input) { __typename } }`;

async function main() {
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  const stores = [
    { id: 'bench-a', name: 'Bench A', currency: 'USD', catalog: 'books' as const },
    { id: 'bench-b', name: 'Bench B', currency: 'USD', catalog: 'hardware' as const },
  ];
  const exchange = await startExchange({ adminDatabaseUrl: ADMIN_URL, databasePrefix: prefix, redisUrl: REDIS_URL, redisPrefix: `bench:${prefix}`, stores, logger: silentLogger() });
  const url = exchange.gatewayUrl;
  try {
    for (const store of exchange.stores) await store.pool.query('UPDATE items SET stock_on_hand = 1000000');
    const firstSku = async (id: string) =>
      (await graphql(url, `query($id: ID!) { store(id: $id) { items(first: 1) { edges { node { sku } } } } }`, { id })).data.store.items.edges[0].node.sku as string;
    const skus = { 'bench-a': await firstSku('bench-a'), 'bench-b': await firstSku('bench-b') };

    // carts: one line at each store per shopper (not measured)
    const shoppers: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const token = (await graphql(url, `mutation { startGuestSession { token } }`)).data.startGuestSession.token as string;
      for (const storeId of ['bench-a', 'bench-b'] as const) {
        const held = await graphql(url, HOLD, { input: { storeId, sku: skus[storeId], quantity: 1, idempotencyKey: randomUUID() } }, { authorization: `Bearer ${token}` });
        if (held.data?.hold?.__typename !== 'Ticket') throw new Error(`hold failed: ${JSON.stringify(held)}`);
      }
      shoppers.push(token);
    }

    console.log(`# bench:checkout on ${os.cpus().length}× ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString()}`);
    const parts: { storeId: string; storeOrderId: string; lineIds: string[] }[] = [];
    const checkout = await closedLoop(ORDERS, CONCURRENCY, async (i) => {
      const res = await graphql(url, CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA } } }, { authorization: `Bearer ${shoppers[i]}` });
      const order = res.data?.checkout;
      if (order?.__typename !== 'Order') return false;
      for (const part of order.parts) parts.push({ storeId: part.store.id, storeOrderId: part.id, lineIds: part.lines.map((l: { id: string }) => l.id) });
      return true;
    });
    console.log(JSON.stringify({ scenario: 'checkout (2 stores per order)', orders: ORDERS, concurrency: CONCURRENCY, checkoutsPerSecond: Math.round(ORDERS / checkout.seconds), ...latencySummary(checkout.latencies), failures: checkout.failures }));

    // each part ships in one shipment: every order ships in two (partial, then the rest)
    const keyOf = new Map(exchange.stores.map((s) => [s.id, s.apiKey]));
    const ship = await closedLoop(parts.length, CONCURRENCY, async (i) => {
      const part = parts[i];
      const res = await graphql(url, SHIP, { input: { storeOrderId: part.storeOrderId, carrier: 'Bench Post', trackingNumber: `BP${i}`, idempotencyKey: randomUUID() } }, { 'x-store-key': keyOf.get(part.storeId)! });
      return res.data?.shipItems?.__typename === 'Shipment';
    });
    const shippedAt = performance.now();
    console.log(JSON.stringify({ scenario: 'shipItems (store part)', shipments: parts.length, concurrency: CONCURRENCY, shipmentsPerSecond: Math.round(parts.length / ship.seconds), ...latencySummary(ship.latencies), failures: ship.failures }));

    const payment = exchange.paymentPool;
    for (;;) {
      const { rows } = await payment.query(`SELECT count(*)::int AS n FROM financial_transactions WHERE status = 'PENDING'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const { rows: settled } = await payment.query(`SELECT kind, status, count(*)::int AS n FROM financial_transactions GROUP BY 1, 2 ORDER BY 1, 2`);
    console.log(JSON.stringify({ scenario: 'money movement job', settledAfterLastShipmentMs: Math.round(performance.now() - shippedAt), rows: settled }));
    const ledger = new PgLedger(payment);
    const [trial, unbalanced] = await Promise.all([ledger.trialBalance(), ledger.unbalancedJournals()]);
    if (unbalanced.length > 0 || trial.some((m) => m.amount !== 0)) throw new Error(`ledger out of balance: ${JSON.stringify({ trial, unbalanced })}`);
    console.log(JSON.stringify({ ledger: 'balanced', trialBalance: trial }));
  } finally {
    await exchange.stop();
    for (const name of ['session', 'ticket', 'payment', 'registry', 'store_bench_a', 'store_bench_b']) await dropDatabase(ADMIN_URL, `${prefix}${name}`).catch(() => {});
  }
}

await main();
process.exit(0);
