import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_BATCHES_PER_RUN, PeriodicJob } from '../periodic.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { MailSendError, type MailFailureKind, type Mailer } from './mailer.js';
import type { ClaimedEmail, EmailOutbox } from './outbox.js';
import { renderEmail, TemplateError } from './templates.js';

export const DEFAULT_MAIL_FROM = 'CartStart <no-reply@cartstart.local>';
export const DEDUPE_KEY_HEADER = 'X-CartStart-Dedupe-Key';

export interface BackoffOptions {
  /** Wait after the first failed try (default 1 s); doubles per try. */
  baseMs?: number;
  /** Longest wait (default 5 min). */
  maxMs?: number;
  /** Up to this fraction is added at random so replicas and rows spread out (default 0.1; 0 in tests). */
  jitter?: number;
}

export interface EmailDispatcherOptions {
  outbox: EmailOutbox;
  mailer: Mailer;
  /** The From header, e.g. 'CartStart <no-reply@cartstart.example>'. */
  from: string;
  logger: Logger;
  clock?: Clock;
  /** Pause between runs (default 1 s); kick() starts one sooner. */
  intervalMs?: number;
  /** Emails claimed (and sent in parallel) at a time (default 10). */
  batchSize?: number;
  /**
   * How long a claim is exclusive (default 2 min). Must exceed the longest send (the SMTP
   * mailer's timeouts are ~10 s per step): a send still running when it runs out may be
   * repeated by another replica. An email whose replica died waits this long.
   */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Right-hand side of the Message-ID (default 'cartstart'). */
  messageIdDomain?: string;
}

export interface DispatchReport {
  claimed: number;
  sent: number;
  /** back to PENDING, to be retried */
  retrying: number;
  dead: number;
}

/**
 * Sends the outbox's emails. Safe with any number of replicas: each claims rows under a
 * lease with SKIP LOCKED, so a row is in the hands of one replica at a time.
 *
 * Never sent twice. A row is sent only by the replica holding its lease, and marked SENT
 * right after the SMTP server accepted it (250 after DATA). One window remains: the
 * process dies (or the database is unreachable, markSent being retried briefly) after the
 * server accepted the email and before SENT is written. The row is then claimed again
 * once its lease runs out and the email goes out a second time. Such a repeat carries the
 * same Message-ID, `<outbox-id@cartstart>` (deterministic, from the row), and the same
 * X-CartStart-Dedupe-Key header, so receiving systems and mail clients that deduplicate
 * on Message-ID show it once. Closing this window entirely would need the mail server to
 * take part in our transaction, which SMTP cannot. A send is also skipped (left to a later
 * claim) when half its lease has already gone before it starts.
 *
 * Never lost. A failed send puts the row back to PENDING with an exponential backoff
 * (base → max); while the server cannot be reached the email waits however long it takes
 * (UNAVAILABLE never dead-letters). Only a permanent refusal (5xx for this email), a
 * template that cannot render its data, or maxAttempts temporary refusals make it DEAD,
 * logged at error and kept in the table (PgEmailOutbox.requeueDead sends it again).
 */
export class EmailDispatcher extends PeriodicJob<DispatchReport> {
  private readonly clock: Clock;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoff: Required<BackoffOptions>;
  private readonly messageIdDomain: string;

  constructor(private readonly options: EmailDispatcherOptions) {
    const intervalMs = options.intervalMs ?? 1_000;
    // the first run at once: emails left by a previous process go out on start
    super({ intervalMs, logger: options.logger, name: 'email dispatch', firstRunAfterMs: 0 });
    this.clock = options.clock ?? systemClock;
    this.batchSize = options.batchSize ?? 10;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.backoff = { baseMs: options.backoff?.baseMs ?? 1_000, maxMs: options.backoff?.maxMs ?? 300_000, jitter: options.backoff?.jitter ?? 0.1 };
    this.messageIdDomain = options.messageIdDomain ?? 'cartstart';
    if (!(this.batchSize >= 1) || !(this.leaseMs > 0) || !(this.intervalMs > 0)) throw new Error('batchSize, leaseMs and intervalMs must be positive');
  }

