import { createInternalRpcClient } from '../../lib/internal-rpc.js';
import type { AccountContactRequest, AccountContactResult, AttachOfferCodesRequest, AttachOfferCodesResult, ResolveResult, ResolveSessionRequest } from './domain/model.js';

export type { AccountContactResult, AttachOfferCodesResult, ResolveResult, ResolvedIdentity } from './domain/model.js';

/** How a CartStart service reaches the session service's internal RPC (every client below). */
export interface SessionServiceOptions {
  /** The session service's URL (SESSION_URL; its /graphql URL works too). */
  baseUrl: string;
  /** INTERNAL_SECRET, shared with the session service. */
  secret: string;
  timeoutMs?: number;
}

/** The signed internal RPC to the session service (3 s timeout unless said otherwise). */
function sessionRpc(options: SessionServiceOptions) {
  return createInternalRpcClient({ baseUrl: options.baseUrl, secret: options.secret, timeoutMs: options.timeoutMs ?? 3_000 });
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
export function createSessionResolver(options: SessionServiceOptions): SessionResolver {
  const call = sessionRpc(options);
  return (token, clientIp, resolveOptions) => {
    const request: ResolveSessionRequest = clientIp ? { token, clientIp } : { token };
    if (resolveOptions?.touch === false) request.touch = false;
    return call<ResolveResult>('sessions/resolve', request);
  };
}

export interface SessionOfferCodesClient {
  /**
   * Attaches offer codes to a session (a saved cart being restored brings its codes back).
   * Codes are normalized; invalid ones are skipped, and codes beyond the session's limit
   * too. Resolves to the session's codes afterwards, or `{offerCodes: null}` when the
   * session is gone or expired. Rejects when the session service cannot be reached.
   */
  attach(sessionId: string, codes: readonly string[]): Promise<AttachOfferCodesResult>;
}

/** The ticket subgraph's client for `POST /internal/sessions/offer-codes/attach` (signed with INTERNAL_SECRET). */
export function createSessionOfferCodesClient(options: SessionServiceOptions): SessionOfferCodesClient {
  const call = sessionRpc(options);
  return {
    attach(sessionId, codes) {
      const request: AttachOfferCodesRequest = { sessionId, codes: [...codes] };
      return call<AttachOfferCodesResult>('sessions/offer-codes/attach', request);
    },
  };
}

export interface AccountContactsClient {
  /** The account's email, or null when there is no such account. Rejects when the session service cannot be reached. */
  contactOf(accountId: string): Promise<AccountContactResult>;
}

/** The payment subgraph's client for `POST /internal/accounts/contact` (signed with INTERNAL_SECRET): an account's email. */
export function createAccountContactsClient(options: SessionServiceOptions): AccountContactsClient {
  const call = sessionRpc(options);
  return {
    contactOf(accountId) {
      const request: AccountContactRequest = { accountId };
      return call<AccountContactResult>('accounts/contact', request);
    },
  };
}
