import type { Clock } from '../../../lib/clock.js';
import type { Pool } from '../../../lib/db.js';
import { DomainError, errorResult } from '../../../lib/errors.js';
import { idempotencyKeyProblem, requestHash, runIdempotent } from '../../../lib/idempotency.js';
import { requireOperator, requireStore, type Identity } from '../../../lib/identity.js';
import type { AccountBalance, Money, PgLedger, StoreLedgerBalance } from '../infra/pg-ledger.js';
import { payOutStore, type PayoutOutcome, type PayoutRecord, type PgPayouts } from '../infra/pg-payouts.js';
import { CURRENCY_PATTERN } from './ledger.js';

export type PayoutView = Omit<PayoutRecord, 'createdAt'> & { __typename: 'Payout'; createdAt: Date | string };

export type PayoutStoreResult =
  | PayoutView
  | { __typename: 'NothingToPayOutError'; code: 'NOTHING_TO_PAY_OUT'; message: string; storeId: string }
  | { __typename: 'InvalidInputError'; code: 'INVALID_INPUT'; message: string; field: string }
  | { __typename: 'IdempotencyKeyReusedError'; code: 'IDEMPOTENCY_KEY_REUSED'; message: string }
  | { __typename: 'RequestInProgressError'; code: 'REQUEST_IN_PROGRESS'; message: string };

export interface LedgerServiceDeps {
  pool: Pool;
  ledger: PgLedger;
  payouts: PgPayouts;
  clock: Clock;
  /** How long a repeat of a running payout waits for its result (default 5 s). */
  inProgressWaitMs?: number;
}

const STORE_ID_MAX_LENGTH = 200;

/** The ledger's GraphQL face: payouts (operator), a store's balance (the store itself or an operator), ledger reports (operator). */
export class LedgerService {
  constructor(private readonly deps: LedgerServiceDeps) {}

  async payoutStore(identity: Identity, args: { storeId: string; idempotencyKey: string; currency?: string | null }): Promise<PayoutStoreResult> {
    requireOperator(identity);
    const storeId = args.storeId.trim();
    if (storeId === '' || storeId.length > STORE_ID_MAX_LENGTH || /\s/.test(storeId)) return invalid('storeId', 'The store id is blank or malformed.');
    const keyProblem = idempotencyKeyProblem(args.idempotencyKey);
    if (keyProblem) return invalid('idempotencyKey', keyProblem);
    const currency = args.currency ?? null;
    if (currency !== null && !CURRENCY_PATTERN.test(currency)) return invalid('currency', 'The currency must be a three-letter ISO code such as USD.');

    const outcome = await runIdempotent<PayoutStoreResult>(
      this.deps.pool,
      { scope: 'operator:payoutStore', key: args.idempotencyKey, requestHash: requestHash({ op: 'payoutStore/v1', storeId, currency }) },
      async (client) => toResult(await payOutStore(client, { storeId, currency, idempotencyKey: args.idempotencyKey, now: this.deps.clock.now() })),
      { waitMs: this.deps.inProgressWaitMs ?? 5_000, now: () => this.deps.clock.now() },
    );
    return outcome.kind === 'refused' ? (outcome.error as PayoutStoreResult) : outcome.response;
  }

  async storeBalance(identity: Identity, storeId?: string | null): Promise<StoreLedgerBalance> {
    return this.deps.ledger.storeBalance(this.storeInView(identity, storeId));
  }

  async storePayouts(identity: Identity, storeId: string | null | undefined, first: number): Promise<PayoutView[]> {
    const id = this.storeInView(identity, storeId);
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new DomainError('BAD_USER_INPUT', '`first` must be between 1 and 100.');
    return (await this.deps.payouts.payoutsOf(id, first)).map((p) => ({ __typename: 'Payout', ...p }));
  }

  async ledgerBalances(identity: Identity): Promise<{ account: string; balance: Money }[]> {
    requireOperator(identity);
    return (await this.deps.ledger.balances()).map((b: AccountBalance) => ({ account: b.account, balance: { amount: b.balance, currency: b.currency } }));
  }

  async trialBalance(identity: Identity): Promise<Money[]> {
    requireOperator(identity);
    return this.deps.ledger.trialBalance();
  }

  /** A store sees only itself; an operator names the store. */
  private storeInView(identity: Identity, storeId: string | null | undefined): string {
    if (identity.kind === 'OPERATOR') {
      if (!storeId) throw new DomainError('BAD_USER_INPUT', 'An operator must name the store (storeId).');
      return storeId;
    }
    const own = requireStore(identity);
    if (storeId != null && storeId !== own) throw new DomainError('FORBIDDEN', 'A store sees only its own balance and payouts.');
    return own;
  }
}

function toResult(outcome: PayoutOutcome): PayoutStoreResult {
  switch (outcome.kind) {
    case 'paid':
      return { __typename: 'Payout', ...outcome.payout };
    case 'nothing':
      return errorResult('NothingToPayOutError', 'NOTHING_TO_PAY_OUT', `Store ${outcome.storeId} is owed nothing${outcome.currency ? ` in ${outcome.currency}` : ''} right now.`, { storeId: outcome.storeId }) as PayoutStoreResult;
    case 'currency_required':
      return invalid('currency', `The store is owed in several currencies (${outcome.currencies.join(', ')}): name one.`);
    case 'key_reused':
      return errorResult('IdempotencyKeyReusedError', 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key paid out before for another store or currency; use a new key.') as PayoutStoreResult;
  }
}

function invalid(field: string, message: string): PayoutStoreResult {
  return { __typename: 'InvalidInputError', code: 'INVALID_INPUT', message, field };
}

export type { PayoutRecord };
