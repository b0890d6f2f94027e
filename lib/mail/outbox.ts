/**
 * The outbox of the automatic emails. Code that changes an order (or issues a gift
 * certificate) calls enqueueEmail with its own transaction client: the email row commits
 * or rolls back with the change itself, so an email is never lost (the mail server being
 * down only delays it) and never told about a change that did not happen. A dispatcher
 * (./dispatcher.ts) sends the rows. Table: email_outbox (payment migrations 003, 008).
 *
 * Secrets do not linger: a template's secret fields (EMAIL_SECRET_FIELDS in ./templates.ts,
 * e.g. a gift certificate's code) are removed from a row's data in the very update that moves
 * it to SENT or DEAD. Its other data, dedupe key and Message-ID (from the row id) stay.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import type { Logger } from '../logger.js';
import type { MailFailureKind } from './mailer.js';
import { EMAIL_SECRET_FIELDS, isEmailTemplate, renderEmail, TemplateError, type EmailTemplate, type EmailTemplateData } from './templates.js';

export type { EmailTemplate, EmailTemplateData, GiftCertificateReceivedEmailData, OrderPlacedEmailData, OrderShippedEmailData, PaymentNeededEmailData } from './templates.js';

export interface OutboxEmail {
  template: EmailTemplate;
  /** The recipient's address: `someone@example.com`. */
  to: string;
  /** What the template shows (see the data types in ./templates.ts); stored as JSON. */
  data: Record<string, unknown>;
  /** unique per logical email, e.g. 'order-placed:<orderId>'; a second enqueue with the same key is a no-op */
  dedupeKey: string;
}

/** An OutboxEmail whose data is checked against its template's type at compile time. */
export function outboxEmail<T extends EmailTemplate>(template: T, to: string, data: EmailTemplateData[T], dedupeKey: string): OutboxEmail {
  return { template, to, data, dedupeKey };
}

/** Refused by enqueueEmail before anything is written (a programming error in the caller). */
export class InvalidEmailError extends Error {
  override readonly name = 'InvalidEmailError';
}

