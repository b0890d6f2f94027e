import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '../../lib/db.js';
import type { Logger } from '../../lib/logger.js';
import { safeEqual } from '../../lib/signing.js';
import { RestStore, type Reply } from './store.js';

export { migrateRestStore } from './migrate.js';

/**
 * A small shop that speaks plain JSON over HTTP and knows nothing of GraphQL or of the
 * exchange. Every /api route needs the shop's API key in API_KEY_HEADER.
 *
 *   GET    /api/products?cursor=<last sku>&limit=<1..100>   → {products, next_cursor, total}
 *   GET    /api/products?skus=a,b,c                          → {products, next_cursor: null, total}
 *   GET    /api/products/:sku                                → product | 404 unknown_sku
 *   POST   /api/holds {holdId, sku, qty, expiresAt}          → 201/200 {hold} | 409 insufficient_stock {available}
 *   GET    /api/holds/:holdId                                → {hold}
 *   DELETE /api/holds/:holdId                                → {hold} (cancelled)
 *   POST   /api/holds/:holdId/confirm {orderRef}             → {hold} (confirmed; in_stock drops)
 *   GET    /health                                           → {status: "ok"} (no key)
 */
export const API_KEY_HEADER = 'x-api-key';

export interface RestStoreServerDeps {
  pool: Pool;
  /** The key callers must send in `x-api-key`. */
  apiKey: string;
  logger: Logger;
  now?: () => Date;
}

export interface RestStoreServer {
  readonly server: http.Server;
  /** Resolves to the base URL (no trailing slash), e.g. http://127.0.0.1:4300 */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  readonly url: string;
}

const MAX_BODY = 64 * 1024;

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('body too large'), { reply: { status: 413, body: { error: 'body_too_large' } } }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(Object.assign(new Error('bad json'), { reply: { status: 400, body: { error: 'bad_json', message: 'The body is not JSON.' } } }));
      }
    });
    req.on('error', reject);
  });
}

export function createRestStoreServer(deps: RestStoreServerDeps): RestStoreServer {
  const store = new RestStore(deps.pool, deps.now);
  let url = '';

  const route = async (req: http.IncomingMessage): Promise<Reply> => {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (method === 'GET' && pathname === '/health') {
      await deps.pool.query('SELECT 1');
      return { status: 200, body: { status: 'ok' } };
    }
    if (!pathname.startsWith('/api/')) return { status: 404, body: { error: 'not_found' } };
    const key = req.headers[API_KEY_HEADER];
    if (typeof key !== 'string' || !safeEqual(key, deps.apiKey)) return { status: 401, body: { error: 'unauthorized', message: `Send the shop's API key in ${API_KEY_HEADER}.` } };

    const parts = pathname.split('/').slice(2).map((p) => decodeURIComponent(p));
    if (parts[0] === 'products') {
      if (method === 'GET' && parts.length === 1) {
        return store.listProducts({ cursor: searchParams.get('cursor'), limit: searchParams.get('limit'), skus: searchParams.get('skus') });
      }
      if (method === 'GET' && parts.length === 2) return store.getProduct(parts[1]);
    }
    if (parts[0] === 'holds') {
      if (method === 'POST' && parts.length === 1) return store.createHold(await readJson(req));
      if (method === 'GET' && parts.length === 2) return store.getHold(parts[1]);
      if (method === 'DELETE' && parts.length === 2) return store.cancelHold(parts[1]);
      if (method === 'POST' && parts.length === 3 && parts[2] === 'confirm') return store.confirmHold(parts[1], await readJson(req));
    }
    return { status: 404, body: { error: 'not_found' } };
  };

  const server = http.createServer(async (req, res) => {
    let reply: Reply;
    try {
      reply = await route(req);
    } catch (error) {
      reply = (error as { reply?: Reply }).reply ?? { status: 500, body: { error: 'internal', message: 'Unexpected error.' } };
      if (reply.status >= 500) deps.logger.error({ err: error, path: req.url }, 'request failed');
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    get url() {
      return url;
    },
    async listen(port = 0, host = '127.0.0.1') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      return url;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
    },
  };
}
