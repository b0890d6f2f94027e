import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '../lib/db.js';
import { REPO_ROOT, SUPERGRAPH_FILE } from '../lib/composition.js';
import type { StoreEntry } from '../lib/store-directory.js';
import type { DemoStoreSpec } from './exchange.js';
import { registerStoreAtRegistry } from '../subgraphs/registry/client.js';
import { paymentEndpointOf } from '../subgraphs/inventory/payments/routes.js';

/**
 * The exchange as production runs it: every service its own OS process (from its
 * main.ts, configured only by environment), replicas included. Benchmarks and the
 * multi-process tests use it.
 */
export interface ProcessExchangeOptions {
  adminDatabaseUrl: string;
  databasePrefix: string;
  redisUrl?: string;
  redisPrefix?: string;
  stores: DemoStoreSpec[];
  ticketReplicas?: number;
  gatewayReplicas?: number;
  env?: Record<string, string>;
  /** Print children's log lines (default: only when they fail to start). */
  inheritLogs?: boolean;
  /**
   * Where services find the stores (default `registry`): a registry process, the stores
   * registered through gateway 0's operator API, every service polling it (REGISTRY_URL);
   * `static`: the STORES list in every service's environment.
   */
  storeDirectory?: 'registry' | 'static';
  /** REGISTRY_POLL_MS for every service (default: theirs, 2 s). */
  registryPollMs?: number;
}

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same environment. */
  restart(): Promise<void>;
}

