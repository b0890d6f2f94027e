export type SessionKind = 'GUEST' | 'ACCOUNT';

/** A session as the API shows it (GraphQL `Session`). */
export interface SessionView {
  id: string;
  kind: SessionKind;
  accountId: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** Normalized (upper-case) offer codes attached to the session. */
  offerCodes: string[];
}

/** A handle as `mySessions` shows it (GraphQL `SessionHandle`): never its token or hash. */
export interface SessionHandleView {
  id: string;
  storeId: string | null;
  createdAt: Date;
}

/** One of an account's sessions as `mySessions` lists it (GraphQL `SessionSummary`). */
export interface SessionSummaryView {
  id: string;
  kind: SessionKind;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  clientIp: string | null;
  /** The session the request was made with. */
  current: boolean;
  handles: SessionHandleView[];
}

/** An account as the API shows it (GraphQL `Account`); never carries the password hash. */
export interface AccountView {
  id: string;
  email: string;
  createdAt: Date;
  /** The account's price class (pricing: lib/pricing.ts); null: none. Set by an operator. */
  priceClass: string | null;
}

export interface AccountRecord extends AccountView {
  /** null for accounts created by a store login resolution (no password login until one is set). */
  passwordHash: string | null;
}

/**
 * A session as stored. Its tokens are its handles (SessionHandleRecord), kept only as
 * SHA-256 hashes, so a leaked store dump cannot be replayed as bearer tokens.
 */
export interface StoredSession {
  id: string;
  kind: SessionKind;
  accountId?: string;
  clientIp?: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Sliding expiry; never later than absoluteExpiresAt. */
  expiresAt: Date;
  /** Hard cap set when the token was issued; sliding renewals stop here. */
  absoluteExpiresAt: Date;
  /** Normalized (upper-case) offer codes attached to the session. */
  offerCodes: string[];
  /**
   * ACCOUNT sessions: the account's price class, read from the account when the session
   * became an account session and updated on the account's live sessions when an operator
   * changes it. Absent: none.
   */
  priceClass?: string;
  /**
   * Login generation: 0 when the session starts, one more at every login (rotate). Kept
   * by the store alone (`create` writes 0, `rotate` the stored value + 1, whatever the
   * caller passes), so a caller that read the session can make a later write conditional
   * on no login having happened since (SessionStore.addHandle).
   */
  generation: number;
}

/** A session as the service hands it to the store: the store keeps the login generation. */
export type NewStoredSession = Omit<StoredSession, 'generation'>;

/**
 * A token of a session. Only the SHA-256 of the token is kept. A session has one handle
 * from its start (or last login) and one per store it was relayed to.
 */
