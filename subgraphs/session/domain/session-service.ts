import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../../../lib/clock.js';
import type { Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { checkEmail, MAX_PASSWORD_LENGTH, normalizePassword, passwordLength, passwordWeakness } from './credentials.js';
import {
  invalidInput,
  type AccountView,
  type LoginOutcome,
  type LogoutOutcome,
  type RegisterOutcome,
  type ResolvedIdentity,
  type ResolveResult,
  type ResolveSessionRequest,
  type SessionGranted,
  type SessionKind,
  type SessionView,
  type StoredSession,
} from './model.js';
import type { PasswordHasher } from './password.js';
import type { AccountRepository, LoginRateLimiter, SessionStore } from './ports.js';
import { hashSessionToken, isWellFormedToken, newSessionToken } from './tokens.js';

export const DEFAULT_SESSION_TTL_MS = 30 * 60_000;
export const DEFAULT_SESSION_MAX_AGE_MS = 24 * 60 * 60_000;
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

export function toSessionView(session: StoredSession): SessionView {
  return {
    id: session.id,
    kind: session.kind,
    accountId: session.accountId ?? null,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
  };
}

/**
 * Accounts and sessions: registration, password login, guest sessions, token
 * resolution for the gateway (sliding expiry) and logout.
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
    return this.establishAccountSession(identity, account.id);
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
    // Unknown emails are checked against a dummy hash so they take as long as wrong passwords.
    const matches = await this.deps.hasher.verify(password, account?.passwordHash ?? (await this.dummyPasswordHash()));
    if (!account || !matches) {
      await this.deps.loginLimiter.recordFailure(subject);
      this.deps.logger.info({ accountId: account?.id, clientIp: identity.clientIp }, 'login failed');
      return { __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS', message: 'Email or password is wrong.' };
    }
    await this.deps.loginLimiter.recordSuccess(subject);
    await this.upgradePasswordHash(account.id, account.passwordHash, password);
    return this.establishAccountSession(identity, account.id);
  }

  async logout(identity: Identity): Promise<LogoutOutcome> {
    if (!identity.sessionId || (identity.kind !== 'GUEST' && identity.kind !== 'ACCOUNT')) {
      return { __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED', message: 'There is no session to log out of.' };
    }
    await this.deps.sessions.revoke(identity.sessionId);
    this.deps.logger.info({ sessionId: identity.sessionId }, 'session revoked');
    return { __typename: 'LoggedOut', sessionId: identity.sessionId };
  }

  /** The caller's live session, or null without one (or when it ended since the gateway resolved it). */
  async currentSession(identity: Identity): Promise<SessionView | null> {
    if (!identity.sessionId) return null;
    const session = await this.deps.sessions.findById(identity.sessionId);
    if (!session || !this.isLive(session, this.clock.now())) return null;
    return toSessionView(session);
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
    const tokenHash = hashSessionToken(request.token);
    const session = await this.deps.sessions.findByTokenHash(tokenHash);
    if (!session) return INVALID;
    const now = this.clock.now();
    if (!this.isLive(session, now)) return EXPIRED;

    let expiresAt = session.expiresAt;
    const renewed = this.slidingExpiry(now, session.absoluteExpiresAt);
    if (request.touch !== false && renewed.getTime() - expiresAt.getTime() >= Math.max(1, this.touchGranularityMs)) {
      const touched = await this.deps.sessions.touch(session.id, tokenHash, { lastSeenAt: now, expiresAt: renewed, now }, this.retainMs(renewed, now));
      // Rotated or revoked between the read and the touch: this token is dead.
      if (!touched) return INVALID;
      expiresAt = renewed;
    }
    const identity: ResolvedIdentity = { kind: session.kind, sessionId: session.id };
    if (session.accountId) identity.accountId = session.accountId;
    const clientIp = request.clientIp ?? session.clientIp;
    if (clientIp) identity.clientIp = clientIp;
    return { ok: true, identity, expiresAt: expiresAt.toISOString() };
  }

  /**
   * After a successful register/login. A guest session (or this account's own session)
   * is upgraded in place — same id, so the cart stays — under a new token, and the old
   * token dies in the same store step (no session fixation). Another account's session
   * is ended instead: its cart must not pass to a different person.
   */
  private async establishAccountSession(identity: Identity, accountId: string): Promise<SessionGranted> {
    if (identity.sessionId) {
      const current = await this.deps.sessions.findById(identity.sessionId);
      const now = this.clock.now();
      if (current && this.isLive(current, now)) {
        if (current.kind === 'GUEST' || current.accountId === accountId) {
          const token = newSessionToken();
          const absoluteExpiresAt = new Date(now.getTime() + this.maxAgeMs);
          const next: StoredSession = {
            ...current,
            kind: 'ACCOUNT',
            accountId,
            clientIp: identity.clientIp ?? current.clientIp,
            tokenHash: hashSessionToken(token),
            lastSeenAt: now,
            absoluteExpiresAt,
            expiresAt: this.slidingExpiry(now, absoluteExpiresAt),
          };
          if (await this.deps.sessions.rotate(current.tokenHash, next, this.retainMs(next.expiresAt, now))) {
            this.deps.logger.info({ sessionId: next.id, accountId, upgradedFrom: current.kind }, 'session upgraded');
            return { __typename: 'SessionGranted', token, session: toSessionView(next) };
          }
          // Lost a race with a logout or another login on this session: start afresh below.
        } else {
          await this.deps.sessions.revoke(current.id);
        }
      }
    }
    return this.createSession('ACCOUNT', accountId, identity.clientIp);
  }

  private async createSession(kind: SessionKind, accountId: string | undefined, clientIp: string | undefined): Promise<SessionGranted> {
    const now = this.clock.now();
    const token = newSessionToken();
    const absoluteExpiresAt = new Date(now.getTime() + this.maxAgeMs);
    const session: StoredSession = {
      id: randomUUID(),
      kind,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: this.slidingExpiry(now, absoluteExpiresAt),
      absoluteExpiresAt,
    };
    if (accountId) session.accountId = accountId;
    if (clientIp) session.clientIp = clientIp;
    await this.deps.sessions.create(session, this.retainMs(session.expiresAt, now));
    this.deps.logger.info({ sessionId: session.id, kind, accountId }, 'session started');
    return { __typename: 'SessionGranted', token, session: toSessionView(session) };
  }

  private isLive(session: StoredSession, now: Date): boolean {
    return session.expiresAt.getTime() > now.getTime();
  }

  private slidingExpiry(now: Date, absoluteExpiresAt: Date): Date {
    return new Date(Math.min(now.getTime() + this.ttlMs, absoluteExpiresAt.getTime()));
  }

  /** The store keeps a record until its tombstone lapses. */
  private retainMs(expiresAt: Date, now: Date): number {
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
