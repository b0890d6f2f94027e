import { MAX_BATCHES_PER_RUN, PeriodicJob } from '../../../lib/periodic.js';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import type { PaymentProvider } from './payment-provider.js';
import { failureOf, settlementOf, unpaidOf, withoutProvider, type ClaimedTransaction, type Failure, type ProviderOutcome, type Settlement } from './settlement.js';
import { callStorePayment, isStoreCollected, type StorePaymentGateway } from './store-payments.js';

/** Storage of the transaction rows the job follows through (infra/pg-money-movement-queue.ts). */
export interface MoneyMovementQueue {
  /**
   * Claims up to `limit` due rows: PENDING, next_attempt_at ≤ now, not leased (or the
   * lease lapsed), and ready (a capture's, void's or refund's parent SUCCEEDED; a store's
   * void of an authorization whose answer was lost: its parent FAILED — voided by key); sets
   * their lease and counts the attempt. Rows another replica is claiming are skipped.
   */
  claimDue(input: { now: Date; leaseUntil: Date; limit: number; skip?: readonly string[] }): Promise<ClaimedTransaction[]>;
  /**
   * In ONE database transaction: the row's outcome, its follow-up rows, the ledger
   * journal, what fails with it. False (and nothing done) when the claim was lost.
   */
  settle(row: ClaimedTransaction, settlement: Settlement, now: Date): Promise<boolean>;
  /**
   * The call failed: retry at `nextAttemptAt`, or (null) give up — FAILED, in ONE database
   * transaction with what fails with it and the rows that carry its gift part on (`failure`).
   */
  retryOrFail(row: ClaimedTransaction, input: { error: string; nextAttemptAt: Date | null; failure: Failure }, now: Date): Promise<boolean>;
}

export interface MoneyMovementOptions {
  /** Longest pause between runs (default 1 s); `kick()` runs at once. */
  intervalMs?: number;
  /** First retry delay after a provider error; doubles per attempt (default 2 s). */
  backoffBaseMs?: number;
  /** Longest retry delay (default 10 min). */
  backoffMaxMs?: number;
  /** Attempts before a row is FAILED (default 8). */
  maxAttempts?: number;
  /** How long a claim is exclusive; a replica that dies mid-call frees its rows after it (default 60 s). */
  leaseMs?: number;
  batchSize?: number;
}

export interface MoneyMovementDeps {
  queue: MoneyMovementQueue;
  provider: PaymentProvider;
  /** STORE-RUN PAYMENTS: carries out rows collected by stores (their payment endpoints); unset: such rows fail and retry. */
  storePayments?: StorePaymentGateway;
  clock: Clock;
  logger: Logger;
  options?: MoneyMovementOptions;
}

export interface RunReport {
  claimed: number;
  succeeded: number;
  declined: number;
  retried: number;
  failed: number;
}

/**
 * Follows through on PENDING financial transaction rows: claims due rows (SKIP LOCKED +
 * a lease, so any number of replicas may run it, each row executed by one), calls the
 * provider OUTSIDE any database transaction with the row id as idempotency key, then in
 * one database transaction marks the row SUCCEEDED / DECLINED and applies what follows
 * (settlement.ts: capture after a shipment's authorization, ledger journals, failures).
 * A provider error (timeout, 5xx, network) is retried with exponential backoff; after
 * `maxAttempts` the row is FAILED and logged at error. A retry sends the same key, so a
 * call whose answer was lost never moves money twice.
 *
 * Started and stopped with the payment server; `kick()` (after a shipment or return)
 * runs it at once, so money usually moves within milliseconds; tests call `runOnce()`.
 */
export class MoneyMovementJob extends PeriodicJob<RunReport> {
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(private readonly deps: MoneyMovementDeps) {
    const o = deps.options ?? {};
    const intervalMs = o.intervalMs ?? 1_000;
    super({ intervalMs, logger: deps.logger, name: 'money movement' });
    this.backoffBaseMs = o.backoffBaseMs ?? 2_000;
    this.backoffMaxMs = o.backoffMaxMs ?? 600_000;
    this.maxAttempts = o.maxAttempts ?? 8;
    this.leaseMs = o.leaseMs ?? 60_000;
    this.batchSize = o.batchSize ?? 20;
  }

