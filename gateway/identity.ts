import type { IncomingMessage } from 'node:http';
import type { HeaderMap } from '@apollo/server';
import { RequestError } from '../lib/errors.js';
import { ANONYMOUS, IDENTITY_HEADER, signIdentity, type Identity } from '../lib/identity.js';
import { safeEqual } from '../lib/signing.js';
import { hashApiKey, type StoreDirectory } from '../lib/store-directory.js';
import type { PartnerSource } from '../lib/registry-partner-directory.js';

/** What the session service answers for a token (POST /internal/sessions/resolve). */
export type SessionResolution =
  | { ok: true; identity: Identity; /** ISO 8601: when the session ends unless it is used again */ expiresAt?: string }
  | { ok: false; code: 'SESSION_EXPIRED' | 'SESSION_INVALID'; message: string };

/**
 * Port to the session service; subgraphs/session/client.ts implements it over signed RPC.
 * `touch: false` looks without moving the sliding expiry (re-checks behind subscriptions).
 */
export type SessionResolver = (token: string, clientIp?: string, options?: { touch?: boolean }) => Promise<SessionResolution>;

/** The gateway's per-request context: the caller, resolved once. */
export interface GatewayContext {
  identity: Identity;
}

export const SESSION_TOKEN_HEADER = 'x-session-token';
export const STORE_KEY_HEADER = 'x-store-key';
/** An operator of the exchange (the registry's operator API); compared with OPERATOR_KEY. */
export const OPERATOR_KEY_HEADER = 'x-operator-key';
/** A partner of the exchange (its own subgraphs' registration); looked up among the registry's partners. */
export const PARTNER_KEY_HEADER = 'x-partner-key';

/**
 * The client's IP: the socket's peer, or — behind a trusted proxy — the last
 * X-Forwarded-For entry, which is the one our proxy appended (entries left of it are
 * whatever the client claimed and could be forged).
 */
export function clientIpOf(req: IncomingMessage, trustProxy = false): string | undefined {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (list.length) return normalizeIp(list[list.length - 1]);
  }
  const address = req.socket.remoteAddress;
  return address ? normalizeIp(address) : undefined;
}

function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice('::ffff:'.length) : ip;
}

/**
 * The session token a request carries: `Authorization: Bearer <token>` or
 * `x-session-token`. `null` means an Authorization header that is not a bearer token.
 */
export function sessionTokenOf(headers: Pick<HeaderMap, 'get'>): string | undefined | null {
  const authorization = headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : null;
  }
  const token = headers.get(SESSION_TOKEN_HEADER)?.trim();
  return token ? token : undefined;
}

export interface IdentityResolverOptions {
  directory: StoreDirectory;
  resolveSession: SessionResolver;
  /** Take the client IP from X-Forwarded-For (only when a proxy we run sets it). */
  trustProxy?: boolean;
  /** OPERATOR_KEY: `x-operator-key` with this value makes the caller an OPERATOR. Unset: nobody is. */
  operatorKey?: string;
  /** The registry's partners (x-partner-key). Unset: no partners. */
  partners?: Pick<PartnerSource, 'byApiKey'>;
}

/** A resolved caller and, for a shopper, what is needed to check the session again later. */
export interface ResolvedCaller {
  identity: Identity;
  session?: { token: string; clientIp?: string; expiresAt?: Date };
}

/**
 * Resolves the caller of one request: a session token (via the session service), a
 * store key (via the directory), a partner key (via the partner directory), the operator key (OPERATOR_KEY) or nobody, checked in
 * that order. Bad credentials fail the whole request with
 * a 401 and a specific code rather than silently running as anonymous.
 */
export function createIdentityResolver(options: IdentityResolverOptions) {
  const resolveCaller = createCallerResolver(options);
  return async function resolveIdentity(req: IncomingMessage, headers: Pick<HeaderMap, 'get'>): Promise<Identity> {
    return (await resolveCaller(req, headers)).identity;
  };
}

/**
 * The same resolution, keeping the session token and its expiry: a WebSocket connection
 * resolves its caller once and re-checks the session while it stays open.
 */
export function createCallerResolver(options: IdentityResolverOptions) {
  return async function resolveCaller(req: IncomingMessage, headers: Pick<HeaderMap, 'get'>): Promise<ResolvedCaller> {
    const clientIp = clientIpOf(req, options.trustProxy);
    const withIp = (identity: Identity): ResolvedCaller => ({ identity: clientIp ? { ...identity, clientIp } : identity });

    const token = sessionTokenOf(headers);
    if (token === null) throw new RequestError('SESSION_INVALID', 'The Authorization header must be "Bearer <session token>".');
    if (token !== undefined) {
      let resolved: SessionResolution;
      try {
        resolved = await options.resolveSession(token, clientIp);
      } catch (error) {
        // the session service being down (or refusing our signature) is our fault, not the
        // client's credentials: a plain error, masked as INTERNAL_SERVER_ERROR and logged
        throw new Error(`session service could not resolve the token: ${(error as Error).message}`, { cause: error });
      }
      if (!resolved.ok) throw new RequestError(resolved.code, resolved.message);
      if (resolved.identity.kind !== 'GUEST' && resolved.identity.kind !== 'ACCOUNT') {
        // a session is a shopper; anything else (GATEWAY above all) must never become a caller
        throw new Error(`session service resolved a token to a ${String(resolved.identity.kind)} identity`);
      }
      const expiresAt = resolved.expiresAt ? new Date(resolved.expiresAt) : undefined;
      return { ...withIp(resolved.identity), session: { token, clientIp, expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : undefined } };
    }

    const storeKey = headers.get(STORE_KEY_HEADER)?.trim();
    if (storeKey) {
      const store = await options.directory.byApiKey(storeKey);
      if (!store) throw new RequestError('INVALID_STORE_CREDENTIALS', 'The store key in x-store-key is unknown.');
      return withIp({ kind: 'STORE', storeId: store.id });
    }

    const partnerKey = headers.get(PARTNER_KEY_HEADER)?.trim();
    if (partnerKey) {
      const partner = options.partners?.byApiKey(partnerKey);
      if (!partner) throw new RequestError('INVALID_PARTNER_CREDENTIALS', 'The partner key in x-partner-key is unknown.');
      return withIp({ kind: 'PARTNER', partnerId: partner.id });
    }

    const operatorKey = headers.get(OPERATOR_KEY_HEADER)?.trim();
    if (operatorKey) {
      // compared as fixed-length digests: constant time, and the key's length does not leak
      if (!options.operatorKey || !safeEqual(hashApiKey(operatorKey), hashApiKey(options.operatorKey))) {
        throw new RequestError('INVALID_OPERATOR_CREDENTIALS', 'The operator key in x-operator-key is wrong.');
      }
      return withIp({ kind: 'OPERATOR' });
    }

    return withIp(ANONYMOUS);
  };
}

/**
 * The one identity header every subgraph fetch carries (replacing anything the client
 * sent). Only callers are signed here: the gateway's own credential (kind GATEWAY, for
 * its subscription connections) is made by `signGatewayCredential` and never for a caller.
 */
export function identityHeaders(identity: Identity | undefined, identityKey: string): Record<string, string> {
  return { [IDENTITY_HEADER]: signCallerIdentity(identity, identityKey) };
}

/** A caller's signed identity (ANONYMOUS when none); refuses to sign the gateway's own kind. */
export function signCallerIdentity(identity: Identity | undefined, identityKey: string, now = Date.now()): string {
  if (identity?.kind === 'GATEWAY') throw new Error('the gateway credential is never signed as a caller identity');
  return signIdentity(identity ?? ANONYMOUS, identityKey, now);
}
