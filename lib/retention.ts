import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { countInBatches, PeriodicJob, positiveOption } from './periodic.js';

const DAY_MS = 24 * 60 * 60_000;
/** How long idempotency keys are kept (IDEMPOTENCY_RETENTION_DAYS, default 30): a retry after that runs as a new request. */
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 30 * DAY_MS;
export const DEFAULT_RETENTION_INTERVAL_MS = 10 * 60_000;
export const DEFAULT_RETENTION_BATCH_SIZE = 1_000;
/**
 * Deletes at most `limit` records made before `before`, never one still in use at `now`
 * (e.g. a request whose run holds its lock); answers how many it deleted. Must be safe
 * with replicas running it at once: claim the batch with FOR UPDATE SKIP LOCKED.
 */
export type RetentionSweep = (batch: { before: Date; now: Date; limit: number }) => Promise<number>;

export interface RetentionJobOptions {
  /** Records older than this go (default 30 days). */
  retentionMs?: number;
  /** Pause between runs (default 10 min). */
  intervalMs?: number;
  /** Rows per delete (default 1,000): short transactions, no long locks. */
  batchSize?: number;
}

export interface RetentionJobDeps<K extends string> {
  /** For logs, e.g. 'idempotency retention'. */
  name: string;
  /** What to prune, by name (the run's report uses the same names). */
  sweeps: Record<K, RetentionSweep>;
  clock: Clock;
  logger: Logger;
  options?: RetentionJobOptions;
}

/**
 * Deletes records past their retention, periodically (lib/periodic.ts PeriodicJob:
 * runs never overlap), in batches, each sweep until it comes back short of a batch (at
 * most 100 batches a run). Safe with any number of replicas: sweeps claim their rows with
 * SKIP LOCKED, so replicas delete different rows and never wait on one another.
 */
export class RetentionJob<K extends string> extends PeriodicJob<Record<K, number>> {
  readonly retentionMs: number;
  private readonly batchSize: number;

  constructor(private readonly deps: RetentionJobDeps<K>) {
    const o = deps.options ?? {};
    const intervalMs = positiveOption(`${deps.name}: intervalMs`, o.intervalMs ?? DEFAULT_RETENTION_INTERVAL_MS);
    super({ intervalMs, logger: deps.logger, name: deps.name });
    this.retentionMs = positiveOption(`${deps.name}: retentionMs`, o.retentionMs ?? DEFAULT_IDEMPOTENCY_RETENTION_MS);
    this.batchSize = positiveOption(`${deps.name}: batchSize`, o.batchSize ?? DEFAULT_RETENTION_BATCH_SIZE);
  }

  /** One run (the timer calls it; tests may too): how many records each sweep deleted. */
  override async runOnce(): Promise<Record<K, number>> {
    const now = this.deps.clock.now();
    const before = new Date(now.getTime() - this.retentionMs);
    const report = {} as Record<K, number>;
    for (const name of Object.keys(this.deps.sweeps) as K[]) {
      const deleted = await countInBatches(this.batchSize, () => this.deps.sweeps[name]({ before, now, limit: this.batchSize }));
      report[name] = deleted;
    }
    if (Object.values<number>(report).some((n) => n > 0)) this.deps.logger.info({ deleted: report as Record<string, number>, before }, `${this.deps.name} run`);
    return report;
  }
}
