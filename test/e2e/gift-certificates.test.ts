import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pool } from '../../lib/db.js';
import { SmtpMailer } from '../../lib/mail/mailer.js';
import { expectBooksSound } from '../../subgraphs/payment/testing/gift-assertions.js';
import { startTestExchange } from '../support/exchange.js';
import { asStore, graphql, HOLD, orderSettled, Shopper } from '../support/graphql-client.js';
import { plainTextOf, TestSmtpServer, type ReceivedEmail } from '../support/smtp-server.js';
import { until } from '../support/wait.js';

/**
 * Gift certificates end to end, through the gateway: an operator issues one to an
 * account, a guest buys one for the same person (the code arrives by email at a real SMTP
 * server started here), the recipient claims it, spends both at checkout (the
 * soonest-expiring first), and returns give the money back to the certificates. The
 * payment subgraph's ledger is checked after every step.
 */

type Exchange = Awaited<ReturnType<typeof startTestExchange>>;
let exchange: Exchange;
let smtp: TestSmtpServer;
let mailer: SmtpMailer;
/** The exchange's own pool on the payment subgraph's database. */
let paymentPool: Pool;

const DAY = 86_400_000;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: new Date().getFullYear() + 2, cvc: '123' };
const REGISTER = `mutation($e: String!, $p: String!) { register(email: $e, password: $p) { __typename ... on SessionGranted { token session { account { id } } } ... on ErrorResult { code message } } }`;
const CERTIFICATE = `id initialAmount { amount currency } balance { amount currency } expiresAt state source claimedAt`;
const ISSUE = `mutation($input: IssueGiftCertificateInput!) { issueGiftCertificate(input: $input) { __typename ... on GiftCertificate { ${CERTIFICATE} } ... on ErrorResult { code message } } }`;
const BUY = `mutation($input: BuyGiftCertificateInput!) { buyGiftCertificate(input: $input) { __typename
  ... on GiftCertificatePurchase { certificate { ${CERTIFICATE} } amountCharged { amount currency } recipientEmail } ... on ErrorResult { code message } } }`;
const CLAIM = `mutation($code: String!) { claimGiftCertificate(code: $code) { __typename ... on GiftCertificate { ${CERTIFICATE} } ... on ErrorResult { code message } ... on RateLimitedError { retryAfterSeconds } } }`;
const BALANCE = `{ giftBalance { total { amount currency } certificates { ${CERTIFICATE} } } }`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id status total { amount currency } giftCertificateAmount { amount } cardAmount { amount } payment { amount { amount } } parts { id store { id } lines { id sku lineTotal { amount } } } }
  ... on ErrorResult { code message } } }`;
const SHIP = `mutation($input: ShipItemsInput!) { shipItems(input: $input) { __typename ... on Shipment { id } ... on ErrorResult { code message } } }`;
const RETURN = `mutation($input: LinesInput!) { receiveReturn(input: $input) { __typename ... on ReturnReceived { refunds { id amount { amount } giftCertificateAmount { amount } } } ... on ErrorResult { code message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status transactions { id kind status amount { amount } giftCertificateAmount { amount } } } }`;

const mailsTo = (address: string): ReceivedEmail[] => smtp.receivedBy(address);

async function register(email: string): Promise<{ shopper: Shopper; accountId: string }> {
  const shopper = new Shopper(exchange.gatewayUrl);
  const res = await shopper.send(REGISTER, { e: email, p: 'correct horse battery staple' });
  expect(res.data.register.__typename, JSON.stringify(res.data.register)).toBe('SessionGranted');
  shopper.token = res.data.register.token;
  return { shopper, accountId: res.data.register.session.account.id };
}

async function asOperator(query: string, variables: Record<string, unknown>) {
  const res = await graphql(exchange.gatewayUrl, query, variables, { 'x-operator-key': exchange.operatorKey! });
  expect(res.errors).toBeUndefined();
  return res.data;
}

async function send(shopper: Shopper, query: string, variables?: Record<string, unknown>) {
  const res = await shopper.send(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

async function itemsOf(storeId: string): Promise<{ sku: string; price: number }[]> {
  const res = await graphql(exchange.gatewayUrl, `query($id: ID!) { store(id: $id) { items(first: 50) { edges { node { sku price { amount } } } } } }`, { id: storeId });
  return res.data.store.items.edges.map((e: any) => ({ sku: e.node.sku, price: e.node.price.amount }));
}

async function hold(shopper: Shopper, storeId: string, sku: string, quantity: number) {
  const res = await shopper.send(HOLD, { input: { storeId, sku, quantity, idempotencyKey: randomUUID() } });
  expect(res.data.hold.__typename, JSON.stringify(res.data.hold)).toBe('Ticket');
}

const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.status}:${t.amount.amount}+gift${t.giftCertificateAmount.amount}`);

