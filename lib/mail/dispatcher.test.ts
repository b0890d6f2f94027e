import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, migrate, withTransaction, type Pool } from '../db.js';
import { silentLogger } from '../logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { TestSmtpServer } from '../../test/support/smtp-server.js';
import { DEDUPE_KEY_HEADER, EmailDispatcher, type EmailDispatcherOptions } from './dispatcher.js';
import { RecordingMailer, SmtpMailer } from './mailer.js';
import { enqueueEmail, InvalidEmailError, outboxEmail, PgEmailOutbox, type OutboxEmail } from './outbox.js';
import type { OrderPlacedEmailData } from './templates.js';
import { createEmailDispatch, smtpMailerFromEnv, withEmailDispatcher } from './service.js';
import type { HttpService } from '../http-server.js';
import { ManualClock } from '../clock.js';

const MIGRATIONS = fileURLToPath(new URL('../../subgraphs/payment/migrations', import.meta.url));
const OUTBOX_SQL = ['003_email_outbox.sql', '008_email_outbox_redaction.sql'].map((file) => new URL(`../../subgraphs/payment/migrations/${file}`, import.meta.url));

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let smtp: TestSmtpServer;
const mailers: SmtpMailer[] = [];
const dispatchers: EmailDispatcher[] = [];

beforeAll(async () => {
  db = await createTestDatabase('mail_outbox');
  pool = createPool(db.url, 8);
  try {
    await migrate(pool, MIGRATIONS);
  } catch {
    // another payment migration being written right now may be broken: this table alone will do
    await pool.query('DROP TABLE IF EXISTS email_outbox');
    for (const file of OUTBOX_SQL) await pool.query(await readFile(file, 'utf8'));
  }
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

beforeEach(async () => {
  await pool.query('TRUNCATE email_outbox');
  smtp = new TestSmtpServer();
  await smtp.start();
});

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
  for (const mailer of mailers.splice(0)) mailer.close();
  await smtp.stop();
});

const order = (n: number): OrderPlacedEmailData => ({
  orderId: `ord-${n}`,
  total: 1000 * n + 99,
  currency: 'EUR',
  lines: [{ name: `Item ${n}`, quantity: 1, lineTotal: 1000 * n + 99 }],
});
const placed = (n: number, to = `buyer${n}@example.com`): OutboxEmail => outboxEmail('order-placed', to, order(n), `order-placed:ord-${n}`);

function smtpMailer(): SmtpMailer {
  const mailer = new SmtpMailer({ url: smtp.url, connectionTimeoutMs: 2_000, greetingTimeoutMs: 2_000, socketTimeoutMs: 2_000 });
  mailers.push(mailer);
  return mailer;
}

function dispatcher(options: Partial<EmailDispatcherOptions> & { maxAttempts?: number } = {}): EmailDispatcher {
  const { maxAttempts, ...rest } = options;
  const d = new EmailDispatcher({
    outbox: new PgEmailOutbox(pool, { maxAttempts, logger: rest.logger }),
    mailer: smtpMailer(),
    from: 'CartStart <no-reply@cartstart.test>',
    logger: silentLogger(),
    backoff: { baseMs: 50, maxMs: 400, jitter: 0 },
    ...rest,
  });
  dispatchers.push(d);
  return d;
}

async function enqueue(...emails: OutboxEmail[]): Promise<void> {
  await withTransaction(pool, async (tx) => {
    for (const email of emails) await enqueueEmail(tx, email, new Date());
  });
}

