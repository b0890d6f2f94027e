import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApolloServer, type HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createRequire } from 'node:module';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { maskUnexpectedError, RequestError } from './errors.js';
import { ANONYMOUS, IDENTITY_HEADER, verifyIdentity, type Identity } from './identity.js';
import { createGraphQLHttpServer, toHeaderMap, type HttpService, type Route } from './http-server.js';
import type { Logger } from './logger.js';

// The graphql instance that @apollo/subgraph builds schemas with and graphql-ws checks
// errors against (CommonJS). Under a bundler-style resolver (vitest) a plain `import` may
// load graphql's ESM build instead, a second "realm" whose functions refuse this schema.
const { createSourceEventStream, execute, getOperationAST, GraphQLError, parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
type GraphQLError = InstanceType<typeof GraphQLError>;

/** What every subgraph resolver gets: the verified caller and a request-scoped logger. */
export interface SubgraphContext {
  identity: Identity;
  logger: Logger;
}

export interface SubgraphServiceOptions<TContext extends SubgraphContext> {
  /** Path of the subgraph's SDL file (schema first: the SDL sits beside its code). */
  schemaFile: string | URL;
  resolvers: unknown;
  /** Key the gateway signs identities with; an identity not signed with it is refused. */
  identityKey: string;
  logger: Logger;
  /** Adds per-request parts (DataLoaders, services) to the base context. */
  extendContext: (base: SubgraphContext, req: IncomingMessage, headers: HeaderMap, rawBody: string) => TContext | Promise<TContext>;
  routes?: Record<string, Route>;
  health?: () => Promise<Record<string, unknown>>;
  /** Serve subscriptions over graphql-ws on the same port and path (off unless given). */
  subscriptions?: SubscriptionServiceOptions;
}

export interface SubscriptionServiceOptions {
  /**
   * The server pings every socket this often; a socket whose pong has not come back by
   * the next ping is terminated (a dead gateway never pins subscriptions). Default 15 s.
   */
  keepAliveMs?: number;
}

/** Close code for a WebSocket whose connectionParams carried a forged, stale or no credential. */
export const WS_CLOSE_INVALID_IDENTITY = 4403;

/**
 * What a graphql-ws connection to a subgraph authenticated as, from
 * connectionParams[IDENTITY_HEADER]:
 * - GATEWAY: the gateway's own credential, signed afresh at every (re)connect. The
 *   connection multiplexes many callers: each subscribe message names its caller in
 *   `extensions[IDENTITY_HEADER]`; a subscription without one is ANONYMOUS.
 * - CALLER: one signed caller identity (a connection per caller, as before); it is the
 *   identity of every subscription on the connection unless a message carries its own.
 */
export type SubscriptionConnectionAuth = { kind: 'GATEWAY' } | { kind: 'CALLER'; identity: Identity };

/**
 * Authenticates a subscription connection; no credential, or a forged or stale one, is
 * refused with INVALID_IDENTITY (only the gateway talks to subgraphs, and it always signs).
 */
export function authenticateSubscriptionConnection(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  identityKey: string,
  now = Date.now(),
): SubscriptionConnectionAuth {
  const header = connectionParams?.[IDENTITY_HEADER];
  if (typeof header !== 'string' || header === '') {
    throw new RequestError('INVALID_IDENTITY', `A subscription connection needs a signed credential in connectionParams["${IDENTITY_HEADER}"].`);
  }
  const identity = verifyIdentity(header, identityKey, now, { allowGateway: true });
  return identity.kind === 'GATEWAY' ? { kind: 'GATEWAY' } : { kind: 'CALLER', identity };
}

/**
 * The caller of one subscription: the signed identity its subscribe message carries in
 * `extensions[IDENTITY_HEADER]`, else the connection's caller, else (on a gateway
 * connection) ANONYMOUS. The per-subscription identity is verified like the HTTP header,
 * freshness included, on every kind of connection: the gateway signs it afresh each time
 * it sends the subscribe message, re-subscriptions after a reconnect included, so an old
 * (replayed) subscribe message is refused even on a gateway connection. The gateway
 * credential itself is never a caller.
 */
export function subscriptionIdentity(
  auth: SubscriptionConnectionAuth,
  extensions: Readonly<Record<string, unknown>> | null | undefined,
  identityKey: string,
  now = Date.now(),
): Identity {
  const own = extensions?.[IDENTITY_HEADER];
  if (own === undefined || own === null) return auth.kind === 'GATEWAY' ? ANONYMOUS : auth.identity;
  if (typeof own !== 'string') throw new RequestError('INVALID_IDENTITY', `extensions["${IDENTITY_HEADER}"] must be a signed identity string.`);
  return verifyIdentity(own, identityKey, now);
}

export function readSchema(file: string | URL) {
  return parse(readFileSync(file, 'utf8'));
}

/** A federation subgraph over HTTP: identity verified per request, unexpected errors masked. */
export function createSubgraphService<TContext extends SubgraphContext>(options: SubgraphServiceOptions<TContext>): HttpService {
  const schema = buildSubgraphSchema({
    typeDefs: readSchema(options.schemaFile),
    // generated resolver types are checked where they are written; the map itself is opaque here
    resolvers: options.resolvers as never,
  });
  const apollo = new ApolloServer<TContext>({
    schema,
    formatError: maskUnexpectedError(options.logger),
    includeStacktraceInErrorResponses: false,
    // HttpService.close() owns shutdown; Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
    // the gateway never asks subgraphs for traces
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const http = createGraphQLHttpServer<TContext>({
    apollo,
    logger: options.logger,
    routes: options.routes,
    health: options.health,
    context: async (req, headers, rawBody) => {
      const identity = verifyIdentity(headers.get(IDENTITY_HEADER), options.identityKey);
      return options.extendContext({ identity, logger: options.logger }, req, headers, rawBody);
    },
  });
  return options.subscriptions ? withSubscriptions(http, schema, options, options.subscriptions) : http;
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error, extensions: { ...error.extensions, code } });
}

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  // a GraphQLError of another graphql copy (RequestError, DomainError) keeps its code
  const extensions = error && typeof error === 'object' && 'extensions' in error ? (error as { extensions?: Record<string, unknown> }).extensions : undefined;
  return new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error instanceof Error ? error : undefined, extensions });
}