beforeAll(async () => {
  smtp = new TestSmtpServer();
  await smtp.start();
  mailer = new SmtpMailer({ url: smtp.url, connectionTimeoutMs: 2_000, greetingTimeoutMs: 2_000, socketTimeoutMs: 2_000 });
  exchange = await startTestExchange({ mailer, mailFrom: 'CartStart Gifts <gifts@cartstart.test>', emailDispatchIntervalMs: 50 });
  paymentPool = exchange.paymentPool;
});

afterAll(async () => {
  await exchange?.dispose();
  mailer?.close();
  await smtp?.stop();
});

describe('gift certificates through the gateway, with a real SMTP server', () => {
  it('issued and bought certificates make one balance, spent soonest-expiring first; returns credit them back', async () => {
    const recipientEmail = `recipient-${randomBytes(4).toString('hex')}@example.com`;
    const { shopper: recipient, accountId } = await register(recipientEmail);

    // 1. an operator issues 15.00 expiring in 3 days straight to the account: the account's email is told (no code)
    const issued = (await asOperator(ISSUE, { input: { accountId, amount: 1500, currency: 'USD', expiresAt: new Date(Date.now() + 3 * DAY).toISOString(), message: 'Welcome!', idempotencyKey: randomUUID() } }))
      .issueGiftCertificate;
    expect(issued).toMatchObject({ __typename: 'GiftCertificate', state: 'ACTIVE', source: 'ISSUED', balance: { amount: 1500, currency: 'USD' } });
    const [issuedMail] = await until('the issued certificate email', () => mailsTo(recipientEmail).length >= 1 && mailsTo(recipientEmail), 15_000);
    expect(issuedMail.headers.subject).toMatch(/^You received a CartStart gift certificate worth /);
    const issuedText = plainTextOf(issuedMail);
    expect(issuedText).toContain('Welcome!');
    expect(issuedText).toContain('already in your CartStart account');
    expect(issuedText).not.toMatch(/code:/i);
    await expectBooksSound(paymentPool);

    // 2. a guest buys 40.00 for the same person: charged at once; the code goes to the recipient's email only
    const buyer = await new Shopper(exchange.gatewayUrl).startGuest();
    const bought = (await send(buyer, BUY, { input: { amount: 4000, currency: 'USD', recipientEmail, message: 'Enjoy', payment: { card: VISA }, idempotencyKey: randomUUID() } })).buyGiftCertificate;
    expect(bought).toMatchObject({ __typename: 'GiftCertificatePurchase', amountCharged: { amount: 4000, currency: 'USD' }, certificate: { state: 'UNCLAIMED', source: 'PURCHASED' } });
    const purchaseMail = (await until('the purchased certificate email', () => mailsTo(recipientEmail).length >= 2 && mailsTo(recipientEmail), 15_000))[1];
    const code = /code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(plainTextOf(purchaseMail))?.[1];
    expect(code, plainTextOf(purchaseMail)).toBeDefined();
    expect(JSON.stringify(bought)).not.toContain(code);
    // delivered: the code no longer lingers in the outbox (the rest of the email's data does)
    const outboxRow = await until('the gift email SENT in the outbox', async () => {
      const { rows } = await paymentPool.query<{ state: string; data: Record<string, unknown>; message_id: string }>(
        `SELECT state, data, message_id FROM email_outbox WHERE dedupe_key = $1`,
        [`gift-certificate-received:${bought.certificate.id}`],
      );
      return rows[0]?.state === 'SENT' ? rows[0] : undefined;
    }, 15_000);
    expect(outboxRow.data).toMatchObject({ amount: 4000, currency: 'USD', message: 'Enjoy' });
    expect(outboxRow.data).not.toHaveProperty('code');
    expect(JSON.stringify(outboxRow)).not.toContain(code!);
    expect(purchaseMail.headers['message-id']).toBe(outboxRow.message_id);
    await expectBooksSound(paymentPool);

    // 3. the recipient claims it: the balance is two certificates, the soonest-expiring first
    const claimed = (await send(recipient, CLAIM, { code })).claimGiftCertificate;
    expect(claimed).toMatchObject({ __typename: 'GiftCertificate', id: bought.certificate.id, state: 'ACTIVE' });
    expect((await send(recipient, CLAIM, { code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateClaimedError' });
    let balance = (await send(recipient, BALANCE)).giftBalance;
    expect(balance.total).toEqual([{ amount: 5500, currency: 'USD' }]);
    expect(balance.certificates.map((c: any) => [c.id, c.balance.amount])).toEqual([[issued.id, 1500], [bought.certificate.id, 4000]]);

    // 4. a checkout spanning both expiries: the issued one (soonest) is spent whole, the bought one
    //    pays the rest and keeps its remainder; nothing is left for a card, so none is given
    const books = (await itemsOf('store-a')).filter((i) => i.price > 0);
    const item = books.find((i) => i.price + 500 > 1500 && i.price + 500 < 5500) ?? books[0];
    const quantity = Math.max(1, Math.ceil((1501 - 500) / item.price));
    const total1 = item.price * quantity + 500;
    expect(total1).toBeGreaterThan(1500);
    expect(total1).toBeLessThan(5500);
    await hold(recipient, 'store-a', item.sku, quantity);
    const order1 = (await send(recipient, CHECKOUT, { input: { idempotencyKey: randomUUID(), useGiftBalance: true } })).checkout;
    expect(order1).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED', total: { amount: total1 }, giftCertificateAmount: { amount: total1 }, cardAmount: { amount: 0 }, payment: null });
    balance = (await send(recipient, BALANCE)).giftBalance;
    expect(balance.certificates.map((c: any) => [c.id, c.balance.amount])).toEqual([[bought.certificate.id, 5500 - total1]]);
    await expectBooksSound(paymentPool);

    // 5. shipped: the gift part is captured (no card involved); returned: the refund goes back to the
    //    certificates, the latest-expiring first (the bought one, up to what it paid)
    const storeA = asStore(exchange, 'store-a');
    const part1 = order1.parts[0];
    expect((await storeA(SHIP, { input: { storeOrderId: part1.id, carrier: 'UPS', trackingNumber: '1ZGIFT0001', idempotencyKey: randomUUID() } })).shipItems.__typename).toBe('Shipment');
    let read = await orderSettled(recipient, ORDER, order1.id);
    expect(summary(read.transactions)).toEqual([`AUTHORIZATION:SUCCEEDED:0+gift${total1}`, `CAPTURE:SUCCEEDED:0+gift${total1}`]);
    await expectBooksSound(paymentPool);
    const line = part1.lines[0];
    const returned = (await storeA(RETURN, { input: { storeOrderId: part1.id, lineIds: [line.id], idempotencyKey: randomUUID() } })).receiveReturn;
    expect(returned.refunds.map((r: any) => [r.amount.amount, r.giftCertificateAmount.amount])).toEqual([[0, line.lineTotal.amount]]);
    read = await orderSettled(recipient, ORDER, order1.id);
    expect(read.status).toBe('RETURNED');
    const paidByBought = total1 - 1500;
    const backToBought = Math.min(line.lineTotal.amount, paidByBought);
    const backToIssued = line.lineTotal.amount - backToBought;
    balance = (await send(recipient, BALANCE)).giftBalance;
    expect(Object.fromEntries(balance.certificates.map((c: any) => [c.id, c.balance.amount]))).toEqual({
      ...(backToIssued > 0 ? { [issued.id]: backToIssued } : {}),
      [bought.certificate.id]: 5500 - total1 + backToBought,
    });
    await expectBooksSound(paymentPool);

    // 6. a checkout worth more than the balance: the balance pays first, the card the rest
    const giftLeft = balance.total[0].amount;
    const hardware = (await itemsOf('store-b')).filter((i) => i.price > 0);
    const tool = hardware[0];
    const toolQuantity = Math.max(1, Math.ceil((giftLeft + 1 - 500) / tool.price));
    const total2 = tool.price * toolQuantity + 500;
    await hold(recipient, 'store-b', tool.sku, toolQuantity);
    const order2 = (await send(recipient, CHECKOUT, { input: { idempotencyKey: randomUUID(), useGiftBalance: true, payment: { card: VISA } } })).checkout;
    expect(order2).toMatchObject({ __typename: 'Order', total: { amount: total2 }, giftCertificateAmount: { amount: giftLeft }, cardAmount: { amount: total2 - giftLeft }, payment: { amount: { amount: total2 - giftLeft } } });
    expect(exchange.paymentProvider.authorizations.find((a) => a.idempotencyKey === order2.id)?.amount).toBe(total2 - giftLeft);
    expect((await send(recipient, BALANCE)).giftBalance).toEqual({ total: [], certificates: [] });
    const storeB = asStore(exchange, 'store-b');
    const part2 = order2.parts[0];
    expect((await storeB(SHIP, { input: { storeOrderId: part2.id, carrier: 'DHL', trackingNumber: 'JDGIFT0002', idempotencyKey: randomUUID() } })).shipItems.__typename).toBe('Shipment');
    read = await orderSettled(recipient, ORDER, order2.id);
    expect(summary(read.transactions)).toEqual([`AUTHORIZATION:SUCCEEDED:${total2 - giftLeft}+gift${giftLeft}`, `CAPTURE:SUCCEEDED:${total2 - giftLeft}+gift${giftLeft}`]);
    await expectBooksSound(paymentPool);

    // 7. returned too: gift first (what the certificates paid), the rest to the card
    const line2 = part2.lines[0];
    const returned2 = (await storeB(RETURN, { input: { storeOrderId: part2.id, lineIds: [line2.id], idempotencyKey: randomUUID() } })).receiveReturn;
    const gift2 = Math.min(line2.lineTotal.amount, giftLeft);
    expect(returned2.refunds.map((r: any) => [r.amount.amount, r.giftCertificateAmount.amount])).toEqual([[line2.lineTotal.amount - gift2, gift2]]);
    await orderSettled(recipient, ORDER, order2.id);
    expect((await send(recipient, BALANCE)).giftBalance.total).toEqual([{ amount: gift2, currency: 'USD' }]);
    await expectBooksSound(paymentPool);
  });

  it('claims are rate limited through the gateway (per account and client IP): past the limit even the right code is refused', async () => {
    const recipientEmail = `limited-${randomBytes(4).toString('hex')}@example.com`;
    const { shopper: recipient } = await register(recipientEmail);
    const buyer = await new Shopper(exchange.gatewayUrl).startGuest();
    const bought = (await send(buyer, BUY, { input: { amount: 1000, currency: 'USD', recipientEmail, payment: { card: VISA }, idempotencyKey: randomUUID() } })).buyGiftCertificate;
    const mail = (await until('the gift email', () => mailsTo(recipientEmail).length >= 1 && mailsTo(recipientEmail), 15_000))[0];
    const code = /code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(plainTextOf(mail))![1];
    // (the gateway passes the client's IP: this client's earlier refusals count too)
    let refused = 0;
    for (; refused <= 5; refused++) {
      const res = (await send(recipient, CLAIM, { code: `WR0N-GC0D-E000-000${refused}` })).claimGiftCertificate;
      if (res.code === 'RATE_LIMITED') break;
      expect(res).toMatchObject({ code: 'GIFT_CERTIFICATE_NOT_FOUND' });
    }
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThanOrEqual(5);
    const limited = (await send(recipient, CLAIM, { code })).claimGiftCertificate;
    expect(limited).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect((await send(recipient, BALANCE)).giftBalance.certificates.map((c: any) => c.id)).not.toContain(bought.certificate.id);
    await expectBooksSound(paymentPool);
  });
});
