import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../lib/db.js';
import { DEDUPE_KEY_HEADER } from '../../lib/mail/dispatcher.js';
import { SmtpMailer } from '../../lib/mail/mailer.js';
import { escapeHtml } from '../../lib/mail/templates.js';
import { expectLedgerBalanced } from '../../subgraphs/payment/testing/ledger-assertions.js';
import { startTestExchange } from '../support/exchange.js';
import { asStore, graphql, HOLD, orderSettled, Shopper } from '../support/graphql-client.js';
import { htmlOf, plainTextOf, TestSmtpServer, type ReceivedEmail } from '../support/smtp-server.js';
import { until } from '../support/wait.js';

/**
 * The automatic order emails end to end: the gateway takes the checkout and the stores'
 * shipments, the payment subgraph writes each email to its outbox in the same transaction,
 * and its dispatcher delivers them to a real SMTP server started here (smtp-server).
 */

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;
let smtp: TestSmtpServer;
let mailer: SmtpMailer;
/** The exchange's own pool on the payment subgraph's database. */
let paymentPool: Pool;

const MAIL_FROM = 'CartStart Orders <orders@cartstart.test>';
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order { id status total { amount currency } parts { id store { id } lines { id sku name quantity } } }
      ... on ErrorResult { code message }
    }
  }
`;
const SHIP = /* GraphQL */ `
  mutation Ship($input: ShipItemsInput!) {
    shipItems(input: $input) { __typename ... on Shipment { id carrier trackingNumber lines { lineId } } ... on ErrorResult { code message } }
  }
`;
const ORDER_TRANSACTIONS = /* GraphQL */ `
  query Order($id: ID!) { order(id: $id) { id status transactions { id kind status } } }
`;

interface OutboxRow {
  id: string;
  dedupe_key: string;
  template: string;
  recipient: string;
  state: string;
  attempts: number;
  rejections: number;
  last_error: string | null;
  message_id: string | null;
}

/** A fresh recipient per scenario, so each only looks at its own emails. */
const recipient = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.com`;
const mailsTo = (address: string): ReceivedEmail[] => smtp.receivedBy(address);

async function outboxOf(orderId: string): Promise<OutboxRow[]> {
  const { rows } = await paymentPool.query<OutboxRow>(
    `SELECT id, dedupe_key, template, recipient, state, attempts, rejections, last_error, message_id
     FROM email_outbox WHERE data->>'orderId' = $1 ORDER BY created_at, dedupe_key`,
    [orderId],
  );
  return rows;
}

