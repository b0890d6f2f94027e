import DataLoader from 'dataloader';
import { DomainError } from '../../../lib/errors.js';
import type { Logger } from '../../../lib/logger.js';
import { bestPrice, type PriceRule, type PricingContext } from '../../../lib/pricing.js';
import type { CartModel, Money, TicketModel } from './model.js';
import type { CatalogEntry, PriceRules, StoreInventory } from './ports.js';
import { cartTotals, lineTotal } from './rules.js';

export interface CatalogKey {
  storeId: string;
  sku: string;
}

const cacheKeyFn = ({ storeId, sku }: CatalogKey) => JSON.stringify([storeId, sku]);

/** The keys of one batch, grouped by store. */
function skusByStore(keys: readonly CatalogKey[]): Map<string, string[]> {
  const byStore = new Map<string, string[]>();
  for (const { storeId, sku } of keys) byStore.set(storeId, [...(byStore.get(storeId) ?? []), sku]);
  return byStore;
}

/**
 * Current catalog entries by (storeId, sku), batched into one getItems call per store.
 * Built per request: prices are read fresh for every request, never cached across them.
 * A store that fails fails only its own keys.
 */
export function createCatalogLoader(inventory: StoreInventory): DataLoader<CatalogKey, CatalogEntry | undefined, string> {
  return new DataLoader<CatalogKey, CatalogEntry | undefined, string>(
    async (keys) => {
      const byStore = new Map<string, Promise<Map<string, CatalogEntry>>>();
      for (const [storeId, skus] of skusByStore(keys)) byStore.set(storeId, inventory.getItems(storeId, skus));
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
    { cacheKeyFn },
  );
}

/**
 * The stores' price rules by (storeId, sku), batched into one call per store, per request.
 * When the rules cannot be read the lines are shown at their list prices (a warning is
 * logged): the cart is display, and checkout prices from the rules on its own.
 */
export function createPriceRulesLoader(priceRules: PriceRules, logger: Logger): DataLoader<CatalogKey, PriceRule[], string> {
  return new DataLoader<CatalogKey, PriceRule[], string>(
    async (keys) => {
      const byStore = new Map<string, Promise<Map<string, PriceRule[]>>>();
      for (const [storeId, skus] of skusByStore(keys)) {
        byStore.set(
          storeId,
          priceRules.rulesFor(storeId, skus).then(
            (rules) => {
              const bySku = new Map<string, PriceRule[]>();
              for (const rule of rules) bySku.set(rule.sku, [...(bySku.get(rule.sku) ?? []), rule]);
              return bySku;
            },
            (error: unknown) => {
              logger.warn({ err: error, storeId }, 'price rules unavailable: the cart shows list prices (checkout prices on its own)');
              return new Map<string, PriceRule[]>();
            },
          ),
        );
      }
      return Promise.all(keys.map(async ({ storeId, sku }) => (await byStore.get(storeId)!).get(sku) ?? []));
    },
    { cacheKeyFn },
  );
}

/**
 * Prices tickets and carts for one caller (never from the client): each line at the
 * caller's best price (lib/pricing.ts) over the store's current list price and the
 * store's price rules, for the caller's price class and offer codes, at one moment — the
 * same computation checkout charges with.
 */
export class CartPricing {
  constructor(
    private readonly catalog: DataLoader<CatalogKey, CatalogEntry | undefined, string>,
    private readonly rules: DataLoader<CatalogKey, PriceRule[], string>,
    private readonly context: PricingContext,
  ) {}

  /** The store's catalog price (before any rule). */
  async listPrice(ticket: Pick<TicketModel, 'storeId' | 'sku'>): Promise<Money> {
    const key = { storeId: ticket.storeId, sku: ticket.sku };
    const entry = await this.catalog.load(key);
    if (!entry) {
      throw new DomainError('ITEM_NOT_FOUND', `Store ${ticket.storeId} no longer lists item ${ticket.sku}.`, { storeId: ticket.storeId, sku: ticket.sku });
    }
    return entry.price;
  }

  /** The caller's best price. */
  async unitPrice(ticket: Pick<TicketModel, 'storeId' | 'sku'>): Promise<Money> {
    const key = { storeId: ticket.storeId, sku: ticket.sku };
    const [list, rules] = await Promise.all([this.listPrice(ticket), this.rules.load(key)]);
    const best = bestPrice(list, rules, this.context);
    return { amount: best.amount, currency: best.currency };
  }

  async lineTotal(ticket: Pick<TicketModel, 'storeId' | 'sku' | 'quantity'>): Promise<Money> {
    return lineTotal(await this.unitPrice(ticket), ticket.quantity);
  }

  async totals(cart: CartModel): Promise<Money[]> {
    const lines = await Promise.all(cart.tickets.map(async (t) => ({ unitPrice: await this.unitPrice(t), quantity: t.quantity })));
    return cartTotals(lines);
  }
}
