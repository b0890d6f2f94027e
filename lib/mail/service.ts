import { systemClock, type Clock } from '../clock.js';
import type { Queryable } from '../db.js';
import { withBackgroundJobs } from '../background-jobs.js';
import type { HttpService } from '../http-server.js';
import type { Logger } from '../logger.js';
import { DEFAULT_MAIL_FROM, EmailDispatcher } from './dispatcher.js';
import { SmtpMailer, type Mailer } from './mailer.js';
import { PgEmailOutbox, type OutboxCounts } from './outbox.js';

export interface EmailDispatchDeps {
  pool: Queryable;
  logger: Logger;
  clock?: Clock;
  /** Unset: nothing is sent; emails wait in the outbox until a mailer is configured (never dropped). */
  mailer?: Mailer;
  mailFrom?: string;
  intervalMs?: number;
}

export interface EmailDispatch {
  outbox: PgEmailOutbox;
  /** Present when a mailer is configured. */
  dispatcher: EmailDispatcher | undefined;
  /** The outbox's counts and whether this process sends (for /health). */
  health(): Promise<OutboxCounts & { dispatcher: 'running' | 'no mailer' }>;
}

/** A service's email outbox and, with a mailer, the dispatcher that sends it. */
export function createEmailDispatch(deps: EmailDispatchDeps): EmailDispatch {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ component: 'email-dispatcher' });
  const outbox = new PgEmailOutbox(deps.pool, { logger });
  const dispatcher = deps.mailer
    ? new EmailDispatcher({ outbox, mailer: deps.mailer, from: deps.mailFrom ?? DEFAULT_MAIL_FROM, logger, clock, intervalMs: deps.intervalMs })
    : undefined;
  return {
    outbox,
    dispatcher,
    async health() {
      return { ...(await outbox.pending(clock.now())), dispatcher: dispatcher ? 'running' : 'no mailer' };
    },
  };
}

export interface EmailDispatchingService {
  /** The service's email dispatcher; undefined when no mailer is configured. */
  readonly emailDispatcher: EmailDispatcher | undefined;
}

/** `service`, with the dispatcher started once it listens and stopped before it closes. */
export function withEmailDispatcher(service: HttpService, dispatcher: EmailDispatcher | undefined): HttpService & EmailDispatchingService {
  return withBackgroundJobs(service, [{ job: dispatcher }], { emailDispatcher: dispatcher });
}

/**
 * The mailer a process is configured with: SMTP_URL (smtp://[user:pass@]host:port) set → an
 * SmtpMailer; unset → undefined and a warning: emails are still written to the outbox and
 * wait there, never dropped, until a process with a mailer sends them.
 */
export function smtpMailerFromEnv(logger: Logger, env: NodeJS.ProcessEnv = process.env): SmtpMailer | undefined {
  const url = env.SMTP_URL;
  if (!url) {
    logger.warn('SMTP_URL unset: automatic emails stay in the outbox until a mail server is configured');
    return undefined;
  }
  const mailer = new SmtpMailer({ url });
  logger.info({ smtp: mailer.server }, 'automatic emails sent through SMTP');
  return mailer;
}
