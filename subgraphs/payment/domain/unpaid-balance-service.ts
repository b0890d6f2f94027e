import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import { idempotencyKeyProblem, requestHash, type IdempotencyRefusal, type IdempotentOutcome, type RequestInProgressError } from '../../../lib/idempotency.js';
import { requireShopper, type Identity } from '../../../lib/identity.js';
import type { Logger } from '../../../lib/logger.js';
import { cardFingerprint, checkCard, type RawCard } from './card-check.js';
import { ownsOrder, type OrderModel } from './model.js';
import { moneyTransactionOf, orderMoneyState } from './order-money-state.js';
import { isUuid } from './pagination.js';
import type { AuthorizeResult, CardToken, PaymentProvider } from './payment-provider.js';
import type { OrderRepository, UnpaidBalanceAuthorization, UnpaidBalanceRepository, UnpaidBalanceTx } from './ports.js';
import { planUnpaidBalancePayment, settleUnpaidBalanceAuthorization } from './unpaid-balance.js';

type InvalidInputError = { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string };
type OrderNotFoundError = { __typename: 'OrderNotFoundError'; code: 'ORDER_NOT_FOUND'; message: string; id: string };
type NothingUnpaidError = { __typename: 'NothingUnpaidError'; code: 'NOTHING_UNPAID'; message: string; orderId: string };
type CardInvalidError = { __typename: 'CardInvalidError'; code: 'CARD_INVALID'; message: string; reason: string };
type CardDeclinedError = { __typename: 'CardDeclinedError'; code: 'CARD_DECLINED'; message: string; declineCode: string };

export type PayUnpaidBalanceOutcome =
  | (OrderModel & { __typename: 'Order' })
  | InvalidInputError
  | OrderNotFoundError
  | NothingUnpaidError
  | CardInvalidError
  | CardDeclinedError
  | IdempotencyRefusal;

export interface PayUnpaidBalanceCommand {
  orderId: string;
  card: RawCard;
  idempotencyKey: string;
}

export interface UnpaidBalanceServiceDeps {
  balances: UnpaidBalanceRepository;
  orders: Pick<OrderRepository, 'findOrder'>;
  provider: PaymentProvider;
  clock: Clock;
  logger: Logger;
  feeBps: number;
  /** Called once a payment's authorization was approved: its capture is due (runs the money movement job now, best effort). */
  onMoneyToMove?: () => void;
  /**
   * A payment whose authorization is still PENDING this long after it was written lost its request
   * (it died before recording the provider's answer): the next payment of the order finishes it
   * first (default 60 s, the idempotency lock).
   */
  abandonedAfterMs?: number;
}

/** What the key stores (a repeat replays it): the payment's authorization, or the typed error. */
type Opened = { ok: true; authorizationId: string } | { ok: false; error: OrderNotFoundError | NothingUnpaidError };

/** Another payment of the same balance is asking the provider right now: nothing is written for this request. */
class BalanceBeingPaid extends Error {
  constructor(readonly authorizations: readonly Pick<UnpaidBalanceAuthorization, 'id' | 'createdAt'>[]) {
    super('the unpaid balance is being paid by another request');
  }
}

/**
 * The shopper pays what is unpaid on one of their orders (Order.unpaidAmount) with another card
 * (payUnpaidBalance; the rules: unpaid-balance.ts), as checkout and the money movement job move money:
 * 1. under the key (lib/idempotency.ts, scope per session), in ONE database transaction under the
 *    order's row lock: the caller must own the order (as `order(id:)`), something must be unpaid,
 *    and the payment's AUTHORIZATION row is written PENDING on the new card's token;
 * 2. the provider authorizes it OUTSIDE any database transaction (a shopper-present authorization,
 *    the row id as idempotency key);
 * 3. in ONE database transaction under the order's lock, its answer: approved → SUCCEEDED and its
 *    CAPTURE (carried out by MoneyMovementJob, kicked at once); declined → DECLINED, nothing else.
 * A repeat with the key replays step 1's answer and carries the payment on from where it is (an
 * interrupted one resumes with the same provider key: never charged twice). A payment its request
 * abandoned blocks no other: the next one finishes it first.
 */
