import type { ActiveStoreRecord, NewStoreRecord, PartnerModel, PartnerSubgraphModel, PartnerSubgraphRecord, RegisteredStoreModel, RegisteredStoreStatus } from './model.js';

/** The registry's durable storage (PostgreSQL). Every change moves the registry version. */
export interface StoreRegistryRepository {
  /** Inserts the store; `id-taken` when the id exists (in any status), `api-key-taken` when another store has this key. */
  insert(record: NewStoreRecord): Promise<{ ok: true; store: RegisteredStoreModel } | { ok: false; reason: 'id-taken' | 'api-key-taken' }>;
  findById(id: string): Promise<RegisteredStoreModel | null>;
  /** Every store, by id; without a status, removed ones are left out. */
  list(status?: RegisteredStoreStatus): Promise<RegisteredStoreModel[]>;
  /**
   * Moves a store that is in one of `from` to `to` (erasing its credentials when `to` is
   * REMOVED). Null when there is no such store or it is REMOVED; the store unchanged when it
   * already is `to` (idempotent, the version does not move).
   */
  transition(id: string, from: RegisteredStoreStatus[], to: RegisteredStoreStatus, at: Date): Promise<RegisteredStoreModel | null>;
  /**
   * Sets (or, with null, clears) the payment endpoint of a store that is not REMOVED; null
   * when there is no such store. Unchanged value: the store as it is (the version does not move).
   */
  setPaymentEndpoint(id: string, paymentEndpoint: string | null, at: Date): Promise<RegisteredStoreModel | null>;
  /** The active stores and the registry version they belong to, read in one snapshot. */
  activeStores(): Promise<{ version: string; stores: ActiveStoreRecord[] }>;
  /** The current registry version (cheap: answers "nothing changed" without the list). */
  version(): Promise<string>;
  ping(): Promise<void>;
}

/** Encrypts store secrets at rest; `aad` binds a ciphertext to its store id. */
export interface SecretCipher {
  encrypt(plaintext: string, aad: string): string;
  decrypt(ciphertext: string, aad: string): string;
}

/** Fetches a store's subgraph SDL (`query { _service { sdl } }`). */
export interface StoreSdlFetcher {
  fetchSdl(url: string): Promise<{ ok: true; sdl: string } | { ok: false; reason: string }>;
}

/** Partner accounts and partner subgraphs (PostgreSQL). Every change moves the partner version. */
export interface PartnerRepository {
  /** Creates a partner; `id-taken` / `api-key-taken` when the name or the key is in use. */
  insertPartner(record: { id: string; apiKeyHash: string; secretCiphertext: string; at: Date }): Promise<{ ok: true; partner: PartnerModel } | { ok: false; reason: 'id-taken' | 'api-key-taken' }>;
  findSubgraph(name: string): Promise<PartnerSubgraphModel | null>;
  /** Active subgraphs (every partner's, or one partner's), by name. */
  listSubgraphs(partnerId?: string): Promise<PartnerSubgraphModel[]>;
  /**
   * Runs `work` in one transaction holding the partner version lock: partner changes are
   * serialized, so a registration is composed against exactly the set it joins.
   */
  withPartnerLock<T>(work: (tx: PartnerTransaction) => Promise<T>): Promise<T>;
  /** The active subgraphs (with SDLs), the partners (secrets encrypted) and their version, in one snapshot. */
  snapshot(): Promise<{ version: string; subgraphs: PartnerSubgraphRecord[]; partners: { id: string; apiKeyHash: string; secretCiphertext: string }[] }>;
  version(): Promise<string>;
}

export interface PartnerTransaction {
  find(name: string): Promise<PartnerSubgraphRecord | null>;
  active(): Promise<PartnerSubgraphRecord[]>;
  /** Moves the partner version; returns the new number. */
  bump(): Promise<number>;
  /** Inserts the subgraph or, for its owner, makes it ACTIVE again with this URL and SDL. */
  upsert(record: { name: string; partnerId: string; url: string; sdl: string; version: number; at: Date }): Promise<PartnerSubgraphModel>;
  markRemoved(name: string, version: number, at: Date): Promise<void>;
}
