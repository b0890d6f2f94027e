import DataLoader from 'dataloader';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import type { Pool } from '../../lib/db.js';
import type { HttpService, Route } from '../../lib/http-server.js';
import type { Logger } from '../../lib/logger.js';
import { verifyRequestSignature } from '../../lib/signing.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { InventoryBackend, InventoryContext } from './context.js';
import { InventoryService } from './domain/inventory-service.js';
import type { ItemKey, ItemModel } from './domain/model.js';
import { PgInventoryRepository } from './infra/pg-inventory-repository.js';
import { resolvers } from './resolvers.js';
import { PgStorePaymentProcessor } from './payments/pg-store-payment-processor.js';
import { storePaymentRoutes } from './payments/routes.js';

export { migrateInventory, INVENTORY_MIGRATIONS_DIR } from './migrate.js';

export interface InventoryServerDeps {
  pool: Pool;
  /** The one store this instance serves. */
  store: { id: string; name: string; currency: string };
  /**
   * Shared with the exchange only: protocol calls must be signed with it, and the
   * gateway signs the caller's identity with it (never with the key the exchange's own
   * subgraphs trust, which a store must not hold).
   */
  secret: string;
  logger: Logger;
  clock?: Clock;
  /**
   * Store-run payments: the store runs its own payment handling and serves the exchange's
   * signed payment calls at `{origin}/payments/authorize | capture | void | refund` over its
   * sandbox processor (payments/). Register `{origin}/payments` as the store's
   * `paymentEndpoint` for the exchange to use it. Default off (the exchange charges).
   */
  payments?: boolean;
}

/** The inventory subgraph of one store. */
export function createInventoryServer(deps: InventoryServerDeps): HttpService {
  const inventory = new InventoryService({
    repository: new PgInventoryRepository(deps.pool),
    store: { ...deps.store },
    clock: deps.clock ?? systemClock,
  });
  const routes = deps.payments
    ? storePaymentRoutes({ processor: new PgStorePaymentProcessor(deps.pool, deps.clock ?? systemClock), secret: deps.secret, logger: deps.logger.child({ component: 'store-payments' }) })
    : undefined;
  return createInventoryContractService({
    backend: inventory,
    storeId: deps.store.id,
    secret: deps.secret,
    logger: deps.logger,
    routes,
    health: async () => {
      await deps.pool.query('SELECT 1');
      return { database: 'ok' };
    },
  });
}

/**
 * The inventory contract (this folder's schema and resolvers) over any backend: the
 * protocol is signed and identities verified with the store's own secret.
 */
export function createInventoryContractService(options: {
  backend: InventoryBackend;
  storeId: string;
  secret: string;
  logger: Logger;
  health: () => Promise<Record<string, unknown>>;
  /** Extra JSON routes beside /graphql (the store's payment endpoint). */
  routes?: Record<string, Route>;
}): HttpService {
  const { backend, secret } = options;
  return createSubgraphService<InventoryContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: secret,
    logger: options.logger,
    routes: options.routes,
    extendContext: (base, _req, headers, rawBody) => ({
      ...base,
      inventory: backend,
      items: new DataLoader<ItemKey, ItemModel | null, string>((keys) => backend.findItems(keys), {
        cacheKeyFn: (key) => `${key.storeId}\u0000${key.sku}`,
      }),
      caller: { signedByExchange: verifyRequestSignature([secret], headers, rawBody) },
    }),
    health: async () => ({ store: options.storeId, ...(await options.health()) }),
  });
}
