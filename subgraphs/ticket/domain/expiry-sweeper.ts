import type { Clock } from '../../../lib/clock.js';
import type { Logger } from '../../../lib/logger.js';
import { PeriodicJob } from '../../../lib/periodic.js';
import type { TicketRecord } from './model.js';
import type { StoreInventory, TicketEventPublisher, TicketRepository } from './ports.js';
import { abortCheckoutTickets, announce, announceAvailability, RELEASE_RETRY_MS, StoreReleases } from './transitions.js';

export interface ExpirySweeperOptions {
  repository: TicketRepository;
  inventory: StoreInventory;
  events: TicketEventPublisher;
  clock: Clock;
  logger: Logger;
  leaseGraceMs: number;
  /** Longest pause between sweeps (default 250 ms); the sweeper wakes sooner when a ticket is due sooner. */
  intervalMs?: number;
  batchSize?: number;
  /** A PENDING ticket older than this was abandoned by its hold (crash, store timeout). */
  pendingTimeoutMs?: number;
  /** EXPIRING is announced this long before expiresAt (default 60 s). */
  expiringLeadMs?: number;
}

export interface SweepReport {
  expiring: number;
  expired: number;
  abandoned: number;
  aborted: number;
  releasesRetried: number;
}

export const DEFAULT_EXPIRING_LEAD_MS = 60_000;

/** A safety bound on batches in one sweep; a sweep otherwise runs until nothing is due. */
const MAX_BATCHES_PER_SWEEP = 1_000;
/** Shortest pause between sweeps, so tickets skipped because their cart is busy do not spin the loop. */
const MIN_PAUSE_MS = 20;

/**
 * Ends tickets nobody is asking about: HELD past expiry → EXPIRED and released at the
 * store; PENDING left by a failed hold → failed and released; CHECKING_OUT stuck longer
 * than the lease grace → aborted. Announces EXPIRING once per ticket shortly before.
 * Safe with any number of replicas: each claims carts (and EXPIRING notices) with SKIP
 * LOCKED, so replicas work on different ones and never wait on each other.
 *
 * Lateness (EXPIRED announced − expiresAt) is what shoppers see: the sweeper sleeps until
 * the next ticket is due (at most intervalMs), works in batches until nothing is due, and
 * announces each batch right after it commits; store releases run meanwhile and do not
 * hold up the next batch.
 */
export class ExpirySweeper extends PeriodicJob<SweepReport> {
  private readonly releases: StoreReleases;
  private readonly batchSize: number;
  private readonly pendingTimeoutMs: number;
  private readonly expiringLeadMs: number;

  constructor(private readonly options: ExpirySweeperOptions) {
    const intervalMs = options.intervalMs ?? 250;
    // sleeps until the next ticket is due, at most intervalMs
    super({ intervalMs, logger: options.logger, name: 'expiry sweep', pauseAfterRun: () => this.pauseBeforeNextSweep() });
    this.releases = new StoreReleases(options.repository, options.inventory, options.logger);
    this.batchSize = options.batchSize ?? 500;
    this.pendingTimeoutMs = options.pendingTimeoutMs ?? 60_000;
    this.expiringLeadMs = options.expiringLeadMs ?? DEFAULT_EXPIRING_LEAD_MS;
  }

  private async pauseBeforeNextSweep(): Promise<number> {
    const next = await this.options.repository.nextDueAt(this.expiringLeadMs);
    if (!next) return this.intervalMs;
    const untilDue = next.getTime() - this.options.clock.now().getTime();
    return Math.min(this.intervalMs, Math.max(MIN_PAUSE_MS, untilDue));
  }

  /** One sweep (the timer calls it; tests may too). */
  override async runOnce(): Promise<SweepReport> {
    const report: SweepReport = { expiring: 0, expired: 0, abandoned: 0, aborted: 0, releasesRetried: 0 };
    const storeWork: Promise<void>[] = [];
    try {
      for (let i = 0; i < MAX_BATCHES_PER_SWEEP; i++) {
        const handled = await this.sweepBatch(report, storeWork);
        if (handled < this.batchSize) break;
      }
      for (let i = 0; i < MAX_BATCHES_PER_SWEEP; i++) {
        const claimed = await this.announceExpiring();
        report.expiring += claimed;
        if (claimed < this.batchSize) break;
      }
    } finally {
      await Promise.all(storeWork);
    }
    report.releasesRetried = await this.retryOwedReleases();
    return report;
  }

  private async announceExpiring(): Promise<number> {
    const { repository, clock, events, logger } = this.options;
    const now = clock.now();
    const claimed = await repository.claimExpiring(now, this.expiringLeadMs, this.batchSize);
    for (const { ticket, cartVersion } of claimed) {
      try {
        // rounded up, as a countdown shows it
        const secondsLeft = Math.max(0, Math.ceil((ticket.expiresAt.getTime() - now.getTime()) / 1000));
        await events.publishCart({ cartId: ticket.cartId, type: 'EXPIRING', sequence: cartVersion, occurredAt: now, ticketId: ticket.id, secondsLeft });
      } catch (error) {
        logger.warn({ err: error, ticketId: ticket.id }, 'EXPIRING event not published');
      }
    }
    return claimed.length;
  }

  private async sweepBatch(report: SweepReport, storeWork: Promise<void>[]): Promise<number> {
    const { repository, clock, leaseGraceMs, events, logger } = this.options;
    const now = clock.now();
    const due = {
      now,
      pendingBefore: new Date(now.getTime() - this.pendingTimeoutMs),
      checkoutBefore: new Date(now.getTime() - leaseGraceMs),
    };
    // more candidates than one batch takes: a replica skips the carts another is sweeping and takes the next ones
    const carts = await repository.cartsWithDueTickets(due, this.batchSize * 2);
    if (carts.length === 0) return 0;
    const retryAt = new Date(now.getTime() + RELEASE_RETRY_MS);
    const result = await repository.inCarts(
      carts,
      async (tx) => {
        const none = { expired: [], abandoned: [], aborted: { held: [], expired: [] }, handled: 0, versions: new Map<string, number>() };
        if (tx.cartIds.length === 0) return none;
        const tickets = await tx.dueTickets(tx.cartIds, due, this.batchSize);
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
        const versions = await tx.bumpVersions([...expired, ...aborted.held, ...aborted.expired].map((t) => t.cartId));
        return { expired, abandoned, aborted, handled: tickets.length, versions };
      },
      { skipLocked: true, limit: this.batchSize },
    );
    report.expired += result.expired.length + result.aborted.expired.length;
    report.abandoned += result.abandoned.length;
    report.aborted += result.aborted.held.length + result.aborted.expired.length;
    const ended = [...result.expired, ...result.aborted.expired];
    // carts hear at once; the stores are told while the next batch is being swept
    await announce(events, logger, 'EXPIRED', ended, result.versions, now);
    await announce(events, logger, 'HELD', result.aborted.held, result.versions, now);
    const released = [...ended, ...result.abandoned];
    if (released.length > 0) {
      storeWork.push(this.releases.release(released).then(() => announceAvailability(events, logger, released, this.options.clock.now())));
    }
    if (result.aborted.held.length + result.aborted.expired.length > 0) {
      logger.warn({ tickets: [...result.aborted.held, ...result.aborted.expired].map((t) => t.id) }, 'aborted stuck checkouts');
    }
    // carts locked elsewhere are retried next sweep; count what was handled to decide on another batch
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