export class UnpaidBalanceService {
  private readonly abandonedAfterMs: number;

  constructor(private readonly deps: UnpaidBalanceServiceDeps) {
    this.abandonedAfterMs = deps.abandonedAfterMs ?? 60_000;
  }

  async pay(identity: Identity, command: PayUnpaidBalanceCommand): Promise<PayUnpaidBalanceOutcome> {
    const shopper = requireShopper(identity);
    const orderId = command.orderId.trim();
    const keyProblem = idempotencyKeyProblem(command.idempotencyKey);
    if (keyProblem) return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message: keyProblem, field: 'idempotencyKey' };
    if (!isUuid(orderId)) return orderNotFound(orderId);
    const checked = checkCard(command.card, this.deps.clock.now());
    if (!checked.ok) return { __typename: 'CardInvalidError', code: 'CARD_INVALID', message: checked.message, reason: checked.reason };

    // the card enters the hash only as brand, last four and expiry (never its number or cvc)
    const hash = requestHash({ op: 'payUnpaidBalance/v1', orderId, card: cardFingerprint(command.card) });
    // the provider holds the card: only its token is kept, with the authorization row
    const card = await this.deps.provider.tokenize(command.card);
    return this.open(shopper, { orderId, key: command.idempotencyKey, hash, card }, true);
  }

  private async open(
    shopper: { sessionId: string; accountId?: string },
    request: { orderId: string; key: string; hash: string; card: CardToken },
    mayFinishAbandoned: boolean,
  ): Promise<PayUnpaidBalanceOutcome> {
    let outcome: IdempotentOutcome<Opened>;
    try {
      outcome = await this.deps.balances.idempotent({ scope: `shopper:${shopper.sessionId}:payUnpaidBalance`, key: request.key, requestHash: request.hash }, (tx) =>
        this.writeAuthorization(tx, shopper, request.orderId, request.card),
      );
    } catch (error) {
      if (!(error instanceof BalanceBeingPaid)) throw error;
      const now = this.deps.clock.now().getTime();
      const abandoned = error.authorizations.filter((a) => now - a.createdAt.getTime() >= this.abandonedAfterMs);
      if (mayFinishAbandoned && abandoned.length > 0) {
        for (const authorization of abandoned) await this.complete(authorization.id);
        return this.open(shopper, request, false);
      }
      return inProgress('A payment of this balance is under way; retry shortly to see its outcome.');
    }
    if (outcome.kind === 'refused') return outcome.error;
    if (!outcome.response.ok) return outcome.response.error;
    return this.complete(outcome.response.authorizationId);
  }

  /** Step 1, in the key's database transaction. */
  private async writeAuthorization(tx: UnpaidBalanceTx, shopper: { sessionId: string; accountId?: string }, orderId: string, card: CardToken): Promise<Opened> {
    const snapshot = await tx.lockOrder(orderId);
    // someone else's order is as good as none (the `order` query's rule)
    if (!snapshot || !ownsOrder(snapshot.order, shopper)) return { ok: false, error: orderNotFound(orderId) };
    const plan = planUnpaidBalancePayment(orderMoneyState(snapshot, this.deps.feeBps), randomUUID);
    switch (plan.kind) {
      case 'nothing_unpaid':
        return {
          ok: false,
          error: { __typename: 'NothingUnpaidError', code: 'NOTHING_UNPAID', message: `Order ${orderId} has nothing unpaid for the exchange to collect; nothing was charged.`, orderId },
        };
      case 'being_paid':
        // thrown, not returned: the key is freed (nothing was written), so a retry gets the outcome
        throw new BalanceBeingPaid(snapshot.transactions.filter((t) => plan.authorizationIds.includes(t.id)));
      case 'pay': {
        const { authorization } = plan;
        await tx.insertAuthorization(snapshot.order.id, snapshot.order.total.currency, authorization, card, this.deps.clock.now());
        this.deps.logger.info({ orderId, transactionId: authorization.id, amount: authorization.amount, settles: authorization.allocation?.map((a) => a.settles) }, 'unpaid balance payment begun');
        return { ok: true, authorizationId: authorization.id };
      }
    }
  }

  /** Steps 2 and 3: carries the payment on from where it is, and answers with its outcome. */
  private async complete(authorizationId: string): Promise<PayUnpaidBalanceOutcome> {
    let authorization = await this.authorization(authorizationId);
    if (authorization.status === 'PENDING') {
      let answer: AuthorizeResult;
      try {
        answer = await this.deps.provider.authorize({ token: authorization.cardToken, amount: authorization.amount, currency: authorization.currency, idempotencyKey: authorization.id });
      } catch (error) {
        // the answer is unknown: the row stays PENDING, and a repeat with the key asks again (same provider key)
        this.deps.logger.warn({ orderId: authorization.orderId, transactionId: authorization.id, err: error }, 'unpaid balance payment interrupted; a retry with the same key resumes it');
        return inProgress('The payment could not be confirmed yet; retry with the same idempotency key to finish (you will not be charged twice).');
      }
      await this.record(authorization, answer);
      authorization = await this.authorization(authorizationId);
    }
    if (authorization.status === 'SUCCEEDED') {
      const order = await this.deps.orders.findOrder(authorization.orderId);
      if (!order) throw new Error(`order ${authorization.orderId} of unpaid balance payment ${authorizationId} is missing`);
      return { __typename: 'Order', ...order };
    }
    // DECLINED: the only other end its request gives it
    return { __typename: 'CardDeclinedError', code: 'CARD_DECLINED', message: 'The card was declined; nothing was charged and the balance is still unpaid.', declineCode: authorization.declineCode ?? 'card_declined' };
  }

  /** Step 3: the provider's answer, under the order's lock (a concurrent repeat may have recorded it already). */
  private async record(authorization: UnpaidBalanceAuthorization, answer: AuthorizeResult): Promise<void> {
    const recorded = await this.deps.balances.transaction(async (tx) => {
      const snapshot = await tx.lockOrder(authorization.orderId);
      const row = snapshot?.transactions.find((t) => t.id === authorization.id);
      if (!snapshot || row?.status !== 'PENDING') return null;
      const settlement = settleUnpaidBalanceAuthorization(orderMoneyState(snapshot, this.deps.feeBps), moneyTransactionOf(row), answer, randomUUID);
      await tx.settleAuthorization(authorization, settlement, this.deps.clock.now());
      return settlement;
    });
    if (!recorded) return;
    const log = { orderId: authorization.orderId, transactionId: authorization.id, amount: authorization.amount, currency: authorization.currency };
    if (recorded.status === 'SUCCEEDED') {
      this.deps.logger.info({ ...log, followUps: recorded.followUps.map((t) => t.kind) }, 'unpaid balance authorized; its capture follows');
      this.deps.onMoneyToMove?.();
    } else {
      this.deps.logger.info({ ...log, declineCode: recorded.declineCode }, 'unpaid balance payment declined');
    }
  }

  private async authorization(id: string): Promise<UnpaidBalanceAuthorization> {
    const authorization = await this.deps.balances.findAuthorization(id);
    if (!authorization) throw new Error(`unpaid balance authorization ${id} is missing`);
    return authorization;
  }
}

function orderNotFound(id: string): OrderNotFoundError {
  return { __typename: 'OrderNotFoundError', code: 'ORDER_NOT_FOUND', message: `No order ${id} of yours exists.`, id };
}

function inProgress(message: string): RequestInProgressError {
  return { __typename: 'RequestInProgressError', code: 'REQUEST_IN_PROGRESS', message };
}
