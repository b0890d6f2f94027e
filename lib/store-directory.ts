import { createHash } from 'node:crypto';

/**
 * The stores of the federation. Each store runs the inventory subgraph at `url`.
 * `secret` is shared between the exchange and that store only: the exchange signs its
 * reserve/release/commit calls with it. `apiKey` is what the store's own servers send
 * (header x-store-key) to act as that store through the gateway.
 */
export interface StoreEntry {
  id: string;
  name: string;
  url: string;
  secret: string;
  /**
   * The store's API key in clear: static configuration (STORES) only. A registry-backed
   * directory never holds keys in clear: it matches `byApiKey` against their sha256
   * (`hashApiKey`), and its entries leave this unset.
   */
  apiKey?: string;
  /**
   * Set when the store runs its own payment handling (store-run payments,
   * subgraphs/payment/domain/store-payments.ts): the base URL of its signed payment
   * endpoint (`POST {paymentEndpoint}/authorize | /capture | /void | /refund`). Unset: the
   * exchange's own payment backend charges the shopper for this store's parts.
   */
  paymentEndpoint?: string;
}

/** A store from static configuration (STORES, tests, benchmarks): its API key in clear. */
export type ConfiguredStore = StoreEntry & { apiKey: string };

/** How store API keys are kept for lookup: sha256, hex (keys are long random strings, so no salt or stretching is needed). */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** Where stores are looked up (config today; a PostgreSQL registry can implement it too). */
export interface StoreDirectory {
  list(): Promise<StoreEntry[]>;
  get(id: string): Promise<StoreEntry | undefined>;
  byApiKey(apiKey: string): Promise<StoreEntry | undefined>;
}

const STORE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isValidStoreId(id: string): boolean {
  return STORE_ID.test(id);
}

/** A fixed list of stores (from configuration). */
export class StaticStoreDirectory implements StoreDirectory {
  private readonly byId: Map<string, StoreEntry>;
  /** API key → store, so resolving a store caller (every x-store-key request) is O(1), not a scan of every store. */
  private readonly byKey = new Map<string, StoreEntry>();
  constructor(stores: StoreEntry[]) {
    for (const store of stores) {
      if (!isValidStoreId(store.id)) throw new Error(`invalid store id: ${JSON.stringify(store.id)}`);
    }
    this.byId = new Map(stores.map((s) => [s.id, s]));
    for (const store of this.byId.values()) {
      // the first store listed with a key keeps it (as a scan in list order would find it)
      if (store.apiKey && !this.byKey.has(store.apiKey)) this.byKey.set(store.apiKey, store);
    }
  }
  async list() {
    return [...this.byId.values()];
  }
  async get(id: string) {
    return this.byId.get(id);
  }
  async byApiKey(apiKey: string) {
    return apiKey ? this.byKey.get(apiKey) : undefined;
  }
}

/** Parses the STORES environment variable: a JSON array of StoreEntry (paymentEndpoint optional). */
export function parseStoresEnv(json: string | undefined): ConfiguredStore[] {
  if (!json) throw new Error('STORES is not set: a JSON array of {id, name, url, secret, apiKey, paymentEndpoint?}');
  const parsed = JSON.parse(json) as unknown;
  if (!Array.isArray(parsed)) throw new Error('STORES must be a JSON array');
  return parsed.map((s, i) => {
    const e = s as Partial<StoreEntry>;
    for (const key of ['id', 'name', 'url', 'secret', 'apiKey'] as const) {
      if (typeof e[key] !== 'string' || !e[key]) throw new Error(`STORES[${i}].${key} must be a non-empty string`);
    }
    // optional: the store runs its own payment handling at this endpoint
    if (e.paymentEndpoint !== undefined && e.paymentEndpoint !== null) {
      if (typeof e.paymentEndpoint !== 'string' || !/^https?:\/\/\S+$/.test(e.paymentEndpoint)) throw new Error(`STORES[${i}].paymentEndpoint must be an http(s) URL`);
    } else {
      delete e.paymentEndpoint;
    }
    return e as ConfiguredStore;
  });
}
