import type { Logger } from './logger.js';

export interface PeriodicRunnerOptions {
  intervalMs: number;
  run: () => Promise<unknown>;
  logger: Logger;
  /** For the log line of a failed run. */
  name: string;
  /** Delay before the first run after start (default intervalMs). */
  firstRunAfterMs?: number;
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
      this.running = this.options
        .run()
        .catch((error: unknown) => this.options.logger.error({ err: error }, `${this.options.name} run failed`))
        .then(() => {
          this.running = undefined;
          this.schedule(this.kicked ? 0 : this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}

/** A job option that must be a positive number (a misconfiguration fails at start-up). */
export function positiveOption(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${name} must be a positive number, got ${value}`);
  return value;
}
