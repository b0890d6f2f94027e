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
// Scenarios (each row: its own gateway process with N stores; the operation is identical
// for every N; the rows of a scenario run side by side, their requests in interleaved rounds):
//  - cart×K: a guest shopper's `cart` whose tickets span K stores (2 tickets per store),
//    with each ticket's item (name, price, available) and store name. The ticket subgraph
//    answers the cart, then the gateway fans the Item/Store entity fetches out to the K
//    owning stores. The K stores are spread over the directory, the last store included.
//  - storeKey: a store's own servers (x-store-key of the LAST registered store) read its
//    catalog: caller resolved from the directory by API key, root field routed by store id.
//
// Memory: /proc/<pid>/status VmRSS and V8 heap used of the gateway, after a full GC (the
// gateway runs with --expose-gc; bench/stores-gateway.ts answers over IPC), when idle
// after start and after the measured requests.
//
// Env: BENCH_REQUESTS (2000), BENCH_CONCURRENCY (16), BENCH_WARMUP (300), BENCH_ROUNDS (4),
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
import { stopChild } from '../scripts/processes.js';
import { schemaFileOf, startFakePayment, startFakeTicket, type FakeTicket } from '../gateway/testing/fake-subgraphs.js';
import { freePort } from '../scripts/processes.js';
import { startStoreHost, simulatedItem } from './store-host.js';
import { closedLoop, percentile } from './load.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const STORE_COUNTS = (process.env.BENCH_STORE_COUNTS ?? '2,100,1000').split(',').map(Number);
const CART_STORES = (process.env.BENCH_CART_STORES ?? '2,10').split(',').map(Number);
const TICKETS_PER_STORE = 2;
const SHOPPERS = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

const CART = `query BenchCart {
  cart { itemCount tickets { id quantity item { sku name price { amount currency } available } store { name } } }
}`;
const STORE_CATALOG = `query BenchStoreCatalog($id: ID!) {
  store(id: $id) { name items(first: 5) { totalCount edges { node { sku name price { amount } available } } } }
}`;

const mib = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);

interface Memory {
  rss: number;
  heapUsed: number;
  gc: boolean;
}

interface Row {
  n: number;
  gateway: GatewayProcess;
  send: (i: number) => Promise<boolean>;
  idle: Memory;
  latencies: number[];
  seconds: number;
  failures: number;
  storeFetches: number;
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
  // keep the pipes drained (a chatty child never blocks), without keeping what it says
  output.length = 0;
  child.stdout!.removeAllListeners('data').resume();
  child.stderr!.removeAllListeners('data').resume();
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
    stop: () => stopChild(child),
  };
}

