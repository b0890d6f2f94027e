import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SUPERGRAPH_FILE } from '../lib/composition.js';
import { createClient, type RedisClientType } from 'redis';
import { createPool, dropDatabase, ensureDatabase, type Pool } from '../lib/db.js';
import { InMemoryEventBus, RedisEventBus, type EventBus } from '../lib/event-bus.js';
import type { HttpService } from '../lib/http-server.js';
import { HttpInventoryClient } from '../lib/inventory-client.js';
import type { Logger } from '../lib/logger.js';
import type { Mailer } from '../lib/mail/mailer.js';
import { StaticStoreDirectory, type StoreDirectory, type StoreEntry } from '../lib/store-directory.js';
import { RegistryStoreDirectory } from '../lib/registry-store-directory.js';
import { RegistryPartnerDirectory } from '../lib/registry-partner-directory.js';
import { createRegistryServer, migrateRegistry } from '../subgraphs/registry/server.js';
import { registerStoreThroughGateway } from '../subgraphs/registry/client.js';
import { createGateway } from '../gateway/server.js';
import { createInventoryServer, migrateInventory } from '../subgraphs/inventory/server.js';
import { seedDemoCatalog } from '../subgraphs/inventory/seed.js';
import { paymentEndpointOf } from '../subgraphs/inventory/payments/routes.js';
import { createPaymentServer, migratePayment } from '../subgraphs/payment/server.js';
import { SandboxPaymentProvider } from '../subgraphs/payment/infra/sandbox-payment-provider.js';
import { SessionAccountContacts } from '../subgraphs/payment/infra/session-account-contacts.js';
import { createSessionResolver } from '../subgraphs/session/client.js';
import { InMemorySessionStore } from '../subgraphs/session/infra/memory-session-store.js';
import { RedisSessionStore } from '../subgraphs/session/infra/redis-session-store.js';
import { InMemoryLoginRateLimiter } from '../subgraphs/session/infra/memory-login-rate-limiter.js';
import { RedisLoginRateLimiter } from '../subgraphs/session/infra/redis-login-rate-limiter.js';
import { InMemoryRelayCodeStore } from '../subgraphs/session/infra/memory-relay-code-store.js';
import { RedisRelayCodeStore } from '../subgraphs/session/infra/redis-relay-code-store.js';
import { InMemoryNonceStore } from '../subgraphs/session/infra/memory-nonce-store.js';
import { RedisNonceStore } from '../subgraphs/session/infra/redis-nonce-store.js';
import { createSessionServer, migrateSession } from '../subgraphs/session/server.js';
import { createTicketCheckoutClient } from '../subgraphs/ticket/client.js';
import { createTicketServer, migrateTicket } from '../subgraphs/ticket/server.js';
import { SessionServiceOfferCodes } from '../subgraphs/ticket/infra/session-offer-codes-client.js';
import { PaymentServicePriceRules } from '../subgraphs/ticket/infra/payment-price-rules.js';
import { createRestInventoryServer, loadRestMapping } from '../subgraphs/inventory-rest/server.js';
import { createRestStoreServer, migrateRestStore } from '../examples/rest-store/server.js';
import { seedProducts } from '../examples/rest-store/seed.js';

/**
 * The whole exchange in one process: gateway, session, ticket and payment subgraphs and
 * one inventory subgraph per store, each on its own port and database. `npm start` and
 * the end-to-end tests use it; production runs each service alone from its main.ts.
 */
export type DemoStoreSpec = NativeDemoStoreSpec | RestDemoStoreSpec;

/** A store running the inventory subgraph itself. */
export interface NativeDemoStoreSpec {
  kind?: 'native';
  id: string;
  name: string;
  currency: string;
  /** Which demo catalog to seed (undefined: seed nothing). */
  catalog?: 'books' | 'hardware';
  /**
   * Store-run payments: the store runs its own payment handling (the inventory subgraph's
   * sandbox processor at `{origin}/payments`, registered as its `paymentEndpoint`); the
   * exchange then calls the store for this store's parts of orders. Default: the exchange charges.
   */
  payments?: boolean;
}

