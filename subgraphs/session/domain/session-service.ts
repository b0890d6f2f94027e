import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { requireOperator, type Identity } from '../../../lib/identity.js';
import { PRICE_CLASS_SHAPE } from '../../../lib/pricing.js';
import type { Logger } from '../../../lib/logger.js';
import { checkEmail, MAX_PASSWORD_LENGTH, normalizePassword, passwordLength, passwordWeakness } from './credentials.js';
import {
  invalidInput,
  notAuthenticated,
  type AccountView,
  type AttachOfferCodesRequest,
  type AttachOfferCodesResult,
  type LoginOutcome,
  type LogoutOutcome,
  type NewStoredSession,
  type OfferCodeOutcome,
  type RegisterOutcome,
  type ResolvedIdentity,
  type ResolveResult,
  type ResolveSessionRequest,
  type RevokeSessionOutcome,
  type SessionGranted,
  type SessionHandleRecord,
  type SessionKind,
  type SessionSummaryView,
  type SessionView,
  type SetPriceClassOutcome,
  type StoredSession,
} from './model.js';
import type { PasswordHasher } from './password.js';
import type { AccountRepository, LoginRateLimiter, SessionStore } from './ports.js';
import { hashSessionToken, isWellFormedToken, newSessionToken } from './tokens.js';

export const DEFAULT_SESSION_TTL_MS = 30 * 60_000;
export const DEFAULT_SESSION_MAX_AGE_MS = 24 * 60 * 60_000;
/** How many offer codes one session carries at most. */
export const OFFER_CODE_LIMIT = 10;
const OFFER_CODE_SHAPE = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;
/** Session ids are UUIDs; anything much longer is not worth a store lookup. */
const MAX_SESSION_ID_LENGTH = 64;

/** An offer code as stored (trimmed, upper-case), or null when it cannot be one. */
export function normalizeOfferCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  return OFFER_CODE_SHAPE.test(code) ? code : null;
}
/** Sliding renewals smaller than this are skipped, so a busy shopper is not one store write per request. */
const MAX_TOUCH_GRANULARITY_MS = 30_000;

export interface SessionServiceDeps {
  accounts: AccountRepository;
  sessions: SessionStore;
  loginLimiter: LoginRateLimiter;
  hasher: PasswordHasher;
  logger: Logger;
  clock?: Clock;
  /** Sliding lifetime: idle this long and the session expires. */
  ttlMs?: number;
  /** Absolute lifetime of one issued token, however active the session is. */
  maxAgeMs?: number;
  /** How long an expired session is remembered so its token answers SESSION_EXPIRED (default: maxAgeMs). */
  tombstoneMs?: number;
}

const INVALID: ResolveResult = { ok: false, code: 'SESSION_INVALID', message: 'The session token is unknown, revoked or malformed.' };
const EXPIRED: ResolveResult = { ok: false, code: 'SESSION_EXPIRED', message: 'The session expired; start a new session.' };

export function toSessionView(session: NewStoredSession): SessionView {
  return {
    id: session.id,
    kind: session.kind,
    accountId: session.accountId ?? null,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    offerCodes: [...session.offerCodes],
  };
}

/** The session a login upgrades, and the token hash of one of its handles (the rotation is conditional on it). */
export interface CurrentSession {
  session: StoredSession;
  tokenHash: string;
}

/**
 * Accounts and sessions: registration, password login, guest sessions, token
 * resolution for the gateway (sliding expiry), logout, the account's session list and
 * the session's offer codes. The relay and store login services build on its session
 * lifecycle (`establishAccountSession`, `liveSession`, `liveSessionByToken`).
 *
 * A session has handles (tokens): the one it started with and one per store it was
 * relayed to. Logout and revokeSession end every handle. A login on a session (password
 * or store login) rotates it: one new token, and every earlier handle — relayed ones
 * included — stops working (session-fixation defense). A store that held a relayed
 * handle must therefore have the shopper relayed again after a login.
 */
export class SessionService {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxAgeMs: number;
  private readonly tombstoneMs: number;
  private readonly touchGranularityMs: number;
  private dummyHash?: Promise<string>;

  constructor(private readonly deps: SessionServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.ttlMs = deps.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.maxAgeMs = deps.maxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS;
    if (!(this.ttlMs > 0) || !(this.maxAgeMs >= this.ttlMs)) {
      throw new Error(`session lifetimes must satisfy 0 < ttl (${this.ttlMs} ms) <= max age (${this.maxAgeMs} ms)`);
    }
    this.tombstoneMs = deps.tombstoneMs ?? this.maxAgeMs;
    this.touchGranularityMs = Math.min(MAX_TOUCH_GRANULARITY_MS, Math.floor(this.ttlMs / 60));
  }

