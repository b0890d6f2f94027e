// `npm run bench:subscriptions`: many concurrent subscribers on ONE gateway process
// (default 10,000 WebSocket connections), every service its own process on real
// PostgreSQL and Redis. Measures
//  1. delivery latency: a hold mutation is sent → its HELD event reaches each of the
//     cart's subscribers (p50/p99 over all deliveries);
//  2. expiry lateness: EXPIRED event received − the ticket's expiresAt (p50/p99), for
//     many tickets expiring at about the same time, with nobody asking.
// Subscribers are spread over carts (BENCH_SUBSCRIBERS_PER_CART, default 5: tabs and
// devices of one shopper), so identical subscriptions share upstream streams.
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { dropDatabase } from '../lib/db.js';
import { startProcessExchange } from '../scripts/processes.js';
import { graphql } from '../test/support/graphql-client.js';
import { latencySummary } from './load.js';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const PER_CART = Number(process.env.BENCH_SUBSCRIBERS_PER_CART ?? 5);
const CARTS = Math.ceil(SUBSCRIBERS / PER_CART);
const HOLD_EVENTS = Number(process.env.BENCH_HOLD_EVENTS ?? 500);
const EXPIRING_TICKETS = Number(process.env.BENCH_EXPIRING_TICKETS ?? 1_000);
const TTL_SECONDS = Number(process.env.BENCH_TICKET_TTL_SECONDS ?? 20);

const summary = latencySummary;
const HOLD = `mutation($input: HoldInput!) { hold(input: $input) { __typename ... on Ticket { id expiresAt } } }`;
const EVENTS = `subscription { cartEvents { type occurredAt ticket { id expiresAt } } }`;

async function inBatches<T>(count: number, batch: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => fn(i + j)))));
  return out;
}

