import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { MoneyMovementJob } from './domain/money-movement-job.js';
import type { PaymentProvider } from './domain/payment-provider.js';
import { PgLedger } from './infra/pg-ledger.js';
import { PgMoneyMovementQueue } from './infra/pg-money-movement-queue.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPaymentServer, migratePayment, type PaymentServer } from './server.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { FaultyPaymentProvider } from './testing/faulty-payment-provider.js';
import { expectBooksSound } from './testing/gift-assertions.js';
import { InMemoryAccountContacts } from './testing/memory-account-contacts.js';
import { twoStoreCatalog } from './testing/catalog.js';
import { VOID } from './testing/documents.js';
import { issueShopperWithGift } from './testing/gift-shoppers.js';
import { orderSteps } from './testing/order-steps.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';
import { renderEmail } from '../../lib/mail/templates.js';

/**
 * A shipment's card payment that does not go through (money-plan.ts, settlement.ts
 * `giftFallbackOf`): its gift certificate part is recognised all the same (a gift-only
 * capture), only the card part is left unpaid (Order.unpaidAmount, logged at error); a
 * refund or void whose provider call fails still gives its gift part back.
 */
const IDENTITY_KEY = 'unpaid-shipments-test-identity-key';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
/** approves at checkout, declines the new (merchant-initiated) authorizations of partial shipments */
const DECLINES_LATER = { number: '4000 0000 0000 0341', expMonth: 12, expYear: YEAR, cvc: '123' };
const OPERATOR: Identity = { kind: 'OPERATOR' };

const TX = `id kind status amount { amount } giftCertificateAmount { amount } parentId shipmentId storeId lastError`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id status total { amount } giftCertificateAmount { amount } cardAmount { amount } unpaidAmount { amount currency } parts { id store { id } lines { id sku } } }
  ... on ErrorResult { code message } } }`;
const RETURN = `mutation($input: LinesInput!) { receiveReturn(input: $input) { __typename ... on ReturnReceived { refunds { ${TX} } } ... on ErrorResult { code message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status unpaidAmount { amount currency } payment { status } transactions { ${TX} } } }`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let server: PaymentServer;
let url: string;
let tickets: FakeTicketCheckout;
let sandbox: SandboxPaymentProvider;
let contacts: InMemoryAccountContacts;

const { ok } = signedGraphqlCaller(() => url, IDENTITY_KEY);

const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });

const shopperWithGift = (gift: number) => issueShopperWithGift({ ok, contacts, operator: OPERATOR }, gift);

const { placeOrder, ship, receive } = orderSteps({ ok, tickets: () => tickets, checkout: CHECKOUT, returnDocument: RETURN, card: VISA });

async function voidLines(storeId: string, storeOrderId: string, lineIds: string[]) {
  expect((await ok(store(storeId), VOID, { input: { storeOrderId, lineIds, idempotencyKey: randomUUID() } })).voidItems.__typename).toBe('ItemsVoided');
}

const readOrder = async (shopper: Identity, id: string) => (await ok(shopper, ORDER, { id })).order;
const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.status}:${t.amount.amount}+gift${t.giftCertificateAmount.amount}`);
const drain = () => server.moneyMovement.runOnce();

/** The 'payment-needed' emails (lib/mail/templates) in the outbox about this order. */
async function paymentNeededEmails(orderId: string) {
  const { rows } = await pool.query<{ dedupe_key: string; template: string; recipient: string; data: Record<string, unknown> }>(
    `SELECT dedupe_key, template, recipient, data FROM email_outbox WHERE template = 'payment-needed' AND data ->> 'orderId' = $1 ORDER BY created_at, dedupe_key`,
    [orderId],
  );
  return rows.map((r) => ({ ...r, rendered: renderEmail('payment-needed', r.data) }));
}

async function balanceOf(certificateId: string): Promise<number> {
  const { rows } = await pool.query<{ balance: number }>(`SELECT balance FROM gift_certificates WHERE id = $1`, [certificateId]);
  return rows[0].balance;
}

