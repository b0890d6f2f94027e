import type { AccountRecord, AccountView, NewStoredSession, SessionHandleRecord, StoredSession } from './model.js';

/** Accounts in durable storage (PostgreSQL in production). */
export interface AccountRepository {
  /** The new account, or null when the email (case-insensitively) is taken. */
  create(input: { email: string; passwordHash: string; createdAt: Date }): Promise<AccountRecord | null>;
  findByEmail(email: string): Promise<AccountRecord | null>;
  findByIds(ids: readonly string[]): Promise<AccountView[]>;
  updatePasswordHash(id: string, passwordHash: string): Promise<void>;
  /** Sets (or with null clears) the account's price class; the account afterwards, or null when there is none with this id. */
  setPriceClass(id: string, priceClass: string | null): Promise<AccountView | null>;
  /**
   * The account linked to the store's user; else links the account with this email (the
   * store vouches for it); else creates a password-less account and links it. One
   * transaction; concurrent calls for one store user end with one link.
   */
  linkStoreUser(input: { storeId: string; storeUserId: string; email: string; now: Date }): Promise<{ account: AccountView; created: boolean }>;
  ping(): Promise<void>;
}

/**
 * Where sessions live (Redis in production). A session is reachable by its id and by the
 * hash of any of its handles' tokens: the token it started with (or got at its last
 * login) and one per store it was relayed to. Records are kept for `retainMs` (past their
 * expiry, as tombstones) so an expired token can be told apart from an unknown one;
 * whether a session is expired is decided by the caller's clock, not by the store.
 * Every write that depends on a token is conditional on it, so a late sliding-expiry
 * touch can never bring back a token that a login just rotated away.
 */
export interface SessionStore {
  /** A new session with its first handle; its login generation is 0. */
  create(session: NewStoredSession, handle: SessionHandleRecord, retainMs: number): Promise<void>;
  /** The session and the handle a token hash belongs to (handle revoked or unknown: null). */
  findByTokenHash(tokenHash: string): Promise<{ session: StoredSession; handle: SessionHandleRecord } | null>;
  findById(id: string): Promise<StoredSession | null>;
  /** The session's current handles, oldest first. */
  handlesOf(sessionId: string): Promise<SessionHandleRecord[]>;
  /**
   * Moves lastSeenAt/expiresAt forward when `tokenHash` is still a handle of session `id`
   * and the stored expiry is after `now`; false otherwise. Never moves expiresAt
   * backwards. The retention of the session and of all its handles moves with it.
   */
  touch(id: string, tokenHash: string, update: { lastSeenAt: Date; expiresAt: Date; now: Date }, retainMs: number): Promise<boolean>;
  /**
   * Login on a live session: when `expectedTokenHash` is still a handle of session
   * `next.id`, replaces the session's fields with `next` and ALL its handles with `handle`
   * (new token) in one step: the old token and every relayed handle stop resolving (no
   * session fixation through a handle that existed before the login). The session's
   * login generation moves to the stored one + 1 in the same step.
   */
  rotate(expectedTokenHash: string, next: NewStoredSession, handle: SessionHandleRecord, retainMs: number): Promise<boolean>;
  /**
   * Adds a handle (a relay) while the session exists, its expiresAt is after `now` and its
   * login generation is still `expectedGeneration` (the one the caller read when it
   * decided the handle may be granted); false otherwise. One atomic check-and-write: a
   * login that lands after the caller's read never ends up with a handle granted for the
   * session as it was before the login.
   */
  addHandle(sessionId: string, handle: SessionHandleRecord, now: Date, expectedGeneration: number): Promise<boolean>;
  /** Ends one handle (a leaked relay); the session and its other handles live on. */
  revokeHandle(tokenHash: string): Promise<boolean>;
  /** Deletes the session and every handle; their tokens then resolve as unknown. */
  revoke(id: string): Promise<boolean>;
  /** The account's sessions still on record (live or tombstoned; the caller filters by expiry). */
  sessionsOfAccount(accountId: string): Promise<StoredSession[]>;
  /** Attaches an offer code (already normalized); 'limit' when `limit` codes are attached already. */
  addOfferCode(sessionId: string, code: string, limit: number): Promise<'added' | 'present' | 'limit' | 'missing'>;
  removeOfferCode(sessionId: string, code: string): Promise<boolean>;
  /**
   * Sets (null: clears) the price class of session `sessionId` while it exists and still
   * belongs to account `accountId` (one atomic check-and-write: a session that logged in
   * as another account meanwhile is left alone); false otherwise. Nothing else changes.
   */
  setPriceClass(sessionId: string, accountId: string, priceClass: string | null): Promise<boolean>;
}

/** A relay code as stored: only the SHA-256 of the code is kept. */
export interface RelayCodeRecord {
  codeHash: string;
  sessionId: string;
  targetStoreId: string;
  /** The client IP that asked for the code (when the gateway saw one). */
  issuedIp?: string;
  issuedAt: Date;
  /** The session's login generation when the code was issued: a login since makes the code useless. */
  sessionGeneration: number;
  expiresAt: Date;
}

/**
 * Single-use relay codes (Redis in production). `claim` and `markGranted` are each one
 * atomic step, so a replay racing the first redemption always ends the handle it produced:
 * either the replay reads the granted handle, or the granter reads the replay mark.
 */
export interface RelayCodeStore {
  save(record: RelayCodeRecord, retainMs: number): Promise<void>;
  /**
   * The first claim of a code gets `first: true`. Every later claim marks the code
   * replayed and returns the handle its first redemption granted (if it got that far).
   * null: no such code on record.
   */
  claim(codeHash: string): Promise<{ first: true; record: RelayCodeRecord } | { first: false; record: RelayCodeRecord; grantedTokenHash?: string } | null>;
  /** Records the handle the first redemption granted; answers whether a replay was seen meanwhile. */
  markGranted(codeHash: string, tokenHash: string): Promise<{ replayed: boolean }>;
}

/** Nonces of store login assertions, each remembered for a while. */
export interface NonceStore {
  /** true the first time (scope, nonce) is seen within `ttlMs`; false for a reuse. */
  remember(scope: string, nonce: string, ttlMs: number): Promise<boolean>;
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