/**
 * A store with only a REST API: the sample REST store (examples/rest-store, its own
 * database) behind the inventory-rest wrapper subgraph, which the directory lists as
 * the store's inventory URL.
 */
export interface RestDemoStoreSpec {
  kind: 'rest';
  id: string;
  name: string;
  currency: string;
  /** Seed the sample store's grocery shelf (undefined: seed nothing). */
  catalog?: 'grocery';
}

export interface ExchangeOptions {
  /** URL of a PostgreSQL database with rights to create databases. */
  adminDatabaseUrl: string;
  /** Prefix of the databases created: `<prefix>session`, `<prefix>store_<id>`... */
  databasePrefix: string;
  /** Unset: in-process stand-ins for Redis's roles (single process only). */
  redisUrl?: string;
  redisPrefix?: string;
  stores: DemoStoreSpec[];
  logger: Logger;
  host?: string;
  /** Gateway port (0: any free port). The subgraphs always take free ports. */
  gatewayPort?: number;
  ticketTtlMs?: number;
  leaseGraceMs?: number;
  sweepIntervalMs?: number;
  /** EXPIRING is announced this long before a ticket expires (ticket default: 60 s). */
  expiringLeadMs?: number;
  sessionTtlMs?: number;
  /** Session relay code lifetime (session default: 60 s). */
  relayCodeTtlMs?: number;
  /** Bind relay codes to the shopper's IP (session default: off). */
  relayBindClientIp?: boolean;
  /** Store login assertion time window (session default: 300 s). */
  storeLoginMaxSkewMs?: number;
  storeTimeoutMs?: number;
  /** Number of ticket-subgraph replicas behind the gateway's one URL is 1; extra replicas serve tests. */
  extraTicketReplicas?: number;
  /**
   * Where the services find the stores (default `registry`): the registry subgraph, with
   * the demo stores registered through the gateway's operator API at start-up and every
   * service polling it; `static`: a fixed StaticStoreDirectory, no registry.
   */
  storeDirectory?: 'registry' | 'static';
  /** How often every service polls the registry (default 2 s). */
  registryPollMs?: number;
  /** Sends the payment subgraph's automatic emails (unset: they wait in its outbox, never dropped). */
  mailer?: Mailer;
  mailFrom?: string;
  /** Pause between the payment subgraph's email dispatch runs (payment default: 1 s); short in tests. */
  emailDispatchIntervalMs?: number;
  /** Store frontends' origins allowed to call the gateway from browsers (CORS); unset: none. */
  corsOrigins?: readonly string[];
}

export interface RunningExchange {
  gatewayUrl: string;
  /** One more gateway per extra ticket replica, each routing to that replica. */
  extraGatewayUrls: string[];
  sessionUrl: string;
  ticketUrls: string[];
  paymentUrl: string;
  /** `pool` is the store's own database (for a REST store: the REST store's, with its own tables). */
  stores: (StoreEntry & { apiKey: string; pool: Pool; kind: 'native' | 'rest'; restUrl?: string })[];
  pools: Pool[];
  /** The exchange's own pool on the payment subgraph's database (ledger, outbox and transaction checks). */
  paymentPool: Pool;
  identityKey: string;
  internalSecret: string;
  paymentProvider: SandboxPaymentProvider;
  /** The registry subgraph (unset with `storeDirectory: 'static'`). */
  registryUrl?: string;
  /** Send as `x-operator-key` to the gateway to act as an operator (registry mode). */
  operatorKey?: string;
  /** Stops one store's inventory server (fault-injection in tests). */
  stopStore(id: string): Promise<void>;
  stop(): Promise<void>;
}

