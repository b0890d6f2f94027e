import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it. */
export interface ReceivedEmail {
  /** SMTP envelope */
  mailFrom: string;
  rcptTo: string[];
  /** Headers, names lower-cased, folded lines joined. */
  headers: Record<string, string>;
  /** Everything after the headers (MIME parts as sent). */
  body: string;
  raw: string;
}

export interface SmtpRefusal {
  code: number;
  message: string;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 for tests: no TLS, no auth. Collects what
 * it accepts; `refuseRecipient` makes it refuse chosen recipients (e.g. 450 or 550).
 */
export class TestSmtpServer {
  readonly received: ReceivedEmail[] = [];
  refuseRecipient: ((address: string) => SmtpRefusal | undefined) | undefined;
  private server: SMTPServer | undefined;
  private boundPort = 0;

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.boundPort}`;
  }

  /** Listens on `port` (default: a free one; the last one after a stop(), so clients find it again). */
  async start(port = this.boundPort): Promise<void> {
    if (this.server) throw new Error('already started');
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      disableReverseLookup: true,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.refuseRecipient?.(address.address);
        if (!refusal) return callback();
        const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const split = raw.indexOf('\r\n\r\n');
          const head = split === -1 ? raw : raw.slice(0, split);
          const headers: Record<string, string> = {};
          for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
            const colon = line.indexOf(':');
            if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
          }
          this.received.push({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            headers,
            body: split === -1 ? '' : raw.slice(split + 4),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => {});
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Closes the port (the server is "down" until start() again). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Received messages addressed (SMTP envelope) to `address`. */
  receivedBy(address: string): ReceivedEmail[] {
    return this.received.filter((m) => m.rcptTo.includes(address));
  }

  /** Received messages with this Message-ID header. */
  withMessageId(messageId: string): ReceivedEmail[] {
    return this.received.filter((m) => m.headers['message-id'] === messageId);
  }
}

/** The decoded text/* parts of a (possibly multipart) email, with their content types. */
export function partsOf(email: ReceivedEmail): { type: string; text: string }[] {
  const decode = (headers: Record<string, string>, body: string): string => {
    const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
    if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (encoding === 'quoted-printable') {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  };
  const parseHeaders = (head: string) => {
    const headers: Record<string, string> = {};
    for (const line of head.replace(/\r\n(?=[ \t])/g, '').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    return headers;
  };
  const parts: { type: string; text: string }[] = [];
  const walk = (headers: Record<string, string>, body: string) => {
    const type = headers['content-type'] ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const chunk of body.split(`--${boundary}`).slice(1)) {
        if (chunk.startsWith('--')) break;
        const part = chunk.replace(/^\r\n/, '').replace(/\r\n$/, '');
        const split = part.indexOf('\r\n\r\n');
        walk(parseHeaders(split === -1 ? part : part.slice(0, split)), split === -1 ? '' : part.slice(split + 4));
      }
    } else if (/^text\//i.test(type)) {
      parts.push({ type: type.split(';')[0].trim().toLowerCase(), text: decode(headers, body) });
    }
  };
  walk(email.headers, email.body);
  return parts;
}

/** The email's text/plain part, decoded. */
export function plainTextOf(email: ReceivedEmail): string {
  const part = partsOf(email).find((p) => p.type === 'text/plain');
  if (!part) throw new Error(`no text/plain part in ${email.headers['message-id']}`);
  return part.text;
}

/** The email's text/html part, decoded. */
export function htmlOf(email: ReceivedEmail): string {
  const part = partsOf(email).find((p) => p.type === 'text/html');
  if (!part) throw new Error(`no text/html part in ${email.headers['message-id']}`);
  return part.text;
}
