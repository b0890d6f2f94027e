import { createHash } from 'node:crypto';
import { ApolloGateway, IntrospectAndCompose, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createCors } from '../lib/cors.js';
import { maskUnexpectedError } from '../lib/errors.js';
import { createGraphQLHttpServer, type HttpService } from '../lib/http-server.js';
import type { Logger } from '../lib/logger.js';
import type { StoreDirectory } from '../lib/store-directory.js';
import type { CircuitBreakerOptions } from '../lib/circuit-breaker.js';
import { IdentityForwardingDataSource } from './identity-data-source.js';
import { createCallerResolver, identityHeaders, type GatewayContext, type SessionResolver } from './identity.js';
import { DEFAULT_STORE_TIMEOUT_MS, PerStoreInventoryDataSource } from './per-store-data-source.js';
import { SubscriptionPlanner } from './subscriptions/planner.js';
import { readBaseSubgraphs } from '../lib/composition.js';
import type { PartnerSource } from '../lib/registry-partner-directory.js';
import { RuntimeSupergraphManager } from './runtime-supergraph.js';
import { createSubscriptionServer, type SubscriptionOptions, type SubscriptionStats } from './subscriptions/server.js';

/** The subgraph every store runs; routed per store, never by its URL in the supergraph. */
export const INVENTORY_SUBGRAPH = 'inventory';
/** Stand-in URL for `inventory` when composing from live subgraphs (the data source ignores it). */
const INVENTORY_PLACEHOLDER_URL = 'http://inventory.per-store.invalid/graphql';

export interface GatewayDeps {
  /** A composed supergraph (schema/supergraph.graphql). Unset: compose from the live subgraphs. */
  supergraphSdl?: string;
  /** URLs of the fixed subgraphs (session, ticket, payment); inventory comes from the directory. */
  subgraphUrls: Record<string, string>;
  directory: StoreDirectory;
  resolveSession: SessionResolver;
  /** HMAC key the subgraphs verify x-cartstart-identity with. */
  identityKey: string;
  logger: Logger;
  /** Per-store answer deadline (default 3000 ms). */
  storeTimeoutMs?: number;
  /** Take the client IP from X-Forwarded-For (set only behind a proxy we run). */
  trustProxy?: boolean;
  /** OPERATOR_KEY: callers sending it in `x-operator-key` are operators (store registry). Unset: no operators. */
  operatorKey?: string;
  /** Deadline for session/ticket/payment answers (default 30 s: checkout calls stores and the payment provider). */
  subgraphTimeoutMs?: number;
  /** Per-store circuit breaker (default: open after 5 failures in a row, retry after 10 s). */
  storeCircuitBreaker?: CircuitBreakerOptions;
  /** When composing from live subgraphs: re-introspect this often (0/unset: compose once). */
  pollIntervalMs?: number;
  /** Subscriptions over graphql-ws: queue bounds, keep-alive, session re-checks, upstream reconnects. */
  subscriptions?: SubscriptionOptions;
  /**
   * The registry's partners (REGISTRY_URL). Set: the supergraph is composed at run time from
   * the committed base SDLs (URLs from `subgraphUrls`) and the active partner subgraphs,
   * recomposed and hot-swapped whenever they change (`supergraphSdl` is then unused), and
   * `x-partner-key` identifies partners.
   */
  partners?: PartnerSource;
  /** Store frontends' origins allowed to call the gateway from browsers (CORS); `*` allows any. */
  corsOrigins?: readonly string[];
}

export interface GatewayService extends HttpService {
  /** Live counts of the subscription endpoint (also under `subscriptions` in /health). */
  subscriptionStats(): SubscriptionStats;
}

/**
 * The CartStart gateway: one supergraph over session, ticket, payment and the
 * per-store inventory subgraph, the caller resolved once per request and signed into
 * every subgraph fetch.
 *
 * CSRF prevention is on: browsers must send `content-type: application/json` (or an
 * `apollo-require-preflight` / `x-apollo-operation-name` header) so that a simple
 * cross-site form or GET cannot run operations with the shopper's credentials.
 */
