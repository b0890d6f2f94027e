import { createTransport } from 'nodemailer';

/** One email as the dispatcher hands it to a mailer. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The Message-ID header, angle brackets included: `<id@domain>`. */
  messageId: string;
  headers: Record<string, string>;
}

/** Sends email (the port the outbox dispatcher uses). Resolves once the server accepted the message. */
export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/**
 * Why a send failed, which decides what the outbox does with the email:
 * - UNAVAILABLE: the mail server could not be reached or would not talk to us (refused,
 *   timed out, TLS or login failed). Not the email's fault: it waits and is retried, never
 *   dead-lettered, however long the outage.
 * - REJECTED: the server refused this email for now (4xx), or the failure is unknown. Retried;
 *   counts toward the outbox's maxAttempts.
 * - PERMANENT: the server refused this email for good (5xx on its sender, recipients or
 *   content). Retrying cannot help: dead-lettered at once.
 */
export type MailFailureKind = 'UNAVAILABLE' | 'REJECTED' | 'PERMANENT';

export class MailSendError extends Error {
  override readonly name = 'MailSendError';
  constructor(
    message: string,
    readonly kind: MailFailureKind,
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface SmtpMailerOptions {
  /** smtp://[user:pass@]host:port (smtps:// for implicit TLS); query options as nodemailer reads them. */
  url: string;
  /** Waiting for the TCP connection (default 10 s). */
  connectionTimeoutMs?: number;
  /** Waiting for the server's greeting once connected (default 10 s). */
  greetingTimeoutMs?: number;
  /** Inactivity on an open connection (default 10 s). */
  socketTimeoutMs?: number;
}

/**
 * Sends through an SMTP server with nodemailer: one connection per message (automatic
 * emails are few; nothing to keep open while the server is down). Timeouts are short so a
 * stuck server never holds a send (and the outbox lease it runs under) for long.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: ReturnType<typeof createTransport>;
  /** host:port, for logs (never the URL: it may carry credentials). */
  readonly server: string;

  constructor(options: SmtpMailerOptions | string) {
    const { url, connectionTimeoutMs = 10_000, greetingTimeoutMs = 10_000, socketTimeoutMs = 10_000 } = typeof options === 'string' ? { url: options } : options;
    const parsed = new URL(url);
    if (!['smtp:', 'smtps:'].includes(parsed.protocol)) throw new Error(`SMTP URL must start with smtp:// or smtps://, got ${parsed.protocol}//`);
    this.server = `${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)}`;
    this.transport = createTransport({
      url,
      connectionTimeout: connectionTimeoutMs,
      greetingTimeout: greetingTimeoutMs,
      socketTimeout: socketTimeoutMs,
      // a hung close must not keep a failed send waiting
      socketCloseTimeout: 1_000,
    });
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    try {
      const info = await this.transport.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: message.headers,
      });
      return { messageId: info.messageId || message.messageId };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** A nodemailer error as a MailSendError (see MailFailureKind). */
export function classifySmtpError(error: unknown): MailSendError {
  const { code, responseCode, message } = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  const text = message ?? String(error);
  // the server answered about this message: its sender, recipients (EENVELOPE) or content (EMESSAGE)
  if (code === 'EENVELOPE' || code === 'EMESSAGE') {
    const kind = responseCode !== undefined && responseCode >= 500 && responseCode < 600 ? 'PERMANENT' : 'REJECTED';
    return new MailSendError(text, kind, responseCode, { cause: error });
  }
  return new MailSendError(text, 'UNAVAILABLE', responseCode, { cause: error });
}

/**
 * Keeps what it is given (unit tests). `failWith` makes sends fail: return an error to
 * throw for a message, or undefined to accept it.
 */
export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failWith: ((message: MailMessage) => Error | undefined) | undefined;

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const error = this.failWith?.(message);
    if (error) throw error;
    this.sent.push(message);
    return { messageId: message.messageId };
  }
}