async function main() {
  const prefix = `bench_${randomBytes(3).toString('hex')}_`;
  const stores = [{ id: 'bench-a', name: 'Bench A', currency: 'USD', catalog: 'books' as const }];
  const exchange = await startProcessExchange({
    adminDatabaseUrl: ADMIN_URL,
    databasePrefix: prefix,
    redisUrl: REDIS_URL,
    redisPrefix: `bench:${prefix}`,
    stores,
    env: { TICKET_TTL_SECONDS: String(TTL_SECONDS), EXPIRING_LEAD_SECONDS: '5' },
  });
  const gatewayUrl = exchange.gateways[0].url;
  const clients: Client[] = [];
  try {
    const store = new pg.Client({ connectionString: exchange.stores[0].databaseUrl });
    await store.connect();
    await store.query('UPDATE items SET stock_on_hand = 1000000');
    await store.end();
    const skus = (await graphql(gatewayUrl, `{ store(id: "bench-a") { items(first: 100) { edges { node { sku } } } } }`)).data.store.items.edges.map((e: any) => e.node.sku) as string[];

    console.log(`# bench:subscriptions on ${os.cpus().length}× ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${new Date().toISOString()}`);
    const tokens = await inBatches(CARTS, 50, async () => (await graphql(gatewayUrl, `mutation { startGuestSession { token } }`)).data.startGuestSession.token as string);

    // Per cart: when the hold was sent; per ticket: its expiresAt. Receivers look them up.
    const holdSentAt = new Map<string, number>(); // ticket id → send time
    const pendingHold = new Map<number, number>(); // cart → send time of the hold in flight
    const delivery: number[] = [];
    const pipeline: number[] = []; // event occurredAt (server, at commit) → received
    const lateness: number[] = [];
    let errors = 0;

    const connectStarted = performance.now();
    await inBatches(SUBSCRIBERS, 200, async (i) => {
      const cart = i % CARTS;
      const client = createClient({
        url: gatewayUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${tokens[cart]}` },
        retryAttempts: 0,
      });
      clients.push(client);
      await new Promise<void>((resolve) => {
        let ready = false;
        client.on('connected', () => {
          if (!ready) setTimeout(resolve, 0);
          ready = true;
        });
        client.subscribe(
          { query: EVENTS },
          {
            next: (result: any) => {
              const now = performance.now();
              const event = result.data?.cartEvents;
              if (!event) {
                errors++;
                return;
              }
              if (event.type === 'HELD') {
                pipeline.push(Date.now() - new Date(event.occurredAt).getTime());
                const sent = holdSentAt.get(event.ticket.id) ?? pendingHold.get(cart);
                if (sent !== undefined) delivery.push(now - sent);
              } else if (event.type === 'EXPIRED') {
                lateness.push(Date.now() - new Date(event.ticket.expiresAt).getTime());
              }
            },
            error: () => errors++,
            complete: () => {},
          },
        );
      });
    });
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    const health = await (await fetch(new URL('/health', gatewayUrl))).json();
    const gatewayRss = await rssOf(exchange.gateways[0].child.pid!);
    console.log(JSON.stringify({ phase: 'connect', subscribers: SUBSCRIBERS, carts: CARTS, seconds: +connectSeconds.toFixed(1), gatewayStats: health.subscriptions, gatewayRssMiB: gatewayRss }));
    await new Promise((r) => setTimeout(r, 2_000));

    // 1. delivery latency: holds on distinct carts at a steady rate (HOLD_RATE per second),
    //    so the figure is the event pipeline, not a queue of mutations
    const roundTrips: number[] = [];
    const HOLD_RATE = Number(process.env.BENCH_HOLD_RATE ?? 50);
    await Promise.all(
      Array.from({ length: HOLD_EVENTS }, async (_, i) => {
        await new Promise((r) => setTimeout(r, (i * 1000) / HOLD_RATE));
        const cart = (i * 7919) % CARTS;
        const sent = performance.now();
        pendingHold.set(cart, sent);
        const res = await graphql(gatewayUrl, HOLD, { input: { storeId: 'bench-a', sku: skus[i % skus.length], quantity: 1, idempotencyKey: randomUUID() } }, { authorization: `Bearer ${tokens[cart]}` });
        roundTrips.push(performance.now() - sent);
        if (res.data?.hold?.id) holdSentAt.set(res.data.hold.id, sent);
      }),
    );
    await new Promise((r) => setTimeout(r, 2_000));
    console.log(JSON.stringify({ phase: 'hold mutation round trip (for reference)', ...summary(roundTrips) }));
    console.log(JSON.stringify({ phase: 'delivery (hold sent → HELD received by each subscriber)', ratePerSecond: HOLD_RATE, expected: HOLD_EVENTS * PER_CART, ...summary(delivery), errors }));
    console.log(JSON.stringify({ phase: 'event pipeline (hold committed → HELD received)', ...summary(pipeline) }));

    // 2. expiry lateness: many tickets expiring at about the same time
    const expiringStart = lateness.length;
    await inBatches(EXPIRING_TICKETS, 50, async (i) => {
      const cart = i % CARTS;
      await graphql(gatewayUrl, HOLD, { input: { storeId: 'bench-a', sku: skus[i % skus.length], quantity: 1, idempotencyKey: randomUUID() } }, { authorization: `Bearer ${tokens[cart]}` });
    });
    const expectedExpired = (HOLD_EVENTS + EXPIRING_TICKETS) * PER_CART;
    const deadline = Date.now() + (TTL_SECONDS + 30) * 1000;
    while (lateness.length < expectedExpired && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    console.log(JSON.stringify({ phase: 'expiry lateness (EXPIRED received − expiresAt)', tickets: HOLD_EVENTS + EXPIRING_TICKETS, expected: expectedExpired, ...summary(lateness.slice(expiringStart > 0 ? 0 : 0)), errors }));
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await exchange.stop();
    for (const name of ['session', 'ticket', 'payment', 'store_bench_a']) await dropDatabase(ADMIN_URL, `${prefix}${name}`).catch(() => {});
  }
}

async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

await main();
process.exit(0);
