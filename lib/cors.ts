import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browsers on store frontends (each store on its own origin) calling the
 * gateway. Origins are matched exactly against a list; credentials are never allowed
 * because CartStart sessions travel in the Authorization header, not in cookies.
 */
export interface CorsOptions {
  /** Exact origins (`https://shop.example`), or `*` for any origin. Empty: no CORS headers at all. */
  allowedOrigins: readonly string[];
  /** How long browsers may cache a preflight answer (seconds). */
  maxAgeSeconds?: number;
}

const ALLOWED_HEADERS = 'content-type, authorization, x-session-token, apollo-require-preflight, x-apollo-operation-name';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

export interface CorsHandler {
  /** Answers a preflight (OPTIONS) request; true when it was one and the response is sent. */
  preflight(req: IncomingMessage, res: ServerResponse): boolean;
  /** Adds the headers an allowed origin's actual request needs. */
  decorate(req: IncomingMessage, res: ServerResponse): void;
}

export function parseCorsOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
}

export function createCors(options: CorsOptions): CorsHandler {
  const any = options.allowedOrigins.includes('*');
  const allowed = new Set(options.allowedOrigins);
  const maxAge = String(options.maxAgeSeconds ?? 600);
  const originOf = (req: IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    return typeof origin === 'string' && (any || allowed.has(origin)) ? origin : undefined;
  };
  const vary = (res: ServerResponse) => {
    const current = res.getHeader('vary');
    if (!current) res.setHeader('vary', 'Origin');
    else if (!String(current).toLowerCase().includes('origin')) res.setHeader('vary', `${String(current)}, Origin`);
  };
  return {
    preflight(req, res) {
      if (req.method !== 'OPTIONS') return false;
      const origin = originOf(req);
      vary(res);
      if (origin) {
        res.setHeader('access-control-allow-origin', origin);
        res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
        res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
        res.setHeader('access-control-max-age', maxAge);
      }
      // a refused origin gets no CORS headers: the browser then blocks the real request
      res.writeHead(204);
      res.end();
      return true;
    },
    decorate(req, res) {
      const origin = originOf(req);
      vary(res);
      if (origin) res.setHeader('access-control-allow-origin', origin);
    },
  };
}
