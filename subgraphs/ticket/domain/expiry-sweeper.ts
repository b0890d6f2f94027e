import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import type { TicketRecord } from './model.js';
import type { StoreInventory, TicketEventPublisher, TicketRepository } from './ports.js';
import { abortCheckoutTickets, announce, RELEASE_RETRY_MS, StoreReleases } from './transitions.js';

export interface ExpirySweeperOptions {
  repository: TicketRepository;
  inventory: StoreInventory;
  events: TicketEventPublisher;
  clock: Clock;
  logger: Logger;
  leaseGraceMs: number;
  intervalMs?: number;
  batchSize?: number;
  /** A PENDING ticket older than this was abandoned by its hold (crash, store timeout). */
  pendingTimeoutMs?: number;
}

export interface SweepReport {
  expired: number;
  abandoned: number;
  aborted: number;
  releasesRetried: number;
}

/** Batches per tick at most, so one tick cannot run unbounded under a backlog. */
const MAX_BATCHES_PER_TICK = 20;

/**
 * Ends tickets nobody is asking about: HELD past expiry → EXPIRED and released at the
 * store; PENDING left by a failed hold → failed and released; CHECKING_OUT stuck longer
 * than the lease grace → aborted. Safe with any number of replicas: each claims carts
 * with SKIP LOCKED, so replicas work on different sessions and never wait on each other.
 */
export class ExpirySweeper {
  private readonly releases: StoreReleases;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly pendingTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: ExpirySweeperOptions) {
    this.releases = new StoreReleases(options.repository, options.inventory, options.logger);
    this.intervalMs = options.intervalMs ?? 250;
    this.batchSize = options.batchSize ?? 50;
    this.pendingTimeoutMs = options.pendingTimeoutMs ?? 60_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    // a chain of timeouts, not an interval: sweeps never overlap
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'expiry sweep failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** One sweep (the timer calls it; tests may too). */
  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { expired: 0, abandoned: 0, aborted: 0, releasesRetried: 0 };
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const handled = await this.sweepBatch(report);
      if (handled < this.batchSize) break;
    }
    report.releasesRetried = await this.retryOwedReleases();
    return report;
  }

  private async sweepBatch(report: SweepReport): Promise<number> {
    const { repository, clock, leaseGraceMs } = this.options;
    const now = clock.now();
    const due = {
      now,
      pendingBefore: new Date(now.getTime() - this.pendingTimeoutMs),
      checkoutBefore: new Date(now.getTime() - leaseGraceMs),
    };
    const sessions = await repository.sessionsWithDueTickets(due, this.batchSize);
    if (sessions.length === 0) return 0;
    const retryAt = new Date(now.getTime() + RELEASE_RETRY_MS);
    const result = await repository.inCarts(
      sessions,
      async (tx) => {
        if (tx.sessionIds.length === 0) return { expired: [], abandoned: [], aborted: { held: [], expired: [] }, handled: 0 };
        const tickets = await tx.dueTickets(tx.sessionIds, due, this.batchSize);
        const ids = (status: TicketRecord['status']) => tickets.filter((t) => t.status === status).map((t) => t.id);
        const expired = await tx.updateTickets(ids('HELD'), ['HELD'], { status: 'EXPIRED', releaseOwed: true, releaseRetryAt: retryAt }, now);
        const abandoned = await tx.updateTickets(ids('PENDING'), ['PENDING'], {
          status: 'RELEASED',
          failureCode: 'ABANDONED',
          releaseOwed: true,
          releaseRetryAt: retryAt,
        }, now);
        await tx.forgetHoldKeysOf(abandoned.map((t) => t.id));
        const aborted = await abortCheckoutTickets(tx, tickets, now);
        // abandoned PENDING tickets were never in the cart: its version stays
        await tx.bumpVersions([...expired, ...aborted.held, ...aborted.expired].map((t) => t.sessionId));
        return { expired, abandoned, aborted, handled: tickets.length };
      },
      { skipLocked: true },
    );
    report.expired += result.expired.length + result.aborted.expired.length;
    report.abandoned += result.abandoned.length;
    report.aborted += result.aborted.held.length + result.aborted.expired.length;
    await this.releases.release([...result.expired, ...result.abandoned, ...result.aborted.expired]);
    await announce(this.options.events, this.options.logger, 'EXPIRED', [...result.expired, ...result.aborted.expired]);
    await announce(this.options.events, this.options.logger, 'HELD', result.aborted.held);
    if (result.aborted.held.length + result.aborted.expired.length > 0) {
      this.options.logger.warn({ tickets: [...result.aborted.held, ...result.aborted.expired].map((t) => t.id) }, 'aborted stuck checkouts');
    }
    // sessions locked elsewhere are retried next tick; count what was handled to decide on another batch
    return result.handled;
  }

  private async retryOwedReleases(): Promise<number> {
    const { repository, clock, leaseGraceMs } = this.options;
    const now = clock.now();
    const owed = await repository.claimOwedReleases(now, new Date(now.getTime() + RELEASE_RETRY_MS), leaseGraceMs, this.batchSize);
    await this.releases.release(owed);
    return owed.length;
  }
}
