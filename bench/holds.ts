// `npm run bench:holds`: hold throughput through the gateway on real PostgreSQL and Redis.
// Scenario 1: distinct SKUs (no contention); scenario 2: one hot SKU (every hold locks
// the same item row). Prints holds/s and p50/p99 latency; results go in BENCHMARKS.md.
// BENCH_MODE=processes (default): every service its own process, as in production;
// BENCH_MODE=single: the whole exchange in one process (as `npm start` runs it).
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { dropDatabase } from '../lib/db.js';
import { silentLogger } from '../lib/logger.js';
import pg from 'pg';
import { startExchange } from '../scripts/exchange.js';
import { startProcessExchange } from '../scripts/processes.js';
import { graphql } from '../test/support/graphql-client.js';
import { closedLoop, percentile } from './load.js';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOLDS = Number(process.env.BENCH_HOLDS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
// a session may hold at most 50 live tickets (anti-scalping): spread the holds over enough shoppers
const SHOPPERS = Math.max(100, Math.ceil((2 * HOLDS + 100) / 40));

const HOLD = `mutation($input: HoldInput!) { hold(input: $input) { __typename } }`;

async function main() {
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  const stores = [
    { id: 'bench-a', name: 'Bench A', currency: 'USD', catalog: 'books' as const },
    { id: 'bench-b', name: 'Bench B', currency: 'USD', catalog: 'hardware' as const },
  ];
  const mode = process.env.BENCH_MODE ?? 'processes';
  const common = { adminDatabaseUrl: ADMIN_URL, databasePrefix: prefix, redisUrl: REDIS_URL, redisPrefix: `bench:${prefix}`, stores };
  let url: string;
  let storeDatabases: string[];
  let stop: () => Promise<void>;
  if (mode === 'single') {
    const exchange = await startExchange({ ...common, logger: silentLogger() });
    url = exchange.gatewayUrl;
    storeDatabases = exchange.stores.map((s) => s.pool.options.connectionString as string);
    stop = exchange.stop;
  } else {
    const exchange = await startProcessExchange(common);
    url = exchange.gateways[0].url;
    storeDatabases = exchange.stores.map((s) => s.databaseUrl);
    stop = exchange.stop;
  }
  try {
    // Plenty of stock so every hold succeeds; shoppers' per-session ticket limit respected.
    for (const databaseUrl of storeDatabases) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query('UPDATE items SET stock_on_hand = 1000000');
      await client.end();
    }
    const shoppers: string[] = [];
    for (let i = 0; i < SHOPPERS; i++) {
      const res = await graphql(url, `mutation { startGuestSession { token } }`);
      shoppers.push(res.data.startGuestSession.token);
    }
    const skuList = async (id: string) =>
      (await graphql(url, `query($id: ID!) { store(id: $id) { items(first: 100) { edges { node { sku } } } } }`, { id })).data.store.items.edges.map((e: any) => e.node.sku) as string[];
    const targets = [...(await skuList('bench-a')).map((sku) => ['bench-a', sku]), ...(await skuList('bench-b')).map((sku) => ['bench-b', sku])];

    async function run(name: string, pick: (i: number) => string[]) {
      // warm-up
      await Promise.all(Array.from({ length: 20 }, (_, i) => graphql(url, HOLD, { input: { storeId: pick(i)[0], sku: pick(i)[1], quantity: 1, idempotencyKey: randomUUID() } }, { authorization: `Bearer ${shoppers[i % SHOPPERS]}` })));
      const { latencies, seconds, failures } = await closedLoop(HOLDS, CONCURRENCY, async (i) => {
        const [storeId, sku] = pick(i);
        const res = await graphql(url, HOLD, { input: { storeId, sku, quantity: 1, idempotencyKey: randomUUID() } }, { authorization: `Bearer ${shoppers[i % SHOPPERS]}` });
        return res.data?.hold?.__typename === 'Ticket';
      });
      latencies.sort((a, b) => a - b);
      const row = { scenario: name, holds: HOLDS, concurrency: CONCURRENCY, holdsPerSecond: Math.round(HOLDS / seconds), p50ms: +percentile(latencies, 50).toFixed(1), p99ms: +percentile(latencies, 99).toFixed(1), failures };
      console.log(JSON.stringify(row));
      return row;
    }

    console.log(`# bench:holds (${mode}) on ${os.cpus().length}× ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString()}`);
    // distinct SKUs: spread over both stores' catalogs; releases nothing (stock is large)
    await run('distinct SKUs', (i) => targets[i % targets.length]);
    const hot = targets[0];
    await run('one hot SKU', () => hot);
  } finally {
    await stop();
    for (const name of ['session', 'ticket', 'payment', 'store_bench_a', 'store_bench_b']) await dropDatabase(ADMIN_URL, `${prefix}${name}`).catch(() => {});
  }
}

await main();
process.exit(0);
