import { randomBytes, randomUUID } from 'node:crypto';
import { createPool, type Pool } from '../../lib/db.js';
import { InMemoryEventBus } from '../../lib/event-bus.js';
import { IDENTITY_HEADER, signIdentity, type Identity } from '../../lib/identity.js';
import type { InventoryClient } from '../../lib/inventory-client.js';
import { silentLogger } from '../../lib/logger.js';
import { signRequestHeaders } from '../../lib/signing.js';
import type { StoreDirectory } from '../../lib/store-directory.js';
import { createTestDatabase } from '../../test/support/databases.js';
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

  const addReplica = async (overrides: Partial<TicketServerDeps> = {}) => {
    const server = createTicketServer({ logger: silentLogger(), ...deps, identityKey, internalSecret, pool, ...overrides });
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

export const CART_QUERY = `{ cart { version itemCount totals { amount currency } tickets { ${TICKET_FIELDS} } } }`;

export const RELEASE_MUTATION = `mutation Release($ticketId: ID!, $cartVersion: Int) {
  releaseTicket(ticketId: $ticketId, cartVersion: $cartVersion) {
    __typename
    ... on Ticket { id status quantity }
    ... on ErrorResult { code message }
    ... on InvalidInputError { field }
    ... on TicketNotHeldError { ticketId status }
    ... on CartVersionMismatchError { expectedVersion cart { version } }
  }
}`;

export const CHANGE_QUANTITY_MUTATION = `mutation Change($ticketId: ID!, $quantity: Int!, $cartVersion: Int) {
  changeTicketQuantity(ticketId: $ticketId, quantity: $quantity, cartVersion: $cartVersion) {
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
