import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../lib/subgraph.js';
import type { ProtocolCaller } from '../inventory/domain/inventory-service.js';
import type { ItemKey, ItemModel } from '../inventory/domain/model.js';
import type { InventoryBackend } from './domain/rest-inventory-service.js';

/** The same context shape as the native inventory subgraph's, over the REST backend. */
export interface RestInventoryContext extends SubgraphContext {
  inventory: InventoryBackend;
  /** Per request: the Items of one operation are fetched from the REST store together. */
  items: DataLoader<ItemKey, ItemModel | null, string>;
  caller: ProtocolCaller;
}
