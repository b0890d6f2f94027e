import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { MoneyMovementJob } from './domain/money-movement-job.js';
import { UnpaidBalanceService } from './domain/unpaid-balance-service.js';
import { PgLedger } from './infra/pg-ledger.js';
import { PgMoneyMovementQueue } from './infra/pg-money-movement-queue.js';
import { PgOrderRepository } from './infra/pg-order-repository.js';
import { PgUnpaidBalanceRepository } from './infra/pg-unpaid-balance-repository.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPaymentServer, migratePayment, type PaymentServer } from './server.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { FaultyPaymentProvider } from './testing/faulty-payment-provider.js';
import { expectBooksSound } from './testing/gift-assertions.js';
import { expectLedgerBalanced } from './testing/ledger-assertions.js';
import { InMemoryAccountContacts } from './testing/memory-account-contacts.js';
import { twoStoreCatalog } from './testing/catalog.js';
import { issueShopperWithGift } from './testing/gift-shoppers.js';
import { orderSteps } from './testing/order-steps.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

/**
 * payUnpaidBalance (domain/unpaid-balance.ts, unpaid-balance-service.ts): a shipment whose card
 * payment was declined left its card part unpaid (Order.unpaidAmount); the shopper pays it with
 * another card. Authorized in the request, captured by the money movement job, booked like a
 * shipment's capture; later returns of those items refund against it.
 */
const IDENTITY_KEY = 'unpaid-balance-test-identity-key';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
const MASTERCARD = { number: '5555 5555 5555 4444', expMonth: 11, expYear: YEAR, cvc: '321' };
/** declines every authorization (sandbox: card_declined) */
const DECLINING = { number: '4000 0000 0000 0002', expMonth: 12, expYear: YEAR, cvc: '123' };
/** approves at checkout, declines the new (merchant-initiated) authorizations of partial shipments */
const DECLINES_LATER = { number: '4000 0000 0000 0341', expMonth: 12, expYear: YEAR, cvc: '123' };
const OPERATOR: Identity = { kind: 'OPERATOR' };

const TX = `id kind status amount { amount } giftCertificateAmount { amount } parentId shipmentId storeId paysUnpaidBalance settledBy`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id status parts { id store { id } lines { id sku } } }
  ... on ErrorResult { code message } } }`;
const RETURN = `mutation($input: LinesInput!) { receiveReturn(input: $input) { __typename ... on ReturnReceived { refunds { ${TX} } } ... on ErrorResult { code message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status unpaidAmount { amount currency } payment { status cardLast4 } transactions { ${TX} } } }`;
const PAY = `mutation($input: PayUnpaidBalanceInput!) { payUnpaidBalance(input: $input) { __typename
  ... on Order { id unpaidAmount { amount currency } payment { cardLast4 } }
  ... on CardDeclinedError { declineCode }
  ... on CardInvalidError { reason }
  ... on NothingUnpaidError { orderId }
  ... on InvalidInputError { field }
  ... on OrderNotFoundError { id }
  ... on ErrorResult { code message } } }`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let server: PaymentServer;
let url: string;
let tickets: FakeTicketCheckout;
let sandbox: SandboxPaymentProvider;
let provider: FaultyPaymentProvider;
let contacts: InMemoryAccountContacts;

const { ok } = signedGraphqlCaller(() => url, IDENTITY_KEY);

const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });
const guest = (): Identity => ({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` });

const shopperWithGift = (gift: number) => issueShopperWithGift({ ok, contacts, operator: OPERATOR }, gift);

const { placeOrder, ship, receive } = orderSteps({ ok, tickets: () => tickets, checkout: CHECKOUT, returnDocument: RETURN, card: VISA });

