import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { withTransaction, type Pool } from '../../../lib/db.js';
import { DomainError } from '../../../lib/errors.js';
import { idempotencyKeyProblem, requestHash, runIdempotent, type IdempotencyRefusal, type RequestInProgressError } from '../../../lib/idempotency.js';
import { requireOperator, requireShopper, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { outboxEmail } from '../../../lib/mail/outbox.js';
import { postJournal } from '../infra/pg-ledger.js';
import {
  certificateOfPurchase,
  claimGiftCertificate,
  findGiftCertificates,
  findGiftPurchase,
  insertGiftCertificate,
  insertGiftPurchase,
  lockClaimSubjects,
  lockGiftCertificate,
  lockGiftCertificateByCode,
  markGiftPurchaseAuthorized,
  markGiftPurchaseCompleted,
  markGiftPurchaseDeclined,
  recentClaimFailures,
  recordClaimFailure,
  replaceGiftCertificateCode,
  spendableGiftCertificates,
  type GiftPurchaseRecord,
} from '../infra/pg-gift-certificates.js';
import { enqueueOrderEmail } from '../infra/pg-order-repository.js';
import { cardFingerprint, checkCard, type RawCard } from './card-check.js';
import { contactEmailProblem } from './checkout-service.js';
import {
  assertGiftClaimLimits,
  claimLockoutMs,
  DEFAULT_GIFT_CLAIM_LIMITS,
  DEFAULT_PURCHASE_VALIDITY_MS,
  GIFT_CURRENCY,
  giftAmountProblem,
  giftClaimCounters,
  giftCodeHash,
  giftMessageProblem,
  ISSUE_MAX_VALIDITY_MS,
  newGiftCode,
  normalizeGiftCode,
  toGiftCertificateModel,
  type AccountContacts,
  type GiftCertificateModel,
  type GiftClaimLimits,
  type Money,
} from './gift-certificates.js';
import { giftCertificateIssuedJournal, giftCertificateSoldJournal } from './ledger.js';
import type { PaymentProvider } from './payment-provider.js';

type InvalidInputError = { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string };
type AccountNotFoundError = { __typename: 'AccountNotFoundError'; code: 'ACCOUNT_NOT_FOUND'; message: string; accountId: string };
type CardInvalidError = { __typename: 'CardInvalidError'; code: 'CARD_INVALID'; message: string; reason: string };
type CardDeclinedError = { __typename: 'CardDeclinedError'; code: 'CARD_DECLINED'; message: string; declineCode: string };
type GiftCertificateNotFoundError = { __typename: 'GiftCertificateNotFoundError'; code: 'GIFT_CERTIFICATE_NOT_FOUND'; message: string };
type GiftCertificateClaimedError = { __typename: 'GiftCertificateClaimedError'; code: 'GIFT_CERTIFICATE_CLAIMED'; message: string };
type GiftCertificateExpiredError = { __typename: 'GiftCertificateExpiredError'; code: 'GIFT_CERTIFICATE_EXPIRED'; message: string; expiredAt: Date };
type RateLimitedError = { __typename: 'RateLimitedError'; code: 'RATE_LIMITED'; message: string; retryAfterSeconds: number };

type Certificate = GiftCertificateModel & { __typename: 'GiftCertificate' };
export type GiftCertificatePurchaseView = { __typename: 'GiftCertificatePurchase'; certificate: GiftCertificateModel; amountCharged: Money; recipientEmail: string };

export type IssueGiftCertificateOutcome = Certificate | InvalidInputError | AccountNotFoundError | IdempotencyRefusal;
export type BuyGiftCertificateOutcome = GiftCertificatePurchaseView | CardInvalidError | CardDeclinedError | InvalidInputError | IdempotencyRefusal;
export type ReissueGiftCertificateCodeOutcome =
  | Certificate
  | GiftCertificateNotFoundError
  | GiftCertificateClaimedError
  | GiftCertificateExpiredError
  | InvalidInputError
  | IdempotencyRefusal;
export type ClaimGiftCertificateOutcome = Certificate | GiftCertificateNotFoundError | GiftCertificateClaimedError | GiftCertificateExpiredError | RateLimitedError;

export interface GiftBalanceView {
  /** per currency, by currency */
  total: Money[];
  /** spendable now, soonest-expiring first */
  certificates: GiftCertificateModel[];
}

export interface IssueGiftCertificateInput {
  accountId: string;
  amount: number;
  currency: string;
  expiresAt: Date | string;
  message?: string | null;
  idempotencyKey: string;
}

export interface BuyGiftCertificateInput {
  amount: number;
  currency: string;
  recipientEmail: string;
  message?: string | null;
  payment: { card: RawCard };
  idempotencyKey: string;
}

export interface GiftCertificateServiceDeps {
  pool: Pool;
  provider: PaymentProvider;
  /** The session service's accounts (issuing needs the account's email); unset: issuing fails. */
  accountContacts?: AccountContacts;
  clock: Clock;
  logger: Logger;
  /** How long a bought certificate is good for (default 1 year). */
  purchaseValidityMs?: number;
  /** http(s) page where a recipient claims a certificate, shown in the email; unset: none. */
  claimUrl?: string;
  /** How long a repeat of a running issue/purchase waits for its result (default 5 s). */
  inProgressWaitMs?: number;
  /** Refused claims allowed per account and per client IP within a window (default 5 per 15 min each). */
  claimLimits?: GiftClaimLimits;
}

/** What an idempotent request stores (a repeat replays it): the ids, or the typed error. */
type StoredIssue = { ok: true; certificateId: string } | { ok: false; error: AccountNotFoundError };
type StoredReissue = { ok: true; certificateId: string } | { ok: false; error: GiftCertificateNotFoundError | GiftCertificateClaimedError | GiftCertificateExpiredError | InvalidInputError };

export interface ReissueGiftCertificateCodeInput {
  certificateId: string;
  /** Where the new code goes; left out: the certificate's current recipient. */
  recipientEmail?: string | null;
  idempotencyKey: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gift certificates' API (domain "Gift certificates"; the rules: gift-certificates.ts):
 * - issue (operator): straight onto an account, GIFT_CERTIFICATE_ISSUED posted, the
 *   'gift-certificate-received' email (no code) enqueued — one transaction;
 * - buy (shopper): charged to the card at once (authorize + capture at the provider,
 *   outside any database transaction, the purchase id as idempotency key), then in one
 *   transaction the certificate (UNCLAIMED), GIFT_CERTIFICATE_SOLD and the email with the
 *   code to the recipient. The code is never returned to the buyer. A repeat with the
 *   key resumes an interrupted purchase and never charges twice;
 * - claim (account): the code's hash finds the certificate, which joins the account. Rate
 *   limited per account and per client IP (claimLimits): past the refused claims allowed in
 *   a window every claim is refused with RATE_LIMITED before any code is looked at, a
 *   correct one included, until the window has passed (no oracle);
 * - reissue the code (operator): an UNCLAIMED, unexpired certificate whose email was lost
 *   or dead-lettered gets a fresh code (only its hash is kept: the old code stops working),
 *   optionally a new recipient, and a new 'gift-certificate-received' email with the code —
 *   one transaction. The code is never returned;
 * - balance (account): spendable certificates, soonest-expiring first, with totals.
 */
export class GiftCertificateService {
  private readonly purchaseValidityMs: number;
  private readonly claimLimits: GiftClaimLimits;

  constructor(private readonly deps: GiftCertificateServiceDeps) {
    this.purchaseValidityMs = deps.purchaseValidityMs ?? DEFAULT_PURCHASE_VALIDITY_MS;
    this.claimLimits = assertGiftClaimLimits(deps.claimLimits ?? DEFAULT_GIFT_CLAIM_LIMITS);
    if (!Number.isSafeInteger(this.purchaseValidityMs) || this.purchaseValidityMs < 60_000) throw new Error('purchaseValidityMs must be at least a minute');
  }

  async issue(identity: Identity, input: IssueGiftCertificateInput): Promise<IssueGiftCertificateOutcome> {
    requireOperator(identity);
    const now = this.deps.clock.now();
    const accountId = input.accountId.trim();
    const message = input.message?.trim() || null;
    const expiresAt = new Date(input.expiresAt);
    const invalid =
      (accountId === '' || accountId.length > 200 || /\s/.test(accountId) ? invalidInput('accountId', 'The account id is blank or malformed.') : null) ??
      amountProblem(input.amount) ??
      currencyProblem(input.currency) ??
      (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime() || expiresAt.getTime() > now.getTime() + ISSUE_MAX_VALIDITY_MS
        ? invalidInput('expiresAt', 'expiresAt must be in the future (at most 10 years ahead).')
        : null) ??
      messageProblem(message) ??
      keyProblem(input.idempotencyKey);
    if (invalid) return invalid;
    const contacts = this.deps.accountContacts;
    if (!contacts) throw new Error('issuing gift certificates needs the session service (accountContacts) configured');

    const hash = requestHash({ op: 'issueGiftCertificate/v1', accountId, amount: input.amount, currency: input.currency, expiresAt: expiresAt.toISOString(), message });
    const outcome = await runIdempotent<StoredIssue>(
      this.deps.pool,
      { scope: 'operator:issueGiftCertificate', key: input.idempotencyKey, requestHash: hash },
      async (client) => {
        // asked inside the request so that a repeat replays the first answer, whatever the session service says now
        const contact = await contacts.contactOf(accountId);
        if (!contact) return { ok: false, error: { __typename: 'AccountNotFoundError', code: 'ACCOUNT_NOT_FOUND', message: `No account ${accountId} exists.`, accountId } };
        const certificate = await insertGiftCertificate(client, {
          id: randomUUID(),
          codeHash: null,
          accountId,
          amount: input.amount,
          currency: input.currency,
          expiresAt,
          source: 'ISSUED',
          recipientEmail: contact.email,
          message,
          now,
        });
        await postJournal(client, giftCertificateIssuedJournal({ reference: certificate.id, currency: input.currency, amount: input.amount, memo: `gift certificate issued to account ${accountId}` }), now);
        await enqueueOrderEmail(
          client,
          outboxEmail('gift-certificate-received', contact.email, { amount: input.amount, currency: input.currency, expiresAt, message, claimUrl: null }, `gift-certificate-received:${certificate.id}`),
          now,
          this.deps.logger,
        );
        this.deps.logger.info({ certificateId: certificate.id, accountId, amount: input.amount, currency: input.currency }, 'gift certificate issued');
        return { ok: true, certificateId: certificate.id };
      },
      this.idempotencyOptions(),
    );
    if (outcome.kind === 'refused') return outcome.error;
    if (!outcome.response.ok) return outcome.response.error;
    return { __typename: 'GiftCertificate', ...(await this.certificate(outcome.response.certificateId)) };
  }

  async buy(identity: Identity, input: BuyGiftCertificateInput): Promise<BuyGiftCertificateOutcome> {
    const shopper = requireShopper(identity);
    const now = this.deps.clock.now();
    const recipientEmail = input.recipientEmail.trim();
    const message = input.message?.trim() || null;
    const invalid =
      amountProblem(input.amount) ??
      currencyProblem(input.currency) ??
      (contactEmailProblem(recipientEmail) ? invalidInput('recipientEmail', 'recipientEmail must be one plain email address such as ann@example.com.') : null) ??
      messageProblem(message) ??
      keyProblem(input.idempotencyKey);
    if (invalid) return invalid;
    const checked = checkCard(input.payment.card, now);
    if (!checked.ok) return { __typename: 'CardInvalidError', code: 'CARD_INVALID', message: checked.message, reason: checked.reason };

    // the card enters the hash only as brand, last four and expiry (never its number or cvc)
    const hash = requestHash({ op: 'buyGiftCertificate/v1', amount: input.amount, currency: input.currency, recipientEmail: recipientEmail.toLowerCase(), message, card: cardFingerprint(input.payment.card) });
    const card = await this.deps.provider.tokenize(input.payment.card);
    const outcome = await runIdempotent<{ purchaseId: string }>(
      this.deps.pool,
      { scope: `shopper:${shopper.sessionId}:buyGiftCertificate`, key: input.idempotencyKey, requestHash: hash },
      async (client) => {
        const id = randomUUID();
        await insertGiftPurchase(client, {
          id,
          sessionId: shopper.sessionId,
          accountId: shopper.accountId ?? null,
          amount: input.amount,
          currency: input.currency,
          recipientEmail,
          message,
          expiresAt: new Date(now.getTime() + this.purchaseValidityMs),
          cardToken: card.token,
          cardBrand: card.brand,
          cardLast4: card.last4,
          createdAt: now,
        });
        return { purchaseId: id };
      },
      this.idempotencyOptions(),
    );
    if (outcome.kind === 'refused') return outcome.error;
    try {
      return await this.completePurchase(outcome.response.purchaseId);
    } catch (error) {
      // the provider's answer is unknown: the purchase stays where it got, and a repeat with the key resumes it
      this.deps.logger.warn({ purchaseId: outcome.response.purchaseId, err: error }, 'gift certificate purchase interrupted; a retry with the same key resumes it');
      const inProgress: RequestInProgressError = {
        __typename: 'RequestInProgressError',
        code: 'REQUEST_IN_PROGRESS',
        message: 'The payment could not be confirmed yet; retry with the same idempotency key to finish (you will not be charged twice).',
      };
      return inProgress;
    }
  }

  /**
   * Carries a purchase on from where it is: PENDING → authorize; AUTHORIZED → capture, then
   * the certificate, GIFT_CERTIFICATE_SOLD and the recipient's email in one transaction.
   * Every provider call has its own fixed idempotency key, so a resumed purchase never
   * charges twice.
   */
  private async completePurchase(purchaseId: string): Promise<BuyGiftCertificateOutcome> {
    const { pool, provider, logger } = this.deps;
    let purchase = await this.purchase(purchaseId);
    if (purchase.status === 'PENDING') {
      const authorization = await provider.authorize({ token: purchase.cardToken, amount: purchase.amount, currency: purchase.currency, idempotencyKey: `gift-purchase:${purchase.id}` });
      if (authorization.status === 'declined') await markGiftPurchaseDeclined(pool, purchase.id, authorization.declineCode);
      else await markGiftPurchaseAuthorized(pool, purchase.id, authorization.reference);
      purchase = await this.purchase(purchaseId);
    }
    if (purchase.status === 'AUTHORIZED') {
      const authorizationReference = purchase.authorizationReference!;
      const capture = await provider.capture({ authorizationReference, amount: purchase.amount, currency: purchase.currency, idempotencyKey: `gift-purchase-capture:${purchase.id}` });
      if (capture.status === 'declined') {
        await provider.void({ authorizationReference, idempotencyKey: `gift-purchase-void:${purchase.id}` }).catch((err: unknown) => {
          logger.error({ purchaseId, err }, 'could not void the authorization of a gift certificate purchase whose capture was declined');
        });
        await markGiftPurchaseDeclined(pool, purchase.id, capture.declineCode);
      } else {
        await this.recordSale(purchase, capture.reference);
      }
      purchase = await this.purchase(purchaseId);
    }
    if (purchase.status === 'DECLINED') {
      return { __typename: 'CardDeclinedError', code: 'CARD_DECLINED', message: 'The card was declined; nothing was charged.', declineCode: purchase.declineCode ?? 'card_declined' };
    }
    if (purchase.status !== 'COMPLETED') throw new Error(`gift certificate purchase ${purchaseId} is ${purchase.status} after completing`);
    const certificate = await certificateOfPurchase(pool, purchaseId);
    if (!certificate) throw new Error(`completed gift certificate purchase ${purchaseId} has no certificate`);
    return {
      __typename: 'GiftCertificatePurchase',
      certificate: toGiftCertificateModel(certificate, this.deps.clock.now()),
      amountCharged: { amount: purchase.amount, currency: purchase.currency },
      recipientEmail: purchase.recipientEmail,
    };
  }

  /** The money is captured: the certificate, the ledger and the email with the code commit together (once). */
  private async recordSale(purchase: GiftPurchaseRecord, captureReference: string): Promise<void> {
    const now = this.deps.clock.now();
    await withTransaction(this.deps.pool, async (client) => {
      const locked = await findGiftPurchase(client, purchase.id, { forUpdate: true });
      if (locked?.status !== 'AUTHORIZED') return;
      // shown once: in the recipient's email. Only its hash is kept.
      const code = newGiftCode();
      const certificate = await insertGiftCertificate(client, {
        id: randomUUID(),
        codeHash: giftCodeHash(normalizeGiftCode(code)!),
        accountId: null,
        amount: purchase.amount,
        currency: purchase.currency,
        expiresAt: purchase.expiresAt,
        source: 'PURCHASED',
        purchaseId: purchase.id,
        recipientEmail: purchase.recipientEmail,
        message: purchase.message,
        now,
      });
      await postJournal(client, giftCertificateSoldJournal({ reference: purchase.id, currency: purchase.currency, amount: purchase.amount, memo: `gift certificate ${certificate.id} sold` }), now);
      await enqueueOrderEmail(
        client,
        outboxEmail(
          'gift-certificate-received',
          purchase.recipientEmail,
          { amount: purchase.amount, currency: purchase.currency, code, expiresAt: purchase.expiresAt, message: purchase.message, claimUrl: this.deps.claimUrl ?? null },
          `gift-certificate-received:${certificate.id}`,
        ),
        now,
        this.deps.logger,
      );
      await markGiftPurchaseCompleted(client, purchase.id, captureReference, now);
      this.deps.logger.info({ purchaseId: purchase.id, certificateId: certificate.id, amount: purchase.amount, currency: purchase.currency }, 'gift certificate sold');
    });
  }

  async claim(identity: Identity, code: string): Promise<ClaimGiftCertificateOutcome> {
    const accountId = requireAccount(identity, 'Claiming a gift certificate needs an account session: log in first.');
    const notFound: GiftCertificateNotFoundError = { __typename: 'GiftCertificateNotFoundError', code: 'GIFT_CERTIFICATE_NOT_FOUND', message: 'No gift certificate matches this code.' };
    const normalized = normalizeGiftCode(code);
    // a malformed code is just another code that matches nothing
    const codeHash = giftCodeHash(normalized ?? `invalid:${code}`);
    const counters = giftClaimCounters(accountId, identity.clientIp, this.claimLimits);
    const subjects = counters.map((c) => c.subject);
    return withTransaction(this.deps.pool, async (client): Promise<ClaimGiftCertificateOutcome> => {
      // one claim at a time per account and per IP: concurrent guesses cannot all slip under the limit
      await lockClaimSubjects(client, subjects);
      const now = this.deps.clock.now();
      // the limit is checked before the code is looked at: over it, a correct code is refused too
      let waitMs = 0;
      for (const counter of counters) waitMs = Math.max(waitMs, claimLockoutMs(counter, await recentClaimFailures(client, counter, now), now));
      if (waitMs > 0) {
        const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
        this.deps.logger.warn({ accountId, clientIp: identity.clientIp, retryAfterSeconds }, 'gift certificate claim rate limited');
        return { __typename: 'RateLimitedError', code: 'RATE_LIMITED', message: 'Too many gift certificate claims failed; try again later.', retryAfterSeconds };
      }
      const refused = async <T extends ClaimGiftCertificateOutcome>(outcome: T): Promise<T> => {
        await recordClaimFailure(client, subjects, now);
        this.deps.logger.info({ accountId, clientIp: identity.clientIp, outcome: outcome.__typename }, 'gift certificate claim refused');
        return outcome;
      };
      const certificate = normalized ? await lockGiftCertificateByCode(client, codeHash) : undefined;
      if (!certificate) return refused(notFound);
      if (certificate.accountId !== null) {
        return refused({ __typename: 'GiftCertificateClaimedError', code: 'GIFT_CERTIFICATE_CLAIMED', message: 'This gift certificate was already claimed.' });
      }
      if (certificate.expiresAt.getTime() <= now.getTime() || certificate.state === 'EXPIRED') {
        return refused({ __typename: 'GiftCertificateExpiredError', code: 'GIFT_CERTIFICATE_EXPIRED', message: 'This gift certificate expired; it can no longer be used.', expiredAt: certificate.expiresAt });
      }
      const claimed = await claimGiftCertificate(client, certificate.id, accountId, now);
      this.deps.logger.info({ certificateId: claimed.id, accountId }, 'gift certificate claimed');
      return { __typename: 'GiftCertificate', ...toGiftCertificateModel(claimed, now) };
    });
  }

  async reissueCode(identity: Identity, input: ReissueGiftCertificateCodeInput): Promise<ReissueGiftCertificateCodeOutcome> {
    requireOperator(identity);
    const certificateId = input.certificateId.trim();
    const newRecipient = input.recipientEmail?.trim() || null;
    const invalid =
      (newRecipient !== null && contactEmailProblem(newRecipient) ? invalidInput('recipientEmail', 'recipientEmail must be one plain email address such as ann@example.com.') : null) ??
      keyProblem(input.idempotencyKey);
    if (invalid) return invalid;

    const hash = requestHash({ op: 'reissueGiftCertificateCode/v1', certificateId, recipientEmail: newRecipient?.toLowerCase() ?? null });
    const outcome = await runIdempotent<StoredReissue>(
      this.deps.pool,
      { scope: 'operator:reissueGiftCertificateCode', key: input.idempotencyKey, requestHash: hash },
      async (client): Promise<StoredReissue> => {
        const now = this.deps.clock.now();
        const certificate = UUID.test(certificateId) ? await lockGiftCertificate(client, certificateId) : undefined;
        if (!certificate) return { ok: false, error: { __typename: 'GiftCertificateNotFoundError', code: 'GIFT_CERTIFICATE_NOT_FOUND', message: `No gift certificate ${certificateId} exists.` } };
        if (certificate.expiresAt.getTime() <= now.getTime() || certificate.state === 'EXPIRED') {
          return { ok: false, error: { __typename: 'GiftCertificateExpiredError', code: 'GIFT_CERTIFICATE_EXPIRED', message: 'This gift certificate expired; its code cannot be reissued.', expiredAt: certificate.expiresAt } };
        }
        if (certificate.state !== 'UNCLAIMED') {
          return { ok: false, error: { __typename: 'GiftCertificateClaimedError', code: 'GIFT_CERTIFICATE_CLAIMED', message: 'This gift certificate is on an account already; it has no code to reissue.' } };
        }
        const recipientEmail = newRecipient ?? certificate.recipientEmail;
        if (!recipientEmail) return { ok: false, error: invalidInput('recipientEmail', 'This gift certificate has no recipient on record: give recipientEmail.') };
        // shown once: in the recipient's email. Only its hash is kept, so the old code stops working.
        const code = newGiftCode();
        const reissued = await replaceGiftCertificateCode(client, certificate.id, giftCodeHash(normalizeGiftCode(code)!), recipientEmail);
        await enqueueOrderEmail(
          client,
          outboxEmail(
            'gift-certificate-received',
            recipientEmail,
            { amount: reissued.balance, currency: reissued.currency, code, expiresAt: reissued.expiresAt, message: reissued.message, claimUrl: this.deps.claimUrl ?? null },
            // a new email (not the first one's key): one per reissued code
            `gift-certificate-received:${reissued.id}:reissue:${randomUUID()}`,
          ),
          now,
          this.deps.logger,
        );
        this.deps.logger.info({ certificateId: reissued.id, recipientChanged: newRecipient !== null }, 'gift certificate code reissued');
        return { ok: true, certificateId: reissued.id };
      },
      this.idempotencyOptions(),
    );
    if (outcome.kind === 'refused') return outcome.error;
    if (!outcome.response.ok) {
      const error = outcome.response.error;
      // stored as JSON: the date comes back as a string
      return error.__typename === 'GiftCertificateExpiredError' ? { ...error, expiredAt: new Date(error.expiredAt) } : error;
    }
    return { __typename: 'GiftCertificate', ...(await this.certificate(outcome.response.certificateId)) };
  }

  /** The caller's spendable gift balance; a guest has none. */
  async balance(identity: Identity): Promise<GiftBalanceView> {
    const shopper = requireShopper(identity);
    if (!shopper.accountId) return { total: [], certificates: [] };
    const now = this.deps.clock.now();
    const certificates = await spendableGiftCertificates(this.deps.pool, shopper.accountId, now);
    const totals = new Map<string, number>();
    for (const c of certificates) totals.set(c.currency, (totals.get(c.currency) ?? 0) + c.balance);
    return {
      total: [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ amount, currency })),
      certificates: certificates.map((c) => toGiftCertificateModel(c, now)),
    };
  }

  private async certificate(id: string): Promise<GiftCertificateModel> {
    const [record] = await findGiftCertificates(this.deps.pool, [id]);
    if (!record) throw new Error(`gift certificate ${id} is missing`);
    return toGiftCertificateModel(record, this.deps.clock.now());
  }

  private async purchase(id: string): Promise<GiftPurchaseRecord> {
    const purchase = await findGiftPurchase(this.deps.pool, id);
    if (!purchase) throw new Error(`gift certificate purchase ${id} is missing`);
    return purchase;
  }

  private idempotencyOptions() {
    return { waitMs: this.deps.inProgressWaitMs ?? 5_000, now: () => this.deps.clock.now() };
  }
}

/** The account id of an account session; NOT_AUTHENTICATED for guests and nobody. */
function requireAccount(identity: Identity, message: string): string {
  const shopper = identity.kind === 'ACCOUNT' ? requireShopper(identity) : undefined;
  if (!shopper?.accountId) throw new DomainError('NOT_AUTHENTICATED', message);
  return shopper.accountId;
}

function invalidInput(field: string, message: string): InvalidInputError {
  return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field };
}

function amountProblem(amount: number): InvalidInputError | null {
  const problem = giftAmountProblem(amount);
  return problem ? invalidInput('amount', problem) : null;
}

function currencyProblem(currency: string): InvalidInputError | null {
  return GIFT_CURRENCY.test(currency) ? null : invalidInput('currency', 'The currency must be a three-letter ISO code in upper case, such as USD.');
}

function messageProblem(message: string | null): InvalidInputError | null {
  const problem = giftMessageProblem(message);
  return problem ? invalidInput('message', problem) : null;
}

function keyProblem(key: string): InvalidInputError | null {
  const problem = idempotencyKeyProblem(key);
  return problem ? invalidInput('idempotencyKey', problem) : null;
}
