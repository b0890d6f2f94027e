import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { DomainError } from '../../../lib/errors.js';
import { requireShopper, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { bestPrice, pricingContextOf, type PricingContext, type PriceRule } from '../../../lib/pricing.js';
import { checkCard, type RawCard } from './card-check.js';
import { checkoutRequestHash, idempotencyKeyProblem } from './idempotency.js';
import type { OrderModel, PaymentModel } from './model.js';
import { planOrder, type CartLine, type CatalogPrice, type PriceBook } from './order-split.js';
import type { PaymentProvider } from './payment-provider.js';
import type { PriceRuleSource } from './price-rules.js';
import type { CheckoutInventory, CheckoutRequestRepository, CheckoutTicket, OrderRepository, ShippingRateRepository, StoredCheckoutResult, TicketCheckout } from './ports.js';
import { DEFAULT_SHIPPING, shippingFor, type DefaultShipping } from './shipping.js';
import { GIFT_ONLY_AUTHORIZATION_REFERENCE } from './gift-certificates.js';
import { EXCHANGE_ONLY, exchangeCardAmount, withCollectors, type StoreAuthorizationDecision, type StoreRunCheckout } from './store-payments.js';

export interface CheckoutCommand {
  idempotencyKey: string;
  cartVersion?: number | null;
  /** null/absent: no card (allowed when nothing is left for a card to pay: gift certificates cover it) */
  card?: RawCard | null;
  /** Where the order's emails go (order placed, shipped); none are sent without it. */
  contactEmail?: string | null;
  /** GIFT CERTIFICATES: pay what the exchange collects from the account's gift balance first */
  useGiftBalance?: boolean | null;
}

/** The typed failures of CheckoutResult (schema.graphql), one per union member. */
export type CheckoutError =
  | { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string }
  | { __typename: 'EmptyCartError'; code: 'EMPTY_CART'; message: string }
  | { __typename: 'CheckoutTicketExpiredError'; code: 'TICKET_EXPIRED'; message: string; ticketId: string; storeId: string; sku: string; expiredAt: Date | string }
  | { __typename: 'CardInvalidError'; code: 'CARD_INVALID'; message: string; reason: string }
  | { __typename: 'CardDeclinedError'; code: 'CARD_DECLINED'; message: string; declineCode: string }
  | { __typename: 'StoreUnavailableError'; code: 'STORE_UNAVAILABLE'; message: string; storeId: string }
  | { __typename: 'CheckoutCartVersionMismatchError'; code: 'CART_VERSION_MISMATCH'; message: string; expectedVersion: number; currentVersion: number }
  | { __typename: 'IdempotencyKeyReusedError'; code: 'IDEMPOTENCY_KEY_REUSED'; message: string }
  | { __typename: 'CheckoutInProgressError'; code: 'CHECKOUT_IN_PROGRESS'; message: string }
  | { __typename: 'MixedCurrenciesError'; code: 'MIXED_CURRENCIES'; message: string }
  // STORE-RUN PAYMENTS: a store that runs its own payment handling refused its part
  | { __typename: 'PaymentDeclinedByStoreError'; code: 'PAYMENT_DECLINED_BY_STORE'; message: string; storeId: string; declineCode: string };

export type CheckoutOutcome = (OrderModel & { __typename: 'Order' }) | CheckoutError;

type Failure<N extends CheckoutError['__typename']> = Extract<CheckoutError, { __typename: N }>;
type FailureExtra<N extends CheckoutError['__typename']> = Omit<Failure<N>, '__typename' | 'code' | 'message'>;

function failure<N extends CheckoutError['__typename']>(
  typename: N,
  code: Failure<N>['code'],
  message: string,
  ...extra: keyof FailureExtra<N> extends never ? [] : [FailureExtra<N>]
): Failure<N> {
  return { __typename: typename, code, message, ...extra[0] } as Failure<N>;
}

export interface CheckoutServiceDeps {
  requests: CheckoutRequestRepository;
  orders: OrderRepository;
  inventory: CheckoutInventory;
  tickets: TicketCheckout;
  provider: PaymentProvider;
  /** The stores' own shipping rates (shipping.ts); stores without one get `defaultShipping`. */
  shippingRates: Pick<ShippingRateRepository, 'ratesOf'>;
  defaultShipping?: DefaultShipping;
  /** The stores' price rules (lib/pricing.ts), read fresh for every checkout: what is charged is the shopper's best price now. */
  priceRules: PriceRuleSource;
  clock: Clock;
  logger: Logger;
  feeBps: number;
  /** How long an attempt holds its idempotency key before a retry may resume it. */
  lockMs?: number;
  /** How long a repeat waits for a running attempt with its key before answering CHECKOUT_IN_PROGRESS. */
  inProgressWaitMs?: number;
  /** STORE-RUN PAYMENTS (store-payments.ts): parts of stores that run their own payment handling; unset: the exchange charges every part. */
  storePayments?: StoreRunCheckout;
}

interface Attempt {
  sessionId: string;
  accountId: string | null;
  contactEmail: string | null;
  key: string;
  orderId: string;
  /** The shopper's price class and offer codes, from the signed identity (never from the input). */
  pricing: Pick<PricingContext, 'priceClass' | 'offerCodes'>;
  /** GIFT CERTIFICATES: the account's gift balance pays first */
  useGiftBalance: boolean;
}

const EMAIL_MAX_LENGTH = 254;
// one plain address (as lib/mail/outbox.ts accepts): local@domain.tld, no spaces or display name
const EMAIL_ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/** Why a contact email is unacceptable, or null. */
export function contactEmailProblem(email: string): string | null {
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_ADDRESS.test(email)) return 'contactEmail must be one plain email address such as ann@example.com.';
  return null;
}