const pay = async (shopper: Identity, orderId: string, card: typeof VISA, idempotencyKey = randomUUID()) => (await ok(shopper, PAY, { input: { orderId, card, idempotencyKey } })).payUnpaidBalance;
const readOrder = async (shopper: Identity, id: string) => (await ok(shopper, ORDER, { id })).order;
const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.status}:${t.amount.amount}+gift${t.giftCertificateAmount.amount}${t.paysUnpaidBalance ? ':balance' : ''}`);
const drain = () => server.moneyMovement.runOnce();

/** The dedupe keys and data of the 'payment-needed' emails in the outbox about this order. */
async function paymentNeededEmails(orderId: string) {
  const { rows } = await pool.query<{ dedupe_key: string; recipient: string; data: Record<string, unknown> }>(
    `SELECT dedupe_key, recipient, data FROM email_outbox WHERE template = 'payment-needed' AND data ->> 'orderId' = $1 ORDER BY created_at, dedupe_key`,
    [orderId],
  );
  return rows;
}

async function balanceOf(certificateId: string): Promise<number> {
  const { rows } = await pool.query<{ balance: number }>(`SELECT balance FROM gift_certificates WHERE id = $1`, [certificateId]);
  return rows[0].balance;
}

/**
 * book-1 1999 (store-a) + hammer 2500 (store-b) + shipping 500 + 500 = 5499: gift 1000, card 4499.
 * store-a ships book-1 (2499): its new card authorization (2499 − 1000 of gift) is declined, the
 * gift part is captured alone: 1499 is left unpaid.
 */
async function orderWithUnpaidShipment(options: { returnBeforeDecline?: boolean; contactEmail?: string } = {}) {
  const { shopper, certificateId } = await shopperWithGift(1000);
  const placed = await placeOrder(shopper, [['store-a', 'book-1', 1], ['store-b', 'hammer', 1]], DECLINES_LATER, options.contactEmail);
  const shipment = await ship('store-a', placed.part('store-a').id);
  if (options.returnBeforeDecline) await receive('store-a', placed.part('store-a').id, [placed.line('store-a', 'book-1')]);
  await drain();
  const read = await readOrder(shopper, placed.order.id);
  expect(read.unpaidAmount).toEqual({ amount: 1499, currency: 'USD' });
  const declined = read.transactions.find((t: any) => t.kind === 'AUTHORIZATION' && t.shipmentId === shipment.id);
  expect(declined).toMatchObject({ status: 'DECLINED', amount: { amount: 1499 }, settledBy: null });
  const giftCapture = read.transactions.find((t: any) => t.kind === 'CAPTURE' && t.shipmentId === shipment.id);
  expect(giftCapture).toMatchObject({ status: 'SUCCEEDED', amount: { amount: 0 }, giftCertificateAmount: { amount: 1000 } });
  return { ...placed, shopper, certificateId, shipment, declined, giftCapture };
}

beforeAll(async () => {
  db = await createTestDatabase('unpaid_balance');
  pool = createPool(db.url, 20);
  await migratePayment(pool);
  const inventory = twoStoreCatalog();
  tickets = new FakeTicketCheckout(inventory);
  sandbox = new SandboxPaymentProvider();
  provider = new FaultyPaymentProvider(sandbox);
  contacts = new InMemoryAccountContacts();
  server = createPaymentServer({
    pool,
    inventory,
    tickets,
    paymentProvider: provider,
    accountContacts: contacts,
    identityKey: IDENTITY_KEY,
    logger: silentLogger(),
    defaultShipping: { flatAmount: 500 },
    moneyMovement: { autoStart: false },
  });
  url = await server.listen(0);
});

afterEach(async () => {
  provider.delay(0);
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

describe('payUnpaidBalance', () => {
  it('a declined card changes nothing; a good card pays the 1499: authorized and captured, unpaidAmount 0, booked like a shipment capture; the key replays; a return refunds against the new capture', async () => {
    const { order, shopper, certificateId, shipment, declined, giftCapture, part, line } = await orderWithUnpaidShipment();

    // a declining card: typed decline, nothing else changes
    const refused = await pay(shopper, order.id, DECLINING);
    expect(refused).toMatchObject({ __typename: 'CardDeclinedError', code: 'CARD_DECLINED', declineCode: 'card_declined' });
    let read = await readOrder(shopper, order.id);
    expect(read.unpaidAmount.amount).toBe(1499);
    expect(summary(read.transactions.slice(3))).toEqual(['AUTHORIZATION:DECLINED:1499+gift0:balance']);
    expect(read.transactions.find((t: any) => t.id === declined.id).settledBy).toBeNull();

    // a good card pays it: authorized now (the shopper present), captured by the money movement job
    const key = randomUUID();
    const authorizationsBefore = sandbox.authorizationCount();
    const paid = await pay(shopper, order.id, VISA, key);
    expect(paid).toMatchObject({ __typename: 'Order', id: order.id, unpaidAmount: { amount: 0, currency: 'USD' } });
    // Order.payment stays the checkout's authorization (the card it was placed with)
    expect(paid.payment.cardLast4).toBe('0341');
    expect(sandbox.authorizationCount()).toBe(authorizationsBefore + 1);
    expect(sandbox.authorizations.at(-1)).toMatchObject({ amount: 1499, currency: 'USD', merchantInitiated: false, result: { status: 'approved' } });
    expect(await drain()).toMatchObject({ succeeded: 1, failed: 0 });
    read = await readOrder(shopper, order.id);
    expect(read.unpaidAmount.amount).toBe(0);
    expect(summary(read.transactions.slice(4))).toEqual(['AUTHORIZATION:SUCCEEDED:1499+gift0:balance', 'CAPTURE:SUCCEEDED:1499+gift0:balance']);
    const [balanceAuthorization, balanceCapture] = read.transactions.slice(4);
    expect(balanceAuthorization).toMatchObject({ parentId: null, shipmentId: null, storeId: null });
    expect(balanceCapture.parentId).toBe(balanceAuthorization.id);
    // the declined shipment authorization is settled by it
    expect(read.transactions.find((t: any) => t.id === declined.id).settledBy).toBe(balanceAuthorization.id);
    // the capture journal: card money in, store-a's payable (items 1199 + shipping 300 less the fee 60), the fee
    const ledger = new PgLedger(pool);
    expect((await ledger.journal('CAPTURE', balanceCapture.id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: 1499, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: -1439, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: -60, currency: 'USD' },
      ]),
    );
    await expectLedgerBalanced(pool);
    // the store is owed its whole shipment (2499 less the fee of 100): the gift capture's share and this one
    const owedToStoreA = async (captureId: string) => (await ledger.journal('CAPTURE', captureId))?.lines.find((l) => l.account === 'liability:store-payable:store-a')?.amount ?? 0;
    expect((await owedToStoreA(giftCapture.id)) + (await owedToStoreA(balanceCapture.id))).toBe(-2399);

    // the same key replays: the order, no second charge
    expect(await pay(shopper, order.id, VISA, key)).toMatchObject({ __typename: 'Order', unpaidAmount: { amount: 0 } });
    expect(sandbox.authorizationCount()).toBe(authorizationsBefore + 1);
    // the same key with another card (or order) is refused
    expect(await pay(shopper, order.id, MASTERCARD, key)).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    // nothing is left unpaid now
    expect(await pay(shopper, order.id, VISA)).toMatchObject({ __typename: 'NothingUnpaidError', code: 'NOTHING_UNPAID', orderId: order.id });

    // book-1 comes back: the gift-only capture gives back what the gift paid of it (800), the balance capture the card's 1199
    const returned = await receive('store-a', part('store-a').id, [line('store-a', 'book-1')]);
    expect(summary(returned.refunds)).toEqual(['REFUND:PENDING:0+gift800', 'REFUND:PENDING:1199+gift0']);
    expect(returned.refunds.map((r: any) => r.parentId)).toEqual([giftCapture.id, balanceCapture.id]);
    expect(returned.refunds.every((r: any) => r.shipmentId === shipment.id)).toBe(true);
    expect(await drain()).toMatchObject({ succeeded: 2, failed: 0 });
    expect(sandbox.operations.at(-1)).toMatchObject({ kind: 'refund', amount: 1199, result: { status: 'succeeded' } });
    expect((await ledger.journal('REFUND', returned.refunds[1].id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: -1199, currency: 'USD' },
        { account: 'liability:store-payable:store-a', amount: 1139, currency: 'USD' },
        { account: 'revenue:exchange-fees', amount: 60, currency: 'USD' },
      ]),
    );
    expect(await balanceOf(certificateId)).toBe(800);
    read = await readOrder(shopper, order.id);
    expect(read.unpaidAmount.amount).toBe(0);
    await expectBooksSound(pool);
  });

  it("refuses another shopper's order (as if there were none), a malformed id, a bad card and a blank key; charges nothing", async () => {
    const { order, shopper: owner } = await orderWithUnpaidShipment();
    const calls = sandbox.callCount();
    const authorizations = sandbox.authorizationCount();
    expect(await pay(guest(), order.id, VISA)).toMatchObject({ __typename: 'OrderNotFoundError', code: 'ORDER_NOT_FOUND', id: order.id });
    expect(await pay(guest(), 'not-an-order', VISA)).toMatchObject({ __typename: 'OrderNotFoundError', code: 'ORDER_NOT_FOUND' });
    const { shopper } = await shopperWithGift(1);
    expect(await pay(shopper, order.id, { ...VISA, number: '4242 4242 4242 4241' })).toMatchObject({ __typename: 'CardInvalidError', code: 'CARD_INVALID', reason: 'BAD_CHECKSUM' });
    const blank = (await ok(shopper, PAY, { input: { orderId: order.id, card: VISA, idempotencyKey: ' ' } })).payUnpaidBalance;
    expect(blank).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'idempotencyKey' });
    // the stranger's card was tokenized at most: nothing was authorized
    expect(sandbox.authorizationCount()).toBe(authorizations);
    expect(sandbox.callCount() - calls).toBe(1);
    expect((await readOrder(owner, order.id)).unpaidAmount.amount).toBe(1499);
    // unauthenticated: no shopper at all
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PAY, variables: { input: { orderId: order.id, card: VISA, idempotencyKey: 'k' } } }) });
    const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    expect(body.errors?.[0].extensions.code).toBe('NOT_AUTHENTICATED');
  });

  it('an order with nothing unpaid: NOTHING_UNPAID, and the key replays it', async () => {
    const shopper = guest();
    const { order, part } = await placeOrder(shopper, [['store-a', 'book-2', 1]]);
    await ship('store-a', part('store-a').id);
    await drain();
    const key = randomUUID();
    const nothing = await pay(shopper, order.id, VISA, key);
    expect(nothing).toMatchObject({ __typename: 'NothingUnpaidError', code: 'NOTHING_UNPAID', orderId: order.id });
    expect(await pay(shopper, order.id, VISA, key)).toEqual(nothing);
  });

  it('items that came back before the balance was paid are refunded against the new capture as it is made', async () => {
    const { order, shopper, certificateId } = await orderWithUnpaidShipment({ returnBeforeDecline: true });
    // the waiting refund moved to the gift-only capture: the gift's 800 of book-1 went back
    expect(await balanceOf(certificateId)).toBe(800);
    const paid = await pay(shopper, order.id, VISA);
    expect(paid).toMatchObject({ __typename: 'Order', unpaidAmount: { amount: 0 } });
    expect(await drain()).toMatchObject({ succeeded: 2, failed: 0 });
    const read = await readOrder(shopper, order.id);
    const [authorization, capture, refund] = read.transactions.filter((t: any) => t.paysUnpaidBalance || (t.kind === 'REFUND' && t.amount.amount > 0));
    expect(summary([authorization, capture, refund])).toEqual(['AUTHORIZATION:SUCCEEDED:1499+gift0:balance', 'CAPTURE:SUCCEEDED:1499+gift0:balance', 'REFUND:SUCCEEDED:1199+gift0']);
    expect(refund.parentId).toBe(capture.id);
    // the shopper paid for the shipping share only: 1499 − 1199
    expect(read.unpaidAmount.amount).toBe(0);
    await expectBooksSound(pool);
  });

  it("the provider's answer lost: REQUEST_IN_PROGRESS; the same key finishes it without a second charge", async () => {
    const { order, shopper } = await orderWithUnpaidShipment();
    const key = randomUUID();
    provider.failNext('authorize', 1, 'after');
    expect(await pay(shopper, order.id, VISA, key)).toMatchObject({ __typename: 'RequestInProgressError', code: 'REQUEST_IN_PROGRESS' });
    expect((await readOrder(shopper, order.id)).unpaidAmount.amount).toBe(1499);
    // the job never takes the shopper's authorization
    expect(await drain()).toMatchObject({ claimed: 0 });
    const count = sandbox.authorizationCount();
    expect(await pay(shopper, order.id, VISA, key)).toMatchObject({ __typename: 'Order', unpaidAmount: { amount: 0 } });
    expect(sandbox.authorizationCount()).toBe(count);
    await drain();
    await expectLedgerBalanced(pool);
  });

  it('two payments at once (other keys): one pays, the other is told a payment is under way', async () => {
    const { order, shopper } = await orderWithUnpaidShipment();
    provider.delay(300);
    const results = await Promise.all([pay(shopper, order.id, VISA), pay(shopper, order.id, MASTERCARD)]);
    expect(results.map((r) => r.__typename).sort()).toEqual(['Order', 'RequestInProgressError']);
    provider.delay(0);
    await drain();
    const read = await readOrder(shopper, order.id);
    expect(summary(read.transactions.filter((t: any) => t.paysUnpaidBalance))).toEqual(['AUTHORIZATION:SUCCEEDED:1499+gift0:balance', 'CAPTURE:SUCCEEDED:1499+gift0:balance']);
    expect(read.unpaidAmount.amount).toBe(0);
  });

  it('the capture of a payment of the balance FAILED: the amount is unpaid again and the shopper is asked again (payment-needed, once per failed row); a later payment asks for nothing', async () => {
    const { order, shopper, declined } = await orderWithUnpaidShipment({ contactEmail: 'eve@example.com' });
    const first = { dedupe_key: `payment-needed:${declined.id}`, recipient: 'eve@example.com', data: { orderId: order.id, amount: 1499, currency: 'USD' } };
    expect(await paymentNeededEmails(order.id)).toEqual([first]);
    // a card declined in the request itself: the shopper is told there and then, no email
    expect(await pay(shopper, order.id, DECLINING)).toMatchObject({ __typename: 'CardDeclinedError' });
    expect(await pay(shopper, order.id, VISA)).toMatchObject({ __typename: 'Order', unpaidAmount: { amount: 0 } });
    // its capture fails for good (a job that gives up after one call)
    provider.failNext('capture', 1, 'before');
    const failing = new MoneyMovementJob({ queue: new PgMoneyMovementQueue(pool), provider, clock: systemClock, logger: silentLogger(), options: { maxAttempts: 1 } });
    expect(await failing.runOnce()).toMatchObject({ failed: 1 });
    let read = await readOrder(shopper, order.id);
    const capture = read.transactions.find((t: any) => t.kind === 'CAPTURE' && t.paysUnpaidBalance);
    expect(capture.status).toBe('FAILED');
    expect(read.unpaidAmount.amount).toBe(1499);
    const again = { dedupe_key: `payment-needed:${capture.id}`, recipient: 'eve@example.com', data: { orderId: order.id, amount: 1499, currency: 'USD' } };
    expect(await paymentNeededEmails(order.id)).toEqual([first, again]);
    // paid with another card: captured, nothing more to ask for
    expect(await pay(shopper, order.id, MASTERCARD)).toMatchObject({ __typename: 'Order', unpaidAmount: { amount: 0 } });
    expect(await drain()).toMatchObject({ succeeded: 1, failed: 0 });
    read = await readOrder(shopper, order.id);
    expect(read.unpaidAmount.amount).toBe(0);
    expect(await paymentNeededEmails(order.id)).toEqual([first, again]);
  });

  it('a payment its request abandoned is finished by the next one before anything else is charged', async () => {
    const { order, shopper } = await orderWithUnpaidShipment();
    // a service that deems a PENDING payment abandoned at once (the server's waits 60 s)
    const unpaid = new UnpaidBalanceService({
      balances: new PgUnpaidBalanceRepository(pool),
      orders: new PgOrderRepository(pool),
      provider,
      clock: systemClock,
      logger: silentLogger(),
      feeBps: 500,
      abandonedAfterMs: 0,
    });
    const first = randomUUID();
    provider.failNext('authorize', 1, 'before');
    expect(await unpaid.pay(shopper, { orderId: order.id, card: VISA, idempotencyKey: first })).toMatchObject({ __typename: 'RequestInProgressError' });
    // another key: the abandoned payment (on the first card) is finished first, then nothing is left
    expect(await unpaid.pay(shopper, { orderId: order.id, card: MASTERCARD, idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'NothingUnpaidError' });
    // the first key now answers with the paid order
    expect(await unpaid.pay(shopper, { orderId: order.id, card: VISA, idempotencyKey: first })).toMatchObject({ __typename: 'Order' });
    await drain();
    const read = await readOrder(shopper, order.id);
    expect(summary(read.transactions.filter((t: any) => t.paysUnpaidBalance))).toEqual(['AUTHORIZATION:SUCCEEDED:1499+gift0:balance', 'CAPTURE:SUCCEEDED:1499+gift0:balance']);
    expect(read.unpaidAmount.amount).toBe(0);
  });
});
