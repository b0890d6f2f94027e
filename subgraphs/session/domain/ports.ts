import type { AccountRecord, AccountView, StoredSession } from './model.js';

/** Accounts in durable storage (PostgreSQL in production). */
export interface AccountRepository {
  /** The new account, or null when the email (case-insensitively) is taken. */
  create(input: { email: string; passwordHash: string; createdAt: Date }): Promise<AccountRecord | null>;
  findByEmail(email: string): Promise<AccountRecord | null>;
  findByIds(ids: readonly string[]): Promise<AccountView[]>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
  ping(): Promise<void>;
}

/**
 * Where sessions live (Redis in production). A session is reachable by its id and by the
 * hash of its current token. Records are kept for `retainMs` (past their expiry, as
 * tombstones) so an expired token can be told apart from an unknown one; whether a
 * session is expired is decided by the caller's clock, not by the store.
 * Every write that depends on the current token is conditional on it, so a late
 * sliding-expiry touch can never bring back a token that a login just rotated away.
 */
export interface SessionStore {
  create(session: StoredSession, retainMs: number): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<StoredSession | null>;
  findById(id: string): Promise<StoredSession | null>;
  /**
   * Moves lastSeenAt/expiresAt forward when the session still has `tokenHash` and its
   * stored expiry is after `now`; false otherwise. Never moves expiresAt backwards.
   */
  touch(id: string, tokenHash: string, update: { lastSeenAt: Date; expiresAt: Date; now: Date }, retainMs: number): Promise<boolean>;
  /**
   * Replaces the session (same id) with `next`, which carries a new token hash, when it
   * still has `expectedTokenHash`. The old token stops resolving in the same step.
   */
  rotate(expectedTokenHash: string, next: StoredSession, retainMs: number): Promise<boolean>;
  /** Deletes the session and its token pointer; the token then resolves as unknown. */
  revoke(id: string): Promise<boolean>;
}

/** Who is trying to log in, for counting failures. */
export interface LoginSubject {
  /** Normalized (lower-case) email. */
  email: string;
  clientIp?: string;
}

/** Counts failed password logins per email and per client IP. */
export interface LoginRateLimiter {
  /** 0 when an attempt may go ahead, else how many seconds to wait. */
  retryAfterSeconds(subject: LoginSubject): Promise<number>;
  recordFailure(subject: LoginSubject): Promise<void>;
  /** A correct password clears the email's count (not the IP's: one IP may try many emails). */
  recordSuccess(subject: LoginSubject): Promise<void>;
}
