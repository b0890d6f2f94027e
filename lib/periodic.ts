import type { Logger } from './logger.js';

export interface PeriodicRunnerOptions {
  intervalMs: number;
  run: () => Promise<unknown>;
  logger: Logger;
  /** For the log line of a failed run. */
  name: string;
  /** Delay before the first run after start (default intervalMs). */
  firstRunAfterMs?: number;
  /**
   * The pause after a run that succeeded and was not kicked (default intervalMs): e.g. until
   * the next item is due, if sooner. A failed run is always followed by intervalMs.
   */
  pauseAfterRun?: () => Promise<number>;
}

/**
 * Runs `run` every `intervalMs` while started: a chain of timeouts, not an interval, so
 * runs never overlap; a failed run is logged and the next one comes on schedule. The
 * timer does not keep the process alive. Jobs safe with replicas build on it (their
 * `run` claims work with FOR UPDATE SKIP LOCKED).
 */
export class PeriodicRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private kicked = false;

  constructor(private readonly options: PeriodicRunnerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.options.firstRunAfterMs ?? this.options.intervalMs);
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Best effort: run as soon as possible (e.g. right after a commit that queued work); a
   * run in progress is followed by another at once. Only this process hears it.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.kicked = false;
      const { run, pauseAfterRun, intervalMs, logger, name } = this.options;
      this.running = run()
        .then(() => (pauseAfterRun ? pauseAfterRun() : intervalMs))
        .catch((error: unknown) => {
          logger.error({ err: error }, `${name} run failed`);
          return intervalMs;
        })
        .then((pause) => {
          this.running = undefined;
          this.schedule(this.kicked ? 0 : pause);
        });
    }, delayMs);
    this.timer.unref();
  }
}

/**
 * A job that runs on a PeriodicRunner while started (BackgroundJob: start, stop) and can be
 * kicked; subclasses say what one run does. Tests call `runOnce()` themselves.
 */
export abstract class PeriodicJob<TReport = unknown> {
  private readonly runner: PeriodicRunner;
  /** The longest pause between runs. */
  readonly intervalMs: number;

  constructor(options: Omit<PeriodicRunnerOptions, 'run'>) {
    this.intervalMs = options.intervalMs;
    this.runner = new PeriodicRunner({ ...options, run: () => this.runOnce() });
  }

  /** One run (the timer calls it; tests may too). */
  abstract runOnce(): Promise<TReport>;

  start(): void {
    this.runner.start();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    await this.runner.stop();
  }

  /**
   * Best effort: run soon, e.g. right after a transaction that queued work committed
   * (before the commit the rows are invisible). Only this process hears it; other
   * replicas find the work on their next run.
   */
  kick(): void {
    this.runner.kick();
  }
}

/** A safety bound on the batches of one run; a run otherwise goes on while work is due. */
export const MAX_BATCHES_PER_RUN = 100;

/**
 * Runs `batch` until it comes back with fewer than `batchSize` items (at most
 * MAX_BATCHES_PER_RUN times): the items of every batch, in order.
 */
export async function inBatches<T>(batchSize: number, batch: () => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const items = await batch();
    all.push(...items);
    if (items.length < batchSize) break;
  }
  return all;
}

/** inBatches for batches that report how many they handled: the total. */
export async function countInBatches(batchSize: number, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const handled = await batch();
    total += handled;
    if (handled < batchSize) break;
  }
  return total;
}

/** A job option that must be a positive number (a misconfiguration fails at start-up). */
export function positiveOption(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number, got ${value}`);
  return value;
}
