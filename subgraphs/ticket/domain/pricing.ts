import DataLoader from 'dataloader';
import { DomainError } from '../../../lib/errors.js';
import type { CartModel, Money, TicketModel } from './model.js';
import type { CatalogEntry, StoreInventory } from './ports.js';
import { cartTotals, lineTotal } from './rules.js';

export interface CatalogKey {
  storeId: string;
  sku: string;
}

/**
 * Current catalog entries by (storeId, sku), batched into one getItems call per store.
 * Built per request: prices are read fresh for every request, never cached across them.
 * A store that fails fails only its own keys.
 */
export function createCatalogLoader(inventory: StoreInventory): DataLoader<CatalogKey, CatalogEntry | undefined, string> {
  return new DataLoader<CatalogKey, CatalogEntry | undefined, string>(
    async (keys) => {
      const skusByStore = new Map<string, string[]>();
      for (const { storeId, sku } of keys) skusByStore.set(storeId, [...(skusByStore.get(storeId) ?? []), sku]);
      const byStore = new Map<string, Promise<Map<string, CatalogEntry>>>();
      for (const [storeId, skus] of skusByStore) byStore.set(storeId, inventory.getItems(storeId, skus));
      return Promise.all(
        keys.map(async ({ storeId, sku }) => {
          try {
            return (await byStore.get(storeId)!).get(sku);
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      );
    },
    { cacheKeyFn: ({ storeId, sku }) => JSON.stringify([storeId, sku]) },
  );
}

/** Prices tickets and carts from the stores' current catalogs (never from the client). */
export class CartPricing {
  constructor(private readonly catalog: DataLoader<CatalogKey, CatalogEntry | undefined, string>) {}

  async unitPrice(ticket: Pick<TicketModel, 'storeId' | 'sku'>): Promise<Money> {
    const entry = await this.catalog.load({ storeId: ticket.storeId, sku: ticket.sku });
    if (!entry) {
      throw new DomainError('ITEM_NOT_FOUND', `Store ${ticket.storeId} no longer lists item ${ticket.sku}.`, { storeId: ticket.storeId, sku: ticket.sku });
    }
    return entry.price;
  }

  async lineTotal(ticket: Pick<TicketModel, 'storeId' | 'sku' | 'quantity'>): Promise<Money> {
    return lineTotal(await this.unitPrice(ticket), ticket.quantity);
  }

  async totals(cart: CartModel): Promise<Money[]> {
    const lines = await Promise.all(cart.tickets.map(async (t) => ({ unitPrice: await this.unitPrice(t), quantity: t.quantity })));
    return cartTotals(lines);
  }
}