function dbName(prefix: string, name: string): string {
  return `${prefix}${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

export async function startExchange(options: ExchangeOptions): Promise<RunningExchange> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger;
  const identityKey = randomBytes(32).toString('base64url');
  const internalSecret = randomBytes(32).toString('base64url');
  const services: HttpService[] = [];
  const pools: Pool[] = [];
  const redisClients: RedisClientType[] = [];
  const eventBuses: EventBus[] = [];
  const stopped = new Set<HttpService>();
  const directories: (RegistryStoreDirectory | RegistryPartnerDirectory)[] = [];

  const openDatabase = async (name: string) => {
    const url = await ensureDatabase(options.adminDatabaseUrl, dbName(options.databasePrefix, name));
    const pool = createPool(url);
    pools.push(pool);
    return pool;
  };
  const started = async (service: HttpService) => {
    services.push(service);
    return service.listen(0, host);
  };

  try {
    // Stores first: every other service needs their URLs.
    const stores: RunningExchange['stores'] = [];
    const storeServices = new Map<string, HttpService[]>();
    for (const spec of options.stores) {
      const pool = await openDatabase(`store_${spec.id}`);
      const secret = randomBytes(32).toString('base64url');
      const store = { id: spec.id, name: spec.name, currency: spec.currency };
      const logger = log.child({ service: `inventory:${spec.id}` });
      let url: string;
      if (spec.kind === 'rest') {
        await migrateRestStore(pool);
        if (spec.catalog === 'grocery') await seedProducts(pool);
        const apiKey = randomBytes(24).toString('base64url');
        const restStore = createRestStoreServer({ pool, apiKey, logger: log.child({ service: `rest-store:${spec.id}` }) });
        services.push(restStore);
        const restUrl = await restStore.listen(0, host);
        // the wrapper answers within the exchange's store timeout, or says STORE_UNAVAILABLE itself
        const mapping = loadRestMapping(undefined, { baseUrl: restUrl, apiKey, timeoutMs: Math.max(500, Math.round((options.storeTimeoutMs ?? 3_000) * 0.8)) });
        const wrapper = createRestInventoryServer({ store, secret, mapping, logger });
        url = await started(wrapper);
        storeServices.set(spec.id, [wrapper, restStore]);
        stores.push({ id: spec.id, name: spec.name, url, secret, apiKey: `sk_${spec.id}_${randomBytes(16).toString('hex')}`, pool, kind: 'rest', restUrl });
        continue;
      }
      await migrateInventory(pool);
      if (spec.catalog) await seedDemoCatalog(pool, { storeId: spec.id, variant: spec.catalog, currency: spec.currency });
      const service = createInventoryServer({ pool, store, secret, logger, payments: spec.payments });
      url = await started(service);
      storeServices.set(spec.id, [service]);
      stores.push({
        id: spec.id,
        name: spec.name,
        url,
        secret,
        apiKey: `sk_${spec.id}_${randomBytes(16).toString('hex')}`,
        pool,
        kind: 'native',
        ...(spec.payments ? { paymentEndpoint: paymentEndpointOf(url) } : {}),
      });
    }
    // The registry (own database, rebuilt at every start: demo stores get fresh secrets each
    // start); every service polls it through its own directory, as separate processes would.
    const useRegistry = (options.storeDirectory ?? 'registry') === 'registry';
    const operatorKey = useRegistry ? randomBytes(32).toString('base64url') : undefined;
    let registryUrl: string | undefined;
    if (useRegistry) {
      await dropDatabase(options.adminDatabaseUrl, dbName(options.databasePrefix, 'registry'));
      const registryPool = await openDatabase('registry');
      await migrateRegistry(registryPool);
      registryUrl = await started(
        createRegistryServer({ pool: registryPool, identityKey, internalSecret, encryptionKey: randomBytes(32), logger: log.child({ service: 'registry' }) }),
      );
    }
    const directoryFor = async (name: string): Promise<StoreDirectory> => {
      if (!registryUrl) return new StaticStoreDirectory(stores.map(({ id, name, url, secret, apiKey, paymentEndpoint }) => ({ id, name, url, secret, apiKey, ...(paymentEndpoint ? { paymentEndpoint } : {}) })));
      const polled = new RegistryStoreDirectory({ registryUrl, internalSecret, intervalMs: options.registryPollMs, logger: log.child({ service: name, component: 'store-directory' }) });
      directories.push(polled);
      await polled.start();
      return polled;
    };
    const directory = await directoryFor('ticket+payment');
    const inventory = new HttpInventoryClient({ directory, timeoutMs: options.storeTimeoutMs });

    // Session: Redis holds sessions, relay codes, nonces and login counters when configured.
    const sessionPool = await openDatabase('session');
    await migrateSession(sessionPool);
    let sessions;
    let loginLimiter;
    let relayCodes;
    let nonces;
    if (options.redisUrl) {
      const redis = createClient({ url: options.redisUrl }) as RedisClientType;
      redis.on('error', (err) => log.error({ err }, 'redis error'));
      await redis.connect();
      redisClients.push(redis);
      const prefix = options.redisPrefix ?? 'cartstart:';
      sessions = new RedisSessionStore(redis, `${prefix}session:`);
      loginLimiter = new RedisLoginRateLimiter(redis, `${prefix}login:`);
      relayCodes = new RedisRelayCodeStore(redis, `${prefix}relay:`);
      nonces = new RedisNonceStore(redis, `${prefix}nonce:`);
    } else {
      sessions = new InMemorySessionStore();
      loginLimiter = new InMemoryLoginRateLimiter();
      relayCodes = new InMemoryRelayCodeStore();
      nonces = new InMemoryNonceStore();
    }
    const sessionUrl = await started(
      createSessionServer({
        pool: sessionPool,
        sessions,
        loginLimiter,
        relayCodes,
        nonces,
        stores: await directoryFor('session'),
        identityKey,
        internalSecret,
        logger: log.child({ service: 'session' }),
        sessionTtlMs: options.sessionTtlMs,
        relayCodeTtlMs: options.relayCodeTtlMs,
        relayBindClientIp: options.relayBindClientIp,
        storeLoginMaxSkewMs: options.storeLoginMaxSkewMs,
      }),
    );

    // Ticket: one or more replicas on one database.
    const ticketPool = await openDatabase('ticket');
    await migrateTicket(ticketPool);
    const ticketUrls: string[] = [];
    // ticket events: through Redis (one bus per replica, as separate processes would have),
    // else one in-process bus all replicas share
    const sharedBus = options.redisUrl ? undefined : new InMemoryEventBus(log);
    if (sharedBus) eventBuses.push(sharedBus);
    const eventBusFor = async (): Promise<EventBus> => {
      if (sharedBus) return sharedBus;
      const bus = await RedisEventBus.connect(options.redisUrl!, { prefix: `${options.redisPrefix ?? 'cartstart:'}events:`, logger: log });
      eventBuses.push(bus);
      return bus;
    };
    // payment starts after the ticket replicas (it needs their URL): the ticket's price-rule
    // reads find its URL once it is up (carts are only priced after start-up)
    let paymentUrlOnceStarted: string | undefined;
    const paymentUrlForTicket = () => {
      if (!paymentUrlOnceStarted) throw new Error('the payment subgraph has not started yet');
      return paymentUrlOnceStarted;
    };
    for (let i = 0; i <= (options.extraTicketReplicas ?? 0); i++) {
      ticketUrls.push(
        await started(
          createTicketServer({
            pool: ticketPool,
            directory,
            inventory,
            identityKey,
            internalSecret,
            sessionOfferCodes: new SessionServiceOfferCodes({ baseUrl: sessionUrl, secret: internalSecret }),
            // one per replica, as separate processes would have (each with its own 2 s cache)
            priceRules: new PaymentServicePriceRules({ baseUrl: paymentUrlForTicket, secret: internalSecret }),
            logger: log.child({ service: `ticket${i ? `#${i}` : ''}` }),
            ticketTtlMs: options.ticketTtlMs,
            leaseGraceMs: options.leaseGraceMs,
            sweepIntervalMs: options.sweepIntervalMs,
            expiringLeadMs: options.expiringLeadMs,
            events: await eventBusFor(),
          }),
        ),
      );
    }

    const paymentPool = await openDatabase('payment');
    await migratePayment(paymentPool);
    const paymentProvider = new SandboxPaymentProvider();
    const paymentUrl = await started(
      createPaymentServer({
        pool: paymentPool,
        inventory,
        tickets: createTicketCheckoutClient({ baseUrl: ticketUrls[0], secret: internalSecret }),
        paymentProvider,
        // store-run payments: stores with a paymentEndpoint in the directory collect their parts themselves
        directory,
        identityKey,
        // serves `pricing/rules` to the ticket replicas
        internalSecret,
        // gift certificates issued to an account are announced to its email (the session service's `accounts/contact`)
        accountContacts: new SessionAccountContacts({ baseUrl: sessionUrl, secret: internalSecret }),
        logger: log.child({ service: 'payment' }),
        mailer: options.mailer,
        mailFrom: options.mailFrom,
        emailDispatchIntervalMs: options.emailDispatchIntervalMs,
      }),
    );
    paymentUrlOnceStarted = paymentUrl;

    // With the registry, each gateway composes its supergraph at run time (committed base SDLs
    // + the registry's partner subgraphs, polled by its own partner directory) and hot-swaps
    // it when partners change; without, it serves the committed supergraph.
    const partnersFor = async (name: string): Promise<RegistryPartnerDirectory | undefined> => {
      if (!registryUrl) return undefined;
      const partners = new RegistryPartnerDirectory({ registryUrl, internalSecret, intervalMs: options.registryPollMs, logger: log.child({ service: name, component: 'partner-directory' }) });
      directories.push(partners);
      await partners.start();
      return partners;
    };
    const gatewayFor = async (ticketUrl: string, name: string) =>
      createGateway({
        supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
        partners: await partnersFor(name),
        subgraphUrls: { session: sessionUrl, ticket: ticketUrl, payment: paymentUrl, ...(registryUrl ? { registry: registryUrl } : {}) },
        directory: await directoryFor(name),
        operatorKey,
        resolveSession: createSessionResolver({ baseUrl: sessionUrl, secret: internalSecret }),
        identityKey,
        logger: log.child({ service: name }),
        storeTimeoutMs: options.storeTimeoutMs,
        corsOrigins: options.corsOrigins,
      });
    const extraGatewayUrls: string[] = [];
    for (let i = 1; i < ticketUrls.length; i++) extraGatewayUrls.push(await started(await gatewayFor(ticketUrls[i], `gateway#${i}`)));
    const gateway = await gatewayFor(ticketUrls[0], 'gateway');
    services.push(gateway);
    const gatewayUrl = await gateway.listen(options.gatewayPort ?? 0, host);

    // The demo stores join as any store would: through the operator API (contract check
    // included); then every directory is brought up to date so the exchange starts complete.
    if (operatorKey) {
      for (const { id, name, url, secret, apiKey, paymentEndpoint } of stores) {
        await registerStoreThroughGateway({ gatewayUrl, operatorKey }, { id, name, url, secret, apiKey, ...(paymentEndpoint ? { paymentEndpoint } : {}) });
      }
      await Promise.all(directories.map((d) => d.refresh()));
    }

    const stop = async () => {
      // Registry polling first (services keep their last store list), so no poll races the
      // registry's own shutdown; then the gateway so no new work arrives; then the
      // subgraphs; then connections.
      await Promise.all(directories.map((d) => d.close()));
      for (const service of [...services].reverse()) {
        if (!stopped.has(service)) {
          stopped.add(service);
          const t0 = Date.now();
          await service.close().catch((err: unknown) => log.warn({ err }, 'service close failed'));
          log.debug({ service: service.url, ms: Date.now() - t0 }, 'service closed');
        }
      }
      await Promise.all(eventBuses.map((b) => b.close().catch(() => {})));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
      await Promise.all(pools.map((p) => p.end().catch(() => {})));
    };

    return {
      gatewayUrl,
      extraGatewayUrls,
      sessionUrl,
      ticketUrls,
      paymentUrl,
      stores,
      pools,
      paymentPool,
      identityKey,
      internalSecret,
      paymentProvider,
      registryUrl,
      operatorKey,
      async stopStore(id) {
        for (const service of storeServices.get(id) ?? []) {
          if (!stopped.has(service)) {
            stopped.add(service);
            await service.close();
          }
        }
      },
      stop,
    };
  } catch (error) {
    await Promise.all(directories.map((d) => d.close()));
    for (const service of services.reverse()) await service.close().catch(() => {});
    await Promise.all(eventBuses.map((b) => b.close().catch(() => {})));
    await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
    throw error;
  }
}