export interface ProcessExchange {
  gateways: ServiceProcess[];
  tickets: ServiceProcess[];
  session: ServiceProcess;
  payment: ServiceProcess;
  /** The registry process (unset with `storeDirectory: 'static'`). */
  registry?: ServiceProcess;
  /** OPERATOR_KEY of every gateway: send it as x-operator-key (registry mode). */
  operatorKey?: string;
  stores: (StoreEntry & { apiKey: string; process: ServiceProcess; databaseUrl: string })[];
  identityKey: string;
  internalSecret: string;
  stop(): Promise<void>;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const health = new URL('/health', url).toString();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const res = await fetch(health, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no healthy answer from ${health} within ${timeoutMs} ms`);
}

/**
 * The URL a child service says it listens on: its own "… listening" log line (JSON, with
 * `url`). Children bind port 0 and report what they got, so no port is picked here and then
 * taken by another process before the child binds it (a health check would then reach the
 * wrong server).
 */
function listeningUrl(child: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        let record: { msg?: unknown; url?: unknown };
        try {
          record = JSON.parse(line) as { msg?: unknown; url?: unknown };
        } catch {
          continue;
        }
        if (typeof record.msg === 'string' && record.msg.endsWith('listening') && typeof record.url === 'string') {
          finish();
          resolve(record.url);
          return;
        }
      }
    };
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`exited with code ${code} before listening`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`did not say it was listening within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function startService(name: string, entry: string, env: Record<string, string>, inheritLogs: boolean): Promise<ServiceProcess> {
  // 0: the child binds any free port and says which; a restart reuses the port it got
  let port = env.PORT ?? '0';
  const launch = async (): Promise<{ child: ChildProcess; url: string }> => {
    const fullEnv = { ...process.env, ...env, PORT: port, HOST: '127.0.0.1', LOG_FORMAT: 'json' } as Record<string, string>;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, entry)], { cwd: REPO_ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const keep = (d: Buffer) => output.push(d.toString());
    if (inheritLogs) {
      child.stdout?.pipe(process.stdout);
      child.stderr?.pipe(process.stderr);
    } else {
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
    }
    let url: string;
    try {
      url = await listeningUrl(child);
      await waitForHealth(url, child);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start: ${(error as Error).message}\n${output.join('').slice(-4000)}`);
    }
    if (!inheritLogs) {
      // keep the pipes drained so a chatty child never blocks on a full pipe
      output.length = 0;
      child.stdout?.off('data', keep).resume();
      child.stderr?.off('data', keep).resume();
    }
    return { child, url };
  };
  const first = await launch();
  port = new URL(first.url).port;
  const service: ServiceProcess = {
    name,
    url: first.url,
    child: first.child,
    stop: () => stopChild(service.child),
    async restart() {
      await service.stop();
      service.child = (await launch()).child;
    },
  };
  return service;
}

export async function startProcessExchange(options: ProcessExchangeOptions): Promise<ProcessExchange> {
  const identityKey = randomBytes(32).toString('base64url');
  const internalSecret = randomBytes(32).toString('base64url');
  const logs = options.inheritLogs ?? false;
  const started: ServiceProcess[] = [];
  const db = (name: string) => ensureDatabase(options.adminDatabaseUrl, `${options.databasePrefix}${name}`.replace(/[^a-z0-9_]/g, '_'));
  const common: Record<string, string> = {
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...(options.redisPrefix ? { REDIS_PREFIX: options.redisPrefix } : {}),
    ...options.env,
  };
  const start = async (name: string, entry: string, env: Record<string, string>) => {
    const service = await startService(name, entry, { ...common, ...env }, logs);
    started.push(service);
    return service;
  };
  try {
    const stores: ProcessExchange['stores'] = [];
    for (const spec of options.stores) {
      const secret = randomBytes(32).toString('base64url');
      const databaseUrl = await db(`store_${spec.id}`);
      const storeEnv = { STORE_ID: spec.id, STORE_NAME: spec.name, STORE_CURRENCY: spec.currency, STORE_SECRET: secret };
      let proc: ServiceProcess;
      if (spec.kind === 'rest') {
        // the sample REST store (its own process and database), then its wrapper subgraph
        const apiKey = randomBytes(24).toString('base64url');
        const rest = await start(`rest-store:${spec.id}`, 'examples/rest-store/main.ts', {
          DATABASE_URL: databaseUrl,
          API_KEY: apiKey,
          ...(spec.catalog ? { SEED_DEMO: '1' } : {}),
        });
        proc = await start(`inventory-rest:${spec.id}`, 'subgraphs/inventory-rest/main.ts', {
          ...storeEnv,
          REST_BASE_URL: new URL(rest.url).origin,
          REST_API_KEY: apiKey,
        });
      } else {
        proc = await start(`inventory:${spec.id}`, 'subgraphs/inventory/main.ts', {
          ...storeEnv,
          DATABASE_URL: databaseUrl,
          ...(spec.catalog ? { SEED_DEMO: '1', STORE_CATALOG: spec.catalog } : {}),
          // store-run payments: the store's own processor at {origin}/payments
          ...(spec.payments ? { STORE_PAYMENTS: '1' } : {}),
        });
      }
      const paymentEndpoint = spec.kind !== 'rest' && spec.payments ? paymentEndpointOf(proc.url) : undefined;
      stores.push({ id: spec.id, name: spec.name, url: proc.url, secret, apiKey: `sk_${spec.id}_${randomBytes(16).toString('hex')}`, process: proc, databaseUrl, ...(paymentEndpoint ? { paymentEndpoint } : {}) });
    }
    const keys = { IDENTITY_KEY: identityKey, INTERNAL_SECRET: internalSecret };
    const useRegistry = (options.storeDirectory ?? 'registry') === 'registry';
    let registry: ServiceProcess | undefined;
    const operatorKey = useRegistry ? randomBytes(32).toString('base64url') : undefined;
    // registry mode: every service polls the registry; static: every service gets the list
    let storeSource: Record<string, string>;
    if (useRegistry) {
      const registryDb = `${options.databasePrefix}registry`.replace(/[^a-z0-9_]/g, '_');
      // the stores get fresh secrets every start: a registry left from a previous run would be stale
      await dropDatabase(options.adminDatabaseUrl, registryDb);
      registry = await start('registry', 'subgraphs/registry/main.ts', {
        ...keys,
        DATABASE_URL: await db('registry'),
        REGISTRY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      });
      // the stores join (contract check included) before the services start, so each one's
      // first poll already lists them all; later joins go through the gateway's operator API
      for (const { id, name, url, secret, apiKey, paymentEndpoint } of stores) {
        await registerStoreAtRegistry(registry.url, identityKey, { id, name, url, secret, apiKey, ...(paymentEndpoint ? { paymentEndpoint } : {}) });
      }
      storeSource = { REGISTRY_URL: registry.url, ...(options.registryPollMs ? { REGISTRY_POLL_MS: String(options.registryPollMs) } : {}) };
    } else {
      storeSource = { STORES: JSON.stringify(stores.map(({ id, name, url, secret, apiKey, paymentEndpoint }) => ({ id, name, url, secret, apiKey, ...(paymentEndpoint ? { paymentEndpoint } : {}) }))) };
    }
    const session = await start('session', 'subgraphs/session/main.ts', { ...keys, ...storeSource, DATABASE_URL: await db('session') });
    const ticketDb = await db('ticket');
    const tickets: ServiceProcess[] = [];
    // payment starts after the tickets (it needs TICKET_URL), yet the tickets read price
    // rules from it (PAYMENT_URL): its port is chosen now
    const paymentPort = await freePort();
    const paymentUrl = `http://127.0.0.1:${paymentPort}/graphql`;
    for (let i = 0; i < (options.ticketReplicas ?? 1); i++) {
      tickets.push(await start(`ticket#${i}`, 'subgraphs/ticket/main.ts', { ...keys, ...storeSource, DATABASE_URL: ticketDb, SESSION_URL: session.url, PAYMENT_URL: paymentUrl }));
    }
    const payment = await start('payment', 'subgraphs/payment/main.ts', { ...keys, ...storeSource, DATABASE_URL: await db('payment'), TICKET_URL: tickets[0].url, SESSION_URL: session.url, PORT: String(paymentPort) });
    const gateways: ServiceProcess[] = [];
    for (let i = 0; i < (options.gatewayReplicas ?? 1); i++) {
      gateways.push(
        await start(`gateway#${i}`, 'gateway/main.ts', {
          ...keys,
          ...storeSource,
          ...(operatorKey ? { OPERATOR_KEY: operatorKey } : {}),
          SUPERGRAPH_FILE,
          SESSION_URL: session.url,
          // gateway i talks to ticket replica i (round robin), as behind a load balancer
          TICKET_URL: tickets[i % tickets.length].url,
          PAYMENT_URL: payment.url,
        }),
      );
    }
    return {
      gateways,
      tickets,
      session,
      payment,
      registry,
      operatorKey,
      stores,
      identityKey,
      internalSecret,
      async stop() {
        await Promise.all([...started].reverse().map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}
