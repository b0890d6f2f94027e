import DataLoader from 'dataloader';
import type { Clock } from '../../lib/clock.js';
import { systemClock } from '../../lib/clock.js';
import type { Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import type { Logger } from '../../lib/logger.js';
import { verifyRequestSignature } from '../../lib/signing.js';
import { createSubgraphService } from '../../lib/subgraph.js';
import type { InventoryContext } from './context.js';
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
  return createSubgraphService<InventoryContext>({
    schemaFile: new URL('./schema.graphql', import.meta.url),
    resolvers,
    identityKey: deps.secret,
    logger: deps.logger,
    extendContext: (base, _req, headers, rawBody) => ({
      ...base,
      inventory,
      items: new DataLoader<ItemKey, ItemModel | null, string>((keys) => inventory.findItems(keys), {
        cacheKeyFn: (key) => `${key.storeId}\u0000${key.sku}`,
      }),
      caller: { signedByExchange: verifyRequestSignature([deps.secret], headers, rawBody) },
    }),
    health: async () => {
      await deps.pool.query('SELECT 1');
      return { store: deps.store.id, database: 'ok' };
    },
  });
}
