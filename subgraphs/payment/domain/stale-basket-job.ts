import { inBatches, PeriodicJob, positiveOption } from '../../../lib/periodic.js';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';

/** Orders left IN_BASKET in storage (infra/pg-stale-baskets.ts). */
export interface StaleBasketStore {
  /**
   * IN_BASKET orders created at or before `before` whose checkout is not running (no
   * IN_PROGRESS checkout request still holding its lock) become EXPIRED, with their
   * store parts EXPIRED and their lines VOID, and what their stores may hold released (a
   * VOID row per store authorization SUCCEEDED, FAILED or still PENDING), in one
   * transaction. Orders are claimed with SKIP LOCKED, so replicas expire different ones.
   * Returns the expired order ids.
   */
  expireStale(input: { before: Date; now: Date; limit: number }): Promise<string[]>;
}

export const DEFAULT_STALE_BASKET_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

export interface StaleBasketJobOptions {
  /** Pause between runs (default 10 min). */
  intervalMs?: number;
  /** An order IN_BASKET this long expires (default 30 days, BASKET_MAX_AGE_DAYS: the ticket subgraph's basket age). */
  maxAgeMs?: number;
  batchSize?: number;
}

export interface StaleBasketJobDeps {
  store: StaleBasketStore;
  clock: Clock;
  logger: Logger;
  options?: StaleBasketJobOptions;
}

/**
 * Expires orders left IN_BASKET: the order row is written before the charge, so a checkout
 * interrupted before the authorization was recorded (and never retried) leaves one behind.
 * Past the basket max age it becomes EXPIRED ("a basket left too long", shared/domain.md):
 * its lines VOID, nothing to capture or ship. A retry of that checkout afterwards finds the
 * order no longer IN_BASKET and starts a new one (CheckoutService). The exchange's provider
 * has no recorded authorization for an IN_BASKET order (one whose answer was lost lapses at the
 * provider long before the max age). Stores that run their own payment handling may hold one:
 * each store authorization of the order is voided at its store by the money movement job —
 * by reference when it SUCCEEDED, by the authorize call's key when its outcome is unknown
 * (FAILED, or PENDING: its checkout crashed mid-call), which also keeps a late authorize with
 * that key from being approved (store-payments.ts).
 *
 * Safe with any number of replicas (SKIP LOCKED). Runs on a timer while started; tests
 * call `runOnce()`.
 */
export class StaleBasketJob extends PeriodicJob<{ expired: string[] }> {
  readonly maxAgeMs: number;
  private readonly batchSize: number;

  constructor(private readonly deps: StaleBasketJobDeps) {
    const o = deps.options ?? {};
    const intervalMs = positiveOption('StaleBasketJob.intervalMs', o.intervalMs ?? 10 * 60_000);
    super({ intervalMs, logger: deps.logger, name: 'stale basket' });
    this.maxAgeMs = positiveOption('StaleBasketJob.maxAgeMs', o.maxAgeMs ?? DEFAULT_STALE_BASKET_MAX_AGE_MS);
    this.batchSize = positiveOption('StaleBasketJob.batchSize', o.batchSize ?? 200);
  }

  /** Expires every stale IN_BASKET order (the timer calls it; tests may too). */
  override async runOnce(): Promise<{ expired: string[] }> {
    const expired = await inBatches(this.batchSize, () => {
      const now = this.deps.clock.now();
      return this.deps.store.expireStale({ before: new Date(now.getTime() - this.maxAgeMs), now, limit: this.batchSize });
    });
    if (expired.length > 0) this.deps.logger.info({ orders: expired }, 'orders left IN_BASKET past the basket max age expired');
    return { expired };
  }
}
