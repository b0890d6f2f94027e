import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../lib/subgraph.js';
import type { InventoryService, ProtocolCaller } from './domain/inventory-service.js';
import type { ItemKey, ItemModel } from './domain/model.js';

/** What serves the inventory contract: the native PostgreSQL store, or a wrapper over a store's own API. */
export type InventoryBackend = Pick<InventoryService, 'store' | 'listItems' | 'findItems' | 'reserve' | 'release' | 'commit'>;

export interface InventoryContext extends SubgraphContext {
  inventory: InventoryBackend;
  /** Per request: every Item looked up in one operation (entities, Store.item) is fetched together. */
  items: DataLoader<ItemKey, ItemModel | null, string>;
  /** Whether this request was signed with the store's secret (required by reserve/release/commit). */
  caller: ProtocolCaller;
}