async function post(url: string, query: string, variables: Record<string, unknown> | undefined, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

/** Runs `count` requests at CONCURRENCY: latencies (ms), wall time (s), failed answers. */
const load = (count: number, send: (i: number) => Promise<boolean>) => closedLoop(count, CONCURRENCY, send);

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
  const totalServed = () => [...host.served.values()].reduce((a, b) => a + b, 0);
  stores.forEach((s, i) => (s.url = host.urlOf(i)));

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
      `${REQUESTS} requests at concurrency ${CONCURRENCY} per row (${ROUNDS} interleaved rounds) after ${WARMUP} warm-up`,
  );
  const scenarios = [...CART_STORES.map((k) => ({ name: `cart×${k}`, cartStores: k })), { name: 'storeKey', cartStores: 0 }];
  const started: { stop(): Promise<void> }[] = [];
  try {
    for (const scenario of scenarios) {
      // One gateway per store count, all up at once; the measured requests go in ROUNDS
      // slices, the store counts taking turns in rotating order, so drift in the machine's
      // load (2 shared vCPUs) falls on every store count alike.
      const rows: Row[] = [];
      for (const n of STORE_COUNTS.filter((count) => scenario.cartStores <= count)) {
        const directory = stores.slice(0, n);
        const storesFile = path.join(tmp, `stores-${n}.json`);
        writeFileSync(storesFile, JSON.stringify(directory));
        // the cart: TICKETS_PER_STORE tickets at each of K stores spread over the directory (a ticket subgraph per row)
        const tickets: FakeTicket[] = spread(n, scenario.cartStores).flatMap((i) =>
          Array.from({ length: TICKETS_PER_STORE }, (_, t) => ({ id: `t-${directory[i].id}-${t}`, storeId: directory[i].id, sku: `sku-${String(t).padStart(4, '0')}` })),
        );
        const ticket = await startFakeTicket(tickets, [], identityKey);
        started.push({ stop: () => ticket.service.close() });
        const gateway = await startGateway({
          IDENTITY_KEY: identityKey,
          INTERNAL_SECRET: internalSecret,
          STORES_FILE: storesFile,
          SUPERGRAPH_FILE,
          SESSION_URL: sessionUrl,
          TICKET_URL: ticket.url,
          PAYMENT_URL: payment.url,
        });
        started.push(gateway);
        const health = (await (await fetch(new URL('/health', gateway.url))).json()) as { stores: number };
        if (health.stores !== n) throw new Error(`gateway reports ${health.stores} stores, expected ${n}`);
        const last = directory[n - 1];
        const send =
          scenario.cartStores > 0
            ? async (i: number) => {
                const { status, body } = await post(gateway.url, CART, undefined, { authorization: `Bearer shopper-${i % SHOPPERS}` });
                const lines = body.data?.cart?.tickets as { item: { price: { amount: number } } | null; store: { name: string } | null }[] | undefined;
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
        const idle = await gateway.memory();
        const warm = await load(WARMUP, send);
        if (warm.failures) {
          const sample = scenario.cartStores > 0 ? await post(gateway.url, CART, undefined, { authorization: 'Bearer shopper-0' }) : await post(gateway.url, STORE_CATALOG, { id: last.id }, { 'x-store-key': last.apiKey });
          throw new Error(`${scenario.name} with ${n} stores: ${warm.failures} warm-up failures; sample answer ${JSON.stringify(sample).slice(0, 1000)}`);
        }
        rows.push({ n, gateway, send, idle, latencies: [], seconds: 0, failures: 0, storeFetches: 0 });
      }
      const slice = Math.ceil(REQUESTS / ROUNDS);
      for (let round = 0; round < ROUNDS; round++) {
        for (let j = 0; j < rows.length; j++) {
          const row = rows[(round + j) % rows.length];
          const count = Math.min(slice, REQUESTS - round * slice);
          if (count <= 0) continue;
          const servedBefore = totalServed();
          const result = await load(count, row.send);
          row.storeFetches += totalServed() - servedBefore;
          row.latencies.push(...result.latencies);
          row.seconds += result.seconds;
          row.failures += result.failures;
        }
      }
      for (const row of rows) {
        const after = await row.gateway.memory();
        const sorted = row.latencies.sort((a, b) => a - b);
        console.log(
          JSON.stringify({
            scenario: scenario.name,
            stores: row.n,
            storesPerRequest: scenario.cartStores || 1,
            requests: sorted.length,
            concurrency: CONCURRENCY,
            p50ms: +percentile(sorted, 50).toFixed(1),
            p99ms: +percentile(sorted, 99).toFixed(1),
            reqPerSec: Math.round(sorted.length / row.seconds),
            failures: row.failures,
            storeFetchesPerRequest: +(row.storeFetches / sorted.length).toFixed(2),
            gatewayRssMiB: mib(after.rss),
            gatewayHeapMiB: mib(after.heapUsed),
            idleRssMiB: mib(row.idle.rss),
            idleHeapMiB: mib(row.idle.heapUsed),
            afterGc: after.gc,
          }),
        );
      }
      // this scenario's gateways and ticket subgraphs
      await Promise.all(started.splice(0).map((s) => s.stop()));
    }
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(tmp, { recursive: true, force: true });
    await Promise.all([host.close(), payment.service.close(), session.close()]);
  }
}

await main();
process.exit(0);
