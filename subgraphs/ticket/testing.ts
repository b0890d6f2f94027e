import { randomBytes, randomUUID } from 'node:crypto';
import { createPool, type Pool } from '../../lib/db.js';
import { InMemoryEventBus } from '../../lib/event-bus.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../lib/identity.js';
import type { InventoryClient } from '../../lib/inventory-client.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import type { StoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
import type { PriceRule } from '../../lib/pricing.js';
import type { PriceRules, SessionOfferCodes } from './domain/ports.js';
import { createTicketServer, migrateTicket, type TicketServer, type TicketServerDeps } from './server.js';

/** An in-memory bus that also keeps every message published, for tests to inspect. */
export class RecordingEventBus extends InMemoryEventBus {
  readonly published: { channel: string; message: any }[] = [];

  override async publish(channel: string, message: unknown): Promise<void> {
    this.published.push({ channel, message: JSON.parse(JSON.stringify(message)) });
    await super.publish(channel, message);
  }

  /** The cart events of `type` published for `ticketId`. */
  cartEvents(type: string, ticketId: string) {
    return this.published.filter((p) => p.channel.startsWith('cart:') && p.message.type === type && p.message.ticketId === ticketId).map((p) => p.message);
  }
}

/**
 * The session service's offer codes in memory (a test double of the SessionOfferCodes
 * port): codes attached per session, upper-cased and deduplicated, at most `limit`.
 */
export class InMemorySessionOfferCodes implements SessionOfferCodes {
  readonly codes = new Map<string, string[]>();
  readonly calls: { sessionId: string; codes: string[] }[] = [];
  /** Sessions that are gone (attach answers null). */
  readonly gone = new Set<string>();
  /** Set to make attach fail as an unreachable session service would. */
  failing = false;

  constructor(private readonly limit = 10) {}

  async attach(sessionId: string, codes: string[]): Promise<string[] | null> {
    this.calls.push({ sessionId, codes: [...codes] });
    if (this.failing) throw new Error('session service unavailable');
    if (this.gone.has(sessionId)) return null;
    const current = this.codes.get(sessionId) ?? [];
    for (const code of codes.map((c) => c.toUpperCase())) if (!current.includes(code) && current.length < this.limit) current.push(code);
    this.codes.set(sessionId, current);
    return [...current];
  }
}

/**
 * The stores' price rules in memory (a test double of the PriceRules port, standing in
 * for the payment subgraph): rules set by tests, every call recorded, and a switch to
 * fail as an unreachable payment service would.
 */
export class InMemoryPriceRules implements PriceRules {
  rules: PriceRule[] = [];
  readonly calls: { storeId: string; skus: string[] }[] = [];
  /** Set to make rulesFor fail as an unreachable payment service would. */
  failing = false;

  set(...rules: PriceRule[]): this {
    this.rules = [...rules];
    return this;
  }

  async rulesFor(storeId: string, skus: readonly string[]): Promise<PriceRule[]> {
    this.calls.push({ storeId, skus: [...skus] });
    if (this.failing) throw new Error('payment service unavailable');
    return this.rules.filter((rule) => rule.storeId === storeId && skus.includes(rule.sku));
  }
}

