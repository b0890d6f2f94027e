import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../lib/clock.js';
import { DomainError } from '../../lib/errors.js';
import { requireTicketId, storeUnavailable, type CatalogItem, type CommitInput, type InventoryClient, type ProtocolOutcome, type ReserveInput, type StoreReservation } from '../../lib/inventory-client.js';
import { InventoryService } from './domain/inventory-service.js';
import type { ProtocolResultModel } from './domain/model.js';
import { MemoryInventoryRepository } from './infra/memory-inventory-repository.js';

// ---------------------------------------------------------------------------------
// In memory
// ---------------------------------------------------------------------------------

export interface InMemoryItemInput {
  sku: string;
  name?: string;
  description?: string;
  /** cents */
  price: number;
  stockOnHand: number;
}

interface InMemoryStore {
  currency: string;
  repository: MemoryInventoryRepository;
  service: InventoryService;
  unavailable: boolean;
}

export interface InMemoryInventoryCall {
  method: 'reserve' | 'release' | 'commit' | 'getItems';
  storeId: string;
  input: unknown;
}

// the in-memory stores accept every call, as if it were signed by the exchange
const EXCHANGE = { signedByExchange: true } as const;

/**
 * Fake stores in memory for unit tests of the exchange: the inventory subgraph's own
 * rules (InventoryService) over an in-memory repository, so stock, leases, resizes and
 * idempotency behave exactly as at a real store. Leases follow `clock`.
 */
export class InMemoryInventoryClient implements InventoryClient {
  private readonly stores = new Map<string, InMemoryStore>();
  private readonly clock: Clock;
  /** Every call made, in order (for assertions such as "release was sent"). */
  readonly calls: InMemoryInventoryCall[] = [];

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  addStore(storeId: string, options: { name?: string; currency?: string } = {}): this {
    const repository = new MemoryInventoryRepository();
    const currency = options.currency ?? 'USD';
    const service = new InventoryService({ repository, store: { id: storeId, name: options.name ?? storeId, currency }, clock: this.clock });
    this.stores.set(storeId, { currency, repository, service, unavailable: false });
    return this;
  }

  /** Adds or replaces an item (the store is created with USD prices if missing). */
  addItem(storeId: string, item: InMemoryItemInput): this {
    if (!this.stores.has(storeId)) this.addStore(storeId);
    const store = this.stores.get(storeId)!;
    store.repository.putItem({
      sku: item.sku,
      name: item.name ?? `Item ${item.sku}`,
      description: item.description ?? '',
      priceAmount: item.price,
      currency: store.currency,
      stockOnHand: item.stockOnHand,
    });
    return this;
  }

  /**
   * Adds items under fresh SKUs (`<sku>-<random>`) so that one test's stock counts are its
   * own in a store shared by the file; returns the SKUs in order. `price` may vary by index.
   */
  addFreshItems(storeId: string, skus: readonly string[], item: { price: number | ((index: number) => number); stockOnHand: number }): string[] {
    const unique = skus.map((sku) => `${sku}-${randomUUID().slice(0, 8)}`);
    for (const [i, sku] of unique.entries()) this.addItem(storeId, { sku, price: typeof item.price === 'number' ? item.price : item.price(i), stockOnHand: item.stockOnHand });
    return unique;
  }

  /** Makes a store fail every call with STORE_UNAVAILABLE (or recover). */
  setUnavailable(storeId: string, unavailable = true): void {
    this.store(storeId).unavailable = unavailable;
  }

  /** An item's stock on hand and availability now, or undefined. */
  async inspectItem(storeId: string, sku: string): Promise<{ stockOnHand: number; available: number } | undefined> {
    const [record] = await this.store(storeId).repository.findItems([sku], this.clock.now());
    return record && { stockOnHand: record.stockOnHand, available: record.available };
  }

  /** A ticket's reservation as the store keeps it, or undefined. */
  inspectReservation(storeId: string, ticketId: string): (StoreReservation & { orderId: string | null }) | undefined {
    const store = this.store(storeId);
    const r = store.repository.getReservation(ticketId);
    const item = r && store.repository.getItem(r.sku);
    return r && item ? { ...r, unitPrice: { amount: item.priceAmount, currency: item.currency } } : undefined;
  }

  async reserve(storeId: string, input: ReserveInput): Promise<ProtocolOutcome> {
    const service = this.callStore('reserve', storeId, input);
    requireTicketId(storeId, input.ticketId);
    return toOutcome(await service.reserve(EXCHANGE, input));
  }

  async release(storeId: string, ticketId: string): Promise<ProtocolOutcome> {
    const service = this.callStore('release', storeId, { ticketId });
    requireTicketId(storeId, ticketId);
    return toOutcome(await service.release(EXCHANGE, { ticketId }));
  }

  async commit(storeId: string, input: CommitInput): Promise<ProtocolOutcome> {
    const service = this.callStore('commit', storeId, input);
    requireTicketId(storeId, input.ticketId);
    return toOutcome(await service.commit(EXCHANGE, input));
  }

  async getItems(storeId: string, skus: string[]): Promise<Map<string, CatalogItem>> {
    const service = this.callStore('getItems', storeId, skus);
    const items = await service.findItems([...new Set(skus)].map((sku) => ({ storeId, sku })));
    const found = new Map<string, CatalogItem>();
    for (const item of items) {
      if (item) found.set(item.sku, { storeId, sku: item.sku, name: item.name, description: item.description, price: item.price, available: item.available });
    }
    return found;
  }

  private store(storeId: string): InMemoryStore {
    const store = this.stores.get(storeId);
    if (!store) throw new DomainError('STORE_NOT_FOUND', `No store ${JSON.stringify(storeId)} is part of the federation.`, { storeId });
    return store;
  }

  private callStore(method: InMemoryInventoryCall['method'], storeId: string, input: unknown): InventoryService {
    this.calls.push({ method, storeId, input });
    const store = this.store(storeId);
    if (store.unavailable) throw storeUnavailable(storeId, `Store ${storeId} is unavailable.`);
    return store.service;
  }
}

function toOutcome(result: ProtocolResultModel): ProtocolOutcome {
  if (result.__typename === 'ProtocolError') {
    const outcome: ProtocolOutcome = { ok: false, code: result.code, message: result.message };
    if (typeof result.available === 'number') outcome.available = result.available;
    return outcome;
  }
  return {
    ok: true,
    reservation: {
      ticketId: result.ticketId,
      sku: result.sku,
      quantity: result.quantity,
      status: result.status,
      leaseUntil: new Date(result.leaseUntil),
      unitPrice: { ...result.unitPrice },
    },
  };
}
