// `npm run bench:stores`: routing cost vs number of registered stores. The SAME operation
// through ONE gateway process (gateway/main.ts, static supergraph) with 2, 100 and 1,000
// stores in its directory; latency (p50/p99), throughput and the gateway's memory (RSS and
// V8 heap used, after a full GC) per store count. The goal is flat.
//
// Everything but the gateway runs in this process: fake session (token resolve RPC),
// ticket and payment subgraphs built from the real SDLs (gateway/testing/fake-subgraphs.ts)
// and ONE HTTP server hosting every simulated store's inventory endpoint at
// `/store/<id>/graphql` (bench/store-host.ts: real inventory contract, identity verified
// with each store's own secret).
//
// Scenarios (each row: a fresh gateway with N stores; the operation is identical for every N):
//  - cart×K: a guest shopper's `cart` whose tickets span K stores (2 tickets per store),
//    with each ticket's item (name, price, available) and store name. The ticket subgraph
//    answers the cart, then the gateway fans the Item/Store entity fetches out to the K
//    owning stores. The K stores are spread over the directory, the last store included.
//  - storeKey: a store's own servers (x-store-key of the LAST registered store) read its
//    catalog: caller resolved from the directory by API key, root field routed by store id.
//
// Env: BENCH_REQUESTS (2000), BENCH_CONCURRENCY (16), BENCH_WARMUP (300),
// BENCH_STORE_COUNTS (2,100,1000), BENCH_CART_STORES (2,10: one cart scenario each).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, SUPERGRAPH_FILE } from '../lib/composition.js';
import { internalRoutes } from '../lib/internal-rpc.js';
import { silentLogger } from '../lib/logger.js';
import type { ConfiguredStore } from '../lib/store-directory.js';
import { createSubgraphService } from '../lib/subgraph.js';
import { schemaFileOf, startFakePayment, startFakeTicket, type FakeTicket } from '../gateway/testing/fake-subgraphs.js';
import { freePort } from '../scripts/processes.js';
import { startStoreHost, simulatedItem } from './store-host.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const STORE_COUNTS = (process.env.BENCH_STORE_COUNTS ?? '2,100,1000').split(',').map(Number);
const CART_STORES = (process.env.BENCH_CART_STORES ?? '2,10').split(',').map(Number);
const TICKETS_PER_STORE = 2;
const SHOPPERS = 64;

const CART = `query BenchCart {
  cart { itemCount tickets { id quantity item { sku name price { amount currency } available } store { name } } }
}`;
const STORE_CATALOG = `query BenchStoreCatalog($id: ID!) {
  store(id: $id) { name items(first: 5) { totalCount edges { node { sku name price { amount } available } } } }
}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mib = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);

interface Memory {
  rss: number;
  heapUsed: number;
  gc: boolean;
}

interface GatewayProcess {
  url: string;
  child: ChildProcess;
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

/** VmRSS of a process from /proc (Linux), in bytes. */
function procRss(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function startGateway(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(REPO_ROOT, 'bench/stores-gateway.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited (${child.exitCode}):\n${output.join('').slice(-4000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not start:\n${output.join('').slice(-4000)}`);
    }
    const ok = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const memory = () =>
    new Promise<Memory>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('gateway did not report its memory')), 10_000);
      child.once('message', (m: { rss: number; heapUsed: number; gc: boolean }) => {
        clearTimeout(timer);
        resolve({ rss: procRss(child.pid!) ?? m.rss, heapUsed: m.heapUsed, gc: m.gc });
      });
      child.send({ type: 'memory', gc: true });
    });
  return {
    url,
    child,
    memory,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function post(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

/** Runs `count` requests at CONCURRENCY; latencies in ms and how many answers failed `check`. */
async function load(count: number, send: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const ok = await send(i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50ms: +percentile(latencies, 50).toFixed(2), p99ms: +percentile(latencies, 99).toFixed(2), reqPerSec: Math.round(count / seconds), failures };
}

/** K store indices spread evenly over 0..n-1, the last one included. */
function spread(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, j) => Math.floor(((j + 1) * n) / k) - 1);
}

