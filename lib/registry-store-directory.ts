import { createInternalRpcClient } from './internal-rpc.js';
import type { Logger } from './logger.js';
import { RegistryPoller } from './registry-poller.js';
import { hashApiKey, parseStoresEnv, StaticStoreDirectory, type StoreDirectory, type StoreEntry } from './store-directory.js';

/** One active store as the registry hands it to the exchange's own services (internal RPC only). */
export interface RegistryStoreWire {
  id: string;
  name: string;
  url: string;
  /** In clear: the exchange signs protocol calls and identities with it. */
  secret: string;
  /** sha256 (hex) of the store's API key; the key itself is never stored. */
  apiKeyHash: string;
  /** The store's own payment endpoint when it runs its own payment handling; null/absent: the exchange charges. */
  paymentEndpoint?: string | null;
}

/** `POST /internal/stores/list` on the registry (signed with INTERNAL_SECRET). */
export interface RegistryStoresListRequest {
  /** The version the caller holds; when it is still current the list is not sent again. */
  ifNoneMatch?: string;
}

export type RegistryStoresListResponse = { version: string; notModified: true } | { version: string; notModified: false; stores: RegistryStoreWire[] };

export const REGISTRY_STORES_LIST = 'stores/list';
export const DEFAULT_REGISTRY_POLL_MS = 2_000;

export interface RegistryStoreDirectoryOptions {
  /** The registry subgraph's URL (its /graphql or its origin). */
  registryUrl: string;
  /** INTERNAL_SECRET: the list carries store secrets, so only the exchange's services may read it. */
  internalSecret: string;
  logger: Logger;
  /** How often to poll (default 2 s). */
  intervalMs?: number;
  /** Deadline of one poll (default 5 s). */
  timeoutMs?: number;
  /** Calls the registry (tests inject failures); default: signed internal RPC. */
  fetchList?: (request: RegistryStoresListRequest) => Promise<RegistryStoresListResponse>;
}

interface Snapshot {
  version: string;
  list: StoreEntry[];
  byId: Map<string, StoreEntry>;
  byKeyHash: Map<string, StoreEntry>;
}

const EMPTY: Snapshot = { version: '', list: [], byId: new Map(), byKeyHash: new Map() };

/**
 * The store directory of a running exchange: the registry's active stores, polled
 * (default every 2 s, with the registry's version as an etag so an unchanged list is not
 * sent again). A registered, suspended or removed store shows up here within one
 * interval, with no restart. Lookups read the current snapshot (`get` and `byApiKey` are
 * O(1) map reads), and a poll swaps in a new snapshot whole, so a request in flight
 * keeps the entry it already looked up. If the registry is down the last good list
 * stays in use (logged), so a registry outage never takes stores offline.
 *
 * Call `start()` once (it waits for the first list), and `close()` at shutdown.
 */
export class RegistryStoreDirectory implements StoreDirectory {
  private snapshot: Snapshot = EMPTY;
  private readonly poller: RegistryPoller<RegistryStoresListResponse>;

  constructor(private readonly options: RegistryStoreDirectoryOptions) {
    const call = options.fetchList
      ? undefined
      : createInternalRpcClient({ baseUrl: options.registryUrl, secret: options.internalSecret, timeoutMs: options.timeoutMs ?? 5_000 });
    this.poller = new RegistryPoller<RegistryStoresListResponse>({
      what: 'store registry',
      registryUrl: options.registryUrl,
      intervalMs: options.intervalMs ?? DEFAULT_REGISTRY_POLL_MS,
      logger: options.logger,
      fetch: options.fetchList ?? ((request) => call!<RegistryStoresListResponse>(REGISTRY_STORES_LIST, request)),
      currentVersion: () => this.snapshot.version,
      apply: (answer) => this.apply(answer),
    });
  }

