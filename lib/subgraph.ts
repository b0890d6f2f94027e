import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { maskUnexpectedError } from './errors.js';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from './identity.js';
import { createGraphQLHttpServer, type HttpService, type Route } from './http-server.js';
import type { Logger } from './logger.js';

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
  return createGraphQLHttpServer<TContext>({
    apollo,
    logger: options.logger,
    routes: options.routes,
    health: options.health,
    context: async (req, headers, rawBody) => {
      const identity = verifyIdentity(headers.get(IDENTITY_HEADER), options.identityKey);
      return options.extendContext({ identity, logger: options.logger }, req, headers, rawBody);
    },
  });
}