  /** One run: claims and sends batches until nothing is due (the timer calls it; tests may too). */
  override async runOnce(): Promise<DispatchReport> {
    const report: DispatchReport = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
    const unavailable: { count: number; error?: string } = { count: 0 };
    for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      const claimed = await this.options.outbox.claimDue(this.batchSize, this.clock.now(), this.leaseMs);
      report.claimed += claimed.length;
      await Promise.all(claimed.map((email) => this.deliver(email, report, unavailable)));
      if (claimed.length < this.batchSize) break;
    }
    if (unavailable.count > 0) {
      // one line per run, not one per email, while the server is down
      this.options.logger.warn({ emails: unavailable.count, error: unavailable.error }, 'mail server unavailable: emails wait in the outbox');
    }
    return report;
  }

  /** The Message-ID of an outbox row: the same for every try of the row. */
  messageIdOf(emailId: string): string {
    return `<${emailId}@${this.messageIdDomain}>`;
  }

  /** The wait before the try after try number `attempts` failed. */
  backoffMs(attempts: number): number {
    const { baseMs, maxMs, jitter } = this.backoff;
    const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempts - 1), 30));
    return Math.min(maxMs, Math.round(exponential * (1 + jitter * Math.random())));
  }

  private async deliver(email: ClaimedEmail, report: DispatchReport, unavailable: { count: number; error?: string }): Promise<void> {
    const { mailer, logger } = this.options;
    const log = logger.child({ emailId: email.id, template: email.template, attempt: email.attempts });
    try {
      let rendered;
      try {
        rendered = renderEmail(email.template, email.data);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        await this.fail(email, 'PERMANENT', `template: ${error.message}`, report);
        return;
      }
      if (this.clock.now().getTime() > email.leaseUntil.getTime() - this.leaseMs / 2) {
        // the claim is getting old (slow database, paused process): leave it to a fresh one
        log.warn('email lease half gone before sending; left to a later claim');
        return;
      }
      const messageId = this.messageIdOf(email.id);
      let accepted: { messageId: string };
      try {
        accepted = await mailer.send({
          from: this.options.from,
          to: email.to,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          messageId,
          headers: { [DEDUPE_KEY_HEADER]: email.dedupeKey },
        });
      } catch (error) {
        const kind: MailFailureKind = error instanceof MailSendError ? error.kind : 'REJECTED';
        const message = error instanceof Error ? error.message : String(error);
        if (kind === 'UNAVAILABLE') {
          unavailable.count++;
          unavailable.error ??= message;
        } else {
          log.warn({ err: error, failure: kind }, 'email not accepted by the mail server');
        }
        await this.fail(email, kind, message, report);
        return;
      }
      // Accepted: from here on the email must be recorded as SENT (see the class comment for
      // the window between the two). A short retry rides out a database blip.
      await this.markSent(email, accepted.messageId || messageId, log);
      report.sent++;
    } catch (error) {
      // a database error: the row stays SENDING and is claimed again when its lease runs out
      log.error({ err: error }, 'email dispatch failed; retried after the lease');
    }
  }

  private async fail(email: ClaimedEmail, kind: MailFailureKind, error: string, report: DispatchReport): Promise<void> {
    const next = new Date(this.clock.now().getTime() + this.backoffMs(email.attempts));
    const state = await this.options.outbox.markFailed(email.id, error, next, { attempt: email.attempts, kind });
    if (state === 'DEAD') report.dead++;
    else if (state === 'PENDING') report.retrying++;
  }

  private async markSent(email: ClaimedEmail, messageId: string, log: Logger): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.outbox.markSent(email.id, messageId, this.clock.now());
        return;
      } catch (error) {
        if (attempt >= 3) {
          // the window described on the class: the row is claimed again once its lease runs out
          log.error({ err: error }, 'email accepted by the mail server but not marked SENT: it may be sent again (same Message-ID)');
          return;
        }
        await sleep(200 * attempt);
      }
    }
  }
}
