import type { Logger } from './logger.js';

/** A registry list answer: a version (etag), or "not modified" for the version asked about. */
export interface VersionedAnswer {
  version: string;
  notModified?: boolean;
}

export interface RegistryPollerOptions<T extends VersionedAnswer> {
  /** What is polled, for logs and errors ("store registry", "partner registry"). */
  what: string;
  /** Where, for the start-up error. */
  registryUrl: string;
  intervalMs: number;
  logger: Logger;
  fetch: (request: { ifNoneMatch?: string }) => Promise<T>;
  /** The version currently applied ('' before the first answer). */
  currentVersion: () => string;
  /** Applies a full answer (never called for "not modified"); throws on a malformed one. */
  apply: (answer: Exclude<T, { notModified: true }>) => void;
}

/**
 * Polls a versioned list from the registry: waits for the first answer at start, then
 * asks every interval with the version in use as an etag. While the registry is down the
 * last good list stays in use (logged once), so a registry outage takes nothing offline.
 */
export class RegistryPoller<T extends VersionedAnswer> {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private closed = false;
  failingSince: number | undefined;
  lastSuccessAt: number | undefined;

  constructor(private readonly options: RegistryPollerOptions<T>) {
    if (!(options.intervalMs > 0)) throw new Error(`${options.what}: the poll interval must be positive`);
  }

  /** Loads the first list (retrying until `startTimeoutMs`: services may start before the registry), then polls. */
  async start(startTimeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + startTimeoutMs;
    while (!(await this.refresh())) {
      if (this.closed) return;
      if (Date.now() >= deadline) throw new Error(`${this.options.what} at ${this.options.registryUrl} did not answer within ${startTimeoutMs} ms`);
      await new Promise((r) => setTimeout(r, Math.min(this.options.intervalMs, 1_000)));
    }
    this.schedule();
  }

  /** Polls now (a poll already running is joined, not doubled); true when the registry answered. */
  refresh(): Promise<boolean> {
    this.inFlight ??= this.poll().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => {});
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.schedule());
    }, this.options.intervalMs);
    // a poller never keeps a process alive on its own
    this.timer.unref();
  }

  private async poll(): Promise<boolean> {
    const { what, logger } = this.options;
    try {
      const version = this.options.currentVersion();
      const answer = await this.options.fetch(version ? { ifNoneMatch: version } : {});
      if (!answer || typeof answer.version !== 'string') throw new Error(`${what} answered without a version`);
      if (answer.notModified) {
        if (answer.version !== version) throw new Error(`${what} answered notModified for another version`);
      } else {
        this.options.apply(answer as Exclude<T, { notModified: true }>);
      }
      if (this.failingSince !== undefined) {
        logger.info({ downForMs: Date.now() - this.failingSince }, `${what} reachable again`);
        this.failingSince = undefined;
      }
      this.lastSuccessAt = Date.now();
      return true;
    } catch (error) {
      if (this.failingSince === undefined) {
        this.failingSince = Date.now();
        logger.warn({ err: error, version: this.options.currentVersion() }, `${what} unreachable; keeping the last list`);
      }
      return false;
    }
  }
}