interface Row {
  id: string;
  dedupe_key: string;
  state: string;
  attempts: number;
  rejections: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: Date | null;
}
async function rows(): Promise<Row[]> {
  return (await pool.query<Row>('SELECT * FROM email_outbox ORDER BY dedupe_key')).rows;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs the dispatcher until no row is waiting any more (PENDING/SENDING), waiting out backoffs. */
async function drain(d: EmailDispatcher, timeoutMs = 10_000): Promise<void> {
  await until(async () => {
    await d.runOnce();
    const { rows: left } = await pool.query(`SELECT 1 FROM email_outbox WHERE state IN ('PENDING','SENDING')`);
    return left.length === 0;
  }, timeoutMs);
}

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

describe('email outbox → SMTP', () => {
  it('delivers enqueued emails exactly once, with subject, recipient, Message-ID and dedupe header', async () => {
    await enqueue(placed(1), placed(2), placed(3));
    const report = await dispatcher().runOnce();
    expect(report).toEqual({ claimed: 3, sent: 3, retrying: 0, dead: 0 });
    // a second run finds nothing
    expect((await dispatcher().runOnce()).claimed).toBe(0);

    expect(smtp.received).toHaveLength(3);
    const stored = await rows();
    for (const [i, row] of stored.entries()) {
      const n = i + 1;
      expect(row).toMatchObject({ state: 'SENT', attempts: 1, rejections: 0, lease_until: null, last_error: null, message_id: `<${row.id}@cartstart>` });
      expect(row.sent_at).toBeInstanceOf(Date);
      const [received, ...again] = smtp.withMessageId(`<${row.id}@cartstart>`);
      expect(again).toHaveLength(0);
      expect(received.rcptTo).toEqual([`buyer${n}@example.com`]);
      expect(received.mailFrom).toBe('no-reply@cartstart.test');
      expect(received.headers.to).toBe(`buyer${n}@example.com`);
      expect(received.headers.subject).toBe(`Your CartStart order ord-${n} is confirmed`);
      expect(received.headers[DEDUPE_KEY_HEADER.toLowerCase()]).toBe(`order-placed:ord-${n}`);
      expect(received.headers['content-type']).toMatch(/^multipart\/alternative/);
      expect(received.body).toContain(`Total: ${10 * n}.99 EUR`);
      expect(received.body).toContain('text/html');
    }
    expect(await new PgEmailOutbox(pool).pending(new Date())).toEqual({ pending: 0, sending: 0, dead: 0, oldestWaitingSeconds: null });
  });

  it('sends one email for a dedupe key enqueued twice, and none for a rolled-back transaction', async () => {
    await enqueue(placed(7));
    await enqueue({ ...placed(7, 'someone-else@example.com'), data: order(8) });
    await expect(
      withTransaction(pool, async (tx) => {
        await enqueueEmail(tx, placed(9), new Date());
        throw new Error('the order change failed');
      }),
    ).rejects.toThrow('the order change failed');
    expect((await rows()).map((r) => r.dedupe_key)).toEqual(['order-placed:ord-7']);

    await dispatcher().runOnce();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].rcptTo).toEqual(['buyer7@example.com']);
    // enqueued again after it was sent: still a no-op
    await enqueue(placed(7));
    expect((await dispatcher().runOnce()).claimed).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('keeps emails while the mail server is down and delivers each once when it is back (same port)', async () => {
    await enqueue(placed(1), placed(2), placed(3));
    await smtp.stop();
    const { logger, lines } = capturingLogger();
    // a manual clock: "not due yet" and "due" are decided by this test, not by how busy the machine is
    const clock = new ManualClock(new Date());
    // maxAttempts 2: an unreachable server never dead-letters, however many tries
    const d = dispatcher({ maxAttempts: 2, logger, clock });

    const before = clock.now().getTime();
    expect(await d.runOnce()).toEqual({ claimed: 3, sent: 0, retrying: 3, dead: 0 });
    let stored = await rows();
    for (const row of stored) {
      expect(row).toMatchObject({ state: 'PENDING', attempts: 1, rejections: 0, lease_until: null });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
      // first backoff: 50 ms
      expect(row.next_attempt_at.getTime()).toBe(before + 50);
    }
    // not due yet: nothing is tried
    expect((await d.runOnce()).claimed).toBe(0);
    expect(lines.filter((l) => l.msg === 'mail server unavailable: emails wait in the outbox')).toHaveLength(1);
    expect(lines.find((l) => l.msg === 'mail server unavailable: emails wait in the outbox')).toMatchObject({ emails: 3 });

    // more tries than maxAttempts, backing off 50 → 100 → 200 ms
    await until(async () => {
      clock.advance(1_000);
      await d.runOnce();
      return (await rows()).every((r) => r.attempts >= 4);
    });
    stored = await rows();
    expect(stored.every((r) => r.state === 'PENDING' && r.rejections === 0)).toBe(true);
    expect(await new PgEmailOutbox(pool).pending(new Date())).toMatchObject({ pending: 3, sending: 0, dead: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(lines.some((l) => l.level === 50)).toBe(false);

    await smtp.start();
    clock.advance(1_000);
    await drain(d);
    expect(smtp.received).toHaveLength(3);
    for (const row of await rows()) {
      expect(row.state).toBe('SENT');
      expect(smtp.withMessageId(`<${row.id}@cartstart>`)).toHaveLength(1);
    }
  });

  it('two dispatchers on the same table deliver each email exactly once', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => placed(i + 1));
    await enqueue(...emails);
    const otherPool = createPool(db.url, 4);
    try {
      const a = dispatcher({ batchSize: 5 });
      const b = new EmailDispatcher({
        outbox: new PgEmailOutbox(otherPool),
        mailer: smtpMailer(),
        from: 'CartStart <no-reply@cartstart.test>',
        logger: silentLogger(),
        batchSize: 5,
      });
      dispatchers.push(b);
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      expect(ra.sent + rb.sent).toBe(40);
      expect(ra.sent).toBeGreaterThan(0);
      expect(rb.sent).toBeGreaterThan(0);
    } finally {
      await otherPool.end();
    }
    expect(smtp.received).toHaveLength(40);
    const ids = new Set(smtp.received.map((m) => m.headers['message-id']));
    expect(ids.size).toBe(40);
    expect((await rows()).every((r) => r.state === 'SENT' && r.attempts === 1)).toBe(true);
  });

  it('concurrent claims never hand out the same row twice (SKIP LOCKED)', async () => {
    await enqueue(...Array.from({ length: 60 }, (_, i) => placed(i + 1)));
    const outbox = new PgEmailOutbox(pool);
    const claims = await Promise.all(Array.from({ length: 8 }, () => outbox.claimDue(10, new Date(), 60_000)));
    const ids = claims.flat().map((c) => c.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it('dead-letters after maxAttempts temporary refusals, and at once on a permanent one; others are delivered', async () => {
    smtp.refuseRecipient = (address) =>
      address.startsWith('full') ? { code: 452, message: 'mailbox full, try later' } : address.startsWith('ghost') ? { code: 550, message: 'no such user' } : undefined;
    await enqueue(placed(1), placed(2, 'full@example.com'), placed(3, 'ghost@example.com'));
    const { logger, lines } = capturingLogger();
    const d = dispatcher({ maxAttempts: 3, logger });

    expect(await d.runOnce()).toEqual({ claimed: 3, sent: 1, retrying: 1, dead: 1 });
    await drain(d);
    const [ok, full, ghost] = await rows();
    expect(ok.state).toBe('SENT');
    expect(full).toMatchObject({ state: 'DEAD', attempts: 3, rejections: 3, lease_until: null });
    expect(full.last_error).toContain('452 mailbox full');
    expect(ghost).toMatchObject({ state: 'DEAD', attempts: 1, rejections: 1 });
    expect(ghost.last_error).toContain('550 no such user');
    expect(smtp.received.map((m) => m.rcptTo[0])).toEqual(['buyer1@example.com']);

    const dead = lines.filter((l) => l.msg?.toString().startsWith('email dead-lettered'));
    expect(dead.map((l) => [l.level, l.dedupeKey])).toEqual([
      [50, 'order-placed:ord-3'],
      [50, 'order-placed:ord-2'],
    ]);
    const outbox = new PgEmailOutbox(pool);
    expect(await outbox.pending(new Date())).toMatchObject({ pending: 0, dead: 2 });

    // an operator requeues them once the mailbox has room
    smtp.refuseRecipient = undefined;
    expect(await outbox.requeueDead(new Date(), [full.id])).toBe(1);
    await drain(d);
    expect((await rows())[1].state).toBe('SENT');
    expect(smtp.received.map((m) => m.rcptTo[0])).toEqual(['buyer1@example.com', 'full@example.com']);
  });

  it('dead-letters a row its template cannot render (data changed behind its back)', async () => {
    await enqueue(placed(1));
    await pool.query(`UPDATE email_outbox SET data = data - 'orderId'`);
    expect(await dispatcher().runOnce()).toMatchObject({ sent: 0, dead: 1 });
    const [row] = await rows();
    expect(row.state).toBe('DEAD');
    expect(row.last_error).toContain('order-placed.orderId must be a non-empty string');
    expect(smtp.received).toHaveLength(0);
  });

  it('re-claims a row whose replica died mid-send; the dead claim is fenced out; a repeat keeps the Message-ID', async () => {
    await enqueue(placed(1));
    const outbox = new PgEmailOutbox(pool);
    // replica A claims, hands the email to the server, and dies before markSent (the one window)
    const [claimA] = await outbox.claimDue(10, new Date(), 100);
    const recorder = new RecordingMailer();
    const sentByA = await recorder.send({ from: 'x@cartstart.test', to: claimA.to, subject: 's', text: 't', html: 'h', messageId: `<${claimA.id}@cartstart>`, headers: {} });
    // not due while the lease runs
    const b = dispatcher({ leaseMs: 60_000 });
    expect((await b.runOnce()).claimed).toBe(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(await b.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'SENT', attempts: 2 });
    // the repeat carries the same Message-ID, so a receiver can tell it is the same email
    expect(smtp.received[0].headers['message-id']).toBe(sentByA.messageId);
    // A's late failure report changes nothing
    expect(await outbox.markFailed(claimA.id, 'late', new Date(), { attempt: claimA.attempts, kind: 'REJECTED' })).toBeNull();
    expect((await rows())[0].state).toBe('SENT');
  });

  it('runs on its own once started; kick() sends right after a commit', async () => {
    const d = dispatcher({ intervalMs: 60_000 });
    d.start();
    await new Promise((r) => setTimeout(r, 50));
    const enqueuedAt = Date.now();
    await enqueue(placed(1));
    d.kick();
    await until(() => smtp.received.length === 1, 5_000);
    expect(Date.now() - enqueuedAt).toBeLessThan(2_000);
    await d.stop();
    expect((await rows())[0].state).toBe('SENT');
  });
});

describe('secrets do not linger in the outbox', () => {
  const CODE = 'K7QM-2XWP-9RTV-HB4C';
  const gift = (to: string, code: string | null, key: string): OutboxEmail =>
    outboxEmail('gift-certificate-received', to, { amount: 4000, currency: 'USD', code, message: 'Happy birthday!', expiresAt: new Date('2030-01-01T00:00:00Z'), claimUrl: null }, key);

  interface DataRow {
    id: string;
    dedupe_key: string;
    state: string;
    data: Record<string, unknown>;
    message_id: string | null;
    redacted_at: Date | null;
  }
  async function row(dedupeKey: string): Promise<DataRow> {
    return (await pool.query<DataRow>('SELECT id, dedupe_key, state, data, message_id, redacted_at FROM email_outbox WHERE dedupe_key = $1', [dedupeKey])).rows[0];
  }

  it('a gift code is delivered over SMTP, then gone from the row; the rest of the data, Message-ID and dedupe key stay', async () => {
    await enqueue(gift('friend@example.com', CODE, 'gift-certificate-received:bought'), gift('owner@example.com', null, 'gift-certificate-received:issued'), placed(1));
    // while it waits (and while it is being sent) the code is there: it is what gets sent
    expect((await row('gift-certificate-received:bought')).data.code).toBe(CODE);
    const claimed = await new PgEmailOutbox(pool).claimDue(10, new Date(), 60_000);
    expect(claimed.find((c) => c.dedupeKey === 'gift-certificate-received:bought')?.data.code).toBe(CODE);
    await pool.query(`UPDATE email_outbox SET state = 'PENDING', lease_until = NULL, next_attempt_at = now() - interval '1 second'`);

    expect(await dispatcher().runOnce()).toMatchObject({ sent: 3, dead: 0 });
    const [received, ...again] = smtp.received.filter((m) => m.rcptTo.includes('friend@example.com'));
    expect(again).toEqual([]);
    expect(received.body).toContain(CODE);

    const bought = await row('gift-certificate-received:bought');
    expect(bought.state).toBe('SENT');
    expect(bought.data).toEqual({ amount: 4000, currency: 'USD', message: 'Happy birthday!', expiresAt: '2030-01-01T00:00:00.000Z', claimUrl: null });
    expect(JSON.stringify(bought)).not.toContain(CODE);
    expect(bought.redacted_at).toBeInstanceOf(Date);
    expect(bought.message_id).toBe(`<${bought.id}@cartstart>`);
    expect(received.headers['message-id']).toBe(bought.message_id);
    expect(received.headers[DEDUPE_KEY_HEADER.toLowerCase()]).toBe('gift-certificate-received:bought');
    // nowhere else in the table either
    expect(JSON.stringify((await pool.query('SELECT * FROM email_outbox')).rows)).not.toContain(CODE);

    // an email without a secret: nothing of value removed, not marked redacted; other templates untouched
    const issued = await row('gift-certificate-received:issued');
    expect(issued).toMatchObject({ state: 'SENT', redacted_at: null, data: { amount: 4000, currency: 'USD', message: 'Happy birthday!' } });
    expect(issued.data.code ?? null).toBeNull();
    expect((await row('order-placed:ord-1')).data).toEqual(order(1));
    // the dedupe key still dedupes
    await enqueue(gift('friend@example.com', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', 'gift-certificate-received:bought'));
    expect((await row('gift-certificate-received:bought')).data.code).toBeUndefined();
  });

  it('a temporary refusal keeps the code for the retry; a dead-lettered gift email loses it and stays dead', async () => {
    let refusals = 1;
    smtp.refuseRecipient = (address) => {
      if (address.startsWith('ghost')) return { code: 550, message: 'no such user' };
      if (address.startsWith('busy') && refusals-- > 0) return { code: 451, message: 'try again later' };
      return undefined;
    };
    await enqueue(gift('busy@example.com', CODE, 'gift:busy'), gift('ghost@example.com', 'GH0S-TGH0-STGH-0ST1', 'gift:ghost'));
    const d = dispatcher();
    expect(await d.runOnce()).toMatchObject({ sent: 0, retrying: 1, dead: 1 });
    // back to PENDING: still holds its code
    expect(await row('gift:busy')).toMatchObject({ state: 'PENDING', redacted_at: null, data: { code: CODE } });
    // DEAD: the code is gone at once
    const ghost = await row('gift:ghost');
    expect(ghost).toMatchObject({ state: 'DEAD', data: { amount: 4000, currency: 'USD', message: 'Happy birthday!' } });
    expect(ghost.data).not.toHaveProperty('code');
    expect(ghost.redacted_at).toBeInstanceOf(Date);

    await drain(d);
    expect(smtp.received.map((m) => m.rcptTo[0])).toEqual(['busy@example.com']);
    expect(smtp.received[0].body).toContain(CODE);
    expect(await row('gift:busy')).toMatchObject({ state: 'SENT', data: { amount: 4000 } });
    expect((await row('gift:busy')).data).not.toHaveProperty('code');

    // sent again it would lack its code: an operator's requeue leaves it dead
    smtp.refuseRecipient = undefined;
    const outbox = new PgEmailOutbox(pool);
    expect(await outbox.requeueDead(new Date(), [ghost.id])).toBe(0);
    expect(await outbox.requeueDead(new Date())).toBe(0);
    expect((await row('gift:ghost')).state).toBe('DEAD');
  });
});

describe('enqueueEmail', () => {
  it('refuses bad input before writing anything', async () => {
    const now = new Date();
    await expect(enqueueEmail(pool, { ...placed(1), template: 'order-lost' as never }, now)).rejects.toThrow(InvalidEmailError);
    for (const to of ['', 'not-an-address', 'a@b', 'a b@example.com', 'x@example.com\r\nBcc: y@example.com', 'Name <a@example.com>']) {
      await expect(enqueueEmail(pool, { ...placed(1), to }, now)).rejects.toThrow('malformed recipient');
    }
    await expect(enqueueEmail(pool, { ...placed(1), dedupeKey: '' }, now)).rejects.toThrow('dedupeKey');
    await expect(enqueueEmail(pool, { ...placed(1), data: { ...order(1), lines: [] } }, now)).rejects.toThrow('order-placed.lines must be a non-empty list');
    expect(await rows()).toHaveLength(0);
    // a Date in the data is stored as its ISO string and renders
    await enqueueEmail(pool, outboxEmail('gift-certificate-received', ' friend@example.com ', { amount: 2500, currency: 'EUR', expiresAt: new Date('2027-01-01T00:00:00Z') }, 'gift:1'), now);
    const { rows: [gift] } = await pool.query<{ recipient: string; data: { expiresAt: string } }>('SELECT recipient, data FROM email_outbox');
    expect(gift).toEqual({ recipient: 'friend@example.com', data: { amount: 2500, currency: 'EUR', expiresAt: '2027-01-01T00:00:00.000Z' } });
  });
});

describe('wiring into a service', () => {
  it('starts the dispatcher when the service listens, stops it before it closes, reports the outbox in health', async () => {
    const calls: string[] = [];
    const http = {
      server: undefined as never,
      url: 'http://127.0.0.1:1/graphql',
      listen: async () => (calls.push('listen'), 'http://127.0.0.1:1/graphql'),
      close: async () => void calls.push('close'),
    } satisfies HttpService;
    const email = createEmailDispatch({ pool, logger: silentLogger(), mailer: smtpMailer(), intervalMs: 30 });
    const service = withEmailDispatcher(http, email.dispatcher);
    expect(service.emailDispatcher).toBe(email.dispatcher);
    await enqueue(placed(1));
    expect(await email.health()).toMatchObject({ pending: 1, sending: 0, dead: 0, dispatcher: 'running' });
    expect(smtp.received).toHaveLength(0);
    await service.listen();
    await until(() => smtp.received.length === 1, 5_000);
    expect(smtp.received[0].headers.from).toBe('CartStart <no-reply@cartstart.local>');
    await service.close();
    expect(calls).toEqual(['listen', 'close']);
    expect(await email.health()).toEqual({ pending: 0, sending: 0, dead: 0, oldestWaitingSeconds: null, dispatcher: 'running' });
  });

  it('without a mailer nothing is sent and nothing is dropped', async () => {
    const { logger, lines } = capturingLogger();
    expect(smtpMailerFromEnv(logger, {})).toBeUndefined();
    expect(lines.map((l) => l.msg)).toEqual(['SMTP_URL unset: automatic emails stay in the outbox until a mail server is configured']);
    const email = createEmailDispatch({ pool, logger: silentLogger() });
    expect(email.dispatcher).toBeUndefined();
    await enqueue(placed(1));
    expect(await email.health()).toMatchObject({ pending: 1, dispatcher: 'no mailer' });
  });
});
