import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import type { ResolveResult, ResolveSessionRequest } from './domain/model.js';

export type { ResolveResult, ResolvedIdentity } from './domain/model.js';

export interface SessionResolverOptions {
  /** The session service's URL (its /graphql URL works too). */
  baseUrl: string;
  /** INTERNAL_SECRET, shared with the session service. */
  secret: string;
  timeoutMs?: number;
}

export interface ResolveOptions {
  /** false: do not move the sliding expiry (re-checks behind subscriptions). Default true. */
  touch?: boolean;
}

/** Token → identity, as the gateway needs once per request. */
export type SessionResolver = (token: string, clientIp?: string, options?: ResolveOptions) => Promise<ResolveResult>;

/**
 * The gateway's client for `POST /internal/sessions/resolve` (signed with INTERNAL_SECRET).
 * Resolves to `{ok: false, code: SESSION_EXPIRED | SESSION_INVALID}` for bad tokens;
 * rejects when the session service cannot be reached (or refuses the signature:
 * DomainError INVALID_SIGNATURE), which the gateway should treat as unavailable.
 */
export function createSessionResolver(options: SessionResolverOptions): SessionResolver {
  const call = createInternalRpcClient({ baseUrl: options.baseUrl, secret: options.secret, timeoutMs: options.timeoutMs ?? 3_000 });
  return (token, clientIp, resolveOptions) => {
    const request: ResolveSessionRequest = clientIp ? { token, clientIp } : { token };
    if (resolveOptions?.touch === false) request.touch = false;
    return call<ResolveResult>('sessions/resolve', request);
  };
}