export function createGateway(deps: GatewayDeps): GatewayService {
  const logger = deps.logger;
  const mode = deps.partners ? 'runtime-composed' : deps.supergraphSdl ? 'static' : 'introspect-and-compose';
  const runtime = deps.partners
    ? new RuntimeSupergraphManager({
        base: readBaseSubgraphs({ ...deps.subgraphUrls, [INVENTORY_SUBGRAPH]: INVENTORY_PLACEHOLDER_URL }),
        partners: deps.partners,
        logger: logger.child({ component: 'supergraph' }),
      })
    : undefined;
  const routed = new Map<string, string>();
  // what buildService made for the current supergraph: subscriptions resolve their events with
  // the same data sources, and open their primary fetch at the same URLs
  const services: Record<string, GraphQLDataSource> = {};
  const urls: Record<string, string> = {};

  const buildService = ({ name, url }: { name: string; url?: string }): GraphQLDataSource => {
    const service = buildDataSource({ name, url });
    services[name] = service;
    return service;
  };

  const buildDataSource = ({ name, url }: { name: string; url?: string }): GraphQLDataSource => {
    if (name === INVENTORY_SUBGRAPH) {
      routed.set(name, 'per-store');
      delete urls[name];
      return new PerStoreInventoryDataSource({
        directory: deps.directory,
        logger: logger.child({ component: 'per-store-inventory' }),
        timeoutMs: deps.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
        circuitBreaker: deps.storeCircuitBreaker,
        // Each store verifies identities with its own secret: a store that runs its own
        // inventory instance never holds the key the exchange's subgraphs trust.
        headers: (store, context) => identityHeaders((context as Partial<GatewayContext>).identity, store.secret),
      });
    }
    const partner = runtime?.partner(name);
    if (partner) {
      // a partner's subgraph: the caller identity signed with that partner's own secret, so a
      // partner never holds (or can replay) what the exchange's own subgraphs trust
      const secret = deps.partners?.byId(partner.partnerId)?.secret;
      if (!secret) throw new Error(`gateway: no secret for partner "${partner.partnerId}" of subgraph "${name}"`);
      routed.set(name, 'partner');
      urls[name] = partner.url;
      return new IdentityForwardingDataSource(partner.url, secret, deps.subgraphTimeoutMs);
    }
    const target = deps.subgraphUrls[name] ?? url;
    if (!target) throw new Error(`gateway: no URL for subgraph "${name}"`);
    // a subgraph added to the supergraph without a configured URL keeps the composed one
    if (!deps.subgraphUrls[name]) logger.warn({ subgraph: name, url: target }, 'no URL configured for subgraph; using the supergraph URL');
    routed.set(name, 'url');
    urls[name] = target;
    return new IdentityForwardingDataSource(target, deps.identityKey, deps.subgraphTimeoutMs);
  };

  const gateway = new ApolloGateway({
    supergraphSdl:
      runtime ??
      deps.supergraphSdl ??
      new IntrospectAndCompose({
        subgraphs: [
          ...Object.entries(deps.subgraphUrls)
            .filter(([name]) => name !== INVENTORY_SUBGRAPH)
            .map(([name, url]) => ({ name, url })),
          // all stores share the contract: the data source loads its SDL from the first store
          { name: INVENTORY_SUBGRAPH, url: INVENTORY_PLACEHOLDER_URL },
        ],
        pollIntervalInMs: deps.pollIntervalMs || undefined,
      }),
    buildService,
    logger,
  });

  const planner = new SubscriptionPlanner();
  let loaded: { sha256: string; loadedAt: string } | undefined;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl, apiSchema }) => {
    loaded = { sha256: createHash('sha256').update(coreSupergraphSdl).digest('hex'), loadedAt: new Date().toISOString() };
    logger.info({ mode, sha256: loaded.sha256.slice(0, 12) }, 'supergraph loaded');
    // new subscriptions plan against the new supergraph; live ones keep the plan they have
    planner.update({ coreSupergraphSdl, apiSchema, services, urls });
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskUnexpectedError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    csrfPrevention: true,
    // close() owns shutdown: Apollo's own signal handler would start a second stop() that
    // never settles (@apollo/server 5), hanging every replica's Ctrl-C / SIGTERM
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });

  const resolveCaller = createCallerResolver({
    directory: deps.directory,
    resolveSession: deps.resolveSession,
    trustProxy: deps.trustProxy,
    operatorKey: deps.operatorKey,
    partners: deps.partners,
  });

  let subscriptions: ReturnType<typeof createSubscriptionServer> | undefined;
  const http = createGraphQLHttpServer<GatewayContext>({
    apollo,
    logger,
    cors: deps.corsOrigins?.length ? createCors({ allowedOrigins: deps.corsOrigins }) : undefined,
    context: async (req, headers) => ({ identity: (await resolveCaller(req, headers)).identity }),
    // names and routing only: subgraph and store URLs are internal
    health: async () => ({
      supergraph: { mode, loaded: loaded !== undefined, ...loaded, ...runtime?.stats() },
      subgraphs: Object.fromEntries(routed),
      stores: (await deps.directory.list()).length,
      subscriptions: subscriptions?.stats(),
    }),
  });

  subscriptions = createSubscriptionServer({
    server: http.server,
    path: '/graphql',
    planner,
    resolveCaller,
    resolveSession: deps.resolveSession,
    identityKey: deps.identityKey,
    logger: logger.child({ component: 'subscriptions' }),
    options: deps.subscriptions,
    executeOperation: async (request, contextValue) => {
      const response = await apollo.executeOperation(
        { query: request.query, operationName: request.operationName ?? undefined, variables: request.variables ?? undefined },
        { contextValue },
      );
      if (response.body.kind === 'single') return response.body.singleResult;
      return { errors: [{ message: 'Incremental delivery is not supported over WebSocket.', extensions: { code: 'BAD_REQUEST' } }] };
    },
  });
  const subscriptionServer = subscriptions;

  return {
    server: http.server,
    get url() {
      return http.url;
    },
    listen: (port, host) => http.listen(port, host),
    async close() {
      // sockets first: an upgraded connection would hold the HTTP server's close open
      await subscriptionServer.close();
      await http.close();
    },
    subscriptionStats: () => subscriptionServer.stats(),
  };
}