  /** Works until no row is due (the timer calls it; tests may too). */
  override async runOnce(): Promise<RunReport> {
    const report: RunReport = { claimed: 0, succeeded: 0, declined: 0, retried: 0, failed: 0 };
    // a row is tried at most once per run (a retry waits for a later run), follow-ups run in this one
    const tried: string[] = [];
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const now = this.deps.clock.now();
      const rows = await this.deps.queue.claimDue({ now, leaseUntil: new Date(now.getTime() + this.leaseMs), limit: this.batchSize, skip: tried });
      if (rows.length === 0) break;
      report.claimed += rows.length;
      tried.push(...rows.map((r) => r.id));
      // rows are independent (each has its own idempotency key): call the provider for them together
      await Promise.all(rows.map((row) => this.execute(row, report)));
    }
    return report;
  }

  private async execute(row: ClaimedTransaction, report: RunReport): Promise<void> {
    const { queue, logger, clock } = this.deps;
    let outcome: ProviderOutcome;
    try {
      outcome = await this.callProvider(row);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = row.attempts >= this.maxAttempts;
      const now = clock.now();
      const nextAttemptAt = giveUp ? null : new Date(now.getTime() + this.backoff(row.attempts));
      const done = await queue.retryOrFail(row, { error: message, nextAttemptAt, failure: failureOf(row, message, randomUUID) }, now);
      if (!done) return;
      if (giveUp) {
        report.failed++;
        logger.error({ transactionId: row.id, orderId: row.orderId, kind: row.kind, attempts: row.attempts, err: error }, 'financial transaction FAILED after its last attempt');
        this.logUnpaid(row, 'FAILED');
      } else {
        report.retried++;
        logger.warn({ transactionId: row.id, orderId: row.orderId, kind: row.kind, attempts: row.attempts, nextAttemptAt, error: message }, 'provider call failed; will retry');
      }
      return;
    }
    const settlement = settlementOf(row, outcome, randomUUID);
    const done = await queue.settle(row, settlement, clock.now());
    if (!done) {
      logger.warn({ transactionId: row.id }, 'claim lost before settling (another replica took the row); its outcome is theirs to record');
      return;
    }
    if (settlement.status === 'SUCCEEDED') {
      report.succeeded++;
      logger.info({ transactionId: row.id, orderId: row.orderId, kind: row.kind, amount: row.amount, currency: row.currency }, 'financial transaction succeeded');
    } else {
      report.declined++;
      logger.warn({ transactionId: row.id, orderId: row.orderId, kind: row.kind, declineCode: settlement.declineCode }, 'financial transaction declined');
      this.logUnpaid(row, 'DECLINED');
    }
  }

  /**
   * A shipment whose card payment ended DECLINED or FAILED was shipped and is not paid for
   * (Order.unpaidAmount), nor is what a payment of the unpaid balance whose capture failed was to
   * pay: someone must follow up (the shopper can pay it with payUnpaidBalance; the queue enqueued
   * the 'payment-needed' email telling them so with the row's outcome, when the order has a contact email).
   */
  private logUnpaid(row: ClaimedTransaction, status: 'DECLINED' | 'FAILED'): void {
    const unpaid = unpaidOf(row);
    if (unpaid === 0) return;
    this.deps.logger.error(
      { transactionId: row.id, orderId: row.orderId, shipmentId: row.shipmentId, kind: row.kind, status, unpaid, currency: row.currency, giftRecognised: row.giftAmount ?? 0 },
      row.paysUnpaidBalance ? 'unpaid balance left unpaid: the capture of its payment did not go through' : 'shipment left unpaid: its card payment did not go through',
    );
  }

  private callProvider(row: ClaimedTransaction): Promise<ProviderOutcome> {
    const { provider } = this.deps;
    // GIFT CERTIFICATES: a row with nothing for a card (paid by gift certificates alone) settles at once
    const settledAlready = withoutProvider(row);
    if (settledAlready) return Promise.resolve(settledAlready);
    // STORE-RUN PAYMENTS: a store-collected row goes to the store's payment endpoint, not the provider
    if (isStoreCollected(row)) return callStorePayment(this.deps.storePayments, row);
    const need = (value: string | null, what: string): string => {
      if (!value) throw new Error(`${row.kind} ${row.id} has no ${what}`);
      return value;
    };
    switch (row.kind) {
      case 'AUTHORIZATION':
        return provider
          .authorize({ token: need(row.cardToken, 'card token'), amount: row.amount, currency: row.currency, idempotencyKey: row.id, merchantInitiated: true })
          .then((r) => (r.status === 'approved' ? { status: 'succeeded', reference: r.reference } : { status: 'declined', declineCode: r.declineCode, reference: r.reference }));
      case 'CAPTURE':
        return provider.capture({ authorizationReference: need(row.parentReference, 'authorization reference'), amount: row.amount, currency: row.currency, idempotencyKey: row.id });
      case 'VOID':
        return provider.void({ authorizationReference: need(row.parentReference, 'authorization reference'), idempotencyKey: row.id });
      case 'REFUND':
        return provider.refund({ captureReference: need(row.parentReference, 'capture reference'), amount: row.amount, currency: row.currency, idempotencyKey: row.id });
    }
  }

  private backoff(attempts: number): number {
    return Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  }
}
