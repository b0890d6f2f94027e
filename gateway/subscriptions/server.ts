import type http from 'node:http';
import { handleProtocols, type Context, type SubscribePayload } from 'graphql-ws';
import type { ExecutionArgs, FormattedExecutionResult, GraphQLError } from 'graphql';
import WebSocket, { WebSocketServer } from 'ws';
import { RequestError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import type { ResolvedCaller, SessionResolver } from '../identity.js';
import type { GatewayContext } from '../identity.js';
import { ClientSubscription } from './client-subscription.js';
import { CLOSE_CODES, closeReason, SocketConnection } from './connection.js';
import { executeEvent, formatErrors, formatResult } from './execute.js';
import { graphql } from './graphql-runtime.js';
import { SharedStreams } from './fanout.js';
import type { OperationRequest, PreparedSubscription, SubscriptionPlanner } from './planner.js';
import { watchSession } from './session-watch.js';
import { identityKeyOf, toWebSocketUrl, UpstreamPool, type UpstreamFailure, type UpstreamOptions } from './upstream.js';
import { serveGraphQLWs, type SocketExtra } from './ws-transport.js';

export interface SubscriptionOptions {
  /** Events queued per subscription before its client counts as slow and is cut off (default 500). */
  maxQueuedEvents?: number;
  /** Bytes waiting in a client's socket above which it counts as slow (default 4 MiB). */
  maxBufferedBytes?: number;
  /** ws ping to every client this often; one unanswered ping drops it (default 12 s). */
  keepAliveMs?: number;
  /** Re-check a shopper's session this often, besides at its expiry (default 15 s). */
  sessionCheckIntervalMs?: number;
  /** Time a client has to send connection_init (default 3 s). */
  connectionInitTimeoutMs?: number;
  /** Time a closed-by-us client gets for the closing handshake (and to read a final error) (default 1 s). */
  closeGraceMs?: number;
  /** Connections to the subgraphs: keep-alive, reconnect window, backoff. */
  upstream?: UpstreamOptions;
}

export interface SubscriptionStats {
  /** Open, authenticated client sockets. */
  connections: number;
  /** Live client subscriptions. */
  clients: number;
  /** Upstream subscriptions (shared by identical client subscriptions). */
  upstreamStreams: number;
  /** Sockets to subgraphs: one per subgraph URL, multiplexing every caller's upstream streams. */
  upstreamConnections: number;
}

export interface SubscriptionServerDeps {
  server: http.Server;
  path: string;
  planner: SubscriptionPlanner;
  resolveCaller: (req: http.IncomingMessage, headers: { get(name: string): string | undefined }) => Promise<ResolvedCaller>;
  resolveSession: SessionResolver;
  /** Runs a query or mutation the ordinary way (errors already formatted). */
  executeOperation: (request: OperationRequest, context: GatewayContext) => Promise<FormattedExecutionResult>;
  identityKey: string;
  logger: Logger;
  options?: SubscriptionOptions;
}

export interface SubscriptionServer {
  stats(): SubscriptionStats;
  /** Closes every client socket (1001) and upstream connection. */
  close(): Promise<void>;
}

interface OperationContextValue {
  connection: SocketConnection;
  request: OperationRequest;
  prepared?: PreparedSubscription;
}

/**
 * The credentials a graphql-ws client sends in connectionParams, read like HTTP headers:
 * `authorization: "Bearer <token>"` (or `token` / `sessionToken`), `x-session-token`,
 * `x-store-key` (or `storeKey`); also inside a `headers` object, as some clients send them.
 * A client-sent identity is never read: only what the gateway resolves is signed.
 */
export function connectionHeaders(params: Record<string, unknown> | undefined): { get(name: string): string | undefined } {
  const nested = params?.headers && typeof params.headers === 'object' ? (params.headers as Record<string, unknown>) : {};
  const pick = (...names: string[]): string | undefined => {
    for (const source of [params ?? {}, nested]) {
      for (const name of names) {
        const value = source[name];
        if (typeof value === 'string' && value.trim()) return value;
      }
    }
    return undefined;
  };
  const token = pick('token', 'sessionToken');
  const values: Record<string, string | undefined> = {
    authorization: pick('authorization', 'Authorization') ?? (token ? `Bearer ${token}` : undefined),
    'x-session-token': pick('x-session-token'),
    'x-store-key': pick('x-store-key', 'storeKey'),
  };
  return { get: (name) => values[name.toLowerCase()] };
}

/** The variables a subgraph fetch uses (the upstream stream is shared on exactly these). */
function pickVariables(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(values, name) && values[name] !== undefined) picked[name] = values[name];
  return picked;
}