  startGuestSession(identity: Identity): Promise<SessionGranted> {
    return this.createSession('GUEST', undefined, identity.clientIp);
  }

  async register(identity: Identity, rawEmail: string, password: string): Promise<RegisterOutcome> {
    const email = checkEmail(rawEmail);
    if (!email.ok) return invalidInput('email', email.message);
    const weakness = passwordWeakness(password, email.key);
    if (weakness) return { __typename: 'WeakPasswordError', code: 'WEAK_PASSWORD', message: weakness };
    const passwordHash = await this.deps.hasher.hash(password);
    const account = await this.deps.accounts.create({ email: email.email, passwordHash, createdAt: this.clock.now() });
    if (!account) return { __typename: 'EmailTakenError', code: 'EMAIL_TAKEN', message: 'An account with this email exists.' };
    this.deps.logger.info({ accountId: account.id }, 'account registered');
    return this.establishAccountSession(account, identity.clientIp, await this.currentOf(identity));
  }

  async login(identity: Identity, rawEmail: string, password: string): Promise<LoginOutcome> {
    const email = checkEmail(rawEmail);
    if (!email.ok) return invalidInput('email', email.message);
    // Checked before any hashing so oversized inputs cost nothing; no account can have such a password.
    if (password.length === 0 || password.length > 2 * MAX_PASSWORD_LENGTH || passwordLength(normalizePassword(password)) > MAX_PASSWORD_LENGTH) {
      return invalidInput('password', `Password must be 1 to ${MAX_PASSWORD_LENGTH} characters.`);
    }
    const subject = { email: email.key, clientIp: identity.clientIp };
    const retryAfterSeconds = await this.deps.loginLimiter.retryAfterSeconds(subject);
    if (retryAfterSeconds > 0) {
      this.deps.logger.warn({ clientIp: identity.clientIp, retryAfterSeconds }, 'login rate limited');
      return { __typename: 'RateLimitedError', code: 'RATE_LIMITED', message: 'Too many failed logins; try again later.', retryAfterSeconds };
    }
    const account = await this.deps.accounts.findByEmail(email.key);
    // Unknown emails (and accounts without a password: created by a store login) are
    // checked against a dummy hash so they take as long as wrong passwords.
    const storedHash = account?.passwordHash ?? null;
    const matches = await this.deps.hasher.verify(password, storedHash ?? (await this.dummyPasswordHash()));
    if (!account || storedHash === null || !matches) {
      await this.deps.loginLimiter.recordFailure(subject);
      this.deps.logger.info({ accountId: account?.id, clientIp: identity.clientIp }, 'login failed');
      return { __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' };
    }
    await this.deps.loginLimiter.recordSuccess(subject);
    await this.upgradePasswordHash(account.id, storedHash, password);
    return this.establishAccountSession(account, identity.clientIp, await this.currentOf(identity));
  }

  async logout(identity: Identity): Promise<LogoutOutcome> {
    if (!identity.sessionId || (identity.kind !== 'GUEST' && identity.kind !== 'ACCOUNT')) {
      return notAuthenticated('There is no session to log out of.');
    }
    // the whole session: its own token and every handle relayed from it
    await this.deps.sessions.revoke(identity.sessionId);
    this.deps.logger.info({ sessionId: identity.sessionId }, 'session revoked');
    return { __typename: 'LoggedOut', sessionId: identity.sessionId };
  }

  /** The caller's live session, or null without one (or when it ended since the gateway resolved it). */
  async currentSession(identity: Identity): Promise<SessionView | null> {
    if (!identity.sessionId) return null;
    const session = await this.liveSession(identity.sessionId);
    return session ? toSessionView(session) : null;
  }

  /**
   * The caller's account's live sessions, newest first, each with its handles. Guests
   * (and callers without a session) get an empty list: only an account owns sessions.
   */
  async listSessions(identity: Identity): Promise<SessionSummaryView[]> {
    if (identity.kind !== 'ACCOUNT' || !identity.accountId) return [];
    const now = this.clock.now();
    const sessions = (await this.deps.sessions.sessionsOfAccount(identity.accountId))
      .filter((session) => this.isLive(session, now))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
    return Promise.all(
      sessions.map(async (session) => ({
        id: session.id,
        kind: session.kind,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        expiresAt: session.expiresAt,
        clientIp: session.clientIp ?? null,
        current: session.id === identity.sessionId,
        handles: (await this.deps.sessions.handlesOf(session.id)).map((handle) => ({ id: handle.id, storeId: handle.storeId ?? null, createdAt: handle.createdAt })),
      })),
    );
  }

  /** Ends one of the caller's account's sessions, every handle of it (the current one included, when named). */
  async revokeSession(identity: Identity, sessionId: string): Promise<RevokeSessionOutcome> {
    if (identity.kind !== 'ACCOUNT' || !identity.accountId) {
      return notAuthenticated(identity.kind === 'GUEST' ? 'Log in to manage your sessions.' : 'This operation needs an account session.');
    }
    const session = sessionId.length <= MAX_SESSION_ID_LENGTH ? await this.liveSession(sessionId) : null;
    // another account's session answers exactly like one that does not exist
    if (!session || session.accountId !== identity.accountId) {
      return { __typename: 'SessionNotFoundError', code: 'SESSION_NOT_FOUND', message: 'Your account has no live session with this id.', sessionId };
    }
    await this.deps.sessions.revoke(session.id);
    this.deps.logger.info({ sessionId: session.id, accountId: identity.accountId, bySessionId: identity.sessionId }, 'session revoked by its owner');
    return { __typename: 'SessionRevoked', sessionId: session.id };
  }

  /** Attaches an offer code to the caller's session (trimmed, upper-cased; at most OFFER_CODE_LIMIT). */
  async applyOfferCode(identity: Identity, rawCode: string): Promise<OfferCodeOutcome> {
    const sessionId = this.shopperSessionId(identity);
    if (!sessionId) return notAuthenticated('Offer codes attach to a session: start one first.');
    const code = normalizeOfferCode(rawCode);
    if (!code) return invalidInput('code', 'An offer code is 3 to 32 letters, digits, "-" or "_", starting with a letter or digit.');
    if (!(await this.liveSession(sessionId))) return notAuthenticated('The session has ended.');
    const added = await this.deps.sessions.addOfferCode(sessionId, code, OFFER_CODE_LIMIT);
    if (added === 'limit') {
      return { __typename: 'OfferCodeLimitError', code: 'OFFER_CODE_LIMIT', message: `A session carries at most ${OFFER_CODE_LIMIT} offer codes.`, limit: OFFER_CODE_LIMIT };
    }
    if (added === 'added') this.deps.logger.info({ sessionId, offerCode: code }, 'offer code applied');
    return this.sessionResult(sessionId);
  }

  /** Detaches an offer code; a code that was not attached is no error. */
  async removeOfferCode(identity: Identity, rawCode: string): Promise<OfferCodeOutcome> {
    const sessionId = this.shopperSessionId(identity);
    if (!sessionId) return notAuthenticated('Offer codes attach to a session: start one first.');
    const code = normalizeOfferCode(rawCode);
    if (!code) return invalidInput('code', 'An offer code is 3 to 32 letters, digits, "-" or "_", starting with a letter or digit.');
    if (!(await this.liveSession(sessionId))) return notAuthenticated('The session has ended.');
    await this.deps.sessions.removeOfferCode(sessionId, code);
    return this.sessionResult(sessionId);
  }

  /**
   * Internal (a saved cart being restored brings its offer codes back): attaches the
   * valid codes, up to the limit, skipping the rest. The session's codes afterwards, or
   * null when the session is gone or expired.
   */
  async attachOfferCodes(request: AttachOfferCodesRequest): Promise<AttachOfferCodesResult> {
    const { sessionId } = request;
    if (sessionId.length === 0 || sessionId.length > MAX_SESSION_ID_LENGTH || !(await this.liveSession(sessionId))) return { offerCodes: null };
    const codes = [...new Set(request.codes.map(normalizeOfferCode).filter((code): code is string => code !== null))];
    for (const code of codes) {
      const added = await this.deps.sessions.addOfferCode(sessionId, code, OFFER_CODE_LIMIT);
      if (added === 'missing') return { offerCodes: null };
      if (added === 'limit') break;
    }
    const session = await this.liveSession(sessionId);
    return { offerCodes: session ? [...session.offerCodes] : null };
  }

  /**
   * Operator: puts an account in a price class (trimmed, upper-cased; null or blank
   * clears it). The account's live sessions take it at once, so the shopper's next
   * request is priced with it; sessions that become account sessions later read it from
   * the account. A login racing this change may keep the class it read until the
   * account's next login or change (the store write is conditional on the session still
   * belonging to the account, never the other way round).
   */
  async setAccountPriceClass(identity: Identity, accountId: string, rawClass: string | null | undefined): Promise<SetPriceClassOutcome> {
    requireOperator(identity);
    const trimmed = rawClass?.trim().toUpperCase() ?? '';
    const priceClass = trimmed === '' ? null : trimmed;
    if (priceClass !== null && !PRICE_CLASS_SHAPE.test(priceClass)) {
      return invalidInput('priceClass', 'A price class is 1 to 32 of A-Z, 0-9 and "_", starting with a letter (or null to clear it).');
    }
    const account = accountId.length <= MAX_SESSION_ID_LENGTH ? await this.deps.accounts.setPriceClass(accountId, priceClass) : null;
    if (!account) return { __typename: 'AccountNotFoundError', code: 'ACCOUNT_NOT_FOUND', message: 'No account has this id.', accountId };
    const now = this.clock.now();
    const live = (await this.deps.sessions.sessionsOfAccount(account.id)).filter((session) => this.isLive(session, now));
    let updated = 0;
    for (const session of live) if (await this.deps.sessions.setPriceClass(session.id, account.id, priceClass)) updated += 1;
    this.deps.logger.info({ accountId: account.id, priceClass, liveSessions: updated }, 'account price class set');
    return { __typename: 'Account', ...account };
  }

  accountsByIds(ids: readonly string[]): Promise<AccountView[]> {
    return this.deps.accounts.findByIds(ids);
  }

  /**
   * The gateway's per-request lookup: token → identity, moving the sliding expiry
   * (unless `touch: false`: a look that leaves the session as it is).
   * An expired session's token answers SESSION_EXPIRED while its tombstone lasts;
   * unknown, revoked, rotated-away and malformed tokens answer SESSION_INVALID.
   */
  async resolveToken(request: ResolveSessionRequest): Promise<ResolveResult> {
    if (!isWellFormedToken(request.token)) return INVALID;
    const found = await this.deps.sessions.findByTokenHash(hashSessionToken(request.token));
    if (!found) return INVALID;
    const { session, handle } = found;
    const now = this.clock.now();
    if (!this.isLive(session, now)) return EXPIRED;

    let expiresAt = session.expiresAt;
    const renewed = this.slidingExpiry(now, session.absoluteExpiresAt);
    if (request.touch !== false && renewed.getTime() - expiresAt.getTime() >= Math.max(1, this.touchGranularityMs)) {
      const touched = await this.deps.sessions.touch(session.id, handle.tokenHash, { lastSeenAt: now, expiresAt: renewed, now }, this.retainMs(renewed, now));
      // Rotated or revoked between the read and the touch: this token is dead.
      if (!touched) return INVALID;
      expiresAt = renewed;
    }
    const identity: ResolvedIdentity = { kind: session.kind, sessionId: session.id };
    if (session.accountId) identity.accountId = session.accountId;
    const clientIp = request.clientIp ?? session.clientIp;
    if (clientIp) identity.clientIp = clientIp;
    if (session.offerCodes.length > 0) identity.offerCodes = [...session.offerCodes];
    if (session.kind === 'ACCOUNT' && session.priceClass) identity.priceClass = session.priceClass;
    return { ok: true, identity, expiresAt: expiresAt.toISOString() };
  }

  /** A session by id while it is live (not expired by this service's clock), else null. */
  async liveSession(id: string): Promise<StoredSession | null> {
    const session = await this.deps.sessions.findById(id);
    return session && this.isLive(session, this.clock.now()) ? session : null;
  }

  /** The live session a raw token belongs to (any of its handles), with the token's hash. */
  async liveSessionByToken(token: string): Promise<CurrentSession | null> {
    if (!isWellFormedToken(token)) return null;
    const found = await this.deps.sessions.findByTokenHash(hashSessionToken(token));
    if (!found || !this.isLive(found.session, this.clock.now())) return null;
    return { session: found.session, tokenHash: found.handle.tokenHash };
  }

  /**
   * After a successful register, password login or store login. `current` is the session
   * the caller came with (if any). A live guest session (or this account's own session)
   * is upgraded in place — same id, so the cart and offer codes stay — under one new
   * token, and every earlier handle (the old token and every relayed handle) dies in the
   * same store step: no session fixation. Another account's session is ended instead:
   * its cart must not pass to a different person. `clientIp` (when known) is recorded as
   * the session's IP. The session carries the account's price class (as read with the
   * account by the login), replacing whatever it carried before.
   */
  async establishAccountSession(
    account: Pick<AccountView, 'id' | 'priceClass'>,
    clientIp: string | undefined,
    current: CurrentSession | null,
  ): Promise<SessionGranted> {
    const accountId = account.id;
    const now = this.clock.now();
    if (current && this.isLive(current.session, now)) {
      const { session } = current;
      if (session.kind === 'GUEST' || session.accountId === accountId) {
        const token = newSessionToken();
        const absoluteExpiresAt = new Date(now.getTime() + this.maxAgeMs);
        // the store moves the login generation on as it rotates
        const { priceClass: _previous, generation: _generation, ...carried } = session;
        const next: NewStoredSession = {
          ...carried,
          kind: 'ACCOUNT',
          accountId,
          lastSeenAt: now,
          absoluteExpiresAt,
          expiresAt: this.slidingExpiry(now, absoluteExpiresAt),
        };
        if (account.priceClass) next.priceClass = account.priceClass;
        const ip = clientIp ?? session.clientIp;
        if (ip) next.clientIp = ip;
        if (await this.deps.sessions.rotate(current.tokenHash, next, this.newHandle(next.id, token, now), this.retainMs(next.expiresAt, now))) {
          this.deps.logger.info({ sessionId: next.id, accountId, upgradedFrom: session.kind }, 'session upgraded');
          return { __typename: 'SessionGranted', token, session: toSessionView(next) };
        }
        // Lost a race with a logout or another login on this session: start afresh below.
      } else {
        await this.deps.sessions.revoke(session.id);
      }
    }
    return this.createSession('ACCOUNT', accountId, clientIp, account.priceClass);
  }

  /** The caller's live session with one of its handles (the rotation is conditional on it). */
  private async currentOf(identity: Identity): Promise<CurrentSession | null> {
    const sessionId = this.shopperSessionId(identity);
    if (!sessionId) return null;
    const session = await this.liveSession(sessionId);
    if (!session) return null;
    const handles = await this.deps.sessions.handlesOf(session.id);
    // the session's own token if it still has one, else any handle: each proves the session is unchanged
    const handle = handles.find((h) => h.storeId === undefined) ?? handles[0];
    return handle ? { session, tokenHash: handle.tokenHash } : null;
  }

  private shopperSessionId(identity: Identity): string | undefined {
    return (identity.kind === 'GUEST' || identity.kind === 'ACCOUNT') && identity.sessionId ? identity.sessionId : undefined;
  }

  private async sessionResult(sessionId: string): Promise<OfferCodeOutcome> {
    const session = await this.liveSession(sessionId);
    if (!session) return notAuthenticated('The session has ended.');
    return { __typename: 'Session', ...toSessionView(session) };
  }

  private newHandle(sessionId: string, token: string, now: Date, storeId?: string): SessionHandleRecord {
    const handle: SessionHandleRecord = { id: randomUUID(), tokenHash: hashSessionToken(token), sessionId, createdAt: now };
    if (storeId) handle.storeId = storeId;
    return handle;
  }

  private async createSession(kind: SessionKind, accountId: string | undefined, clientIp: string | undefined, priceClass?: string | null): Promise<SessionGranted> {
    const now = this.clock.now();
    const token = newSessionToken();
    const absoluteExpiresAt = new Date(now.getTime() + this.maxAgeMs);
    const session: NewStoredSession = {
      id: randomUUID(),
      kind,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: this.slidingExpiry(now, absoluteExpiresAt),
      absoluteExpiresAt,
      offerCodes: [],
    };
    if (accountId) session.accountId = accountId;
    if (clientIp) session.clientIp = clientIp;
    if (accountId && priceClass) session.priceClass = priceClass;
    await this.deps.sessions.create(session, this.newHandle(session.id, token, now), this.retainMs(session.expiresAt, now));
    this.deps.logger.info({ sessionId: session.id, kind, accountId }, 'session started');
    return { __typename: 'SessionGranted', token, session: toSessionView(session) };
  }

  isLive(session: StoredSession, now: Date = this.clock.now()): boolean {
    return session.expiresAt.getTime() > now.getTime();
  }

  private slidingExpiry(now: Date, absoluteExpiresAt: Date): Date {
    return new Date(Math.min(now.getTime() + this.ttlMs, absoluteExpiresAt.getTime()));
  }

  /** The store keeps a record until its tombstone lapses. */
  retainMs(expiresAt: Date, now: Date): number {
    return Math.max(1, expiresAt.getTime() - now.getTime() + this.tombstoneMs);
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(randomBytes(16).toString('base64url'));
    return this.dummyHash;
  }

  /** Rehashes with the current parameters when they were raised; a failure here must not fail the login. */
  private async upgradePasswordHash(accountId: string, stored: string, password: string): Promise<void> {
    if (!this.deps.hasher.needsRehash(stored)) return;
    try {
      await this.deps.accounts.updatePasswordHash(accountId, await this.deps.hasher.hash(password));
    } catch (error) {
      this.deps.logger.warn({ err: error, accountId }, 'password rehash failed');
    }
  }
}