/** A money movement job of its own: its logs are kept, its provider may be faulty; it gives a row up after one failed call. */
function job(provider: PaymentProvider = sandbox) {
  const records: { level: number; msg: string; [k: string]: unknown }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => records.push(JSON.parse(line)) });
  return { job: new MoneyMovementJob({ queue: new PgMoneyMovementQueue(pool), provider, clock: systemClock, logger, options: { maxAttempts: 1 } }), records };
}

beforeAll(async () => {
  db = await createTestDatabase('unpaid_shipments');
  pool = createPool(db.url, 20);
  await migratePayment(pool);
  const inventory = twoStoreCatalog();
  tickets = new FakeTicketCheckout(inventory);
  sandbox = new SandboxPaymentProvider();
  contacts = new InMemoryAccountContacts();
  server = createPaymentServer({
    pool,
    inventory,
    tickets,
    paymentProvider: sandbox,
    accountContacts: contacts,
    identityKey: IDENTITY_KEY,
    logger: silentLogger(),
    defaultShipping: { flatAmount: 500 },
    moneyMovement: { autoStart: false },
  });
  url = await server.listen(0);
});

afterEach(async () => {
  await drain();
  const pending = await pool.query(`SELECT kind, last_error FROM financial_transactions WHERE status = 'PENDING'`);
  expect(pending.rows).toEqual([]);
  await expectBooksSound(pool);
});

afterAll(async () => {
  await server?.close();
  await pool?.end();
  await db?.drop();
});