/**
 * Federated subscriptions over graphql-ws on the gateway's own HTTP server and path.
 * The caller is resolved once at connection; each subscription is planned, its primary
 * fetch opened on the owning subgraph (shared between identical subscriptions), and
 * every event resolved through the rest of the plan for each client, in order.
 * Queries and mutations sent over the socket run through the gateway's normal execution.
 */
export function createSubscriptionServer(deps: SubscriptionServerDeps): SubscriptionServer {
  const options = deps.options ?? {};
  const maxQueuedEvents = options.maxQueuedEvents ?? 500;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const sessionCheckIntervalMs = options.sessionCheckIntervalMs ?? 15_000;
  const closeGraceMs = options.closeGraceMs ?? 1_000;
  const logger = deps.logger;

  const upstream = new UpstreamPool(deps.identityKey, logger.child({ component: 'subscription-upstream' }), options.upstream);
  const streams = new SharedStreams();
  const connections = new Map<WebSocket, SocketConnection>();
  const wss = new WebSocketServer({ server: deps.server, path: deps.path, handleProtocols });

  const connectionOf = (ctx: Context<Record<string, unknown>, SocketExtra>) => connections.get(ctx.extra.socket);

  const subscribe = (connection: SocketConnection, prepared: PreparedSubscription, request: OperationRequest): AsyncIterable<FormattedExecutionResult> | FormattedExecutionResult => {
    const { primary, generation } = prepared;
    const url = generation.urls[primary.serviceName];
    if (!url) {
      logger.warn({ subgraph: primary.serviceName }, 'subscription on a subgraph without a fixed URL');
      return { errors: [{ message: `Subscriptions served by the "${primary.serviceName}" subgraph are not supported.`, extensions: { code: 'BAD_REQUEST' } }] };
    }
    const variables = request.variables ?? {};
    const upstreamVariables = pickVariables(variables, primary.variableUsages ?? []);
    const identity = connection.identity;
    const context: GatewayContext = { identity };
    const streamKey = JSON.stringify([primary.serviceName, url, primary.operation, upstreamVariables, identityKeyOf(identity)]);
    // subscribers of one stream running the same operation and variables resolve each event once
    const resultKey = JSON.stringify([generation.id, prepared.key, variables]);

    const failureResult = (failure: UpstreamFailure): FormattedExecutionResult =>
      failure.kind === 'errors'
        ? { errors: formatErrors(failure.errors, logger) }
        : {
            errors: [
              {
                message: `The "${primary.serviceName}" subgraph could not be reached, so this subscription ended; subscribe again later.`,
                extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: primary.serviceName },
              },
            ],
          };

    let leave = () => {};
    const subscription: ClientSubscription = new ClientSubscription({
      maxQueue: maxQueuedEvents,
      resolve: (event) =>
        event.resultFor(resultKey, () =>
          executeEvent({ prepared, payload: event.payload, variables, context, logger }).catch((error: unknown) => formatResult({ data: null, errors: [error as GraphQLError] }, logger)),
        ),
      failureResult,
      congested: () => connection.socket.bufferedAmount > maxBufferedBytes,
      onOverflow: () => {
        logger.warn({ queued: subscription.queued, buffered: connection.socket.bufferedAmount }, 'slow subscription consumer cut off');
        connection.cutOff(CLOSE_CODES.SLOW_CONSUMER, closeReason('SLOW_CONSUMER', `slow consumer: more than ${maxQueuedEvents} events waiting`));
      },
      onClose: () => {
        connection.subscriptions.delete(subscription);
        leave();
      },
    });
    connection.subscriptions.add(subscription);
    leave = streams.join(
      streamKey,
      (sink) => upstream.subscribe({ url: toWebSocketUrl(url), identity, query: primary.operation, operationName: primary.operationName, variables: upstreamVariables }, sink),
      subscription,
    );
    return subscription;
  };

  serveGraphQLWs<Record<string, unknown>>(
    wss,
    {
      connectionInitWaitTimeout: options.connectionInitTimeoutMs ?? 3_000,
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        let caller: ResolvedCaller;
        try {
          caller = await deps.resolveCaller(ctx.extra.request, connectionHeaders(ctx.connectionParams));
        } catch (error) {
          if (error instanceof RequestError) {
            socket.close(CLOSE_CODES.UNAUTHORIZED, closeReason(error.code, error.message));
          } else {
            logger.error({ err: error }, 'could not resolve a subscription caller');
            socket.close(CLOSE_CODES.TRY_AGAIN_LATER, 'Credentials could not be checked; try again later.');
          }
          return false;
        }
        if (socket.readyState !== WebSocket.OPEN) return false;
        const connection = new SocketConnection(socket, caller.identity, closeGraceMs);
        connections.set(socket, connection);
        if (caller.session) {
          connection.stopWatching = watchSession({
            ...caller.session,
            resolveSession: deps.resolveSession,
            intervalMs: sessionCheckIntervalMs,
            logger,
            onEnded: (code, message) => connection.endSession(code, message),
          });
        }
        return true;
      },
      onSubscribe: (ctx, _id, payload: SubscribePayload) => {
        const connection = connectionOf(ctx);
        if (!connection) return [new graphql.GraphQLError('The connection is not authenticated.', { extensions: { code: 'NOT_AUTHENTICATED' } })];
        if (connection.ended) return [new graphql.GraphQLError(connection.ended.message, { extensions: { code: connection.ended.code } })];
        const request: OperationRequest = { query: payload.query, operationName: payload.operationName, variables: payload.variables };
        const prepared = deps.planner.prepare(request);
        if (prepared.kind === 'errors') return prepared.errors;
        const contextValue: OperationContextValue = { connection, request, ...(prepared.kind === 'subscription' ? { prepared } : {}) };
        return {
          schema: prepared.generation.apiSchema,
          document: prepared.document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        } satisfies ExecutionArgs;
      },
      subscribe: (args) => {
        const { connection, prepared, request } = args.contextValue as OperationContextValue;
        return subscribe(connection, prepared!, request) as never;
      },
      execute: (args) => {
        const { connection, request } = args.contextValue as OperationContextValue;
        return deps.executeOperation(request, { identity: connection.identity }) as never;
      },
      // results are formatted (and masked) where they are made
      onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
      onError: (_ctx, _id, _payload, errors) => formatResult({ errors }, logger).errors,
      onClose: (ctx) => {
        const connection = connectionOf(ctx);
        if (!connection) return;
        connections.delete(ctx.extra.socket);
        connection.dispose();
      },
    },
    { keepAliveMs: options.keepAliveMs ?? 12_000, logger },
  );

  return {
    stats: () => ({ connections: connections.size, clients: streams.subscribers, upstreamStreams: streams.size, upstreamConnections: upstream.size }),
    async close() {
      const sockets = [...wss.clients];
      for (const connection of connections.values()) connection.dispose();
      for (const socket of sockets) socket.close(CLOSE_CODES.GOING_AWAY, 'The gateway is shutting down.');
      const allClosed = Promise.all(sockets.map((s) => (s.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => s.once('close', resolve)))));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([allClosed, new Promise((resolve) => (timer = setTimeout(resolve, closeGraceMs)))]);
      clearTimeout(timer);
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await upstream.close();
    },
  };
}