/** How far an attempt got, which decides how a failure is cleaned up. */
interface Progress {
  ticketsBegun: boolean;
  orderCreated: boolean;
}

/**
 * Checkout: claim the idempotency key, pre-check the card, move the cart's tickets into
 * checkout, price every line from the stores' catalogs, write the order, charge once,
 * commit stock at each store, settle.
 *
 * Idempotency (per session and key):
 * - COMPLETED (an order was placed or the card was declined): a repeat with the same
 *   input gets the stored result and is never charged again; other input gets
 *   IDEMPOTENCY_KEY_REUSED.
 * - FAILED (stopped before any charge, e.g. empty cart, expired ticket, invalid card,
 *   store unavailable while pricing): nothing is kept; the key is free again and a new
 *   attempt (even with corrected input) may take it.
 * - IN_PROGRESS: a repeat waits briefly for the result, else CHECKOUT_IN_PROGRESS. An
 *   attempt that stopped after the charge might have happened (provider timeout, store
 *   down while committing, crash) stays IN_PROGRESS with its order id and is resumed by
 *   the next repeat: every step is idempotent on the order id (ticket begin/complete,
 *   the provider's idempotency key, stock commit), so resuming never charges twice.
 */
export class CheckoutService {
  private readonly lockMs: number;
  private readonly inProgressWaitMs: number;
  private readonly storePayments: StoreRunCheckout;

  constructor(private readonly deps: CheckoutServiceDeps) {
    this.lockMs = deps.lockMs ?? 60_000;
    this.inProgressWaitMs = deps.inProgressWaitMs ?? 5_000;
    this.storePayments = deps.storePayments ?? EXCHANGE_ONLY;
  }

