import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { DomainError } from '../../../lib/errors.js';
import { requireStore, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { isValidStoreId, type StoreDirectory } from '../../../lib/store-directory.js';
import {
  invalidInput,
  notAuthenticated,
  type CreateSessionRelayOutcome,
  type RedeemSessionRelayOutcome,
  type RelayCodeInvalidError,
  type RelayCodeUsedError,
  type SessionHandleRecord,
} from './model.js';
import type { RelayCodeStore, SessionStore } from './ports.js';
import { toSessionView, type SessionService } from './session-service.js';
import { hashSessionToken, isWellFormedToken, newSessionToken } from './tokens.js';

export const DEFAULT_RELAY_CODE_TTL_MS = 60_000;
/** Redeemed, late and replayed codes stay on record at least this long, so they are told apart from unknown ones. */
const MIN_RELAY_TOMBSTONE_MS = 10 * 60_000;

export interface RelayServiceDeps {
  /** Session lifecycle (liveness, views, when a session's tokens were last issued). */
  sessionService: SessionService;
  /** Where the handles are added and revoked. */
  sessions: SessionStore;
  relayCodes: RelayCodeStore;
  stores: StoreDirectory;
  logger: Logger;
  clock?: Clock;
  /** How long a relay code can be redeemed (default 60 s). */
  relayCodeTtlMs?: number;
  /** Refuse a redemption whose clientIp differs from the IP that asked for the code (default off). */
  relayBindClientIp?: boolean;
}

const USED: RelayCodeUsedError = {
  __typename: 'RelayCodeUsedError',
  code: 'RELAY_CODE_USED',
  message: 'This relay code was redeemed before; the session handle it produced is revoked. Ask the shopper to come over again.',
};

function relayCodeInvalid(message: string): RelayCodeInvalidError {
  return { __typename: 'RelayCodeInvalidError', code: 'RELAY_CODE_INVALID', message };
}

/** IPv4-mapped IPv6 (`::ffff:192.0.2.1`) is the IPv4 address, as the gateway reports it. */
function normalizeIp(ip: string): string {
  const trimmed = ip.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice('::ffff:'.length) : trimmed.toLowerCase();
}

/**
 * Session relay: carrying a shopper's session from one store's domain to another's
 * without putting the session token in a URL.
 *
 * 1. `createSessionRelay` (the shopper, at the store it leaves): a single-use code, good
 *    for seconds, bound to the target store. Only the code's SHA-256 is stored.
 * 2. `redeemSessionRelay` (the target store's server, with its store key): the code
 *    becomes a new handle (token) on the same session — same cart, same offer codes —
 *    granted to that store. The handle is an ordinary session token for the gateway.
 *
 * A code is claimed once, atomically. Any later redemption means the code leaked: it is
 * answered RELAY_CODE_USED and the handle the first redemption produced is revoked, even
 * when the two race (the store port guarantees one of them sees the other). A code that
 * fails any check on its first claim (late, wrong store, other IP) is dead as well.
 * A code issued before a login on its session does not reach the logged-in session, even
 * when the login races the redemption (the handle is added only while the session's login
 * generation is the one the checks read).
 */
export class RelayService {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly retainMs: number;
  private readonly bindClientIp: boolean;

  constructor(private readonly deps: RelayServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.ttlMs = deps.relayCodeTtlMs ?? DEFAULT_RELAY_CODE_TTL_MS;
    if (!(this.ttlMs > 0)) throw new Error(`relay code ttl must be positive, got ${this.ttlMs} ms`);
    this.retainMs = this.ttlMs + Math.max(MIN_RELAY_TOMBSTONE_MS, this.ttlMs * 10);
    this.bindClientIp = deps.relayBindClientIp ?? false;
  }

  async createSessionRelay(identity: Identity, targetStoreId: string): Promise<CreateSessionRelayOutcome> {
    if ((identity.kind !== 'GUEST' && identity.kind !== 'ACCOUNT') || !identity.sessionId) {
      return notAuthenticated('A session relay needs a shopper session: send Authorization: Bearer <session token>.');
    }
    if (!isValidStoreId(targetStoreId)) return invalidInput('targetStoreId', 'Not a store id.');
    if (!(await this.deps.stores.get(targetStoreId))) {
      return { __typename: 'StoreNotFoundError', code: 'STORE_NOT_FOUND', message: 'No store with this id is part of the federation.', storeId: targetStoreId };
    }
    const session = await this.deps.sessionService.liveSession(identity.sessionId);
    if (!session) return notAuthenticated('The session has ended.');

    const now = this.clock.now();
    const code = newSessionToken();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.deps.relayCodes.save(
      {
        codeHash: hashSessionToken(code),
        sessionId: session.id,
        targetStoreId,
        ...(identity.clientIp ? { issuedIp: identity.clientIp } : {}),
        issuedAt: now,
        expiresAt,
        sessionGeneration: session.generation,
      },
      this.retainMs,
    );
    this.deps.logger.info({ sessionId: session.id, targetStoreId }, 'session relay issued');
    return { __typename: 'SessionRelay', relayCode: code, targetStoreId, expiresAt };
  }

  /** `rawClientIp`: the shopper's IP as the redeeming store saw it (blank: not known). */
  async redeemSessionRelay(identity: Identity, code: string, rawClientIp?: string | null): Promise<RedeemSessionRelayOutcome> {
    if (identity.kind === 'GUEST' || identity.kind === 'ACCOUNT') {
      throw new DomainError('FORBIDDEN', "Relay codes are redeemed by the target store's server (x-store-key), not by a shopper session.");
    }
    const storeId = requireStore(identity);
    if (!isWellFormedToken(code)) return invalidInput('code', 'Not a relay code.');
    const clientIp = rawClientIp?.trim() || undefined;
    if (clientIp !== undefined && !isIP(clientIp)) return invalidInput('clientIp', 'Not an IP address.');

    const codeHash = hashSessionToken(code);
    const claimed = await this.deps.relayCodes.claim(codeHash);
    if (!claimed) return relayCodeInvalid('No such relay code was issued (or it is long gone).');
    const { record } = claimed;
    const now = this.clock.now();
    const log = { sessionId: record.sessionId, targetStoreId: record.targetStoreId, storeId };

    if (!claimed.first) {
      if (claimed.grantedTokenHash) {
        await this.deps.sessions.revokeHandle(claimed.grantedTokenHash);
        this.deps.logger.warn(log, 'relay code replayed; handle revoked');
        return USED;
      }
      this.deps.logger.warn(log, 'relay code redeemed again');
      if (now.getTime() >= record.expiresAt.getTime()) return this.expired(record.expiresAt);
      return USED;
    }

    if (now.getTime() >= record.expiresAt.getTime()) {
      this.deps.logger.info(log, 'relay code redeemed late');
      return this.expired(record.expiresAt);
    }
    if (record.targetStoreId !== storeId) {
      this.deps.logger.warn(log, 'relay code redeemed by another store');
      return { __typename: 'RelayCodeWrongStoreError', code: 'RELAY_CODE_WRONG_STORE', message: 'This relay code was issued for another store; it is now dead.' };
    }
    if (this.bindClientIp && (!clientIp || !record.issuedIp || normalizeIp(clientIp) !== normalizeIp(record.issuedIp))) {
      this.deps.logger.warn(log, 'relay code redeemed from another IP');
      return { __typename: 'RelayIpMismatchError', code: 'RELAY_IP_MISMATCH', message: "The shopper's IP differs from the one that asked for this relay code; it is now dead." };
    }
    const session = await this.deps.sessionService.liveSession(record.sessionId);
    if (!session) return relayCodeInvalid('The session this relay code was issued for has ended.');

    const token = newSessionToken();
    const handle: SessionHandleRecord = { id: randomUUID(), tokenHash: hashSessionToken(token), sessionId: session.id, storeId, createdAt: now };
    // conditional on the login generation the code was issued under: a login since (before
    // or during this redemption) rotated every handle away, and the code must not reach the
    // logged-in session
    if (!(await this.deps.sessions.addHandle(session.id, handle, now, record.sessionGeneration))) {
      return relayCodeInvalid('The session this relay code was issued for has ended.');
    }
    const { replayed } = await this.deps.relayCodes.markGranted(codeHash, handle.tokenHash);
    if (replayed) {
      await this.deps.sessions.revokeHandle(handle.tokenHash);
      this.deps.logger.warn(log, 'relay code replayed; handle revoked');
      return USED;
    }
    const current = (await this.deps.sessionService.liveSession(session.id)) ?? session;
    this.deps.logger.info({ ...log, handleId: handle.id }, 'session relayed');
    return { __typename: 'SessionGranted', token, session: toSessionView(current) };
  }

  private expired(expiredAt: Date): RedeemSessionRelayOutcome {
    return { __typename: 'RelayCodeExpiredError', code: 'RELAY_CODE_EXPIRED', message: 'This relay code expired; ask the shopper to come over again.', expiredAt };
  }
}
