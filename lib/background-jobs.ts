import type { HttpService } from './http-server.js';

/** Work a service runs on timers while it listens (sweepers, job queues, dispatchers). */
export interface BackgroundJob {
  start(): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

export interface ServiceJob {
  /** undefined: nothing to run (e.g. an email dispatcher without a mailer). */
  job: BackgroundJob | undefined;
  /** false: never started by listen (tests drive it with runOnce); default true. */
  autoStart?: boolean;
}

/**
 * `service` with its background jobs started once it listens and all stopped before it
 * closes (so no job runs against a closed server or pool); `exposed` (the jobs tests and
 * callers reach) is carried on the result.
 */
export function withBackgroundJobs<T extends object>(service: HttpService, jobs: ServiceJob[], exposed: T): HttpService & T {
  return {
    ...exposed,
    get server() {
      return service.server;
    },
    get url() {
      return service.url;
    },
    async listen(port?: number, host?: string) {
      const url = await service.listen(port, host);
      for (const { job, autoStart } of jobs) if (autoStart ?? true) job?.start();
      return url;
    },
    async close() {
      await Promise.all(jobs.map(({ job }) => job?.stop()));
      await service.close();
    },
  };
}