  async checkout(identity: Identity, command: CheckoutCommand): Promise<CheckoutOutcome> {
    const shopper = requireShopper(identity);
    const keyProblem = idempotencyKeyProblem(command.idempotencyKey);
    if (keyProblem) return failure('InvalidInputError', 'INVALID_INPUT', keyProblem, { field: 'idempotencyKey' });
    if (command.cartVersion != null && (!Number.isInteger(command.cartVersion) || command.cartVersion < 0)) {
      return failure('InvalidInputError', 'INVALID_INPUT', 'cartVersion must be a non-negative integer.', { field: 'cartVersion' });
    }
    const contactEmail = command.contactEmail?.trim() || null;
    const emailProblem = contactEmail === null ? null : contactEmailProblem(contactEmail);
    if (emailProblem) return failure('InvalidInputError', 'INVALID_INPUT', emailProblem, { field: 'contactEmail' });
    // GIFT CERTIFICATES: a gift balance belongs to an account
    const useGiftBalance = command.useGiftBalance === true;
    if (useGiftBalance && !shopper.accountId) {
      return failure('InvalidInputError', 'INVALID_INPUT', 'Only a signed-in account has a gift balance to use; log in, or check out without useGiftBalance.', { field: 'useGiftBalance' });
    }
    const requestHash = checkoutRequestHash({ cartVersion: command.cartVersion, card: command.card ?? null, contactEmail, useGiftBalance });

    const claim = await this.claimOrWait(shopper.sessionId, command.idempotencyKey, requestHash);
    switch (claim.kind) {
      case 'completed':
        return this.replay(claim.result);
      case 'hash_mismatch':
        return failure('IdempotencyKeyReusedError', 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different checkout; use a new key.');
      case 'in_progress':
        return failure('CheckoutInProgressError', 'CHECKOUT_IN_PROGRESS', 'A checkout with this idempotency key is still running; retry shortly for its result.');
      case 'claimed': {
        const attempt: Attempt = {
          sessionId: shopper.sessionId,
          accountId: shopper.accountId ?? null,
          contactEmail,
          key: command.idempotencyKey,
          orderId: claim.orderId,
          pricing: pricingContextOf(identity, this.deps.clock.now()),
          useGiftBalance,
        };
        const outcome = await this.run(attempt, command, claim.resumed);
        // a resumed attempt that found its order already voided starts over with a fresh one
        return outcome === 'RESTART' ? this.checkout(identity, command) : outcome;
      }
    }
  }

  private async claimOrWait(sessionId: string, key: string, requestHash: string) {
    const deadline = Date.now() + this.inProgressWaitMs;
    for (;;) {
      const now = this.deps.clock.now();
      const claim = await this.deps.requests.claim({ sessionId, key, requestHash, newOrderId: randomUUID(), now, lockUntil: new Date(now.getTime() + this.lockMs) });
      if (claim.kind !== 'in_progress' || Date.now() >= deadline) return claim;
      await sleep(50);
    }
  }

  private async replay(result: StoredCheckoutResult): Promise<CheckoutOutcome> {
    if (result.kind === 'ERROR') return result.error;
    const order = await this.deps.orders.findOrder(result.orderId);
    if (!order) throw new Error(`stored checkout result names missing order ${result.orderId}`);
    return { __typename: 'Order', ...order };
  }

  private async run(attempt: Attempt, command: CheckoutCommand, resumed: boolean): Promise<CheckoutOutcome | 'RESTART'> {
    const { orders, logger } = this.deps;
    const progress: Progress = { ticketsBegun: false, orderCreated: false };
    let charging = false;
    try {
      const existing = resumed ? await orders.findOrder(attempt.orderId) : undefined;
      if (existing) {
        progress.orderCreated = true;
        progress.ticketsBegun = true;
        const [payment] = await orders.authorizationsOfOrders([attempt.orderId]);
        if (payment) {
          charging = true;
          return await this.settle(attempt, payment);
        }
        if (existing.status !== 'IN_BASKET') {
          await this.deps.requests.markFailed(attempt.sessionId, attempt.key, attempt.orderId, this.deps.clock.now());
          return 'RESTART';
        }
      }

      // GIFT CERTIFICATES: the card may be left out (checked below once the order says whether one is needed)
      const checked = command.card ? checkCard(command.card, this.deps.clock.now()) : null;
      if (checked && !checked.ok) {
        return await this.failBeforeCharge(attempt, progress, failure('CardInvalidError', 'CARD_INVALID', checked.message, { reason: checked.reason }));
      }

      // an account checks out its one cart (the session's guest cart merges into it first)
      const begun = await this.deps.tickets.begin({ sessionId: attempt.sessionId, accountId: attempt.accountId, orderId: attempt.orderId, cartVersion: command.cartVersion ?? null });
      if (!begun.ok) {
        // begin moves nothing when it refuses; a resumed attempt's earlier begin is undone by abort
        return await this.failBeforeCharge(attempt, progress, this.beginRefusal(begun, command.cartVersion));
      }
      progress.ticketsBegun = true;

      let total: { amount: number; currency: string };
      // GIFT CERTIFICATES: the split fixed when the order was written (its gift part already debited)
      let split: { giftAmount: number; cardAmount: number };
      if (existing) {
        if (!sameTickets(begun.tickets, await orders.linesOfOrder(attempt.orderId))) {
          await this.failBeforeCharge(attempt, progress, undefined);
          throw new Error(`cart of order ${attempt.orderId} changed while its checkout was interrupted`);
        }
        total = existing.total;
        split = { giftAmount: existing.giftCertificateAmount.amount, cardAmount: existing.cardAmount.amount };
      } else {
        const priced = await this.priceAndCreateOrder(attempt, begun.tickets, progress);
        if ('__typename' in priced) return await this.failBeforeCharge(attempt, progress, priced);
        total = priced;
        split = priced.split;
      }

      // GIFT CERTIFICATES: a card is needed for what gift certificates leave (and for parts stores collect themselves)
      const storeRunPart = total.amount - split.giftAmount - split.cardAmount;
      if (!checked && (split.cardAmount > 0 || storeRunPart > 0)) {
        const covered = split.giftAmount > 0 ? ` (gift certificates cover ${split.giftAmount} of ${total.amount} ${total.currency})` : '';
        return await this.failBeforeCharge(attempt, progress, failure('InvalidInputError', 'INVALID_INPUT', `A card is needed to pay this order${covered}; nothing was charged.`, { field: 'payment' }));
      }

      // the exchange's provider sees the card only when the exchange has something to take from it
      const card = checked && split.cardAmount > 0 ? await this.deps.provider.tokenize(command.card!) : null;
      charging = true;
      // STORE-RUN PAYMENTS (store-payments.ts): the parts of stores that run their own payment
      // handling are authorized at those stores first, in parallel (idempotent on their rows);
      // a store's refusal or outage stops the checkout here, before the exchange charges anything
      let storeRunTotal = 0;
      if (checked) {
        const { digits, expMonth, expYear, cvc } = checked.card;
        const stores = await this.storePayments.authorize({ orderId: attempt.orderId, card: { number: digits, expMonth, expYear, cvc } });
        if (stores.kind !== 'proceed') return await this.refusedByStore(attempt, progress, stores);
        storeRunTotal = stores.storeRunTotal;
      }
      // the exchange's own provider charges the rest: orderTotal − storeRunTotal − gift certificates
      const exchangeAmount = exchangeCardAmount({ orderTotal: total.amount, storeRunTotal, giftApplied: split.giftAmount });
      if (exchangeAmount !== split.cardAmount) throw new Error(`order ${attempt.orderId}: the card would pay ${exchangeAmount}, the order says ${split.cardAmount}`);
      if (exchangeAmount === 0) {
        // nothing for the exchange to take from a card (gift certificates pay its part, or stores
        // that run their own payment handling collect every part): no provider call at all. The
        // order's own authorization is recorded without a card (it carries the gift part, if any);
        // rows against it never reach the provider either (settlement.ts `withoutProvider`)
        const payment = await orders.recordPayment({
          orderId: attempt.orderId,
          status: 'SUCCEEDED',
          amount: 0,
          currency: total.currency,
          cardBrand: null,
          cardLast4: null,
          cardToken: null,
          providerReference: GIFT_ONLY_AUTHORIZATION_REFERENCE,
          declineCode: null,
          idempotencyKey: attempt.orderId,
          createdAt: this.deps.clock.now(),
          giftAmount: split.giftAmount,
        });
        return await this.settle(attempt, payment);
      }
      if (!card) throw new Error(`order ${attempt.orderId} needs a card`);
      // outside any transaction: the order exists first, and the order id makes the charge idempotent
      const authorization = await this.deps.provider.authorize({ token: card.token, amount: exchangeAmount, currency: total.currency, idempotencyKey: attempt.orderId });
      const payment = await orders.recordPayment({
        orderId: attempt.orderId,
        status: authorization.status === 'approved' ? 'SUCCEEDED' : 'DECLINED',
        amount: exchangeAmount,
        currency: total.currency,
        cardBrand: card.brand,
        cardLast4: card.last4,
        cardToken: card.token,
        providerReference: authorization.reference,
        declineCode: authorization.status === 'declined' ? authorization.declineCode : null,
        idempotencyKey: attempt.orderId,
        createdAt: this.deps.clock.now(),
        // GIFT CERTIFICATES: the order's gift part rides on its authorization (given back if it is declined)
        giftAmount: split.giftAmount,
      });
      return await this.settle(attempt, payment);
    } catch (error) {
      if (charging) {
        // the charge may have happened: keep the attempt (and its order id) for a retry to resume
        logger.warn({ orderId: attempt.orderId, err: error }, 'checkout interrupted after charging began; a retry with the same key resumes it');
        await this.deps.requests.unlock(attempt.sessionId, attempt.key, attempt.orderId, this.deps.clock.now()).catch(() => {});
        if (error instanceof DomainError && error.code === 'STORE_UNAVAILABLE') {
          const storeId = String(error.extensions.storeId ?? '');
          return failure('StoreUnavailableError', 'STORE_UNAVAILABLE', `Store ${storeId} did not confirm the purchase yet; retry with the same idempotency key to finish (you will not be charged twice).`, { storeId });
        }
        throw error;
      }
      if (error instanceof DomainError && error.code === 'STORE_UNAVAILABLE') {
        const storeId = String(error.extensions.storeId ?? '');
        return this.failBeforeCharge(attempt, progress, failure('StoreUnavailableError', 'STORE_UNAVAILABLE', error.message, { storeId }));
      }
      await this.failBeforeCharge(attempt, progress, undefined).catch(() => {});
      throw error;
    }
  }

  /**
   * Prices every line from its store's catalog, adds each store part's shipping (its
   * store's rate, else the default) and writes the order; a typed error when it cannot.
   */
  private async priceAndCreateOrder(
    attempt: Attempt,
    tickets: CheckoutTicket[],
    progress: Progress,
  ): Promise<{ amount: number; currency: string; split: { giftAmount: number; cardAmount: number } } | CheckoutError> {
    const lines: CartLine[] = tickets.map((t) => ({ ticketId: t.id, storeId: t.storeId, sku: t.sku, quantity: t.quantity }));
    const [prices, rates] = await Promise.all([this.fetchPrices(lines, attempt.pricing), this.deps.shippingRates.ratesOf([...new Set(lines.map((l) => l.storeId))])]);
    const fallback = this.deps.defaultShipping ?? DEFAULT_SHIPPING;
    const planned = planOrder(lines, prices, this.deps.feeBps, (storeId, subtotal, currency) => shippingFor(subtotal, currency, rates.get(storeId), fallback));
    if (!planned.ok) {
      if (planned.code === 'MIXED_CURRENCIES') {
        return failure('MixedCurrenciesError', 'MIXED_CURRENCIES', `The cart holds items priced in ${planned.currencies.join(' and ')}; one payment covers one currency.`);
      }
      throw new DomainError('ITEM_NOT_FOUND', `Store ${planned.storeId} no longer sells ${planned.sku}.`, { storeId: planned.storeId, sku: planned.sku });
    }
    // GIFT CERTIFICATES: with useGiftBalance the account's certificates are debited in the order's own transaction
    const split = await this.deps.orders.createOrder({
      orderId: attempt.orderId,
      sessionId: attempt.sessionId,
      accountId: attempt.accountId,
      contactEmail: attempt.contactEmail,
      // STORE-RUN PAYMENTS: who collects each part's money is decided now, once (store-payments.ts)
      plan: withCollectors(planned.plan, await this.storePayments.storeRunStores(planned.plan.parts.map((p) => p.storeId))),
      now: this.deps.clock.now(),
      useGiftBalance: attempt.useGiftBalance,
    });
    progress.orderCreated = true;
    this.deps.logger.info(
      { orderId: attempt.orderId, total: planned.plan.total, shipping: planned.plan.shippingTotal, currency: planned.plan.currency, stores: planned.plan.parts.length, gift: split.giftAmount },
      'order created',
    );
    return { amount: planned.plan.total, currency: planned.plan.currency, split };
  }

  /**
   * Each line's price: the shopper's best price (lib/pricing.ts) over the store's list
   * price and the store's price rules, read fresh from the database, for the shopper's
   * price class and offer codes, now. The cart showed the same computation, so the charge
   * is what the cart showed (unless a rule or the list price changed in between).
   */
  private async fetchPrices(lines: CartLine[], shopper: Attempt['pricing']): Promise<PriceBook> {
    const skusByStore = new Map<string, Set<string>>();
    for (const line of lines) skusByStore.set(line.storeId, (skusByStore.get(line.storeId) ?? new Set()).add(line.sku));
    const context = pricingContextOf(shopper, this.deps.clock.now());
    const entries = await Promise.all(
      [...skusByStore].map(async ([storeId, skus]) => {
        const [items, rules] = await Promise.all([
          withStoreId(storeId, () => this.deps.inventory.getItems(storeId, [...skus])),
          this.deps.priceRules.rulesFor(storeId, [...skus]),
        ]);
        const rulesBySku = new Map<string, PriceRule[]>();
        for (const rule of rules) rulesBySku.set(rule.sku, [...(rulesBySku.get(rule.sku) ?? []), rule]);
        const book = new Map<string, CatalogPrice>(
          [...items].map(([sku, item]) => {
            const best = bestPrice(item.price, rulesBySku.get(sku) ?? [], context);
            return [sku, { name: item.name, price: { amount: best.amount, currency: best.currency } }];
          }),
        );
        return [storeId, book] as const;
      }),
    );
    return new Map(entries);
  }

  /**
   * After the provider answered: a decline voids the order and hands the tickets back;
   * an approval commits stock at each store, marks the tickets purchased and settles.
   * Each step is idempotent, so a resumed attempt runs this again safely.
   */
  private async settle(attempt: Attempt, payment: PaymentModel): Promise<CheckoutOutcome> {
    const { orders, tickets, clock } = this.deps;
    if (payment.status === 'DECLINED') {
      // STORE-RUN PAYMENTS: what stores approved for their parts is released
      await this.storePayments.voidAuthorizations(attempt.orderId);
      await tickets.abort(attempt.orderId);
      const declined = failure('CardDeclinedError', 'CARD_DECLINED', 'The card was declined; nothing was charged.', { declineCode: payment.declineCode ?? 'card_declined' });
      await orders.voidOrder(attempt.orderId, { sessionId: attempt.sessionId, key: attempt.key, result: { kind: 'ERROR', error: declined }, now: clock.now() });
      this.deps.logger.info({ orderId: attempt.orderId, declineCode: declined.declineCode }, 'card declined; order void');
      return declined;
    }

    const lines = (await orders.linesOfOrder(attempt.orderId)).filter((l) => l.status !== 'VOID');
    const commits = await Promise.allSettled(
      lines.map((line) => withStoreId(line.storeId, () => this.deps.inventory.commit(line.storeId, { ticketId: line.ticketId, orderId: attempt.orderId }))),
    );
    const refused: string[] = [];
    for (const [i, commit] of commits.entries()) {
      if (commit.status === 'rejected') throw commit.reason; // unknown at the store: a retry commits again
      if (!commit.value.ok) {
        refused.push(lines[i].ticketId);
        this.deps.logger.warn({ orderId: attempt.orderId, ticketId: lines[i].ticketId, storeId: lines[i].storeId, code: commit.value.code }, 'store refused to commit a paid line; line void');
      }
    }
    await tickets.complete(attempt.orderId);
    // STORE-RUN PAYMENTS: a store-run part whose every line its store refused releases its authorization
    if (refused.length > 0) await this.storePayments.voidAuthorizations(attempt.orderId, { refusedTicketIds: refused });
    await orders.finalizeAuthorized({
      orderId: attempt.orderId,
      voidTicketIds: refused,
      feeBps: this.deps.feeBps,
      completion: { sessionId: attempt.sessionId, key: attempt.key, result: { kind: 'ORDER', orderId: attempt.orderId }, now: clock.now() },
    });
    const order = await orders.findOrder(attempt.orderId);
    this.deps.logger.info({ orderId: attempt.orderId, status: order?.status, refusedLines: refused.length }, 'order placed');
    return { __typename: 'Order', ...order! };
  }

  /**
   * Ends an attempt that stopped before any charge: tickets back to the cart, the order
   * (if written) void, the key free for a retry. Should handing the tickets back fail,
   * the attempt stays resumable instead, so nothing is left half-done.
   */
  private async failBeforeCharge(attempt: Attempt, progress: Progress, result: CheckoutError): Promise<CheckoutError>;
  private async failBeforeCharge(attempt: Attempt, progress: Progress, result: undefined): Promise<undefined>;
  private async failBeforeCharge(attempt: Attempt, progress: Progress, result: CheckoutError | undefined): Promise<CheckoutError | undefined> {
    const now = this.deps.clock.now();
    try {
      if (progress.ticketsBegun) await this.deps.tickets.abort(attempt.orderId);
      if (progress.orderCreated) await this.deps.orders.voidOrder(attempt.orderId);
      await this.deps.requests.markFailed(attempt.sessionId, attempt.key, attempt.orderId, now);
    } catch (error) {
      this.deps.logger.error({ orderId: attempt.orderId, err: error }, 'could not undo a failed checkout; a retry with the same key resumes it');
      await this.deps.requests.unlock(attempt.sessionId, attempt.key, attempt.orderId, now).catch(() => {});
      throw error;
    }
    if (result) this.deps.logger.info({ orderId: attempt.orderId, code: result.code }, 'checkout refused before charging');
    return result;
  }

  /**
   * STORE-RUN PAYMENTS: a store declined (or could not be reached for) its part before the
   * exchange charged anything. What other stores approved is released (VOID rows, carried
   * out by the money movement job), the tickets go back to the cart and the order is VOID.
   * A decline is final (a repeat with the key replays it, as a card decline does); an outage
   * frees the key for a new attempt.
   */
  private async refusedByStore(attempt: Attempt, progress: Progress, decision: Exclude<StoreAuthorizationDecision, { kind: 'proceed' }>): Promise<CheckoutError> {
    await this.storePayments.voidAuthorizations(attempt.orderId);
    if (decision.kind === 'unavailable') {
      return this.failBeforeCharge(
        attempt,
        progress,
        failure('StoreUnavailableError', 'STORE_UNAVAILABLE', `Store ${decision.storeId} could not be reached to authorize its part of the purchase; nothing was charged.`, { storeId: decision.storeId }),
      );
    }
    await this.deps.tickets.abort(attempt.orderId);
    const declined = failure('PaymentDeclinedByStoreError', 'PAYMENT_DECLINED_BY_STORE', `Store ${decision.storeId} declined the payment for its part of the purchase; nothing was charged.`, {
      storeId: decision.storeId,
      declineCode: decision.declineCode,
    });
    await this.deps.orders.voidOrder(attempt.orderId, { sessionId: attempt.sessionId, key: attempt.key, result: { kind: 'ERROR', error: declined }, now: this.deps.clock.now() });
    this.deps.logger.info({ orderId: attempt.orderId, storeId: decision.storeId, declineCode: decision.declineCode }, 'store declined its part; order void');
    return declined;
  }

  private beginRefusal(refusal: Extract<Awaited<ReturnType<TicketCheckout['begin']>>, { ok: false }>, cartVersion: number | null | undefined): CheckoutError {
    switch (refusal.code) {
      case 'EMPTY_CART':
        return failure('EmptyCartError', 'EMPTY_CART', 'The cart holds no tickets to check out.');
      case 'TICKET_EXPIRED': {
        const ticket = refusal.ticket;
        if (!ticket) return failure('EmptyCartError', 'EMPTY_CART', refusal.message);
        const expiredAt = new Date(ticket.expiresAt);
        return failure('CheckoutTicketExpiredError', 'TICKET_EXPIRED', `The hold on ${ticket.sku} at store ${ticket.storeId} expired at ${expiredAt.toISOString()}; nothing was charged.`, {
          ticketId: ticket.id,
          storeId: ticket.storeId,
          sku: ticket.sku,
          expiredAt,
        });
      }
      case 'CART_VERSION_MISMATCH':
        return failure('CheckoutCartVersionMismatchError', 'CART_VERSION_MISMATCH', 'The cart changed since the page was shown; review it and check out again.', {
          expectedVersion: cartVersion ?? 0,
          currentVersion: refusal.currentVersion ?? 0,
        });
    }
  }
}

function sameTickets(tickets: CheckoutTicket[], lines: { ticketId: string }[]): boolean {
  const a = tickets.map((t) => t.id).sort();
  const b = lines.map((l) => l.ticketId).sort();
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** STORE_UNAVAILABLE errors name the store, so the shopper learns which one failed. */
async function withStoreId<T>(storeId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'STORE_UNAVAILABLE' && error.extensions.storeId === undefined) {
      throw new DomainError('STORE_UNAVAILABLE', error.message, { storeId });
    }
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
