import DataLoader from 'dataloader';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import type { Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import type { Logger } from '../../lib/logger.js';
import { verifyRequestSignature } from '../../lib/signing.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { InventoryBackend, InventoryContext } from './context.js';
import { InventoryService } from './domain/inventory-service.js';
import type { ItemKey, ItemModel } from './domain/model.js';
import { PgInventoryRepository } from './infra/pg-inventory-repository.js';
import { resolvers } from './resolvers.js';

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
}

/** The inventory subgraph of one store. */
export function createInventoryServer(deps: InventoryServerDeps): HttpService {
  const inventory = new InventoryService({
    repository: new PgInventoryRepository(deps.pool),
    store: { ...deps.store },
    clock: deps.clock ?? systemClock,
  });
  return createInventoryContractService({
    backend: inventory,
    storeId: deps.store.id,
    secret: deps.secret,
    logger: deps.logger,
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
}): HttpService {
  const { backend, secret } = options;
  return createSubgraphService<InventoryContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: secret,
    logger: options.logger,
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