/** Test harness: a ticket database and any number of ticket servers (replicas) on it. */
export interface TicketUnderTest {
  pool: Pool;
  identityKey: string;
  internalSecret: string;
  servers: TicketServer[];
  urls: string[];
  /** Starts one more replica on the same database. */
  addReplica(overrides?: Partial<TicketServerDeps>): Promise<TicketServer>;
  /** A shopper identity (as the gateway would sign it). */
  shopper(sessionId?: string): Identity;
  /** An account session (a guest session upgraded in place at login keeps its session id). */
  account(accountId?: string, sessionId?: string, offerCodes?: string[]): Identity;
  /** The session service's offer codes (the default test double, unless the deps gave one). */
  sessionOfferCodes: SessionOfferCodes;
  /** The stores' price rules (the default test double, unless the deps gave one). */
  priceRules: PriceRules;
  /** POSTs GraphQL to replica `replica` (default 0), signing `identity` as the gateway does. */
  graphql(query: string, variables?: Record<string, unknown>, options?: { identity?: Identity; headers?: Record<string, string>; replica?: number }): Promise<{ status: number; body: any }>;
  /** POSTs to /internal/<name>; signed with the internal secret unless `sign` is false. */
  rpc(name: string, input: unknown, options?: { sign?: boolean | string; replica?: number }): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTicketForTest(
  label: string,
  deps: { directory: StoreDirectory; inventory: InventoryClient } & Partial<Omit<TicketServerDeps, 'pool'>>,
): Promise<TicketUnderTest> {
  const database = await createTestDatabase(label);
  const pool = createPool(database.url, 20);
  await migrateTicket(pool);
  const identityKey = deps.identityKey ?? randomBytes(24).toString('base64url');
  const internalSecret = deps.internalSecret ?? randomBytes(24).toString('base64url');
  const servers: TicketServer[] = [];
  const urls: string[] = [];
  const sessionOfferCodes = deps.sessionOfferCodes ?? new InMemorySessionOfferCodes();
  const priceRules = deps.priceRules ?? new InMemoryPriceRules();

  const addReplica = async (overrides: Partial<TicketServerDeps> = {}) => {
    const server = createTicketServer({ logger: silentLogger(), ...deps, sessionOfferCodes, priceRules, identityKey, internalSecret, pool, ...overrides });
    urls.push(await server.listen(0));
    servers.push(server);
    return server;
  };
  await addReplica();

  return {
    pool,
    identityKey,
    internalSecret,
    servers,
    urls,
    addReplica,
    shopper: (sessionId = `sess_${randomUUID()}`) => ({ kind: 'GUEST', sessionId }),
    account: (accountId = `acct_${randomUUID()}`, sessionId = `sess_${randomUUID()}`, offerCodes?: string[]) =>
      offerCodes ? { kind: 'ACCOUNT', sessionId, accountId, offerCodes } : { kind: 'ACCOUNT', sessionId, accountId },
    sessionOfferCodes,
    priceRules,
    async graphql(query, variables = {}, options = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.identity) headers[IDENTITY_HEADER] = signIdentity(options.identity, identityKey);
      const response = await fetch(urls[options.replica ?? 0], { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return { status: response.status, body: await response.json() };
    },
    async rpc(name, input, options = {}) {
      const body = JSON.stringify(input);
      const signing = options.sign === false ? {} : signRequestHeaders(typeof options.sign === 'string' ? options.sign : internalSecret, body);
      const base = urls[options.replica ?? 0].replace(/\/graphql$/, '');
      const response = await fetch(`${base}/internal/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signing }, body });
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      for (const server of servers) await server.close();
      await pool.end();
      await database.drop();
    },
  };
}

export const TICKET_FIELDS = `id storeId sku quantity status createdAt expiresAt unitPrice { amount currency } lineTotal { amount currency } store { id } item { storeId sku }`;

export const HOLD_MUTATION = `mutation Hold($input: HoldInput!) {
  hold(input: $input) {
    __typename
    ... on Ticket { ${TICKET_FIELDS} }
    ... on ErrorResult { code message }
    ... on InvalidInputError { field }
    ... on InvalidQuantityError { min max }
    ... on OutOfStockError { storeId sku requested available }
    ... on ItemNotFoundError { storeId sku }
    ... on StoreNotFoundError { storeId }
    ... on StoreUnavailableError { storeId }
    ... on HoldLimitExceededError { limit }
    ... on CartVersionMismatchError { expectedVersion cart { version itemCount tickets { id } } }
  }
}`;

export const CART_QUERY = `{ cart { id version itemCount totals { amount currency } tickets { ${TICKET_FIELDS} } } }`;

export const RELEASE_MUTATION = `mutation Release($ticketId: ID!, $idempotencyKey: String!, $cartVersion: Int) {
  releaseTicket(ticketId: $ticketId, idempotencyKey: $idempotencyKey, cartVersion: $cartVersion) {
    __typename
    ... on Ticket { id status quantity }
    ... on ErrorResult { code message }
    ... on InvalidInputError { field }
    ... on TicketNotHeldError { ticketId status }
    ... on CartVersionMismatchError { expectedVersion cart { version } }
  }
}`;

export const CHANGE_QUANTITY_MUTATION = `mutation Change($ticketId: ID!, $quantity: Int!, $idempotencyKey: String!, $cartVersion: Int) {
  changeTicketQuantity(ticketId: $ticketId, quantity: $quantity, idempotencyKey: $idempotencyKey, cartVersion: $cartVersion) {
    __typename
    ... on Ticket { id status quantity }
    ... on ErrorResult { code message }
    ... on InvalidInputError { field }
    ... on InvalidQuantityError { min max }
    ... on OutOfStockError { requested available }
    ... on TicketExpiredError { ticketId expiredAt }
    ... on TicketNotHeldError { ticketId status }
    ... on CartVersionMismatchError { expectedVersion cart { version } }
  }
}`;

export const SAVED_CART_FIELDS = `id name savedAt offerCodes lines { storeId sku quantity item { storeId sku } }`;

export const SAVE_CART_MUTATION = `mutation Save($name: String!, $idempotencyKey: String!, $releaseHolds: Boolean) {
  saveCart(name: $name, releaseHolds: $releaseHolds, idempotencyKey: $idempotencyKey) {
    __typename
    ... on SavedCart { ${SAVED_CART_FIELDS} }
    ... on ErrorResult { code message }
    ... on InvalidInputError { field }
    ... on SavedCartLimitError { limit }
  }
}`;

export const SAVED_CARTS_QUERY = `{ savedCarts { ${SAVED_CART_FIELDS} } }`;

export const DELETE_SAVED_CART_MUTATION = `mutation Delete($id: ID!) {
  deleteSavedCart(savedCartId: $id) {
    __typename
    ... on SavedCart { ${SAVED_CART_FIELDS} }
    ... on ErrorResult { code message }
    ... on SavedCartNotFoundError { savedCartId }
  }
}`;

export const RESTORE_MUTATION = `mutation Restore($id: ID!, $key: String!) {
  restoreSavedCart(savedCartId: $id, idempotencyKey: $key) {
    __typename
    ... on CartRestored {
      complete
      offerCodes
      cart { id version itemCount tickets { id storeId sku quantity status } }
      lines {
        storeId sku requested held
        ticket { id quantity status }
        problem {
          __typename code message
          ... on OutOfStockError { requested available }
          ... on ItemNotFoundError { storeId sku }
          ... on StoreNotFoundError { storeId }
          ... on HoldLimitExceededError { limit }
        }
      }
    }
    ... on ErrorResult { code message }
    ... on InvalidInputError { field }
    ... on SavedCartNotFoundError { savedCartId }
  }
}`;
