export type SessionKind = 'GUEST' | 'ACCOUNT';

/** A session as the API shows it (GraphQL `Session`). */
export interface SessionView {
  id: string;
  kind: SessionKind;
  accountId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** An account as the API shows it (GraphQL `Account`); never carries the password hash. */
export interface AccountView {
  id: string;
  email: string;
  createdAt: Date;
}

export interface AccountRecord extends AccountView {
  passwordHash: string;
}

/**
 * A session as stored. Only the SHA-256 of its token is kept, so a leaked store dump
 * cannot be replayed as bearer tokens.
 */
export interface StoredSession {
  id: string;
  kind: SessionKind;
  accountId?: string;
  clientIp?: string;
  tokenHash: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Sliding expiry; never later than absoluteExpiresAt. */
  expiresAt: Date;
  /** Hard cap set when the token was issued; sliding renewals stop here. */
  absoluteExpiresAt: Date;
}

// --- mutation results (GraphQL union members; the typename picks the member) ---

export interface SessionGranted {
  __typename: 'SessionGranted';
  /** The raw token: handed out once here, never stored or logged. */
  token: string;
  session: SessionView;
}
export interface InvalidInputError {
  __typename: 'InvalidInputError';
  code: 'INVALID_INPUT';
  message: string;
  field: string;
}
export interface EmailTakenError {
  __typename: 'EmailTakenError';
  code: 'EMAIL_TAKEN';
  message: string;
}
export interface WeakPasswordError {
  __typename: 'WeakPasswordError';
  code: 'WEAK_PASSWORD';
  message: string;
}
export interface InvalidCredentialsError {
  __typename: 'InvalidCredentialsError';
  code: 'INVALID_CREDENTIALS';
  message: string;
}
export interface RateLimitedError {
  __typename: 'RateLimitedError';
  code: 'RATE_LIMITED';
  message: string;
  retryAfterSeconds: number;
}
export interface NotAuthenticatedError {
  __typename: 'NotAuthenticatedError';
  code: 'NOT_AUTHENTICATED';
  message: string;
}
export interface LoggedOut {
  __typename: 'LoggedOut';
  sessionId: string;
}

export type RegisterOutcome = SessionGranted | InvalidInputError | EmailTakenError | WeakPasswordError;
export type LoginOutcome = SessionGranted | InvalidInputError | InvalidCredentialsError | RateLimitedError;
export type LogoutOutcome = LoggedOut | NotAuthenticatedError;

export function invalidInput(field: string, message: string): InvalidInputError {
  return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field };
}

// --- the gateway's resolve call (POST /internal/sessions/resolve) ---

export interface ResolveSessionRequest {
  token: string;
  clientIp?: string;
  /**
   * false: only look (the sliding expiry does not move). The gateway re-checks the
   * sessions behind long-lived subscriptions this way, so an open socket alone never
   * keeps a session alive. Default true (every HTTP request is activity).
   */
  touch?: boolean;
}

/** The identity the gateway signs for the rest of the request. */
export interface ResolvedIdentity {
  kind: SessionKind;
  sessionId: string;
  accountId?: string;
  clientIp?: string;
}

export type ResolveResult =
  | { ok: true; identity: ResolvedIdentity; /** ISO 8601 */ expiresAt: string }
  | { ok: false; code: 'SESSION_EXPIRED' | 'SESSION_INVALID'; message: string };
