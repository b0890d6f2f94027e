// Lightweight simulated stores for `npm run bench:stores`: ONE node:http server hosting
// any number of inventory endpoints at `/store/<id>/graphql`. Every endpoint answers the
// real inventory contract (schema built ONCE with buildSubgraphSchema from
// subgraphs/inventory/schema.graphql; resolvers parameterised by the store id of the
// path) and verifies the x-cartstart-identity header with THAT store's secret, as a
// store's own instance does (lib/subgraph.ts). Catalogs are synthetic: every SKU exists.
//
// Each store gets its own origin (a distinct 127.x.y.z loopback address on the one
// port), so the gateway keeps per-store connection pools as it would with real stores.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode, GraphQLFormattedError } from 'graphql';
import { readBody } from '../lib/http-server.js';
import { IDENTITY_HEADER, verifyIdentity } from '../lib/identity.js';
import { readSchema } from '../lib/subgraph.js';

// the graphql copy @apollo/subgraph builds schemas with (see lib/subgraph.ts)
const { execute, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export interface SimulatedStore {
  id: string;
  name: string;
  secret: string;
}

export interface StoreHost {
  /** The inventory URL of the i-th store given to `startStoreHost`. */
  urlOf(index: number): string;
  /** Requests answered per store id (what reached the stores). */
  readonly served: Map<string, number>;
  close(): Promise<void>;
}

interface StoreContext {
  store: SimulatedStore;
}

const CURRENCY = 'USD';

/** A deterministic synthetic item of a store (price from the SKU, so answers are checkable). */
export function simulatedItem(storeId: string, sku: string) {
  const amount = 100 + (Number.parseInt(sku.replace(/\D/g, '') || '0', 10) % 900);
  return { storeId, sku, name: `${sku} at ${storeId}`, description: `Synthetic item ${sku}`, price: { amount, currency: CURRENCY }, stockOnHand: 1_000, available: 1_000 };
}

const schemaFile = new URL('../subgraphs/inventory/schema.graphql', import.meta.url);

function buildSchema() {
  const ownItem = (context: StoreContext, storeId: string, sku: string) => (storeId === context.store.id ? simulatedItem(storeId, sku) : null);
  const storeOf = (context: StoreContext, id: string) => (id === context.store.id ? { id, name: context.store.name, currency: CURRENCY } : null);
  return buildSubgraphSchema({
    typeDefs: readSchema(schemaFile),
    resolvers: {
      Query: {
        store: (_: unknown, { id }: { id: string }, context: StoreContext) => storeOf(context, id),
        item: (_: unknown, args: { storeId: string; sku: string }, context: StoreContext) => ownItem(context, args.storeId, args.sku),
      },
      Store: {
        __resolveReference: ({ id }: { id: string }, context: StoreContext) => storeOf(context, id),
        item: (store: { id: string }, { sku }: { sku: string }, context: StoreContext) => ownItem(context, store.id, sku),
        items: (store: { id: string }, { first }: { first?: number }) => {
          const nodes = Array.from({ length: Math.min(first ?? 20, 50) }, (_, i) => simulatedItem(store.id, `sku-${String(i).padStart(4, '0')}`));
          return { edges: nodes.map((node) => ({ cursor: node.sku, node })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: nodes.length };
        },
      },
      Item: {
        __resolveReference: (ref: { storeId: string; sku: string }, context: StoreContext) => ownItem(context, ref.storeId, ref.sku),
      },
    } as never,
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const PATH = /^\/store\/([a-z0-9][a-z0-9-]{0,62})\/graphql$/;

/** Origin of the i-th store: 127.0.0.2, 127.0.0.3, … (distinct loopback addresses). */
function hostOf(index: number): string {
  const n = index + 2;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export async function startStoreHost(stores: readonly SimulatedStore[]): Promise<StoreHost> {
  if (stores.length > 60_000) throw new Error('store host: at most 60,000 stores');
  const schema = buildSchema();
  const byId = new Map(stores.map((s) => [s.id, s]));
  // the gateway sends the same few operations over and over: parse and validate each once
  const documents = new Map<string, { document: DocumentNode } | { errors: GraphQLFormattedError[] }>();
  const served = new Map<string, number>();

  const server = http.createServer(async (req, res) => {
    try {
      // bound to every address for the per-store loopback origins; answer loopback only
      if (!req.socket.localAddress?.startsWith('127.')) return void req.socket.destroy();
      const match = PATH.exec(req.url ?? '');
      const store = match ? byId.get(match[1]) : undefined;
      if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok', stores: byId.size });
      if (!store || req.method !== 'POST') return send(res, 404, { error: 'not found' });
      const raw = await readBody(req);
      let identity;
      try {
        identity = verifyIdentity(req.headers[IDENTITY_HEADER] as string | undefined, store.secret);
      } catch (error) {
        return send(res, 401, { errors: [{ message: (error as Error).message, extensions: { code: 'INVALID_IDENTITY' } }] });
      }
      const body = JSON.parse(raw) as { query: string; operationName?: string; variables?: Record<string, unknown> };
      let prepared = documents.get(body.query);
      if (!prepared) {
        const document = parse(body.query);
        const errors = validate(schema, document);
        prepared = errors.length ? { errors: errors.map((e) => e.toJSON()) } : { document };
        if (documents.size < 1_000) documents.set(body.query, prepared);
      }
      if ('errors' in prepared) return send(res, 400, { errors: prepared.errors });
      served.set(store.id, (served.get(store.id) ?? 0) + 1);
      const result = await execute({
        schema,
        document: prepared.document,
        variableValues: body.variables,
        operationName: body.operationName,
        contextValue: { store, identity } satisfies StoreContext & { identity: unknown },
      });
      send(res, 200, { ...(result.data !== undefined ? { data: result.data } : {}), ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}) });
    } catch (error) {
      if (!res.headersSent) send(res, 500, { errors: [{ message: (error as Error).message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    }
  });
  server.keepAliveTimeout = 65_000;
  // every loopback address: the stores are told apart by origin as well as by path
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urls = stores.map((s, i) => `http://${hostOf(i)}:${port}/store/${s.id}/graphql`);
  return {
    urlOf: (index) => urls[index],
    served,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
