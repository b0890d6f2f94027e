import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../lib/logger.js';
import { isValidStoreId, type StoreDirectory, type StoreEntry } from '../lib/store-directory.js';
import { StoreCircuitBreaker, type CircuitBreakerOptions } from '../lib/circuit-breaker.js';
import {
  DEFAULT_STORE_ARGUMENTS,
  groupRepresentationsByStore,
  isEntityFetch,
  mergeEntities,
  mergeRootData,
  operationOf,
  remapEntityErrorPath,
  splitRootFieldsByStore,
  type Representation,
  type StoreArguments,
  type Variables,
} from './store-routing.js';

type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;
type Context = Record<string, any>;

export const DEFAULT_STORE_TIMEOUT_MS = 3_000;

export interface PerStoreInventoryOptions {
  directory: StoreDirectory;
  logger: Logger;
  /** A store that has not answered within this long counts as unavailable (default 3 s). */
  timeoutMs?: number;
  /** Timeout for schema loading and health checks (composition is not on the request path). */
  schemaTimeoutMs?: number;
  /** Headers for one store request (the signed identity); the context is the gateway request's. */
  headers?: (store: StoreEntry, context: Context) => Record<string, string>;
  storeArguments?: StoreArguments;
  /** Stop asking a store that keeps failing for a while (default: 5 failures, 10 s). */
  circuitBreaker?: CircuitBreakerOptions;
}

interface StoreRequest {
  query: string;
  operationName?: string;
  variables: Variables;
}

type StoreAnswer =
  | { ok: true; data: Record<string, any> | null; errors: GraphQLFormattedError[] }
  | { ok: false; reason: string };

export function storeUnavailableError(storeId: string, path?: ReadonlyArray<string | number>): GraphQLFormattedError {
  return {
    message: `Store "${storeId}" is unavailable; its data is missing from this response.`,
    ...(path ? { path } : {}),
    extensions: { code: 'STORE_UNAVAILABLE', storeId },
  };
}

export function storeNotFoundError(storeId: string | undefined, path: ReadonlyArray<string | number>): GraphQLFormattedError {
  return {
    message: storeId ? `No store "${storeId}" is part of the federation.` : 'The entity names no store.',
    path,
    extensions: { code: 'STORE_NOT_FOUND', ...(storeId ? { storeId } : {}) },
  };
}

/**
 * The `inventory` subgraph of the supergraph, fanned out to the stores. The planner sees
 * one subgraph (so planning cost does not grow with the number of stores); this data
 * source sends each fetch to the stores owning its entities or root fields, in
 * parallel, and merges the answers. One store failing or timing out nulls only that
 * store's part and adds STORE_UNAVAILABLE errors; it never fails the whole fetch.
 */
export class PerStoreInventoryDataSource implements GraphQLDataSource<Context> {
  private readonly timeoutMs: number;
  private readonly schemaTimeoutMs: number;
  private readonly storeArguments: StoreArguments;
  private readonly breaker: StoreCircuitBreaker;

  constructor(private readonly options: PerStoreInventoryOptions) {
    this.breaker = new StoreCircuitBreaker(options.circuitBreaker);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.schemaTimeoutMs = options.schemaTimeoutMs ?? Math.max(this.timeoutMs, 10_000);
    this.storeArguments = options.storeArguments ?? DEFAULT_STORE_ARGUMENTS;
  }

  async process(options: GraphQLDataSourceProcessOptions<Context>): Promise<GatewayResponse> {
    const { request, context } = options;
    if (!request.query) throw new Error('Missing query');
    const base: StoreRequest = { query: request.query, operationName: request.operationName, variables: request.variables ?? {} };

    // (the request-kind enum is not exported by @apollo/gateway; only incoming operations carry a request context)
    if (!('incomingRequestContext' in options)) return this.processSchemaRequest(base, context);

    const document = options.document ?? parse(request.query);
    return isEntityFetch(document) ? this.processEntities(base, context) : this.processRootFields(document, base, context);
  }

  /** `_service { sdl }` and health checks: every store shares the contract, so the first one answers. */
  private async processSchemaRequest(request: StoreRequest, context: Context): Promise<GatewayResponse> {
    const [store] = await this.options.directory.list();
    if (!store) throw new Error('inventory: the store directory is empty, so there is no store to load the inventory schema from');
    const answer = await this.send(store, request, context, this.schemaTimeoutMs, false);
    if (!answer.ok) throw new Error(`inventory: store "${store.id}" did not serve its schema: ${answer.reason}`);
    return { data: answer.data, ...(answer.errors.length ? { errors: answer.errors } : {}) };
  }

