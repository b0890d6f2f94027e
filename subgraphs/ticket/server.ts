import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../lib/clock.js';
import { migrate, type Pool } from '../../lib/db.js';
import { InMemoryEventBus, type EventBus } from '../../lib/event-bus.js';
import type { HttpService } from '../../lib/http-server.js';
import { internalRoutes } from '../../lib/internal-rpc.js';
import type { InventoryClient } from '../../lib/inventory-client.js';
import type { Logger } from '../../lib/logger.js';
import type { StoreDirectory } from '../../lib/store-directory.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { TicketContext } from './context.js';
import { TicketEventStreams } from './domain/event-streams.js';
import { ExpirySweeper } from './domain/expiry-sweeper.js';
import { RetentionJob, type RetentionJobOptions } from '../../lib/retention.js';
import { BasketJanitor, type BasketJanitorOptions } from './domain/basket-janitor.js';
import { AbandonedCartService } from './domain/baskets.js';
import { SavedCartLifecycleService } from './domain/saved-cart-lifecycle.js';
import { pricingContextOf } from '../../lib/pricing.js';
import type { PriceRules, SessionOfferCodes } from './domain/ports.js';
import { CartPricing, createCatalogLoader, createPriceRulesLoader } from './domain/pricing.js';
import { SavedCartService } from './domain/saved-cart-service.js';
import { DEFAULT_POLICY, TicketService } from './domain/ticket-service.js';
import { EventBusTicketEvents } from './infra/event-bus-ticket-events.js';
import { PgBasketRepository } from './infra/pg-basket-repository.js';
import { ticketIdempotencySweeps } from './infra/pg-idempotency-retention.js';
import { PgSavedCartRepository } from './infra/pg-saved-cart-repository.js';
import { PgTicketRepository } from './infra/pg-ticket-repository.js';
import { resolvers } from './resolvers.js';
import { withBackgroundJobs } from '../../lib/background-jobs.js';

export interface TicketServerDeps {
  pool: Pool;
  directory: StoreDirectory;
  inventory: InventoryClient;
  identityKey: string;
  internalSecret: string;
  /** The session service's offer codes: a restored saved cart attaches its codes again (infra/session-offer-codes-client.ts). */
  sessionOfferCodes: SessionOfferCodes;
  /**
   * The stores' price rules, from the payment subgraph (infra/payment-price-rules.ts):
   * the cart shows each line at the shopper's best price. Unreadable rules: list prices.
   */
  priceRules: PriceRules;
  logger: Logger;
  clock?: Clock;
  /** Hold lifetime (default 15 min). */
  ticketTtlMs?: number;
  /** Store lease beyond expiresAt (default 120 s). */
  leaseGraceMs?: number;
  /** How often the expiry sweeper runs (default 250 ms). */
  sweepIntervalMs?: number;
  /** Anti-scalping: live tickets per cart (default 50). */
  maxLiveTicketsPerCart?: number;
  /**
   * How long a repeat of a keyed mutation (releaseTicket, changeTicketQuantity, saveCart)
   * waits for the first request with its key to finish before it answers
   * RequestInProgressError (default 2 s).
   */
  idempotencyWaitMs?: number;
  /** Saved carts per account (default 20). */
  maxSavedCarts?: number;
  /**
   * Where ticket events travel (RedisEventBus across replicas). Default: an in-memory bus,
   * so subscribers only hear of changes made by this same server.
   */
  events?: EventBus;
  /** EXPIRING is announced this long before a ticket expires (default 60 s). */
  expiringLeadMs?: number;
  /** Events one subscription may fall behind before it is cut off (default 1,000). */
  subscriptionBufferSize?: number;
  /** WebSocket keep-alive ping interval (default 15 s). */
  keepAliveMs?: number;
  /**
   * Baskets over time (domain/basket-janitor.ts): abandonment after `abandonedAfterMs`
   * idle (default 60 min), expiry of baskets and saved carts after `maxAgeMs` (default 30
   * days), every `intervalMs` (default 30 s). `autoStart: false` leaves runs to
   * `basketJanitor.runOnce()` (tests).
   */
  basketJanitor?: BasketJanitorOptions & { autoStart?: boolean };
  /**
   * Idempotency keys (hold keys and every keyed mutation's) are deleted once older than
   * `retentionMs` (default 30 days, IDEMPOTENCY_RETENTION_DAYS): a retry after that runs
   * as a new request. Checked every `intervalMs` (default 10 min), in batches, safe with
   * replicas (lib/retention.ts). `autoStart: false` leaves runs to
   * `idempotencyRetention.runOnce()` (tests).
   */
  idempotencyRetention?: RetentionJobOptions & { autoStart?: boolean };
}

