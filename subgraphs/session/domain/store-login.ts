import { createHmac } from 'node:crypto';
import { systemClock, type Clock } from '../../../lib/clock.js';
import { DomainError } from '../../../lib/errors.js';
import { requireStore, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { safeEqual } from '../../../lib/signing.js';
import type { StoreDirectory } from '../../../lib/store-directory.js';
import { checkEmail } from './credentials.js';
import { invalidInput, type AssertionSignatureInvalidError, type StoreLoginOutcome } from './model.js';
import type { AccountRepository, NonceStore } from './ports.js';
import type { SessionService } from './session-service.js';

export const DEFAULT_STORE_LOGIN_MAX_SKEW_MS = 300_000;
/** The first line of every signed assertion: a signature made for anything else never verifies here. */
export const STORE_LOGIN_SIGNATURE_CONTEXT = 'cartstart-store-login-v1';

/** What a store signs to vouch for one of its users (GraphQL `StoreLoginAssertionInput` without the signature). */
export interface StoreLoginAssertionFields {
  storeId: string;
  /** The user's id in the store's own account system (1..200 characters, no control characters). */
  storeUserId: string;
  email: string;
  /** Unix time in seconds, decimal digits. */
  timestamp: string;
  /** 16..128 characters of [A-Za-z0-9_-], never reused by the store. */
  nonce: string;
}

export interface StoreLoginAssertion extends StoreLoginAssertionFields {
  /** Lower-case hex HMAC-SHA256 (see signStoreLoginAssertion). */
  signature: string;
}

/**
 * The signature of a store login assertion: lower-case hex HMAC-SHA256, keyed with the
 * store's secret (the one the exchange signs its calls to that store with), of the UTF-8
 * string `cartstart-store-login-v1\n{storeId}\n{storeUserId}\n{email}\n{timestamp}\n{nonce}`.
 * A store's server computes exactly this (see README); the exchange recomputes it.
 */
export function signStoreLoginAssertion(secret: string, fields: StoreLoginAssertionFields): string {
  const payload = [STORE_LOGIN_SIGNATURE_CONTEXT, fields.storeId, fields.storeUserId, fields.email, fields.timestamp, fields.nonce].join('\n');
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

export interface StoreLoginServiceDeps {
  sessionService: SessionService;
  accounts: AccountRepository;
  nonces: NonceStore;
  stores: StoreDirectory;
  logger: Logger;
  clock?: Clock;
  /** How far an assertion's timestamp may be from now, either way (default 300 s). */
  maxSkewMs?: number;
}

const MAX_STORE_USER_ID_LENGTH = 200;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const TIMESTAMP_SHAPE = /^\d{1,12}$/;
const NONCE_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;
const SIGNATURE_SHAPE = /^[0-9a-f]{64}$/;

const SIGNATURE_INVALID: AssertionSignatureInvalidError = {
  __typename: 'AssertionSignatureInvalidError',
  code: 'ASSERTION_SIGNATURE_INVALID',
  message: "The assertion's signature does not verify.",
};

/**
 * Store login resolution: a store's server vouches (a signed assertion) for one of its
 * own users, and the exchange links that user to a CartStart account — by the link made
 * before, else by email, else a new password-less account — and returns a session for
 * it, without asking the shopper again.
 *
 * Checks, in order: the caller is a store and the assertion names that store (else the
 * signature is "invalid": nothing more is revealed); the fields' shapes; the signature
 * (timing-safe); the timestamp's skew; then the nonce, remembered per store for twice
 * the skew window, so an assertion can be used once. The nonce store is only touched
 * by assertions whose signature verified: nobody else can burn a store's nonces.
 *
 * The session: with `sessionToken` (the shopper's current handle at that store) a live
 * guest session, or this account's own, is upgraded in place — the same step as a
 * password login, so every earlier handle of it ends — else a new account session.
 */
export class StoreLoginService {
  private readonly clock: Clock;
  private readonly maxSkewMs: number;

  constructor(private readonly deps: StoreLoginServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.maxSkewMs = deps.maxSkewMs ?? DEFAULT_STORE_LOGIN_MAX_SKEW_MS;
    if (!(this.maxSkewMs > 0)) throw new Error(`store login max skew must be positive, got ${this.maxSkewMs} ms`);
  }

  async resolveStoreLogin(identity: Identity, assertion: StoreLoginAssertion, sessionToken?: string | null): Promise<StoreLoginOutcome> {
    if (identity.kind === 'GUEST' || identity.kind === 'ACCOUNT') {
      throw new DomainError('FORBIDDEN', "Store logins are resolved by the store's server (x-store-key), not by a shopper session.");
    }
    const storeId = requireStore(identity);
    if (assertion.storeId !== storeId) return SIGNATURE_INVALID;

    const email = checkEmail(assertion.email);
    if (!email.ok || CONTROL_CHARACTERS.test(assertion.email)) return invalidInput('email', email.ok ? 'Email is not a valid address.' : email.message);
    if (assertion.storeUserId.length < 1 || assertion.storeUserId.length > MAX_STORE_USER_ID_LENGTH || CONTROL_CHARACTERS.test(assertion.storeUserId)) {
      return invalidInput('storeUserId', `storeUserId must be 1 to ${MAX_STORE_USER_ID_LENGTH} characters without control characters.`);
    }
    if (!TIMESTAMP_SHAPE.test(assertion.timestamp)) return invalidInput('timestamp', 'timestamp must be Unix time in seconds (decimal digits).');
    if (!NONCE_SHAPE.test(assertion.nonce)) return invalidInput('nonce', 'nonce must be 16 to 128 characters of A-Z, a-z, 0-9, "_" and "-".');
    if (!SIGNATURE_SHAPE.test(assertion.signature)) return invalidInput('signature', 'signature must be 64 lower-case hex digits (HMAC-SHA256).');

    const store = await this.deps.stores.get(storeId);
    if (!store || !safeEqual(signStoreLoginAssertion(store.secret, assertion), assertion.signature)) {
      this.deps.logger.warn({ storeId }, 'store login assertion with a bad signature');
      return SIGNATURE_INVALID;
    }
    const skewMs = Math.abs(this.clock.now().getTime() - Number(assertion.timestamp) * 1000);
    if (skewMs > this.maxSkewMs) {
      this.deps.logger.info({ storeId, skewMs }, 'store login assertion outside the time window');
      return { __typename: 'AssertionExpiredError', code: 'ASSERTION_EXPIRED', message: "The assertion's timestamp is outside the accepted window.", maxSkewSeconds: Math.floor(this.maxSkewMs / 1000) };
    }
    if (!(await this.deps.nonces.remember(`store:${storeId}`, assertion.nonce, 2 * this.maxSkewMs))) {
      this.deps.logger.warn({ storeId }, 'store login assertion replayed');
      return { __typename: 'AssertionReplayedError', code: 'ASSERTION_REPLAYED', message: "The assertion's nonce was used before; nothing happened." };
    }

    const { account, created } = await this.deps.accounts.linkStoreUser({ storeId, storeUserId: assertion.storeUserId, email: email.email, now: this.clock.now() });
    this.deps.logger.info({ storeId, accountId: account.id, created }, 'store login resolved');
    const current = sessionToken ? await this.deps.sessionService.liveSessionByToken(sessionToken) : null;
    // the caller is the store's server: its IP is not the shopper's, so the session keeps the one it has
    return this.deps.sessionService.establishAccountSession(account, undefined, current);
  }
}