  /** Loads the first list (retrying until `startTimeoutMs`, default 30 s), then polls in the background. */
  start(startTimeoutMs = 30_000): Promise<void> {
    return this.poller.start(startTimeoutMs);
  }

  /** Polls now; true when the registry answered. */
  refresh(): Promise<boolean> {
    return this.poller.refresh();
  }

  close(): Promise<void> {
    return this.poller.close();
  }

  async list(): Promise<StoreEntry[]> {
    return this.snapshot.list;
  }

  async get(id: string): Promise<StoreEntry | undefined> {
    return this.snapshot.byId.get(id);
  }

  async byApiKey(apiKey: string): Promise<StoreEntry | undefined> {
    if (!apiKey) return undefined;
    return this.snapshot.byKeyHash.get(hashApiKey(apiKey));
  }

  /** For /health: the version in use and how fresh it is. */
  stats(): { version: string; stores: number; lastSuccessAt?: string; failingSince?: string } {
    const { lastSuccessAt, failingSince } = this.poller;
    return {
      version: this.snapshot.version,
      stores: this.snapshot.list.length,
      ...(lastSuccessAt ? { lastSuccessAt: new Date(lastSuccessAt).toISOString() } : {}),
      ...(failingSince ? { failingSince: new Date(failingSince).toISOString() } : {}),
    };
  }

  private apply(response: Exclude<RegistryStoresListResponse, { notModified: true }>): void {
    if (!Array.isArray(response.stores)) throw new Error('store registry answered without a store list');
    const list: StoreEntry[] = [];
    const byId = new Map<string, StoreEntry>();
    const byKeyHash = new Map<string, StoreEntry>();
    for (const s of response.stores) {
      const entry: StoreEntry = Object.freeze({ id: s.id, name: s.name, url: s.url, secret: s.secret, ...(s.paymentEndpoint ? { paymentEndpoint: s.paymentEndpoint } : {}) });
      list.push(entry);
      byId.set(entry.id, entry);
      byKeyHash.set(s.apiKeyHash, entry);
    }
    const previous = this.snapshot;
    this.snapshot = { version: response.version, list, byId, byKeyHash };
    if (previous.version !== response.version) {
      const added = list.filter((s) => !previous.byId.has(s.id)).map((s) => s.id).slice(0, 20);
      const gone = previous.list.filter((s) => !byId.has(s.id)).map((s) => s.id).slice(0, 20);
      this.options.logger.info({ version: response.version, stores: list.length, added, gone }, 'store directory updated');
    }
  }
}

export interface StoreDirectoryConfig {
  /** REGISTRY_URL: when set, stores come from the registry (polled). */
  registryUrl?: string;
  /** INTERNAL_SECRET (needed with registryUrl). */
  internalSecret?: string;
  /** STORES: the static list, used when registryUrl is unset. */
  storesJson?: string;
  /** REGISTRY_POLL_MS (default 2000). */
  pollMs?: number;
  logger: Logger;
}

/**
 * The directory a service's main.ts runs with: the registry's (started: first list
 * loaded) when REGISTRY_URL is set, else the static STORES list. `close` stops polling.
 */
export async function openStoreDirectory(config: StoreDirectoryConfig): Promise<{ directory: StoreDirectory; close: () => Promise<void> }> {
  if (config.registryUrl) {
    if (!config.internalSecret) throw new Error('REGISTRY_URL needs INTERNAL_SECRET (the store list is an internal RPC)');
    const directory = new RegistryStoreDirectory({
      registryUrl: config.registryUrl,
      internalSecret: config.internalSecret,
      intervalMs: config.pollMs,
      logger: config.logger.child({ component: 'store-directory' }),
    });
    await directory.start();
    config.logger.info({ registry: config.registryUrl, stores: (await directory.list()).length }, 'stores from the registry');
    return { directory, close: () => directory.close() };
  }
  return { directory: new StaticStoreDirectory(parseStoresEnv(config.storesJson)), close: async () => {} };
}
