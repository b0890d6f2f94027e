import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../lib/subgraph.js';
import type { InventoryService, ProtocolCaller } from './domain/inventory-service.js';
import type { ItemKey, ItemModel } from './domain/model.js';

export interface InventoryContext extends SubgraphContext {
  inventory: InventoryService;
  /** Per request: every Item looked up in one operation (entities, Store.item) costs one query. */
  items: DataLoader<ItemKey, ItemModel | null, string>;
  /** Whether this request was signed with the store's secret (required by reserve/release/commit). */
  caller: ProtocolCaller;
}