describe("a shipment's card payment that does not go through", () => {
  it('a partial shipment whose new authorization is DECLINED: its gift part is captured anyway, the card part is unpaid (unpaidAmount, logged at error, a payment-needed email); a waiting return gives back what the gift paid for', async () => {
    const { shopper, certificateId } = await shopperWithGift(1000);
    // book-1 1999 + hammer 2500 + shipping 500 + 500 = 5499: gift 1000, card 4499
    const { order, part, line } = await placeOrder(shopper, [['store-a', 'book-1', 1], ['store-b', 'hammer', 1]], DECLINES_LATER, 'ann@example.com');
    expect(order).toMatchObject({ status: 'AUTHORIZED', total: { amount: 5499 }, giftCertificateAmount: { amount: 1000 }, cardAmount: { amount: 4499 }, unpaidAmount: { amount: 0, currency: 'USD' } });
    const first = await ship('store-a', part('store-a').id);
    expect(first.amount.amount).toBe(2499);
    // book-1 comes back before the shipment's money moved: its refund waits for the capture
    const returned = await receive('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    expect(summary(returned.refunds)).toEqual(['REFUND:PENDING:999+gift1000']);

    // the shipment's card authorization (2499 − 1000 of gift) is declined
    const { job: declining, records } = job();
    expect(await declining.runOnce()).toMatchObject({ declined: 1, failed: 0 });
    let read = await readOrder(shopper, order.id);
    const giftCapture = read.transactions.find((t: any) => t.kind === 'CAPTURE');
    expect(summary(read.transactions)).toEqual([
      'AUTHORIZATION:SUCCEEDED:4499+gift1000',
      'AUTHORIZATION:DECLINED:1499+gift1000',
      'REFUND:SUCCEEDED:0+gift800',
      'CAPTURE:SUCCEEDED:0+gift1000',
    ]);
    // the gift part is recognised by a capture of no authorization, for the shipment
    expect(giftCapture).toMatchObject({ parentId: null, shipmentId: first.id, storeId: 'store-a' });
    const ledger = new PgLedger(pool);
    expect((await ledger.journal('CAPTURE', giftCapture.id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'liability:gift-certificates', amount: 1000, currency: 'USD' },
        // its share of the shipment (1000 of 2499): items 800, fee 40 (5% of them), shipping 200
        { account: 'liability:store-payable:store-a', amount: -960, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: -40, currency: 'USD' },
      ]),
    );
    // the waiting refund moved to it: it gives back to the gift certificates what the gift paid of book-1 (800), the card nothing
    const refund = read.transactions.find((t: any) => t.kind === 'REFUND');
    expect(refund).toMatchObject({ id: returned.refunds[0].id, parentId: giftCapture.id });
    expect((await ledger.journal('REFUND', refund.id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'liability:gift-certificates', amount: -800, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: 760, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: 40, currency: 'USD' },
      ]),
    );
    expect(await balanceOf(certificateId)).toBe(800);
    expect(read.unpaidAmount).toEqual({ amount: 1499, currency: 'USD' });
    expect(records.filter((r) => r.level === 50 && /unpaid/.test(r.msg))).toEqual([
      expect.objectContaining({ orderId: order.id, shipmentId: first.id, status: 'DECLINED', unpaid: 1499, giftRecognised: 1000 }),
    ]);
    // the shopper is asked to pay it (payUnpaidBalance), once, committed with the decline
    const declinedAuthorization = read.transactions.find((t: any) => t.kind === 'AUTHORIZATION' && t.status === 'DECLINED');
    let emails = await paymentNeededEmails(order.id);
    expect(emails).toEqual([
      expect.objectContaining({ dedupe_key: `payment-needed:${declinedAuthorization.id}`, template: 'payment-needed', recipient: 'ann@example.com', data: { orderId: order.id, amount: 1499, currency: 'USD' } }),
    ]);
    expect(emails[0].rendered.text).toContain('Amount unpaid: 14.99 USD');
    expect(emails[0].rendered.text).toContain(order.id);
    expect(emails[0].rendered.text).toContain('Please pay it from your order page');
    // no card data in it (the card ends 0341)
    expect(JSON.stringify(emails[0])).not.toMatch(/0341|4000 ?0000|tok_/);
    await expectBooksSound(pool);

    // the next shipment does not get the gift part (it was taken): its card authorization is for all of it, and is declined too
    const second = await ship('store-b', part('store-b').id);
    expect(await declining.runOnce()).toMatchObject({ declined: 1, succeeded: 1 });
    read = await readOrder(shopper, order.id);
    expect(summary(read.transactions.slice(4))).toEqual(['AUTHORIZATION:DECLINED:3000+gift0', 'VOID:SUCCEEDED:4499+gift0']);
    expect(read.transactions[4].shipmentId).toBe(second.id);
    expect(read).toMatchObject({ status: 'FULFILLED', unpaidAmount: { amount: 1499 + 3000 } });
    expect(records.filter((r) => r.level === 50 && /unpaid/.test(r.msg)).map((r) => r.unpaid)).toEqual([1499, 3000]);
    // one email per declined payment: the second one's 3000 (the gift-only capture and the void asked for none)
    emails = await paymentNeededEmails(order.id);
    expect(emails.map((e) => [e.dedupe_key, e.data.amount])).toEqual([
      [`payment-needed:${declinedAuthorization.id}`, 1499],
      [`payment-needed:${read.transactions[4].id}`, 3000],
    ]);
    expect(emails[1].rendered.text).toContain('Amount unpaid: 30.00 USD');
  });

  it('an order without a contact email: its declined shipment payment is unpaid all the same, no email is enqueued', async () => {
    const { shopper } = await shopperWithGift(1000);
    const { order, part } = await placeOrder(shopper, [['store-a', 'book-1', 1], ['store-b', 'hammer', 1]], DECLINES_LATER);
    await ship('store-a', part('store-a').id);
    const { job: declining } = job();
    expect(await declining.runOnce()).toMatchObject({ declined: 1 });
    expect((await readOrder(shopper, order.id)).unpaidAmount.amount).toBe(1499);
    expect(await paymentNeededEmails(order.id)).toEqual([]);
    const { rows } = await pool.query(`SELECT 1 FROM email_outbox WHERE data ->> 'orderId' = $1`, [order.id]);
    expect(rows).toEqual([]);
  });

  it('a capture that FAILED after its last attempt: its gift part is captured anyway; a return gives back what the gift paid for', async () => {
    const { shopper, certificateId } = await shopperWithGift(300);
    // book-2 500 + shipping 500 = 1000: gift 300, card 700; shipped whole: the order's authorization is captured
    const { order, part, line } = await placeOrder(shopper, [['store-a', 'book-2', 1]], VISA, 'bob@example.com');
    const shipment = await ship('store-a', part('store-a').id);
    const { job: failing, records } = job(new FaultyPaymentProvider(sandbox).failNext('capture', Infinity, 'before'));
    expect(await failing.runOnce()).toMatchObject({ failed: 1, succeeded: 1 });
    let read = await readOrder(shopper, order.id);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:700+gift300', 'CAPTURE:FAILED:700+gift300', 'CAPTURE:SUCCEEDED:0+gift300']);
    expect(read.transactions[2]).toMatchObject({ parentId: null, shipmentId: shipment.id });
    expect(read.unpaidAmount.amount).toBe(700);
    expect(records.filter((r) => r.level === 50 && /unpaid/.test(r.msg))).toEqual([expect.objectContaining({ status: 'FAILED', unpaid: 700 })]);
    const emails = await paymentNeededEmails(order.id);
    expect(emails).toEqual([
      expect.objectContaining({ dedupe_key: `payment-needed:${read.transactions[1].id}`, recipient: 'bob@example.com', data: { orderId: order.id, amount: 700, currency: 'USD' } }),
    ]);
    expect(emails[0].rendered.html).toContain('<strong>7.00 USD</strong>');
    expect(await balanceOf(certificateId)).toBe(0);
    await expectBooksSound(pool);

    // book-2 back: refunded against the gift-only capture, up to the items it paid for (150 of its 300; the rest paid shipping)
    const returned = await receive('store-a', part('store-a').id, [line('store-a', 'book-2')]);
    expect(summary(returned.refunds)).toEqual(['REFUND:PENDING:0+gift150']);
    expect(returned.refunds[0].parentId).toBe(read.transactions[2].id);
    await drain();
    read = await readOrder(shopper, order.id);
    expect(summary(read.transactions.slice(3))).toEqual(['REFUND:SUCCEEDED:0+gift150']);
    expect(await balanceOf(certificateId)).toBe(150);
  });

  it('a refund whose provider call FAILED still gives its gift part back (a refund of the gift part alone)', async () => {
    const { shopper, certificateId } = await shopperWithGift(300);
    const { order, part, line } = await placeOrder(shopper, [['store-a', 'book-2', 1]], VISA, 'cy@example.com');
    await ship('store-a', part('store-a').id);
    await drain();
    expect(await balanceOf(certificateId)).toBe(0);
    // book-2 back: gift first (300), the card 200
    const returned = await receive('store-a', part('store-a').id, [line('store-a', 'book-2')]);
    expect(summary(returned.refunds)).toEqual(['REFUND:PENDING:200+gift300']);
    const { job: failing } = job(new FaultyPaymentProvider(sandbox).failNext('refund', Infinity, 'before'));
    expect(await failing.runOnce()).toMatchObject({ failed: 1, succeeded: 1 });
    const read = await readOrder(shopper, order.id);
    const capture = read.transactions.find((t: any) => t.kind === 'CAPTURE');
    expect(summary(read.transactions.slice(2))).toEqual(['REFUND:FAILED:200+gift300', 'REFUND:SUCCEEDED:0+gift300']);
    expect(read.transactions[3].parentId).toBe(capture.id);
    expect(await balanceOf(certificateId)).toBe(300);
    expect((await new PgLedger(pool).journal('REFUND', read.transactions[3].id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'liability:gift-certificates', amount: -300, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: 285, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: 15, currency: 'USD' },
      ]),
    );
    // a refund is no shipment left unpaid: no payment-needed email
    expect(read.unpaidAmount.amount).toBe(0);
    expect(await paymentNeededEmails(order.id)).toEqual([]);
  });

  it('a void of the order authorization whose provider call FAILED still gives its gift part back', async () => {
    const { shopper, certificateId } = await shopperWithGift(300);
    const { order, part, line } = await placeOrder(shopper, [['store-a', 'book-2', 1]], VISA, 'di@example.com');
    expect(await balanceOf(certificateId)).toBe(0);
    await voidLines('store-a', part('store-a').id, [line('store-a', 'book-2')]);
    const { job: failing } = job(new FaultyPaymentProvider(sandbox).failNext('void', Infinity, 'before'));
    expect(await failing.runOnce()).toMatchObject({ failed: 1 });
    const read = await readOrder(shopper, order.id);
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:700+gift300', 'VOID:FAILED:700+gift300']);
    expect(read).toMatchObject({ status: 'VOID', payment: { status: 'AUTHORIZED' }, unpaidAmount: { amount: 0 } });
    expect(await paymentNeededEmails(order.id)).toEqual([]);
    expect(await balanceOf(certificateId)).toBe(300);
  });
});