export interface SessionHandleRecord {
  id: string;
  tokenHash: string;
  sessionId: string;
  /** The store a relay granted this handle to; absent for the session's own token. */
  storeId?: string;
  createdAt: Date;
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

export interface StoreNotFoundError {
  __typename: 'StoreNotFoundError';
  code: 'STORE_NOT_FOUND';
  message: string;
  storeId: string;
}
export interface RelayCodeInvalidError {
  __typename: 'RelayCodeInvalidError';
  code: 'RELAY_CODE_INVALID';
  message: string;
}
export interface RelayCodeExpiredError {
  __typename: 'RelayCodeExpiredError';
  code: 'RELAY_CODE_EXPIRED';
  message: string;
  expiredAt: Date;
}
export interface RelayCodeUsedError {
  __typename: 'RelayCodeUsedError';
  code: 'RELAY_CODE_USED';
  message: string;
}
export interface RelayCodeWrongStoreError {
  __typename: 'RelayCodeWrongStoreError';
  code: 'RELAY_CODE_WRONG_STORE';
  message: string;
}
export interface RelayIpMismatchError {
  __typename: 'RelayIpMismatchError';
  code: 'RELAY_IP_MISMATCH';
  message: string;
}
export interface AssertionSignatureInvalidError {
  __typename: 'AssertionSignatureInvalidError';
  code: 'ASSERTION_SIGNATURE_INVALID';
  message: string;
}
export interface AssertionExpiredError {
  __typename: 'AssertionExpiredError';
  code: 'ASSERTION_EXPIRED';
  message: string;
  maxSkewSeconds: number;
}
export interface AssertionReplayedError {
  __typename: 'AssertionReplayedError';
  code: 'ASSERTION_REPLAYED';
  message: string;
}
export interface SessionNotFoundError {
  __typename: 'SessionNotFoundError';
  code: 'SESSION_NOT_FOUND';
  message: string;
  sessionId: string;
}
export interface AccountNotFoundError {
  __typename: 'AccountNotFoundError';
  code: 'ACCOUNT_NOT_FOUND';
  message: string;
  accountId: string;
}
export interface OfferCodeLimitError {
  __typename: 'OfferCodeLimitError';
  code: 'OFFER_CODE_LIMIT';
  message: string;
  limit: number;
}
/** Relay step 1's result: the code is handed out once here and only its hash is stored. */
export interface SessionRelay {
  __typename: 'SessionRelay';
  relayCode: string;
  targetStoreId: string;
  expiresAt: Date;
}
export interface SessionRevoked {
  __typename: 'SessionRevoked';
  sessionId: string;
}
/** The session, as a member of OfferCodeResult. */
export type SessionResult = SessionView & { __typename: 'Session' };

export type RegisterOutcome = SessionGranted | InvalidInputError | EmailTakenError | WeakPasswordError;
export type LoginOutcome = SessionGranted | InvalidInputError | InvalidCredentialsError | RateLimitedError;
export type LogoutOutcome = LoggedOut | NotAuthenticatedError;
export type CreateSessionRelayOutcome = SessionRelay | NotAuthenticatedError | StoreNotFoundError | InvalidInputError;
export type RedeemSessionRelayOutcome =
  | SessionGranted
  | InvalidInputError
  | RelayCodeInvalidError
  | RelayCodeExpiredError
  | RelayCodeUsedError
  | RelayCodeWrongStoreError
  | RelayIpMismatchError;
export type StoreLoginOutcome = SessionGranted | InvalidInputError | AssertionSignatureInvalidError | AssertionExpiredError | AssertionReplayedError;
export type RevokeSessionOutcome = SessionRevoked | NotAuthenticatedError | SessionNotFoundError;
export type OfferCodeOutcome = SessionResult | NotAuthenticatedError | InvalidInputError | OfferCodeLimitError;
export type SetPriceClassOutcome = (AccountView & { __typename: 'Account' }) | AccountNotFoundError | InvalidInputError;

export function invalidInput(field: string, message: string): InvalidInputError {
  return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field };
}

export function notAuthenticated(message: string): NotAuthenticatedError {
  return { __typename: 'NotAuthenticatedError', code: 'NOT_AUTHENTICATED', message };
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
  /** The session's offer codes (absent when none): pricing reads them from the identity. */
  offerCodes?: string[];
  /** The account's price class (absent when none): pricing reads it from the identity. */
  priceClass?: string;
}

// --- attaching offer codes (POST /internal/sessions/offer-codes/attach; the ticket subgraph restoring a saved cart) ---

export interface AttachOfferCodesRequest {
  sessionId: string;
  codes: string[];
}

/** The session's offer codes after the attach; null when the session is gone (or expired). */
export interface AttachOfferCodesResult {
  offerCodes: string[] | null;
}

/** `POST /internal/accounts/contact` (payment → session): {accountId} → where the account is reached; null: no such account. */
export interface AccountContactRequest {
  accountId: string;
}
export type AccountContactResult = { email: string } | null;

export type ResolveResult =
  | { ok: true; identity: ResolvedIdentity; /** ISO 8601 */ expiresAt: string }
  | { ok: false; code: 'SESSION_EXPIRED' | 'SESSION_INVALID'; message: string };