async function main() {
  const identityKey = randomBytes(32).toString('base64url');
  const internalSecret = randomBytes(32).toString('base64url');
  const maxStores = Math.max(...STORE_COUNTS);
  const stores: ConfiguredStore[] = Array.from({ length: maxStores }, (_, i) => {
    const id = `store-${String(i + 1).padStart(4, '0')}`;
    return { id, name: `Store ${i + 1}`, url: '', secret: randomBytes(16).toString('base64url'), apiKey: `sk_${id}_${randomBytes(12).toString('hex')}` };
  });
  const host = await startStoreHost(stores);
  stores.forEach((s, i) => (s.url = host.urlOf(i)));

  // the cart's tickets: replaced per row (the fake ticket subgraph reads this array on every request)
  const tickets: FakeTicket[] = [];
  const ticket = await startFakeTicket(tickets, [], identityKey);
  const payment = await startFakePayment(identityKey);
  const session = createSubgraphService({
    schemaFile: schemaFileOf('session'),
    resolvers: { Query: { session: () => null, me: () => null } },
    identityKey,
    logger: silentLogger(),
    extendContext: (base) => base,
    routes: internalRoutes(internalSecret, {
      'sessions/resolve': async (input) => {
        const { token } = input as { token: string };
        return { ok: true, identity: { kind: 'GUEST', sessionId: `session-${token}` }, expiresAt: new Date(Date.now() + 1_800_000).toISOString() };
      },
    }),
  });
  const sessionUrl = await session.listen(0);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-stores-'));

  console.log(
    `# bench:stores on ${os.cpus().length}× ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString()}; ` +
      `${REQUESTS} requests at concurrency ${CONCURRENCY} per row after ${WARMUP} warm-up`,
  );
  const scenarios = [...CART_STORES.map((k) => ({ name: `cart×${k}`, cartStores: k })), { name: 'storeKey', cartStores: 0 }];
  try {
    for (const scenario of scenarios) {
      for (const n of STORE_COUNTS) {
        if (scenario.cartStores > n) continue;
        const directory = stores.slice(0, n);
        const storesFile = path.join(tmp, `stores-${n}.json`);
        writeFileSync(storesFile, JSON.stringify(directory));
        const cartStores = spread(n, scenario.cartStores).map((i) => directory[i]);
        tickets.length = 0;
        for (const store of cartStores) {
          for (let t = 0; t < TICKETS_PER_STORE; t++) tickets.push({ id: `t-${store.id}-${t}`, storeId: store.id, sku: `sku-${String(t).padStart(4, '0')}` });
        }
        const last = directory[n - 1];

        const gateway = await startGateway({
          IDENTITY_KEY: identityKey,
          INTERNAL_SECRET: internalSecret,
          STORES_FILE: storesFile,
          SUPERGRAPH_FILE,
          SESSION_URL: sessionUrl,
          TICKET_URL: ticket.url,
          PAYMENT_URL: payment.url,
        });
        try {
          const health = (await (await fetch(new URL('/health', gateway.url))).json()) as { stores: number };
          if (health.stores !== n) throw new Error(`gateway reports ${health.stores} stores, expected ${n}`);
          const idle = await gateway.memory();

          const send =
            scenario.cartStores > 0
              ? async (i: number) => {
                  const { status, body } = await post(gateway.url, CART, undefined, { authorization: `Bearer shopper-${i % SHOPPERS}` });
                  const lines = body.data?.cart?.tickets as { item: { sku: string; price: { amount: number } } | null; store: { name: string } | null }[] | undefined;
                  return (
                    status === 200 &&
                    !body.errors &&
                    lines?.length === tickets.length &&
                    lines.every((l, j) => l.item?.price.amount === simulatedItem(tickets[j].storeId, tickets[j].sku).price.amount && !!l.store?.name)
                  );
                }
              : async () => {
                  const { status, body } = await post(gateway.url, STORE_CATALOG, { id: last.id }, { 'x-store-key': last.apiKey });
                  return status === 200 && !body.errors && body.data?.store?.name === last.name && body.data.store.items.edges.length === 5;
                };

          const warm = await load(WARMUP, send);
          if (warm.failures) {
            const sample = scenario.cartStores > 0 ? await post(gateway.url, CART, undefined, { authorization: 'Bearer shopper-0' }) : await post(gateway.url, STORE_CATALOG, { id: last.id }, { 'x-store-key': last.apiKey });
            throw new Error(`${scenario.name} with ${n} stores: ${warm.failures} warm-up failures; sample answer ${JSON.stringify(sample).slice(0, 1000)}`);
          }
          const servedBefore = [...host.served.values()].reduce((a, b) => a + b, 0);
          const result = await load(REQUESTS, send);
          const storeFetches = [...host.served.values()].reduce((a, b) => a + b, 0) - servedBefore;
          const after = await gateway.memory();
          console.log(
            JSON.stringify({
              scenario: scenario.name,
              stores: n,
              storesPerRequest: scenario.cartStores || 1,
              requests: REQUESTS,
              concurrency: CONCURRENCY,
              ...result,
              storeFetchesPerRequest: +(storeFetches / REQUESTS).toFixed(2),
              gatewayRssMiB: mib(after.rss),
              gatewayHeapMiB: mib(after.heapUsed),
              idleRssMiB: mib(idle.rss),
              idleHeapMiB: mib(idle.heapUsed),
              afterGc: after.gc,
            }),
          );
        } finally {
          await gateway.stop();
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await Promise.all([host.close(), ticket.service.close(), payment.service.close(), session.close()]);
  }
}

await main();
process.exit(0);