async function firstItems(storeId: string, n: number): Promise<{ sku: string; name: string }[]> {
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!, $n: Int) { store(id: $id) { items(first: $n) { edges { node { sku name } } } } }`, { id: storeId, n });
  expect(res.errors).toBeUndefined();
  return res.data.store.items.edges.map((e: any) => e.node);
}

/** A guest holds `quantity` of each item and checks out with `contactEmail`. */
async function placeOrder(storeId: string, items: { sku: string; quantity: number }[], contactEmail: string) {
  const shopper = await new Shopper(exchange.gatewayUrl).startGuest();
  for (const { sku, quantity } of items) {
    const res = await shopper.send(HOLD, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } });
    expect(res.data.hold.__typename, JSON.stringify(res.data.hold)).toBe('Ticket');
  }
  const res = await shopper.send(CHECKOUT, { input: { idempotencyKey: randomUUID(), payment: { card: VISA }, contactEmail } });
  expect(res.errors).toBeUndefined();
  const order = res.data.checkout;
  expect(order.__typename, JSON.stringify(order)).toBe('Order');
  const part = order.parts.find((p: any) => p.store.id === storeId);
  const lineOf = (sku: string) => part.lines.find((l: any) => l.sku === sku) as { id: string; name: string; quantity: number };
  return { shopper, order, part, lineOf };
}

/** Every received Message-ID is unique (no email was delivered twice), and each is an outbox row's. */
async function expectEachEmailOnce(address: string, rows: OutboxRow[]) {
  const received = mailsTo(address);
  const ids = received.map((m) => m.headers['message-id']);
  expect(new Set(ids).size, `Message-IDs received for ${address}: ${ids.join(', ')}`).toBe(ids.length);
  expect(received).toHaveLength(rows.length);
  for (const row of rows) {
    expect(row).toMatchObject({ state: 'SENT', rejections: 0, message_id: `<${row.id}@cartstart>` });
    const [email, ...again] = smtp.withMessageId(row.message_id!);
    expect(again, `${row.dedupe_key} delivered more than once`).toHaveLength(0);
    expect(email.rcptTo).toEqual([address]);
    expect(email.headers[DEDUPE_KEY_HEADER.toLowerCase()]).toBe(row.dedupe_key);
  }
  // across the whole file too
  const all = smtp.received.map((m) => m.headers['message-id']);
  expect(new Set(all).size).toBe(all.length);
}

/** Starts the SMTP server again on its last port (retrying briefly should the port still be held). */
async function restartSmtpOnSamePort(port: number) {
  await until(`the SMTP server to listen on port ${port} again`, async () => {
    try {
      await smtp.start(port);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return undefined;
      throw error;
    }
  }, 5_000);
  expect(smtp.port).toBe(port);
}

beforeAll(async () => {
  smtp = new TestSmtpServer();
  await smtp.start();
  // short timeouts: a down server fails a send at once (connection refused) anyway
  mailer = new SmtpMailer({ url: smtp.url, connectionTimeoutMs: 2_000, greetingTimeoutMs: 2_000, socketTimeoutMs: 2_000 });
  exchange = await startTestExchange({ mailer, mailFrom: MAIL_FROM, emailDispatchIntervalMs: 50 });
  paymentPool = exchange.paymentPool;
});

afterAll(async () => {
  await exchange?.dispose();
  mailer?.close();
  await smtp?.stop();
});

describe('order emails through the gateway, to a real SMTP server', () => {
  it('order placed once; one shipped email per shipment with carrier and tracking number; a repeated shipment sends nothing', async () => {
    const to = recipient('buyer');
    const [first, second] = await firstItems('store-a', 2);
    const { shopper, order, part, lineOf } = await placeOrder('store-a', [{ sku: first.sku, quantity: 2 }, { sku: second.sku, quantity: 1 }], to);
    const line1 = lineOf(first.sku);
    const line2 = lineOf(second.sku);
    expect([line1.name, line2.name]).toEqual([first.name, second.name]);

    // order placed: exactly one email, with the order id and the lines' names
    const [placed] = await until('the order-placed email', () => mailsTo(to).length >= 1 && mailsTo(to));
    expect(placed.headers.subject).toBe(`Your CartStart order ${order.id} is confirmed`);
    expect(placed.headers.to).toBe(to);
    expect(placed.headers.from).toBe(MAIL_FROM);
    expect(placed.mailFrom).toBe('orders@cartstart.test');
    expect(placed.headers[DEDUPE_KEY_HEADER.toLowerCase()]).toBe(`order-placed:${order.id}`);
    const placedText = plainTextOf(placed);
    expect(placedText).toContain(`Order ${order.id}`);
    expect(placedText).toContain(`2 x ${first.name}`);
    expect(placedText).toContain(`1 x ${second.name}`);
    const placedHtml = htmlOf(placed);
    expect(placedHtml).toContain(`<strong>Order ${order.id}</strong>`);
    for (const { name } of [first, second]) expect(placedHtml).toContain(`<td>${escapeHtml(name)}</td>`);

    // part of it ships: one 'order shipped' email with the carrier and tracking number
    const storeA = asStore(exchange, 'store-a');
    const firstShip = { storeOrderId: part.id, lineIds: [line1.id], carrier: 'UPS', trackingNumber: '1ZEMAIL0001', idempotencyKey: randomUUID() };
    const shipment1 = (await storeA(SHIP, { input: firstShip })).shipItems;
    expect(shipment1).toMatchObject({ __typename: 'Shipment', carrier: 'UPS', trackingNumber: '1ZEMAIL0001', lines: [{ lineId: line1.id }] });
    const shipped1 = (await until('the first order-shipped email', () => mailsTo(to).length >= 2 && mailsTo(to)))[1];
    expect(shipped1.headers.subject).toBe(`Your CartStart order ${order.id} has shipped from store-a`);
    expect(shipped1.headers[DEDUPE_KEY_HEADER.toLowerCase()]).toBe(`order-shipped:${shipment1.id}`);
    const shipped1Text = plainTextOf(shipped1);
    expect(shipped1Text).toContain(order.id);
    expect(shipped1Text).toContain('Carrier: UPS');
    expect(shipped1Text).toContain('Tracking number: 1ZEMAIL0001');
    expect(shipped1Text).toContain(`2 x ${first.name}`);
    expect(shipped1Text).not.toContain(second.name);

    // the rest ships: a second shipped email
    const secondShip = { storeOrderId: part.id, carrier: 'DHL Express', trackingNumber: 'JD014600006281', idempotencyKey: randomUUID() };
    const shipment2 = (await storeA(SHIP, { input: secondShip })).shipItems;
    expect(shipment2).toMatchObject({ __typename: 'Shipment', lines: [{ lineId: line2.id }] });
    const shipped2 = (await until('the second order-shipped email', () => mailsTo(to).length >= 3 && mailsTo(to)))[2];
    expect(shipped2.headers.subject).toBe(`Your CartStart order ${order.id} has shipped from store-a`);
    expect(shipped2.headers[DEDUPE_KEY_HEADER.toLowerCase()]).toBe(`order-shipped:${shipment2.id}`);
    const shipped2Text = plainTextOf(shipped2);
    expect(shipped2Text).toContain('Carrier: DHL Express');
    expect(shipped2Text).toContain('Tracking number: JD014600006281');
    expect(shipped2Text).toContain(`1 x ${second.name}`);
    expect(shipped2Text).not.toContain(first.name);

    // the same shipments again, same idempotency keys: the first results, no new email
    expect((await storeA(SHIP, { input: secondShip })).shipItems).toMatchObject({ __typename: 'Shipment', id: shipment2.id });
    expect((await storeA(SHIP, { input: firstShip })).shipItems).toMatchObject({ __typename: 'Shipment', id: shipment1.id });
    const rows = await until('every email of the order to be marked SENT', async () => {
      const current = await outboxOf(order.id);
      return current.every((r) => r.state === 'SENT') && current;
    });
    expect(rows.map((r) => r.dedupe_key).sort()).toEqual([`order-placed:${order.id}`, `order-shipped:${shipment1.id}`, `order-shipped:${shipment2.id}`].sort());
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    // nothing is waiting in the outbox, so nothing more can be sent; a few dispatch runs confirm it
    await new Promise((r) => setTimeout(r, 300));
    expect(await outboxOf(order.id)).toHaveLength(3);
    await expectEachEmailOnce(to, rows);

    const read = await orderSettled(shopper, ORDER_TRANSACTIONS, order.id);
    expect(read.status).toBe('FULFILLED');
    await expectLedgerBalanced(paymentPool);
  });

  it('with the mail server down nothing is lost: the emails wait in the outbox and each arrives once when it is back on the same port', async () => {
    const to = recipient('patient');
    const port = smtp.port;
    await smtp.stop();

    const [first, second] = await firstItems('store-b', 2);
    const { shopper, order, part, lineOf } = await placeOrder('store-b', [{ sku: first.sku, quantity: 1 }, { sku: second.sku, quantity: 3 }], to);
    const storeB = asStore(exchange, 'store-b');
    const shipment1 = (await storeB(SHIP, { input: { storeOrderId: part.id, lineIds: [lineOf(first.sku).id], carrier: 'GLS', trackingNumber: 'GLS-0001', idempotencyKey: randomUUID() } })).shipItems;
    expect(shipment1.__typename).toBe('Shipment');
    const shipment2 = (await storeB(SHIP, { input: { storeOrderId: part.id, carrier: 'GLS', trackingNumber: 'GLS-0002', idempotencyKey: randomUUID() } })).shipItems;
    expect(shipment2.__typename).toBe('Shipment');

    // the dispatcher tried each and failed (connection refused): all three wait, PENDING
    const waiting = await until('the three emails to be tried and left PENDING', async () => {
      const rows = await outboxOf(order.id);
      return rows.length === 3 && rows.every((r) => r.state === 'PENDING' && r.attempts >= 1) && rows;
    });
    expect(waiting.map((r) => r.dedupe_key).sort()).toEqual([`order-placed:${order.id}`, `order-shipped:${shipment1.id}`, `order-shipped:${shipment2.id}`].sort());
    for (const row of waiting) {
      expect(row).toMatchObject({ recipient: to, rejections: 0, message_id: null });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
    }
    expect(mailsTo(to)).toHaveLength(0);

    // the mail server is back on the same port: every email arrives, once
    const backAt = Date.now();
    await restartSmtpOnSamePort(port);
    await until('the three emails to arrive', () => mailsTo(to).length >= 3, 10_000);
    const rows = await until('every email of the order to be marked SENT', async () => {
      const current = await outboxOf(order.id);
      return current.every((r) => r.state === 'SENT') && current;
    });
    expect(Date.now() - backAt).toBeLessThan(10_000);
    await expectEachEmailOnce(to, rows);
    const subjects = mailsTo(to).map((m) => m.headers.subject).sort();
    expect(subjects).toEqual([`Your CartStart order ${order.id} has shipped from store-b`, `Your CartStart order ${order.id} has shipped from store-b`, `Your CartStart order ${order.id} is confirmed`]);
    const trackingNumbers = mailsTo(to).map((m) => /Tracking number: (\S+)/.exec(plainTextOf(m))?.[1]).filter(Boolean).sort();
    expect(trackingNumbers).toEqual(['GLS-0001', 'GLS-0002']);

    const read = await orderSettled(shopper, ORDER_TRANSACTIONS, order.id);
    expect(read.status).toBe('FULFILLED');
    await expectLedgerBalanced(paymentPool);
  });
});