// Rough on purpose: one address, no display name, no spaces or control characters.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/**
 * Adds an email to the outbox, inside the caller's transaction (pass the transaction's
 * client). A second enqueue with the same dedupeKey is a no-op, whatever its content.
 * Throws InvalidEmailError, before touching the database, on an unknown template, a
 * malformed address or key, or data the template cannot render (it is rendered once here,
 * exactly as the dispatcher will, so a mistake fails in the caller's tests, not later).
 */
export async function enqueueEmail(db: Queryable, email: OutboxEmail, now: Date): Promise<void> {
  const { template, dedupeKey } = email;
  if (!isEmailTemplate(template)) throw new InvalidEmailError(`unknown email template ${JSON.stringify(template)}`);
  const to = typeof email.to === 'string' ? email.to.trim() : '';
  if (to.length > 254 || !ADDRESS.test(to)) throw new InvalidEmailError(`${template}: malformed recipient address ${JSON.stringify(email.to)}`);
  if (typeof dedupeKey !== 'string' || dedupeKey.length < 1 || dedupeKey.length > 300 || /[\u0000-\u001f\u007f]/.test(dedupeKey)) {
    throw new InvalidEmailError(`${template}: dedupeKey must be 1-300 characters without control characters`);
  }
  // what the dispatcher will read back: JSON (a Date becomes its ISO string)
  let json: string;
  try {
    json = JSON.stringify(email.data);
    renderEmail(template, JSON.parse(json) as Record<string, unknown>);
  } catch (error) {
    throw new InvalidEmailError(error instanceof TemplateError ? error.message : `${template}: data is not JSON: ${(error as Error).message}`, { cause: error });
  }
  await db.query(
    `INSERT INTO email_outbox (id, dedupe_key, template, recipient, data, state, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, 'PENDING', $6, $6)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [randomUUID(), dedupeKey, template, to, json, now],
  );
}

export type EmailState = 'PENDING' | 'SENDING' | 'SENT' | 'DEAD';

/** A row claimed for sending, under a lease until `leaseUntil`. */
export interface ClaimedEmail {
  id: string;
  dedupeKey: string;
  template: EmailTemplate;
  to: string;
  data: Record<string, unknown>;
  /** Tries so far, this one included; also the claim's token for markFailed. */
  attempts: number;
  rejections: number;
  leaseUntil: Date;
  createdAt: Date;
}

export interface OutboxCounts {
  pending: number;
  sending: number;
  dead: number;
  /** Age of the oldest email not sent yet (PENDING or SENDING), null when none. */
  oldestWaitingSeconds: number | null;
}

/** The outbox as the dispatcher uses it. */
export interface EmailOutbox {
  claimDue(limit: number, now: Date, leaseMs: number): Promise<ClaimedEmail[]>;
  markSent(id: string, messageId: string, now: Date): Promise<boolean>;
  markFailed(id: string, error: string, nextAttemptAt: Date, failure: { attempt: number; kind: MailFailureKind }): Promise<EmailState | null>;
  pending(now: Date): Promise<OutboxCounts>;
}

export interface PgEmailOutboxOptions {
  /** Refusals (REJECTED failures) after which an email is DEAD (default 20). */
  maxAttempts?: number;
  logger?: Logger;
}

export const DEFAULT_MAX_ATTEMPTS = 20;

/** Every template's secret fields, as the SQL below reads them (`$n::jsonb -> template`). */
const SECRET_FIELDS_JSON = JSON.stringify(EMAIL_SECRET_FIELDS);
/** The row's template's secret fields (text[]), given SECRET_FIELDS_JSON as parameter `$n`. */
const secretsOf = (n: number) => `ARRAY(SELECT jsonb_array_elements_text(coalesce($${n}::jsonb -> template, '[]'::jsonb)))`;
/** True when the row's data holds a secret (a non-null value in one of its secret fields). */
const holdsSecret = (n: number) => `EXISTS (SELECT 1 FROM jsonb_each(data) AS f WHERE f.key = ANY (${secretsOf(n)}) AND f.value <> 'null'::jsonb)`;

interface OutboxRow {
  id: string;
  dedupe_key: string;
  template: EmailTemplate;
  recipient: string;
  data: Record<string, unknown>;
  attempts: number;
  rejections: number;
  lease_until: Date;
  created_at: Date;
}

export class PgEmailOutbox implements EmailOutbox {
  readonly maxAttempts: number;

  constructor(
    private readonly db: Queryable,
    private readonly options: PgEmailOutboxOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, got ${this.maxAttempts}`);
  }

  /**
   * Claims up to `limit` due emails (PENDING whose time came, or SENDING whose lease ran
   * out) for `leaseMs`: state SENDING, attempts + 1, next_attempt_at = lease_until. SKIP
   * LOCKED: replicas claiming at the same moment take different rows and never wait on
   * each other; a row another replica just claimed is no longer due when re-checked.
   */
  async claimDue(limit: number, now: Date, leaseMs: number): Promise<ClaimedEmail[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const { rows } = await this.db.query<OutboxRow>(
      `WITH due AS (
         SELECT id FROM email_outbox
         WHERE state IN ('PENDING','SENDING') AND next_attempt_at <= $1
         ORDER BY next_attempt_at
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE email_outbox o
       SET state = 'SENDING', attempts = o.attempts + 1, lease_until = $3, next_attempt_at = $3
       FROM due WHERE o.id = due.id
       RETURNING o.id, o.dedupe_key, o.template, o.recipient, o.data, o.attempts, o.rejections, o.lease_until, o.created_at`,
      [now, limit, leaseUntil],
    );
    return rows
      .map((r) => ({ id: r.id, dedupeKey: r.dedupe_key, template: r.template, to: r.recipient, data: r.data, attempts: r.attempts, rejections: r.rejections, leaseUntil: r.lease_until, createdAt: r.created_at }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /**
   * The mail server accepted the email: SENT, whoever holds the row now (a replica whose
   * lease ran out and that re-sent it included: the email went out, which is what SENT
   * says), its secret fields removed from its data. False when it was SENT already.
   */
  async markSent(id: string, messageId: string, now: Date): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE email_outbox SET state = 'SENT', message_id = $2, sent_at = $3, lease_until = NULL, last_error = NULL,
         data = data - ${secretsOf(4)},
         redacted_at = CASE WHEN ${holdsSecret(4)} THEN $3 ELSE redacted_at END
       WHERE id = $1 AND state <> 'SENT'`,
      [id, messageId, now, SECRET_FIELDS_JSON],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /**
   * A try failed: back to PENDING until `nextAttemptAt`, or DEAD (PERMANENT, or the
   * maxAttempts-th REJECTED; its secret fields are then removed from its data, as for SENT).
   * UNAVAILABLE tries do not count toward maxAttempts. Only the
   * claim that made try `attempt` may do this (a replica whose lease ran out and was
   * re-claimed elsewhere changes nothing): returns the new state, null when fenced out.
   */
  async markFailed(id: string, error: string, nextAttemptAt: Date, failure: { attempt: number; kind: MailFailureKind }): Promise<EmailState | null> {
    const dead = `($4 = 'PERMANENT' OR ($4 = 'REJECTED' AND rejections + 1 >= $5))`;
    const { rows } = await this.db.query<{ state: EmailState; dedupe_key: string; template: string; attempts: number; rejections: number }>(
      `UPDATE email_outbox
       SET rejections = rejections + CASE WHEN $4 = 'UNAVAILABLE' THEN 0 ELSE 1 END,
           state = CASE WHEN ${dead} THEN 'DEAD' ELSE 'PENDING' END,
           data = CASE WHEN ${dead} THEN data - ${secretsOf(7)} ELSE data END,
           redacted_at = CASE WHEN ${dead} AND ${holdsSecret(7)} THEN now() ELSE redacted_at END,
           next_attempt_at = $3, lease_until = NULL, last_error = left($2, 2000)
       WHERE id = $1 AND state = 'SENDING' AND attempts = $6
       RETURNING state, dedupe_key, template, attempts, rejections`,
      [id, error, nextAttemptAt, failure.kind, this.maxAttempts, failure.attempt, SECRET_FIELDS_JSON],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.state === 'DEAD') {
      // the recipient is personal data: the id and key find it
      this.options.logger?.error(
        { emailId: id, dedupeKey: row.dedupe_key, template: row.template, attempts: row.attempts, rejections: row.rejections, failure: failure.kind, error },
        'email dead-lettered: it will not be sent (requeueDead sends it again)',
      );
    }
    return row.state;
  }

  /** Counts of emails not sent yet, for /health. */
  async pending(now: Date): Promise<OutboxCounts> {
    const { rows } = await this.db.query<{ pending: number; sending: number; dead: number; oldest: Date | null }>(
      `SELECT (SELECT count(*) FROM email_outbox WHERE state = 'PENDING') AS pending,
              (SELECT count(*) FROM email_outbox WHERE state = 'SENDING') AS sending,
              (SELECT count(*) FROM email_outbox WHERE state = 'DEAD') AS dead,
              (SELECT min(created_at) FROM email_outbox WHERE state IN ('PENDING','SENDING')) AS oldest`,
    );
    const { pending, sending, dead, oldest } = rows[0];
    return { pending, sending, dead, oldestWaitingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null };
  }

  /**
   * Operator action: DEAD emails (all, or these ids) back to PENDING, due now. Returns how
   * many. A row whose secrets were removed when it died (redacted_at) stays DEAD: sent now it
   * would lack them (a gift certificate's code is gone for good; the certificate needs a new
   * one).
   */
  async requeueDead(now: Date, ids?: string[]): Promise<number> {
    const result = await this.db.query(
      `UPDATE email_outbox SET state = 'PENDING', rejections = 0, next_attempt_at = $1
       WHERE state = 'DEAD' AND redacted_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))`,
      [now, ids ?? null],
    );
    return result.rowCount ?? 0;
  }
}
