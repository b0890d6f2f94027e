import type { IncomingHttpHeaders } from 'node:http';
import { DomainError } from '../../lib/errors.js';
import type { HttpService } from '../../lib/http-server.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createSubgraphService, type SubgraphContext } from '../../lib/subgraph.js';

/**
 * Small in-memory subgraphs for gateway tests: the REAL SDL files with simple resolvers,
 * each recording what reached it (verified identity, raw headers, operation).
 */
export interface ReceivedRequest {
  identity: Identity;
  headers: IncomingHttpHeaders;
  query: string;
  variables: Record<string, any>;
}

export interface FakeSubgraph {
  service: HttpService;
  url: string;
  received: ReceivedRequest[];
}

const schemaFile = (name: string) => new URL(`../../subgraphs/${name}/schema.graphql`, import.meta.url);

export const schemaFileOf = schemaFile;

async function start(name: string, resolvers: unknown, identityKey: string, before?: () => Promise<void>, port = 0): Promise<FakeSubgraph> {
  const received: ReceivedRequest[] = [];
  const service = createSubgraphService<SubgraphContext>({
    schemaFile: schemaFile(name),
    resolvers,
    identityKey,
    logger: silentLogger(),
    extendContext: async (base, req, _headers, rawBody) => {
      const body = rawBody ? (JSON.parse(rawBody) as { query: string; variables?: Record<string, any> }) : { query: '' };
      // introspection at composition time is not traffic the tests look at
      if (!body.query.includes('_service')) received.push({ identity: base.identity, headers: req.headers, query: body.query, variables: body.variables ?? {} });
      await before?.();
      return base;
    },
  });
  const url = await service.listen(port);
  return { service, url, received };
}

export interface FakeItem {
  sku: string;
  name: string;
  amount: number;
}

export interface FakeStore extends FakeSubgraph {
  storeId: string;
  /** Delay every GraphQL answer by this much (a slow store). */
  delayMs: number;
}

export async function startFakeInventory(storeId: string, storeName: string, items: FakeItem[], identityKey: string): Promise<FakeStore> {
  const currency = 'USD';
  const byId = new Map(items.map((i) => [i.sku, { storeId, sku: i.sku, name: i.name, description: `${i.name} at ${storeName}`, price: { amount: i.amount, currency }, stockOnHand: 10, available: 10 }]));
  const store = { id: storeId, name: storeName, currency };
  const item = (sid: string, sku: string) => (sid === storeId ? byId.get(sku) ?? null : null);
  const resolvers = {
    Query: {
      store: (_: unknown, { id }: { id: string }) => (id === storeId ? store : null),
      item: (_: unknown, args: { storeId: string; sku: string }) => item(args.storeId, args.sku),
    },
    Store: {
      __resolveReference: ({ id }: { id: string }) => (id === storeId ? store : null),
      item: (_: unknown, { sku }: { sku: string }) => item(storeId, sku),
      items: (_: unknown, { after }: { after?: string }) => {
        if (after === '%%%') throw new DomainError('INVALID_INPUT', 'Malformed cursor.', { field: 'after' });
        const nodes = [...byId.values()];
        return { edges: nodes.map((node) => ({ cursor: node.sku, node })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: nodes.length };
      },
    },
    Item: { __resolveReference: (ref: { storeId: string; sku: string }) => item(ref.storeId, ref.sku) },
  };
  const fake = { storeId, delayMs: 0 } as FakeStore;
  Object.assign(fake, await start('inventory', resolvers, identityKey, () => (fake.delayMs ? new Promise((r) => setTimeout(r, fake.delayMs)) : Promise.resolve())));
  return fake;
}

export interface FakeTicket {
  id: string;
  storeId: string;
  sku: string;
  /** false: reachable by Query.ticket only, not part of the cart. */
  inCart?: boolean;
  quantity?: number;
  status?: string;
  /** The order that purchased it (payment resolves it). */
  orderId?: string;
}

const NOW = '2026-01-01T00:00:00.000Z';

export function asFakeTicket({ inCart: _inCart, ...t }: FakeTicket) {
  return { quantity: 1, status: 'HELD', ...t, createdAt: NOW, expiresAt: NOW, unitPrice: { amount: 100, currency: 'USD' }, lineTotal: { amount: 100, currency: 'USD' } };
}

/** Resolvers of the ticket's entity references (shared with the WebSocket side of the fake). */
export const fakeTicketFieldResolvers = {
  item: (t: FakeTicket) => ({ storeId: t.storeId, sku: t.sku }),
  store: (t: FakeTicket) => ({ id: t.storeId }),
  order: (t: FakeTicket) => (t.orderId ? { id: t.orderId } : null),
};

export async function startFakeTicket(tickets: FakeTicket[], storeIds: string[], identityKey: string, port = 0): Promise<FakeSubgraph> {
  const asTicket = asFakeTicket;
  const resolvers = {
    Query: {
      cart: () => {
        const lines = tickets.filter((t) => t.inCart !== false);
        return { version: 1, tickets: lines.map(asTicket), itemCount: lines.length, totals: [] };
      },
      ticket: (_: unknown, { id }: { id: string }) => {
        if (id === 'boom') throw new Error('db password=hunter2 at 10.0.0.7');
        if (id === 'forbidden') throw new DomainError('FORBIDDEN', 'Not your ticket.');
        if (id === 'anonymous') throw new DomainError('NOT_AUTHENTICATED', 'Send a session.');
        const t = tickets.find((x) => x.id === id);
        return t ? asTicket(t) : null;
      },
      stores: () => storeIds.map((id) => ({ id })),
    },
    Ticket: fakeTicketFieldResolvers,
  };
  return start('ticket', resolvers, identityKey, undefined, port);
}

export async function startFakeSession(identityKey: string): Promise<FakeSubgraph> {
  const resolvers = {
    Query: {
      session: (_: unknown, __: unknown, { identity }: SubgraphContext) =>
        identity.sessionId ? { id: identity.sessionId, kind: identity.kind === 'ACCOUNT' ? 'ACCOUNT' : 'GUEST', account: null, createdAt: NOW, expiresAt: NOW } : null,
      me: () => null,
    },
  };
  return start('session', resolvers, identityKey);
}

export async function startFakePayment(identityKey: string): Promise<FakeSubgraph> {
  const resolvers = {
    Query: {
      orders: () => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } }),
      order: () => null,
      storeOrders: () => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } }),
    },
    Order: {
      __resolveReference: ({ id }: { id: string }) => ({ id, status: 'AUTHORIZED', createdAt: NOW, total: { amount: 100, currency: 'USD' }, parts: [], payment: null }),
    },
  };
  return start('payment', resolvers, identityKey);
}

export interface GraphQLResult {
  status: number;
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export async function post(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResult> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as object) };
}