/**
 * Maps a source stream to execution results. Unlike an async generator, `return()` reaches
 * the source at once even while a `next()` is waiting, so an idle subscription that the
 * client ends releases its event-bus subscription immediately.
 */
function mapStream<T, U>(source: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncGenerator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const stream = {
    async next(): Promise<IteratorResult<U>> {
      const result = await iterator.next();
      if (result.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await map(result.value) };
      } catch (error) {
        await iterator.return?.();
        throw error;
      }
    },
    async return(): Promise<IteratorResult<U>> {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown): Promise<IteratorResult<U>> {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream as unknown as AsyncGenerator<U>;
}

/**
 * graphql-ws on the subgraph's HTTP server and path. The connection is authenticated
 * once, when it opens (connectionParams[IDENTITY_HEADER]): normally by the gateway's own
 * credential, the gateway then multiplexing every caller's subscriptions over one socket,
 * each subscribe message carrying its caller's signed identity in
 * `extensions[IDENTITY_HEADER]` (see authenticateSubscriptionConnection and
 * subscriptionIdentity). A signed identity is short-lived (IDENTITY_TTL_MS) but a
 * subscription is not: the subgraph does not re-check it later; the gateway re-validates
 * the session and ends the subscriptions of a session that expired.
 */
function withSubscriptions<TContext extends SubgraphContext>(
  http: HttpService,
  schema: GraphQLSchema,
  options: SubgraphServiceOptions<TContext>,
  subscriptionOptions: SubscriptionServiceOptions,
): HttpService {
  const { logger } = options;
  const mask = maskUnexpectedError(logger);
  const path = '/graphql';
  const wss = new WebSocketServer({ noServer: true });
  const connectionAuth = new WeakMap<object, SubscriptionConnectionAuth>();
  // per-event contexts: DataLoaders (prices...) are per request, and an event is a request
  const contextFactories = new WeakMap<object, () => Promise<TContext>>();
  let closing = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (closing || pathname !== path) {
      socket.end(`HTTP/1.1 ${closing ? 503 : 404} ${closing ? 'Service Unavailable' : 'Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  http.server.on('upgrade', onUpgrade);

  const server = useServer(
    {
      schema,
      onConnect: (ctx) => {
        try {
          connectionAuth.set(ctx, authenticateSubscriptionConnection(ctx.connectionParams, options.identityKey));
          return true;
        } catch (error) {
          const reason = `INVALID_IDENTITY: ${(error as Error).message}`;
          // a close code the client can act on, rather than graphql-ws's generic "Forbidden"
          ctx.extra.socket.close(WS_CLOSE_INVALID_IDENTITY, reason);
          return false;
        }
      },
      onSubscribe: async (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [withCode(asGraphQLError(error), 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.', { extensions: { code: 'BAD_REQUEST' } })];
        }
        const auth = connectionAuth.get(ctx);
        if (!auth) return [new GraphQLError('The connection is not authenticated.', { extensions: { code: 'INVALID_IDENTITY' } })];
        let identity: Identity;
        try {
          identity = subscriptionIdentity(auth, payload.extensions, options.identityKey);
        } catch (error) {
          return [asGraphQLError(error)];
        }
        const request = (ctx.extra as { request: IncomingMessage }).request;
        const headers = toHeaderMap(request);
        const makeContext = async () => options.extendContext({ identity, logger }, request, headers, '');
        let contextValue: TContext;
        try {
          contextValue = await makeContext();
        } catch (error) {
          return [asGraphQLError(error)];
        }
        contextFactories.set(contextValue, makeContext);
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      subscribe: async (args: ExecutionArgs) => {
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
        const makeContext = contextFactories.get(args.contextValue as object);
        return mapStream(stream, async (event) =>
          execute({ ...args, rootValue: event, contextValue: makeContext ? await makeContext() : args.contextValue }) as Promise<ExecutionResult>,
        );
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => mask(e.toJSON(), e)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => mask(e.toJSON(), e)),
    },
    wss,
    subscriptionOptions.keepAliveMs ?? 15_000,
  );

  return {
    get server() {
      return http.server;
    },
    get url() {
      return http.url;
    },
    listen: (port?: number, host?: string) => http.listen(port, host),
    async close() {
      closing = true;
      // graphql-ws says "going away" to every client; ones that do not answer are cut off
      const cutOff = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, 1_000);
      cutOff.unref();
      await server.dispose();
      clearTimeout(cutOff);
      http.server.off('upgrade', onUpgrade);
      await http.close();
    },
  };
}
