import type { IncomingMessage } from 'node:http';
import { DomainError } from './errors.js';
import type { Route } from './http-server.js';
import { signRequestHeaders, verifyRequestSignature } from './signing.js';

/**
 * Server-to-server JSON calls between CartStart's own services (gateway → session,
 * payment → ticket). Bodies are signed with the shared INTERNAL_SECRET, so these
 * routes are useless to anyone outside the exchange even if reachable.
 */
export type RpcHandler = (input: unknown) => Promise<unknown>;

export function internalRoutes(secret: string, handlers: Record<string, RpcHandler>): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    routes[`POST /internal/${name}`] = async (req: IncomingMessage, raw: string) => {
      const headers = { get: (h: string) => req.headers[h] as string | undefined };
      if (!verifyRequestSignature([secret], headers, raw)) {
        return { status: 401, body: { error: { code: 'INVALID_SIGNATURE', message: 'Internal call not signed with the internal secret.' } } };
      }
      let input: unknown;
      try {
        input = JSON.parse(raw);
      } catch {
        return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'Body is not JSON.' } } };
      }
      return { status: 200, body: { result: await handler(input) } };
    };
  }
  return routes;
}

export interface InternalRpcClientOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:4001 (no path). */
  baseUrl: string;
  secret: string;
  timeoutMs?: number;
  /** Code to raise when the service cannot be reached. */
  unavailableMessage?: string;
}

/** Calls `POST {baseUrl}/internal/{name}` with a signed body; returns `result`. */
export function createInternalRpcClient(options: InternalRpcClientOptions) {
  const base = options.baseUrl.replace(/\/graphql\/?$/, '').replace(/\/$/, '');
  return async function call<T>(name: string, input: unknown): Promise<T> {
    const body = JSON.stringify(input);
    let response: Response;
    try {
      response = await fetch(`${base}/internal/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signRequestHeaders(options.secret, body) },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new Error(`internal call ${name} to ${base} failed: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => ({}))) as { result?: T; error?: { code: string; message: string } };
    if (!response.ok || json.error) {
      if (json.error?.code === 'INVALID_SIGNATURE') throw new DomainError('INVALID_SIGNATURE', json.error.message);
      throw new Error(`internal call ${name} failed (${response.status}): ${json.error?.message ?? 'no body'}`);
    }
    return json.result as T;
  };
}
