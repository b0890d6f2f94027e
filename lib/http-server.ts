import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { CorsHandler } from './cors.js';
import type { Logger } from './logger.js';

/** Largest request body accepted (a GraphQL operation plus variables). */
export const MAX_BODY_BYTES = 1_000_000;

/** A plain JSON route beside /graphql (health, internal RPC). Raw body is given for signature checks. */
export type Route = (req: IncomingMessage, rawBody: string) => Promise<{ status: number; body: unknown }>;

export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context (verify identity, build DataLoaders...). */
  context: (req: IncomingMessage, headers: HeaderMap, rawBody: string) => Promise<TContext>;
  /** Extra routes keyed by "METHOD /path". `GET /health` is always there. */
  routes?: Record<string, Route>;
  /** Extra health details (e.g. a database ping). */
  health?: () => Promise<Record<string, unknown>>;
  path?: string;
  logger: Logger;
  /** Browsers on other origins (store frontends): preflights answered, allowed origins echoed. */
  cors?: CorsHandler;
}

export interface HttpService {
  readonly server: http.Server;
  /** Starts listening (port 0 picks a free port); resolves to the GraphQL URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting requests, lets in-flight ones finish, stops Apollo. */
  close(): Promise<void>;
  readonly url: string;
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * A node:http server for an Apollo Server (subgraph or gateway): POST/GET /graphql,
 * GET /health and any extra JSON routes. Started Apollo servers only; no framework.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: GraphQLHttpServerOptions<TContext>): HttpService {
  const graphqlPath = options.path ?? '/graphql';
  const routes: Record<string, Route> = { ...options.routes };
  let url = '';
  let started = false;

  const server = http.createServer(async (req, res) => {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (options.cors && pathname === graphqlPath) {
        if (options.cors.preflight(req, res)) return;
        options.cors.decorate(req, res);
      }
      if (req.method === 'GET' && pathname === '/health') {
        const details = options.health ? await options.health() : {};
        sendJson(res, 200, { status: 'ok', ...details });
        return;
      }
      const route = routes[`${req.method} ${pathname}`];
      if (route) {
        const raw = await readBody(req);
        const { status, body } = await route(req, raw);
        sendJson(res, status, body);
        return;
      }
      if (pathname !== graphqlPath) {
        sendJson(res, 404, { error: 'not found' });
        return;
      }
      const raw = req.method === 'POST' ? await readBody(req) : '';
      const headers = toHeaderMap(req);
      let body: unknown = raw;
      if (raw && (headers.get('content-type') ?? '').includes('json')) {
        try {
          body = JSON.parse(raw);
        } catch {
          sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
          return;
        }
      }
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
        context: () => options.context(req, headers, raw),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
      } else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (status >= 500) options.logger.error({ err: error }, 'request failed');
      if (!res.headersSent) {
        sendJson(res, status, { errors: [{ message: status === 413 ? 'Request body too large.' : 'Unexpected error.', extensions: { code: status === 413 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
      } else {
        res.end();
      }
    }
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    get url() {
      return url;
    },
    async listen(port = 0, host = '127.0.0.1') {
      if (!started) {
        await options.apollo.start();
        started = true;
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${graphqlPath}`;
      return url;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // in-flight requests get a moment to finish; then connections are cut
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      if (started) await options.apollo.stop();
    },
  };
}