export interface TicketServer extends HttpService {
  readonly service: TicketService;
  readonly savedCarts: SavedCartService;
  readonly sweeper: ExpirySweeper;
  readonly events: TicketEventStreams;
  readonly basketJanitor: BasketJanitor;
  readonly idempotencyRetention: RetentionJob<'holdKeys' | 'requests'>;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export function migrateTicket(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, MIGRATIONS, logger);
}

/** The ticket subgraph: GraphQL, the checkout RPC for payment, and the expiry sweeper (runs while listening). */
export function createTicketServer(deps: TicketServerDeps): TicketServer {
  const clock = deps.clock ?? systemClock;
  const events = new EventBusTicketEvents(deps.events ?? new InMemoryEventBus(deps.logger), deps.logger);
  const repository = new PgTicketRepository(deps.pool, { waitMs: deps.idempotencyWaitMs ?? 2_000, now: () => clock.now() });
  const policy = {
    ticketTtlMs: deps.ticketTtlMs ?? DEFAULT_POLICY.ticketTtlMs,
    leaseGraceMs: deps.leaseGraceMs ?? DEFAULT_POLICY.leaseGraceMs,
    maxLiveTicketsPerCart: deps.maxLiveTicketsPerCart ?? DEFAULT_POLICY.maxLiveTicketsPerCart,
  };
  const service = new TicketService({ repository, directory: deps.directory, inventory: deps.inventory, events, clock, logger: deps.logger, policy });
  const baskets = new PgBasketRepository(deps.pool);
  // restoring a saved cart keeps it from expiring (saved-cart-lifecycle.ts)
  const savedCarts = new SavedCartLifecycleService({
    baskets,
    tickets: service,
    repository,
    savedCarts: new PgSavedCartRepository(deps.pool),
    sessionOfferCodes: deps.sessionOfferCodes,
    clock,
    logger: deps.logger,
    maxSavedCarts: deps.maxSavedCarts,
  });
  const sweeper = new ExpirySweeper({
    repository,
    inventory: deps.inventory,
    events,
    clock,
    logger: deps.logger.child({ component: 'expiry-sweeper' }),
    leaseGraceMs: policy.leaseGraceMs,
    intervalMs: deps.sweepIntervalMs,
    expiringLeadMs: deps.expiringLeadMs,
  });
  const basketJanitor = new BasketJanitor({
    baskets,
    inventory: deps.inventory,
    releases: service.releaseDeps,
    clock,
    logger: deps.logger.child({ component: 'basket-janitor' }),
    options: deps.basketJanitor,
  });
  const idempotencyRetention = new RetentionJob({
    name: 'idempotency retention',
    sweeps: ticketIdempotencySweeps(deps.pool),
    clock,
    logger: deps.logger.child({ component: 'idempotency-retention' }),
    options: deps.idempotencyRetention,
  });
  const abandonedCarts = new AbandonedCartService(baskets);
  const streams = new TicketEventStreams({ source: events, repository, logger: deps.logger, bufferSize: deps.subscriptionBufferSize });

  const http = createSubgraphService<TicketContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({
      ...base,
      tickets: service,
      savedCarts,
      events: streams,
      abandonedCarts,
      // per request (and per subscription event): the caller's price class and offer codes, now
      pricing: new CartPricing(createCatalogLoader(deps.inventory), createPriceRulesLoader(deps.priceRules, deps.logger), pricingContextOf(base.identity, clock.now())),
    }),
    subscriptions: { keepAliveMs: deps.keepAliveMs },
    routes: internalRoutes(deps.internalSecret, {
      'checkout/begin': (input) => service.beginCheckout(input),
      'checkout/complete': (input) => service.completeCheckout(input),
      'checkout/abort': (input) => service.abortCheckout(input),
    }),
    health: async () => {
      await deps.pool.query('SELECT 1');
      return { database: 'ok', liveEventStreams: streams.live };
    },
  });

  return withBackgroundJobs(
    http,
    [
      { job: sweeper },
      { job: basketJanitor, autoStart: deps.basketJanitor?.autoStart },
      { job: idempotencyRetention, autoStart: deps.idempotencyRetention?.autoStart },
    ],
    { service, savedCarts, sweeper, events: streams, basketJanitor, idempotencyRetention },
  );
}