  private async processEntities(request: StoreRequest, context: Context): Promise<GatewayResponse> {
    const representations = request.variables.representations;
    if (!Array.isArray(representations)) throw new Error('inventory: _entities fetch without representations');
    const { groups, unrouted } = groupRepresentationsByStore(representations as Representation[]);
    const errors: GraphQLFormattedError[] = unrouted.map((index) => storeNotFoundError(undefined, ['_entities', index]));

    const parts = await Promise.all(
      groups.map(async ({ storeId, indices, representations: own }) => {
        const store = await this.lookup(storeId);
        if (!store) return { indices, entities: null, errors: indices.map((i) => storeNotFoundError(storeId, ['_entities', i])) };
        const answer = await this.send(store, { ...request, variables: { ...request.variables, representations: own } }, context, this.timeoutMs);
        if (!answer.ok) return { indices, entities: null, errors: indices.map((i) => storeUnavailableError(storeId, ['_entities', i])) };
        const entities = answer.data?._entities;
        const storeErrors = answer.errors.map((e) => remapEntityErrorPath(e, indices));
        if (Array.isArray(entities) && entities.length === indices.length) return { indices, entities, errors: storeErrors };
        // a store that broke the contract (wrong count, no data) cannot be merged position by position
        if (!storeErrors.length) this.options.logger.warn({ storeId, expected: indices.length }, 'store returned malformed _entities');
        return { indices, entities: null, errors: storeErrors.length ? storeErrors : indices.map((i) => storeUnavailableError(storeId, ['_entities', i])) };
      }),
    );
    for (const part of parts) errors.push(...part.errors);
    return { data: { _entities: mergeEntities(representations.length, parts) }, ...(errors.length ? { errors } : {}) };
  }

  private async processRootFields(document: DocumentNode, request: StoreRequest, context: Context): Promise<GatewayResponse> {
    const operation = operationOf(document);
    const split = splitRootFieldsByStore(document, request.variables, this.storeArguments);
    const errors: GraphQLFormattedError[] = [];

    const run = async ({ storeId, responseKeys, query, variables }: (typeof split.requests)[number]) => {
      // An unknown store is not an outage: like a store answering for another id, it is null.
      const store = await this.lookup(storeId);
      if (!store) return { responseKeys, data: null };
      const answer = await this.send(store, { query, operationName: request.operationName, variables }, context, this.timeoutMs);
      if (!answer.ok) {
        errors.push(...responseKeys.map((key) => storeUnavailableError(storeId, [key])));
        return { responseKeys, data: null };
      }
      errors.push(...answer.errors);
      return { responseKeys, data: answer.data };
    };

    // Mutation root fields run one after another (GraphQL's serial execution); reads fan out.
    const parts: Awaited<ReturnType<typeof run>>[] = [];
    if (operation.operation === 'mutation') for (const r of split.requests) parts.push(await run(r));
    else parts.push(...(await Promise.all(split.requests.map(run))));

    const data = mergeRootData(parts, split.unrouted);
    const rootTypeName = operation.operation === 'mutation' ? 'Mutation' : operation.operation === 'subscription' ? 'Subscription' : 'Query';
    for (const key of split.metaOnly) data[key] = rootTypeName;
    return { data, ...(errors.length ? { errors } : {}) };
  }

  private async lookup(storeId: string): Promise<StoreEntry | undefined> {
    return isValidStoreId(storeId) ? this.options.directory.get(storeId) : undefined;
  }

  /** One POST to one store; every failure (network, timeout, non-2xx, non-JSON, open circuit) is a value, never a throw. */
  private async send(store: StoreEntry, request: StoreRequest, context: Context, timeoutMs: number, guarded = true): Promise<StoreAnswer> {
    if (guarded && !this.breaker.tryAcquire(store.id)) return { ok: false, reason: 'circuit open' };
    const answer = await this.post(store, request, context, timeoutMs);
    if (guarded) {
      if (answer.ok) this.breaker.recordSuccess(store.id);
      else this.breaker.recordFailure(store.id);
    }
    return answer;
  }

  private async post(store: StoreEntry, request: StoreRequest, context: Context, timeoutMs: number): Promise<StoreAnswer> {
    const startedAt = Date.now();
    let answer: StoreAnswer;
    try {
      const response = await fetch(store.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers?.(store, context) },
        body: JSON.stringify(request),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let body: { data?: Record<string, any> | null; errors?: GraphQLFormattedError[] } | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      // Subgraphs answer expected errors with 4xx and a GraphQL body (e.g. 400 INVALID_INPUT):
      // that is a real answer to pass through. No GraphQL body, or a 5xx, is an outage.
      const isGraphQLBody = !!body && typeof body === 'object' && ('data' in body || Array.isArray(body.errors));
      if (response.status >= 500 || !isGraphQLBody) {
        const detail = body?.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ');
        answer = { ok: false, reason: `HTTP ${response.status}${detail ? `: ${detail}` : ''}` };
      } else {
        answer = { ok: true, data: body!.data ?? null, errors: Array.isArray(body!.errors) ? body!.errors : [] };
      }
    } catch (error) {
      const { name, message, cause } = error as Error & { cause?: { code?: string; message?: string } };
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      const detail = cause?.code ?? cause?.message;
      answer = { ok: false, reason: timedOut ? `no answer within ${timeoutMs} ms` : `${message}${detail ? ` (${detail})` : ''}` };
    }
    if (!answer.ok) this.options.logger.warn({ storeId: store.id, reason: answer.reason, ms: Date.now() - startedAt }, 'store unavailable');
    return answer;
  }
}
