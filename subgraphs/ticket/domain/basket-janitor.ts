import { countInBatches, PeriodicJob, positiveOption } from '../../../lib/periodic.js';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import { cartRef, type BasketRepository, type DueReport } from './baskets.js';
import type { Money } from './model.js';
import type { StoreInventory, TicketEventPublisher } from './ports.js';
import { announceReleased, RELEASE_RETRY_MS, type StoreReleases } from './transitions.js';

export const DEFAULT_ABANDONED_AFTER_MS = 60 * 60_000;
export const DEFAULT_BASKET_MAX_AGE_MS = 30 * 24 * 60 * 60_000;
export const DEFAULT_JANITOR_INTERVAL_MS = 30_000;

export interface BasketJanitorOptions {
  /** Pause between runs (default 30 s). */
  intervalMs?: number;
  /** A basket idle this long with holds never purchased is abandoned (default 60 min, ABANDONED_AFTER_MINUTES). */
  abandonedAfterMs?: number;
  /** Baskets left open this long expire: live carts are closed, saved carts go (default 30 days, BASKET_MAX_AGE_DAYS). */
  maxAgeMs?: number;
  batchSize?: number;
}

export interface BasketJanitorDeps {
  baskets: BasketRepository;
  /** Catalog prices for the reports' lines (best effort). */
  inventory: Pick<StoreInventory, 'getItems'>;
  /** How releases by the exchange end (TicketService.releaseDeps): RELEASED events, store releases, availability. */
  releases: { events: TicketEventPublisher; logger: Logger; releases: StoreReleases };
  clock: Clock;
  logger: Logger;
  options?: BasketJanitorOptions;
}

export interface JanitorReport {
  /** Baskets found idle past abandonedAfter and marked ABANDONED. */
  abandoned: number;
  /** Abandoned baskets whose stores' reports were written (by this replica). */
  reported: number;
  /** Live carts closed for age (their basket EXPIRED). */
  expiredCarts: number;
  /** Tickets those carts still held, released. */
  releasedTickets: number;
  /** Saved carts expired for age. */
  expiredSavedCarts: number;
}

/**
 * What happens to baskets over time: idle ones are abandoned, abandoned ones are reported
 * to their stores (exactly once per basket and store), and baskets left open past the
 * maximum age expire (live carts closed, saved carts removed from the account's list).
 * Safe with any number of replicas: every step claims its rows with SKIP LOCKED and
 * re-checks them under the lock, and a report is unique per (cart, basket, store).
 */
export class BasketJanitor extends PeriodicJob<JanitorReport> {
  readonly abandonedAfterMs: number;
  readonly maxAgeMs: number;
  private readonly batchSize: number;

  constructor(private readonly deps: BasketJanitorDeps) {
    const o = deps.options ?? {};
    const intervalMs = positiveOption('BasketJanitor.intervalMs', o.intervalMs ?? DEFAULT_JANITOR_INTERVAL_MS);
    super({ intervalMs, logger: deps.logger, name: 'basket janitor' });
    this.abandonedAfterMs = positiveOption('BasketJanitor.abandonedAfterMs', o.abandonedAfterMs ?? DEFAULT_ABANDONED_AFTER_MS);
    this.maxAgeMs = positiveOption('BasketJanitor.maxAgeMs', o.maxAgeMs ?? DEFAULT_BASKET_MAX_AGE_MS);
    this.batchSize = positiveOption('BasketJanitor.batchSize', o.batchSize ?? 200);
  }

  /** One run (the timer calls it; tests may too). */
  override async runOnce(): Promise<JanitorReport> {
    const report: JanitorReport = { abandoned: 0, reported: 0, expiredCarts: 0, releasedTickets: 0, expiredSavedCarts: 0 };
    // abandon first, so an idle basket is reported in the same run
    report.abandoned = await this.repeat(() => this.abandonIdle());
    report.reported = await this.repeat(() => this.writeDueReports());
    report.expiredCarts = await this.repeat(async () => {
      const { carts, released } = await this.expireIdleCarts();
      report.releasedTickets += released;
      return carts;
    });
    report.expiredSavedCarts = await this.repeat(() => this.expireSavedCarts());
    if (Object.values(report).some((n) => n > 0)) this.deps.logger.info(report, 'basket janitor run');
    return report;
  }

  /** Runs `batch` until it handles less than a full batch. */
  private repeat(batch: () => Promise<number>): Promise<number> {
    return countInBatches(this.batchSize, batch);
  }

  private abandonIdle(): Promise<number> {
    const now = this.deps.clock.now();
    return this.deps.baskets.abandonIdle({ now, idleBefore: new Date(now.getTime() - this.abandonedAfterMs), limit: this.batchSize });
  }

  /**
   * Reports owed: prices are asked of the stores first (one catalog read per store for the
   * batch, outside any transaction), then each basket's reports are written in one
   * transaction that claims it; a basket another replica holds or reported is skipped.
   */
  private async writeDueReports(): Promise<number> {
    const { baskets } = this.deps;
    const due = await baskets.dueReports(this.batchSize);
    if (due.length === 0) return 0;
    const prices = await this.catalogPrices(due);
    let written = 0;
    for (const basket of due) {
      const refKey = await baskets.cartRefKey(basket.cartId);
      const done = await baskets.writeReports({
        cartId: basket.cartId,
        seq: basket.seq,
        now: this.deps.clock.now(),
        cartRefOf: (storeId) => cartRef(refKey, storeId),
        priceOf: (storeId, sku) => prices.get(storeId)?.get(sku) ?? null,
        newId: randomUUID,
      });
      if (done) written++;
    }
    // a batch whose baskets were all taken by another replica must not spin the loop
    return written < due.length ? Math.min(written, this.batchSize - 1) : written;
  }

  /** The catalog price of every line of `due`, per store; a store that cannot be asked prices nothing. */
  private async catalogPrices(due: DueReport[]): Promise<Map<string, Map<string, Money>>> {
    const skus = new Map<string, Set<string>>();
    for (const line of due.flatMap((d) => d.lines)) skus.set(line.storeId, (skus.get(line.storeId) ?? new Set()).add(line.sku));
    const prices = new Map<string, Map<string, Money>>();
    await Promise.all(
      [...skus].map(async ([storeId, wanted]) => {
        try {
          const items = await this.deps.inventory.getItems(storeId, [...wanted]);
          prices.set(storeId, new Map([...items].map(([sku, entry]) => [sku, entry.price])));
        } catch (error) {
          this.deps.logger.warn({ err: error, storeId }, 'abandoned-cart prices unavailable; reported without');
        }
      }),
    );
    return prices;
  }

  private async expireIdleCarts(): Promise<{ carts: number; released: number }> {
    const now = this.deps.clock.now();
    const expired = await this.deps.baskets.expireIdleCarts({
      now,
      idleBefore: new Date(now.getTime() - this.maxAgeMs),
      retryAt: new Date(now.getTime() + RELEASE_RETRY_MS),
      limit: this.batchSize,
    });
    if (expired.skipped.length > 0) this.deps.logger.warn({ carts: expired.skipped }, 'idle carts with a checkout in progress left open');
    // carts hear RELEASED, stores are told (or the sweeper retries), availability goes out
    await announceReleased(this.deps.releases, expired.released, expired.versions, now);
    return { carts: expired.carts.length, released: expired.released.length };
  }

  private expireSavedCarts(): Promise<number> {
    const now = this.deps.clock.now();
    return this.deps.baskets.expireSavedCarts({ now, before: new Date(now.getTime() - this.maxAgeMs), limit: this.batchSize });
  }
}
