import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../lib/clock.js';
import { migrate, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import type { InventoryClient } from '../../lib/inventory-client.js';
import type { Logger } from '../../lib/logger.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { TicketCheckoutClient } from '../ticket/client.js';
import type { PaymentContext } from './context.js';
import { CheckoutService } from './domain/checkout-service.js';
import { createOrderLoaders, OrderQueries } from './domain/order-queries.js';
import { assertFeeBps, DEFAULT_FEE_BPS } from './domain/order-split.js';
import type { PaymentProvider } from './domain/payment-provider.js';
import { PgCheckoutRequestRepository } from './infra/pg-checkout-request-repository.js';
import { PgOrderRepository } from './infra/pg-order-repository.js';
import { resolvers } from './resolvers.js';

export interface PaymentServerDeps {
  pool: Pool;
  /** Only getItems (prices) and commit (stock) are used. */
  inventory: InventoryClient;
  tickets: TicketCheckoutClient;
  paymentProvider: PaymentProvider;
  identityKey: string;
  logger: Logger;
  clock?: Clock;
  /** Exchange fee in basis points of each store's subtotal; default 500 (5%). */
  feeBps?: number;
  /** How long a repeat of a running checkout waits for its result (default 5 s). */
  inProgressWaitMs?: number;
}

export async function migratePayment(pool: Pool, logger?: Logger): Promise<string[]> {
  return migrate(pool, fileURLToPath(new URL('./migrations', import.meta.url)), logger);
}

export function createPaymentServer(deps: PaymentServerDeps): HttpService {
  const orders = new PgOrderRepository(deps.pool);
  const checkout = new CheckoutService({
    requests: new PgCheckoutRequestRepository(deps.pool),
    orders,
    inventory: deps.inventory,
    tickets: deps.tickets,
    provider: deps.paymentProvider,
    clock: deps.clock ?? systemClock,
    logger: deps.logger,
    feeBps: assertFeeBps(deps.feeBps ?? DEFAULT_FEE_BPS),
    inProgressWaitMs: deps.inProgressWaitMs,
  });
  return createSubgraphService<PaymentContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.identityKey,
    logger: deps.logger,
    extendContext: (base) => ({ ...base, checkout, orders: new OrderQueries(orders, createOrderLoaders(orders), base.identity) }),
    health: async () => {
      await deps.pool.query('SELECT 1');
      return { database: 'ok' };
    },
  });
}
