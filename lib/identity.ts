import { hmac, safeEqual } from './signing.js';
import { DomainError, RequestError } from './errors.js';

/**
 * Who is calling, as resolved by the gateway once per request. Subgraphs trust it only
 * when it arrives in IDENTITY_HEADER signed with the gateway's identity key.
 *
 * Kind OPERATOR is an operator of the exchange (the registry's operator API): the
 * gateway resolves it from `x-operator-key` only; no client can claim it otherwise.
 *
 * Kind PARTNER is a partner of the exchange that runs subgraphs of its own; the gateway
 * resolves it from `x-partner-key`. It reaches only its own partner subgraphs' registration.
 *
 * Kind GATEWAY is not a caller: it is the gateway's own credential for a graphql-ws
 * connection that multiplexes many callers' subscriptions (each subscribe message then
 * carries its caller). The gateway never resolves a client to it, and `verifyIdentity`
 * refuses it everywhere except where a connection is opened (`allowGateway`).
 */
export interface Identity {
  kind: 'ANONYMOUS' | 'GUEST' | 'ACCOUNT' | 'STORE' | 'OPERATOR' | 'PARTNER' | 'GATEWAY';
  sessionId?: string;
  accountId?: string;
  /** For kind STORE: the store whose credentials were presented. */
  storeId?: string;
  /** For kind PARTNER: the partner whose key (`x-partner-key`) was presented. */
  partnerId?: string;
  /** The client's IP as the gateway saw it (fraud checks, rate limits). */
  clientIp?: string;
  /** Shoppers: the offer codes attached to the session (pricing applies them). */
  offerCodes?: string[];
  /** Account shoppers: the account's price class (e.g. WHOLESALE), carried by the session (pricing applies it). */
  priceClass?: string;
}

export const ANONYMOUS: Identity = Object.freeze({ kind: 'ANONYMOUS' });
/** The gateway itself (connection credential only; never a caller). */
export const GATEWAY: Identity = Object.freeze({ kind: 'GATEWAY' });
export const IDENTITY_HEADER = 'x-cartstart-identity';
/** A signed identity is good for this long: long enough for one request's fan-out. */
export const IDENTITY_TTL_MS = 60_000;

interface SignedClaims extends Identity {
  /** expiry, epoch ms */
  exp: number;
}

/** `base64url(json).signature` — only a holder of `key` (the gateway) can produce it. */
export function signIdentity(identity: Identity, key: string, now = Date.now()): string {
  const claims: SignedClaims = { ...identity, exp: now + IDENTITY_TTL_MS };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${hmac(key, payload)}`;
}

/** The gateway's own credential for a subgraph connection, signed afresh (good for IDENTITY_TTL_MS). */
export function signGatewayCredential(key: string, now = Date.now()): string {
  return signIdentity(GATEWAY, key, now);
}

export interface VerifyIdentityOptions {
  /** Accept the gateway's own credential (kind GATEWAY): only where a subgraph connection is opened. */
  allowGateway?: boolean;
}

/**
 * The identity in a header value. No header means ANONYMOUS; a header that the gateway
 * did not sign (or that is stale) is refused with INVALID_IDENTITY, and so is the
 * gateway's own credential unless `allowGateway` (it is never a caller).
 */
export function verifyIdentity(header: string | undefined | null, key: string, now = Date.now(), options: VerifyIdentityOptions = {}): Identity {
  if (header == null || header === '') return ANONYMOUS;
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined || !safeEqual(hmac(key, payload), signature)) {
    throw new RequestError('INVALID_IDENTITY', 'Identity header was not signed by the gateway.');
  }
  let claims: SignedClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignedClaims;
  } catch {
    throw new RequestError('INVALID_IDENTITY', 'Identity header is malformed.');
  }
  if (typeof claims.exp !== 'number' || claims.exp < now) {
    throw new RequestError('INVALID_IDENTITY', 'Identity header is stale.');
  }
  const { exp: _exp, ...identity } = claims;
  if (identity.kind === 'GATEWAY' && !options.allowGateway) {
    throw new RequestError('INVALID_IDENTITY', 'The gateway credential is not a caller identity.');
  }
  return identity;
}

/** The session id of a shopper identity, or NOT_AUTHENTICATED. */
export function requireShopper(identity: Identity): { sessionId: string; accountId?: string } {
  if ((identity.kind === 'GUEST' || identity.kind === 'ACCOUNT') && identity.sessionId) {
    return { sessionId: identity.sessionId, accountId: identity.accountId };
  }
  throw new DomainError('NOT_AUTHENTICATED', 'This operation needs a shopper session: send Authorization: Bearer <session token>.');
}

/** The store id of a store identity, or NOT_AUTHENTICATED. */
export function requireStore(identity: Identity): string {
  if (identity.kind === 'STORE' && identity.storeId) return identity.storeId;
  throw new DomainError('NOT_AUTHENTICATED', 'This operation needs store credentials: send x-store-key.');
}

/** Passes for an operator identity; NOT_AUTHENTICATED for nobody, FORBIDDEN for anyone else. */
export function requireOperator(identity: Identity): void {
  if (identity.kind === 'OPERATOR') return;
  if (identity.kind === 'ANONYMOUS') {
    throw new DomainError('NOT_AUTHENTICATED', 'This operation needs operator credentials: send x-operator-key.');
  }
  throw new DomainError('FORBIDDEN', 'Only an operator of the exchange may do this.');
}

/** The partner id of a partner identity; NOT_AUTHENTICATED for nobody, FORBIDDEN for anyone else. */
export function requirePartner(identity: Identity): string {
  if (identity.kind === 'PARTNER' && identity.partnerId) return identity.partnerId;
  if (identity.kind === 'ANONYMOUS') {
    throw new DomainError('NOT_AUTHENTICATED', 'This operation needs partner credentials: send x-partner-key.');
  }
  throw new DomainError('FORBIDDEN', 'Only a partner of the exchange may do this.');
}
