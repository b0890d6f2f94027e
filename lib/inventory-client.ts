import { DomainError } from './errors.js';
import { signRequestHeaders } from './signing.js';
import { StoreCircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import type { StoreDirectory, StoreEntry } from './store-directory.js';
import type { Money, ProtocolErrorCode, ReservationStatus } from './store-protocol.js';

/**
 * The exchange side of the store protocol (docs/ARCHITECTURE.md "The store protocol"):
 * reserve / release / commit a ticket's stock at the store that owns the item, and read
 * names, prices and availability of many SKUs at once.
 */

export type { Money, ProtocolErrorCode, ReservationStatus };

export interface StoreReservation {
  ticketId: string;
  sku: string;
  quantity: number;
  status: ReservationStatus;
  /** The reservation stops counting against stock after this instant. */
  leaseUntil: Date;
  unitPrice: Money;
}

export type ProtocolOutcome =
  | { ok: true; reservation: StoreReservation }
  /** `available` only for OUT_OF_STOCK: how many the store could reserve now. */
  | { ok: false; code: ProtocolErrorCode; message: string; available?: number };

export interface CatalogItem {
  storeId: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  /** stock on hand minus live holds, at the time of the read */
  available: number;
}

export interface ReserveInput {
  /** UUID; the idempotency key of the reservation */
  ticketId: string;
  sku: string;
  quantity: number;
  leaseUntil: Date;
}

export interface CommitInput {
  ticketId: string;
  orderId: string;
}

/**
 * Failures to reach or understand a store throw DomainError STORE_UNAVAILABLE (with
 * `storeId`), an unknown store STORE_NOT_FOUND, a malformed argument INVALID_INPUT; a
 * refusal by the store (out of stock, released...) is an `ok: false` outcome.
 */
export interface InventoryClient {
  /** Create or resize the HELD reservation of a ticket (idempotent on ticketId). */
  reserve(storeId: string, input: ReserveInput): Promise<ProtocolOutcome>;
  /** Release a ticket's reservation (idempotent). */
  release(storeId: string, ticketId: string): Promise<ProtocolOutcome>;
  /** Turn a reservation into a sale for an order (idempotent for the same order). */
  commit(storeId: string, input: CommitInput): Promise<ProtocolOutcome>;
  /** The store's items among `skus`, keyed by SKU (unknown SKUs are absent); one request. */
  getItems(storeId: string, skus: string[]): Promise<Map<string, CatalogItem>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function requireTicketId(storeId: string, ticketId: string): void {
  if (!UUID.test(ticketId)) throw new DomainError('INVALID_INPUT', 'ticketId must be a UUID.', { field: 'ticketId', storeId });
}

const RESULT_FIELDS = `
  __typename
  ... on Reservation { ticketId sku quantity status leaseUntil unitPrice { amount currency } }
  ... on ProtocolError { code message available }`;

const RESERVE = `mutation Reserve($ticketId: ID!, $sku: String!, $quantity: Int!, $leaseUntil: DateTime!) {
  result: reserve(ticketId: $ticketId, sku: $sku, quantity: $quantity, leaseUntil: $leaseUntil) { ${RESULT_FIELDS} }
}`;
const RELEASE = `mutation Release($ticketId: ID!) { result: release(ticketId: $ticketId) { ${RESULT_FIELDS} } }`;
const COMMIT = `mutation Commit($ticketId: ID!, $orderId: ID!) { result: commit(ticketId: $ticketId, orderId: $orderId) { ${RESULT_FIELDS} } }`;
const ENTITIES = `query Items($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Item { storeId sku name description price { amount currency } available }
  }
}`;

interface WireResult {
  __typename: 'Reservation' | 'ProtocolError';
  ticketId?: string;
  sku?: string;
  quantity?: number;
  status?: ReservationStatus;
  leaseUntil?: string;
  unitPrice?: Money;
  code?: ProtocolErrorCode;
  message?: string;
  available?: number | null;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface HttpInventoryClientOptions {
  directory: StoreDirectory;
  /** Per call; a store slower than this counts as unavailable. */
  timeoutMs?: number;
  /** After repeated failures a store is not called for a while: holds there fail fast. */
  circuitBreaker?: CircuitBreakerOptions;
}

/** The store protocol over HTTP: GraphQL POSTs to each store's inventory subgraph. */
export class HttpInventoryClient implements InventoryClient {
  private readonly directory: StoreDirectory;
  private readonly timeoutMs: number;
  private readonly breaker: StoreCircuitBreaker;

  constructor(options: HttpInventoryClientOptions) {
    this.directory = options.directory;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.breaker = new StoreCircuitBreaker(options.circuitBreaker);
  }

  async reserve(storeId: string, input: ReserveInput): Promise<ProtocolOutcome> {
    requireTicketId(storeId, input.ticketId);
    const variables = { ticketId: input.ticketId, sku: input.sku, quantity: input.quantity, leaseUntil: input.leaseUntil.toISOString() };
    return this.protocolCall(storeId, RESERVE, variables);
  }

  async release(storeId: string, ticketId: string): Promise<ProtocolOutcome> {
    requireTicketId(storeId, ticketId);
    return this.protocolCall(storeId, RELEASE, { ticketId });
  }

  async commit(storeId: string, input: CommitInput): Promise<ProtocolOutcome> {
    requireTicketId(storeId, input.ticketId);
    return this.protocolCall(storeId, COMMIT, { ticketId: input.ticketId, orderId: input.orderId });
  }

  async getItems(storeId: string, skus: string[]): Promise<Map<string, CatalogItem>> {
    const unique = [...new Set(skus)];
    const found = new Map<string, CatalogItem>();
    if (unique.length === 0) {
      await this.storeEntry(storeId);
      return found;
    }
    const representations = unique.map((sku) => ({ __typename: 'Item', storeId, sku }));
    const data = await this.post<{ _entities: (CatalogItem | null)[] }>(storeId, ENTITIES, { representations }, false);
    if (!Array.isArray(data._entities)) throw storeUnavailable(storeId, 'The store sent no entities.');
    for (const item of data._entities) {
      if (item && typeof item.sku === 'string') {
        found.set(item.sku, { storeId: item.storeId, sku: item.sku, name: item.name, description: item.description, price: item.price, available: item.available });
      }
    }
    return found;
  }

  private async protocolCall(storeId: string, query: string, variables: Record<string, unknown>): Promise<ProtocolOutcome> {
    const data = await this.post<{ result: WireResult | null }>(storeId, query, variables, true);
    const result = data.result;
    if (result?.__typename === 'Reservation') {
      return {
        ok: true,
        reservation: {
          ticketId: result.ticketId!,
          sku: result.sku!,
          quantity: result.quantity!,
          status: result.status!,
          leaseUntil: new Date(result.leaseUntil!),
          unitPrice: result.unitPrice!,
        },
      };
    }
    if (result?.__typename === 'ProtocolError') {
      const outcome: ProtocolOutcome = { ok: false, code: result.code!, message: result.message! };
      if (typeof result.available === 'number') outcome.available = result.available;
      return outcome;
    }
    throw storeUnavailable(storeId, 'The store answered with an unknown result.');
  }

  private async storeEntry(storeId: string) {
    const store = await this.directory.get(storeId);
    if (!store) throw new DomainError('STORE_NOT_FOUND', `No store ${JSON.stringify(storeId)} is part of the federation.`, { storeId });
    return store;
  }

  private async post<T>(storeId: string, query: string, variables: Record<string, unknown>, signed: boolean): Promise<T> {
    const store = await this.storeEntry(storeId);
    if (!this.breaker.tryAcquire(storeId)) {
      throw storeUnavailable(storeId, `Store ${storeId} is failing; not calling it again for a few seconds.`, { circuit: 'open' });
    }
    try {
      const data = await this.send<T>(store, query, variables, signed);
      this.breaker.recordSuccess(storeId);
      return data;
    } catch (error) {
      // only an outage opens the circuit; a caller's bad input says nothing about the store
      if ((error as DomainError).code === 'STORE_UNAVAILABLE') this.breaker.recordFailure(storeId);
      else this.breaker.recordSuccess(storeId);
      throw error;
    }
  }

  private async send<T>(store: StoreEntry, query: string, variables: Record<string, unknown>, signed: boolean): Promise<T> {
    const storeId = store.id;
    const body = JSON.stringify({ query, variables });
    let response: Response;
    let text: string;
    try {
      response = await fetch(store.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(signed ? signRequestHeaders(store.secret, body) : {}) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (error as Error).message;
      throw storeUnavailable(storeId, `Store ${storeId} is unreachable: ${reason}.`);
    }
    let json: GraphQLResponse<T> | undefined;
    try {
      json = JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      json = undefined;
    }
    // a malformed argument is the caller's mistake, not the store's outage
    const invalidInput = json?.errors?.find((e) => e.extensions?.code === 'INVALID_INPUT');
    if (invalidInput) throw new DomainError('INVALID_INPUT', invalidInput.message, { storeId, field: invalidInput.extensions?.field });
    if (!response.ok || !json || json.errors?.length || !json.data) {
      const storeCode = json?.errors?.[0]?.extensions?.code;
      throw storeUnavailable(storeId, `Store ${storeId} failed (HTTP ${response.status}${storeCode ? `, ${storeCode}` : ''}).`, { status: response.status, storeCode });
    }
    return json.data;
  }
}

export function storeUnavailable(storeId: string, message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('STORE_UNAVAILABLE', message, { ...details, storeId });
}
