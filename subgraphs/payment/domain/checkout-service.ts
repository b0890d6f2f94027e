import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { DomainError } from '../../../lib/errors.js';
import { requireShopper, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { checkCard, type RawCard } from './card-check.js';
import { checkoutRequestHash, idempotencyKeyProblem } from './idempotency.js';
import type { OrderModel, PaymentModel } from './model.js';
import { planOrder, type CartLine, type CatalogPrice, type PriceBook } from './order-split.js';
import type { PaymentProvider } from './payment-provider.js';
import type { CheckoutInventory, CheckoutRequestRepository, CheckoutTicket, OrderRepository, StoredCheckoutResult, TicketCheckout } from './ports.js';

export interface CheckoutCommand {
  idempotencyKey: string;
  cartVersion?: number | null;
  card: RawCard;
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
  | { __typename: 'MixedCurrenciesError'; code: 'MIXED_CURRENCIES'; message: string };

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
  clock: Clock;
  logger: Logger;
  feeBps: number;
  /** How long an attempt holds its idempotency key before a retry may resume it. */
  lockMs?: number;
  /** How long a repeat waits for a running attempt with its key before answering CHECKOUT_IN_PROGRESS. */
  inProgressWaitMs?: number;
}

interface Attempt {
  sessionId: string;
  accountId: string | null;
  key: string;
  orderId: string;
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

  constructor(private readonly deps: CheckoutServiceDeps) {
    this.lockMs = deps.lockMs ?? 60_000;
    this.inProgressWaitMs = deps.inProgressWaitMs ?? 5_000;
  }

  async checkout(identity: Identity, command: CheckoutCommand): Promise<CheckoutOutcome> {
    const shopper = requireShopper(identity);
    const keyProblem = idempotencyKeyProblem(command.idempotencyKey);
    if (keyProblem) return failure('InvalidInputError', 'INVALID_INPUT', keyProblem, { field: 'idempotencyKey' });
    if (command.cartVersion != null && (!Number.isInteger(command.cartVersion) || command.cartVersion < 0)) {
      return failure('InvalidInputError', 'INVALID_INPUT', 'cartVersion must be a non-negative integer.', { field: 'cartVersion' });
    }
    const requestHash = checkoutRequestHash({ cartVersion: command.cartVersion, card: command.card });

    const claim = await this.claimOrWait(shopper.sessionId, command.idempotencyKey, requestHash);
    switch (claim.kind) {
      case 'completed':
        return this.replay(claim.result);
      case 'hash_mismatch':
        return failure('IdempotencyKeyReusedError', 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different checkout; use a new key.');
      case 'in_progress':
        return failure('CheckoutInProgressError', 'CHECKOUT_IN_PROGRESS', 'A checkout with this idempotency key is still running; retry shortly for its result.');
      case 'claimed': {
        const attempt: Attempt = { sessionId: shopper.sessionId, accountId: shopper.accountId ?? null, key: command.idempotencyKey, orderId: claim.orderId };
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

      const checked = checkCard(command.card, this.deps.clock.now());
      if (!checked.ok) {
        return await this.failBeforeCharge(attempt, progress, failure('CardInvalidError', 'CARD_INVALID', checked.message, { reason: checked.reason }));
      }

      const begun = await this.deps.tickets.begin({ sessionId: attempt.sessionId, orderId: attempt.orderId, cartVersion: command.cartVersion ?? null });
      if (!begun.ok) {
        // begin moves nothing when it refuses; a resumed attempt's earlier begin is undone by abort
        return await this.failBeforeCharge(attempt, progress, this.beginRefusal(begun, command.cartVersion));
      }
      progress.ticketsBegun = true;

      let total: { amount: number; currency: string };
      if (existing) {
        if (!sameTickets(begun.tickets, await orders.linesOfOrder(attempt.orderId))) {
          await this.failBeforeCharge(attempt, progress, undefined);
          throw new Error(`cart of order ${attempt.orderId} changed while its checkout was interrupted`);
        }
        total = existing.total;
      } else {
        const priced = await this.priceAndCreateOrder(attempt, begun.tickets, progress);
        if ('__typename' in priced) return await this.failBeforeCharge(attempt, progress, priced);
        total = priced;
      }

      const card = await this.deps.provider.tokenize(command.card);
      charging = true;
      // outside any transaction: the order exists first, and the order id makes the charge idempotent
      const authorization = await this.deps.provider.authorize({ token: card.token, amount: total.amount, currency: total.currency, idempotencyKey: attempt.orderId });
      const payment = await orders.recordPayment({
        orderId: attempt.orderId,
        kind: 'AUTHORIZATION',
        status: authorization.status === 'approved' ? 'AUTHORIZED' : 'DECLINED',
        amount: total.amount,
        currency: total.currency,
        cardBrand: card.brand,
        cardLast4: card.last4,
        cardToken: card.token,
        providerReference: authorization.reference,
        declineCode: authorization.status === 'declined' ? authorization.declineCode : null,
        idempotencyKey: attempt.orderId,
        createdAt: this.deps.clock.now(),
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

  /** Prices every line from its store's catalog and writes the order; a typed error when it cannot. */
  private async priceAndCreateOrder(attempt: Attempt, tickets: CheckoutTicket[], progress: Progress): Promise<{ amount: number; currency: string } | CheckoutError> {
    const lines: CartLine[] = tickets.map((t) => ({ ticketId: t.id, storeId: t.storeId, sku: t.sku, quantity: t.quantity }));
    const prices = await this.fetchPrices(lines);
    const planned = planOrder(lines, prices, this.deps.feeBps);
    if (!planned.ok) {
      if (planned.code === 'MIXED_CURRENCIES') {
        return failure('MixedCurrenciesError', 'MIXED_CURRENCIES', `The cart holds items priced in ${planned.currencies.join(' and ')}; one payment covers one currency.`);
      }
      throw new DomainError('ITEM_NOT_FOUND', `Store ${planned.storeId} no longer sells ${planned.sku}.`, { storeId: planned.storeId, sku: planned.sku });
    }
    await this.deps.orders.createOrder({ orderId: attempt.orderId, sessionId: attempt.sessionId, accountId: attempt.accountId, plan: planned.plan, now: this.deps.clock.now() });
    progress.orderCreated = true;
    this.deps.logger.info({ orderId: attempt.orderId, total: planned.plan.total, currency: planned.plan.currency, stores: planned.plan.parts.length }, 'order created');
    return { amount: planned.plan.total, currency: planned.plan.currency };
  }

  private async fetchPrices(lines: CartLine[]): Promise<PriceBook> {
    const skusByStore = new Map<string, Set<string>>();
    for (const line of lines) skusByStore.set(line.storeId, (skusByStore.get(line.storeId) ?? new Set()).add(line.sku));
    const entries = await Promise.all(
      [...skusByStore].map(async ([storeId, skus]) => {
        const items = await withStoreId(storeId, () => this.deps.inventory.getItems(storeId, [...skus]));
        const book = new Map<string, CatalogPrice>([...items].map(([sku, item]) => [sku, { name: item.name, price: item.price }]));
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
