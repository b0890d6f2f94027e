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
import { CartPricing, createCatalogLoader } from './domain/pricing.js';
import { DEFAULT_POLICY, TicketService } from './domain/ticket-service.js';
import { EventBusTicketEvents } from './infra/event-bus-ticket-events.js';
import { PgTicketRepository } from './infra/pg-ticket-repository.js';
import { resolvers } from './resolvers.js';

export interface TicketServerDeps {
  pool: Pool;
  directory: StoreDirectory;
  inventory: InventoryClient;
  identityKey: string;
  internalSecret: string;
  logger: Logger;
  clock?: Clock;
  /** Hold lifetime (default 15 min). */
  ticketTtlMs?: number;
  /** Store lease beyond expiresAt (default 120 s). */
  leaseGraceMs?: number;
  /** How often the expiry sweeper runs (default 250 ms). */
  sweepIntervalMs?: number;
  /** Anti-scalping: live tickets per session (default 50). */
  maxLiveTicketsPerSession?: number;
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
}

export interface TicketServer extends HttpService {
  readonly service: TicketService;
  readonly sweeper: ExpirySweeper;
  readonly events: TicketEventStreams;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export function migrateTicket(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, MIGRATIONS, logger);
}

/** The ticket subgraph: GraphQL, the checkout RPC for payment, and the expiry sweeper (runs while listening). */
export function createTicketServer(deps: TicketServerDeps): TicketServer {
  const clock = deps.clock ?? systemClock;
  const events = new EventBusTicketEvents(deps.events ?? new InMemoryEventBus(deps.logger), deps.logger);
  const repository = new PgTicketRepository(deps.pool);
  const policy = {
    ticketTtlMs: deps.ticketTtlMs ?? DEFAULT_POLICY.ticketTtlMs,
    leaseGraceMs: deps.leaseGraceMs ?? DEFAULT_POLICY.leaseGraceMs,
    maxLiveTicketsPerSession: deps.maxLiveTicketsPerSession ?? DEFAULT_POLICY.maxLiveTicketsPerSession,
  };
  const service = new TicketService({ repository, directory: deps.directory, inventory: deps.inventory, events, clock, logger: deps.logger, policy });
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
  const streams = new TicketEventStreams({ source: events, repository, logger: deps.logger, bufferSize: deps.subscriptionBufferSize });

  const http = createSubgraphService<TicketContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({ ...base, tickets: service, events: streams, pricing: new CartPricing(createCatalogLoader(deps.inventory)) }),
    subscriptions: { keepAliveMs: deps.keepAliveMs },
    routes: internalRoutes(deps.internalSecret, {
      'checkout/begin': (input) => service.beginCheckout(input),
      'checkout/complete': (input) => service.completeCheckout(input),
      'checkout/abort': (input) => service.abortCheckout(input),
    }),
    health: async () => {
      await deps.pool.query('SELECT 1');
      return { database: 'ok' };
    },
  });

  return {
    service,
    sweeper,
    events: streams,
    get server() {
      return http.server;
    },
    get url() {
      return http.url;
    },
    async listen(port?: number, host?: string) {
      const url = await http.listen(port, host);
      sweeper.start();
      return url;
    },
    async close() {
      await sweeper.stop();
      await http.close();
    },
  };
}
