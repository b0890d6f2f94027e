import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cartIdOf } from '../../lib/cart-id.js';
import { ManualClock } from '../../lib/clock.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { InMemoryInventoryClient } from '../inventory/memory-inventory-client.js';
import { giftCodeHash, normalizeGiftCode } from './domain/gift-certificates.js';
import { GiftCertificateService } from './domain/gift-certificate-service.js';
import { GiftCertificateExpiryJob } from './domain/gift-certificate-expiry-job.js';
import { PgGiftCertificateExpiry } from './infra/pg-gift-certificate-expiry.js';
import { insertGiftCertificate, movementsOf } from './infra/pg-gift-certificates.js';
import { PgLedger } from './infra/pg-ledger.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPaymentServer, migratePayment, type PaymentServer } from './server.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { expectBooksSound } from './testing/gift-assertions.js';
import { InMemoryAccountContacts } from './testing/memory-account-contacts.js';
import { twoStoreCatalog } from './testing/catalog.js';
import { orderSteps } from './testing/order-steps.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

const IDENTITY_KEY = 'gift-certificates-test-identity-key';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
const DECLINED = { number: '4000000000000002', expMonth: 12, expYear: YEAR, cvc: '123' };
const DAY = 86_400_000;
const OPERATOR: Identity = { kind: 'OPERATOR' };

// the certificate's message (String) is aliased: the errors' message is String!
const CERTIFICATE = `id initialAmount { amount currency } balance { amount currency } expiresAt state source claimedAt note: message createdAt`;
const ERROR = `... on ErrorResult { code message }`;
const ISSUE = `mutation($input: IssueGiftCertificateInput!) { issueGiftCertificate(input: $input) { __typename ... on GiftCertificate { ${CERTIFICATE} }
  ${ERROR} ... on InvalidInputError { field } ... on AccountNotFoundError { accountId } } }`;
const BUY = `mutation($input: BuyGiftCertificateInput!) { buyGiftCertificate(input: $input) { __typename
  ... on GiftCertificatePurchase { certificate { ${CERTIFICATE} } amountCharged { amount currency } recipientEmail }
  ${ERROR} ... on InvalidInputError { field } ... on CardInvalidError { reason } ... on CardDeclinedError { declineCode } } }`;
const CLAIM = `mutation($code: String!) { claimGiftCertificate(code: $code) { __typename ... on GiftCertificate { ${CERTIFICATE} } ${ERROR} ... on GiftCertificateExpiredError { expiredAt } ... on RateLimitedError { retryAfterSeconds } } }`;
const BALANCE = `{ giftBalance { total { amount currency } certificates { ${CERTIFICATE} } } }`;
const TX = `id kind status amount { amount } giftCertificateAmount { amount } parentId shipmentId storeId`;
const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { __typename
  ... on Order { id status total { amount currency } giftCertificateAmount { amount currency } cardAmount { amount currency } payment { status amount { amount } }
    parts { id store { id } lines { id sku } } }
  ${ERROR} ... on InvalidInputError { field } ... on CardDeclinedError { declineCode } } }`;
const RETURN = `mutation($input: LinesInput!) { receiveReturn(input: $input) { __typename ... on ReturnReceived { refunds { ${TX} } } ... on ErrorResult { code message } } }`;
const ORDER = `query($id: ID!) { order(id: $id) { id status giftCertificateAmount { amount } cardAmount { amount } payment { status amount { amount } } transactions { ${TX} } } }`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let server: PaymentServer;
let url: string;
let tickets: FakeTicketCheckout;
let sandbox: SandboxPaymentProvider;
let contacts: InMemoryAccountContacts;

const { gql, ok } = signedGraphqlCaller(() => url, IDENTITY_KEY);

const guest = (): Identity => ({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` });
const store = (storeId: string): Identity => ({ kind: 'STORE', storeId });

/** A fresh account (known to the session service's double) with a session. */
function account(): Identity & { accountId: string; email: string } {
  const accountId = randomUUID();
  const email = `acct-${accountId.slice(0, 8)}@example.com`;
  contacts.add(accountId, email);
  return { kind: 'ACCOUNT', sessionId: `sess_${randomUUID()}`, accountId, email };
}

const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

async function issue(accountId: string, amount: number, expiresInDays: number, extra: Record<string, unknown> = {}) {
  const res = (await ok(OPERATOR, ISSUE, { input: { accountId, amount, currency: 'USD', expiresAt: inDays(expiresInDays), idempotencyKey: randomUUID(), ...extra } })).issueGiftCertificate;
  expect(res.__typename, JSON.stringify(res)).toBe('GiftCertificate');
  return res;
}

async function balanceOf(shopper: Identity) {
  return (await ok(shopper, BALANCE)).giftBalance;
}

const { holdItems, ship, receive } = orderSteps({ ok, tickets: () => tickets, checkout: CHECKOUT, returnDocument: RETURN, card: VISA });

/** Holds the items and checks out with `input`: the result as it comes (an order or a typed error). */
async function checkout(shopper: Identity, items: [string, string, number][], input: Record<string, unknown>) {
  await holdItems(shopper, items);
  return (await ok(shopper, CHECKOUT, { input: { idempotencyKey: randomUUID(), ...input } })).checkout;
}

const drain = () => server.moneyMovement.runOnce();
const summary = (txs: any[]) => txs.map((t) => `${t.kind}:${t.status}:${t.amount.amount}+gift${t.giftCertificateAmount.amount}`);

async function outboxTo(recipient: string) {
  const { rows } = await pool.query<{ dedupe_key: string; template: string; data: Record<string, unknown> }>(
    `SELECT dedupe_key, template, data FROM email_outbox WHERE recipient = $1 ORDER BY created_at`,
    [recipient],
  );
  return rows;
}

async function balances(ids: string[]) {
  const { rows } = await pool.query<{ id: string; balance: number }>(`SELECT id, balance FROM gift_certificates WHERE id = ANY($1::uuid[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.id, r.balance]));
}

beforeAll(async () => {
  db = await createTestDatabase('gift_certificates');
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
    giftExpiry: { autoStart: false },
  });
  url = await server.listen(0);
});

afterEach(async () => {
  const pending = await pool.query(`SELECT kind, last_error FROM financial_transactions WHERE status = 'PENDING'`);
  expect(pending.rows).toEqual([]);
  await expectBooksSound(pool);
});

afterAll(async () => {
  await server?.close();
  await pool?.end();
  await db?.drop();
});

describe('issuing (operator)', () => {
  it('puts a certificate on the account, posts GIFT_CERTIFICATE_ISSUED and tells the account by email (no code)', async () => {
    const shopper = account();
    const key = randomUUID();
    const input = { accountId: shopper.accountId, amount: 2500, currency: 'USD', expiresAt: inDays(30), message: 'Thanks for being with us', idempotencyKey: key };
    const issued = (await ok(OPERATOR, ISSUE, { input })).issueGiftCertificate;
    expect(issued).toMatchObject({ __typename: 'GiftCertificate', initialAmount: { amount: 2500, currency: 'USD' }, balance: { amount: 2500 }, state: 'ACTIVE', source: 'ISSUED', note: 'Thanks for being with us', claimedAt: null });

    const journal = await new PgLedger(pool).journal('GIFT_CERTIFICATE_ISSUED', issued.id);
    expect(journal?.lines).toEqual(
      expect.arrayContaining([
        { account: 'expense:promotional-gift-certificates', amount: 2500, currency: 'USD' },
        { account: 'liability:gift-certificates', amount: -2500, currency: 'USD' },
      ]),
    );
    const [email, ...more] = await outboxTo(shopper.email);
    expect(more).toEqual([]);
    expect(email).toMatchObject({ template: 'gift-certificate-received', dedupe_key: `gift-certificate-received:${issued.id}`, data: { amount: 2500, currency: 'USD', message: 'Thanks for being with us' } });
    expect(email.data.code ?? null).toBeNull();

    // a repeat returns the first certificate; the key with other input is refused
    expect((await ok(OPERATOR, ISSUE, { input })).issueGiftCertificate.id).toBe(issued.id);
    expect((await ok(OPERATOR, ISSUE, { input: { ...input, amount: 2600 } })).issueGiftCertificate).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
    expect((await pool.query(`SELECT count(*)::int AS n FROM gift_certificates WHERE account_id = $1`, [shopper.accountId])).rows[0].n).toBe(1);
    expect(await balanceOf(shopper)).toMatchObject({ total: [{ amount: 2500, currency: 'USD' }], certificates: [{ id: issued.id }] });
  });

  it('refuses an unknown account, bad input, and anyone but an operator', async () => {
    const nobody = randomUUID();
    expect((await ok(OPERATOR, ISSUE, { input: { accountId: nobody, amount: 100, currency: 'USD', expiresAt: inDays(1), idempotencyKey: randomUUID() } })).issueGiftCertificate).toEqual({
      __typename: 'AccountNotFoundError',
      code: 'ACCOUNT_NOT_FOUND',
      message: `No account ${nobody} exists.`,
      accountId: nobody,
    });
    const shopper = account();
    const base = { accountId: shopper.accountId, amount: 100, currency: 'USD', expiresAt: inDays(1), idempotencyKey: randomUUID() };
    for (const [override, field] of [
      [{ amount: 0 }, 'amount'],
      [{ amount: 10_000_001 }, 'amount'],
      [{ currency: 'usd' }, 'currency'],
      [{ expiresAt: inDays(-1) }, 'expiresAt'],
      [{ message: 'x'.repeat(501) }, 'message'],
      [{ idempotencyKey: ' ' }, 'idempotencyKey'],
    ] as const) {
      expect((await ok(OPERATOR, ISSUE, { input: { ...base, ...override } })).issueGiftCertificate, JSON.stringify(override)).toMatchObject({ __typename: 'InvalidInputError', field });
    }
    expect((await gql(account(), ISSUE, { input: base })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(null, ISSUE, { input: base })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect(await balanceOf(shopper)).toEqual({ total: [], certificates: [] });
  });
});

describe('buying for someone else, and claiming', () => {
  it('charges the card now, posts GIFT_CERTIFICATE_SOLD, emails the code to the recipient only; the recipient claims it', async () => {
    const buyer = guest();
    const recipient = `friend-${randomUUID().slice(0, 8)}@example.com`;
    const input = { amount: 4000, currency: 'USD', recipientEmail: recipient, message: 'Happy birthday!', payment: { card: VISA }, idempotencyKey: randomUUID() };
    const before = sandbox.authorizations.length;
    const bought = (await ok(buyer, BUY, { input })).buyGiftCertificate;
    expect(bought).toMatchObject({
      __typename: 'GiftCertificatePurchase',
      amountCharged: { amount: 4000, currency: 'USD' },
      recipientEmail: recipient,
      certificate: { state: 'UNCLAIMED', source: 'PURCHASED', balance: { amount: 4000 }, note: 'Happy birthday!' },
    });
    // valid a year by default
    expect(Math.abs(new Date(bought.certificate.expiresAt).getTime() - (Date.now() + 365 * DAY))).toBeLessThan(60_000);
    // charged once: one authorization, captured
    const charged = sandbox.authorizations.slice(before);
    expect(charged.map((a) => [a.amount, a.result.status])).toEqual([[4000, 'approved']]);
    expect(sandbox.operations.filter((o) => o.idempotencyKey.includes(charged[0].idempotencyKey.replace('gift-purchase:', ''))).map((o) => o.kind)).toEqual(['capture']);
    const purchaseId = charged[0].idempotencyKey.replace('gift-purchase:', '');
    expect((await new PgLedger(pool).journal('GIFT_CERTIFICATE_SOLD', purchaseId))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'asset:provider-clearing', amount: 4000, currency: 'USD' },
        { account: 'liability:gift-certificates', amount: -4000, currency: 'USD' },
      ]),
    );
    // the code goes to the recipient, once; only its hash is stored
    const [email, ...more] = await outboxTo(recipient);
    expect(more).toEqual([]);
    const code = String(email.data.code);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const stored = await pool.query(`SELECT code_hash FROM gift_certificates WHERE id = $1`, [bought.certificate.id]);
    expect(stored.rows[0].code_hash).toBe(giftCodeHash(normalizeGiftCode(code)!));
    expect(JSON.stringify(bought)).not.toContain(code.replace(/-/g, '').slice(0, 8));

    // a repeat replays the purchase: no second charge, no second email
    expect((await ok(buyer, BUY, { input })).buyGiftCertificate.certificate.id).toBe(bought.certificate.id);
    expect(sandbox.authorizations.length).toBe(before + 1);
    expect(await outboxTo(recipient)).toHaveLength(1);
    expect((await ok(buyer, BUY, { input: { ...input, amount: 4001 } })).buyGiftCertificate).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });

    // claimed (typed loosely) by the recipient's account: it joins their balance
    const friend = account();
    const claimed = (await ok(friend, CLAIM, { code: code.toLowerCase().replace(/-/g, ' ') })).claimGiftCertificate;
    expect(claimed).toMatchObject({ __typename: 'GiftCertificate', id: bought.certificate.id, state: 'ACTIVE', balance: { amount: 4000 } });
    expect(claimed.claimedAt).not.toBeNull();
    expect(await balanceOf(friend)).toMatchObject({ total: [{ amount: 4000, currency: 'USD' }], certificates: [{ id: bought.certificate.id }] });

    // once only, by anyone
    expect((await ok(friend, CLAIM, { code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateClaimedError', code: 'GIFT_CERTIFICATE_CLAIMED' });
    expect((await ok(account(), CLAIM, { code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateClaimedError' });
  });

  it('a wrong or malformed code matches nothing (without saying which part is wrong); an expired one is refused; guests cannot claim', async () => {
    const shopper = account();
    for (const code of ['ABCD-EFGH-JKMN-PQRS', 'nope', '']) {
      expect((await ok(shopper, CLAIM, { code })).claimGiftCertificate, code).toEqual({ __typename: 'GiftCertificateNotFoundError', code: 'GIFT_CERTIFICATE_NOT_FOUND', message: 'No gift certificate matches this code.' });
    }
    // an unclaimed certificate past its expiry (as if bought long ago)
    const code = 'EXP1-RED0-C0DE-0001';
    const expiredAt = new Date(Date.now() - DAY);
    await insertGiftCertificate(pool, { id: randomUUID(), codeHash: giftCodeHash(normalizeGiftCode(code)!), accountId: null, amount: 100, currency: 'USD', expiresAt: expiredAt, source: 'ISSUED', now: new Date(Date.now() - 2 * DAY) });
    // (issued without a journal: put it in the ledger too so the books still reconcile)
    await new PgLedger(pool).post({ kind: 'GIFT_CERTIFICATE_ISSUED', reference: `test-expired-${code}`, lines: [{ account: 'expense:promotional-gift-certificates', amount: 100, currency: 'USD' }, { account: 'liability:gift-certificates', amount: -100, currency: 'USD' }] }, new Date());
    const expired = (await ok(shopper, CLAIM, { code })).claimGiftCertificate;
    expect(expired).toMatchObject({ __typename: 'GiftCertificateExpiredError', code: 'GIFT_CERTIFICATE_EXPIRED' });
    expect(new Date(expired.expiredAt).getTime()).toBe(expiredAt.getTime());
    expect((await gql(guest(), CLAIM, { code })).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect(await balanceOf(guest())).toEqual({ total: [], certificates: [] });
  });

  it('a declined or invalid card buys nothing; a bad recipient address is refused', async () => {
    const buyer = guest();
    const recipient = `nobody-${randomUUID().slice(0, 8)}@example.com`;
    const base = { amount: 1000, currency: 'USD', recipientEmail: recipient, idempotencyKey: randomUUID() };
    expect((await ok(buyer, BUY, { input: { ...base, payment: { card: DECLINED } } })).buyGiftCertificate).toMatchObject({ __typename: 'CardDeclinedError', declineCode: 'card_declined' });
    expect((await ok(buyer, BUY, { input: { ...base, idempotencyKey: randomUUID(), payment: { card: { ...VISA, number: '4242424242424241' } } } })).buyGiftCertificate).toMatchObject({
      __typename: 'CardInvalidError',
      reason: 'BAD_CHECKSUM',
    });
    expect((await ok(buyer, BUY, { input: { ...base, idempotencyKey: randomUUID(), recipientEmail: 'not an address', payment: { card: VISA } } })).buyGiftCertificate).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'recipientEmail',
    });
    expect(await outboxTo(recipient)).toEqual([]);
    expect((await pool.query(`SELECT count(*)::int AS n FROM gift_certificates WHERE recipient_email = $1`, [recipient])).rows[0].n).toBe(0);
  });
});

describe('paying with the gift balance at checkout', () => {
  it('spends the soonest-expiring certificate first, keeps the remainder; gift-only orders need no card; captures and refunds move gift money', async () => {
    const shopper = account();
    const soon = await issue(shopper.accountId, 1000, 10);
    const late = await issue(shopper.accountId, 5000, 300);
    const euro = (await ok(OPERATOR, ISSUE, { input: { accountId: shopper.accountId, amount: 3000, currency: 'EUR', expiresAt: inDays(5), idempotencyKey: randomUUID() } })).issueGiftCertificate;
    expect((await balanceOf(shopper)).certificates.map((c: any) => c.id)).toEqual([euro.id, soon.id, late.id]);

    // book-1 + book-2 + shipping 500 = 2999: soon pays 1000, late 1999; no card, no payment
    const before = sandbox.authorizations.length;
    const order = await checkout(shopper, [['store-a', 'book-1', 1], ['store-a', 'book-2', 1]], { useGiftBalance: true });
    expect(order).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED', total: { amount: 2999 }, giftCertificateAmount: { amount: 2999, currency: 'USD' }, cardAmount: { amount: 0 }, payment: null });
    expect(sandbox.authorizations.length).toBe(before);
    expect(await balances([soon.id, late.id, euro.id])).toEqual({ [soon.id]: 0, [late.id]: 3001, [euro.id]: 3000 });
    expect(await balanceOf(shopper)).toMatchObject({
      total: [{ amount: 3000, currency: 'EUR' }, { amount: 3001, currency: 'USD' }],
      certificates: [{ id: euro.id }, { id: late.id, state: 'ACTIVE', balance: { amount: 3001 } }],
    });
    expect((await movementsOf(pool, soon.id)).map((m) => [m.kind, m.amount, m.orderId])).toEqual([['DEBIT', 1000, order.id]]);

    // shipped in two parcels: each a capture of no card, paid by the gift part; the order's card-less authorization is voided
    const part = order.parts[0];
    const lineOf = (sku: string) => part.lines.find((l: any) => l.sku === sku).id;
    await ship('store-a', part.id, [lineOf('book-1')]);
    await ship('store-a', part.id, [lineOf('book-2')]);
    expect((await drain()).succeeded).toBe(3);
    let read = (await ok(shopper, ORDER, { id: order.id })).order;
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:0+gift2999', 'CAPTURE:SUCCEEDED:0+gift2499', 'CAPTURE:SUCCEEDED:0+gift500', 'VOID:SUCCEEDED:0+gift0']);
    expect(read.transactions[1].parentId).toBeNull();
    expect(read).toMatchObject({ status: 'FULFILLED', payment: null });
    // nothing reached the provider for this order
    expect(sandbox.operations.filter((o) => read.transactions.some((t: any) => t.id === o.idempotencyKey))).toEqual([]);
    await expectBooksSound(pool);

    // book-1 comes back: its 1999 goes back to the certificates (gift first), the latest-expiring first
    const returned = await receive('store-a', part.id, [lineOf('book-1')]);
    expect(summary(returned.refunds)).toEqual(['REFUND:PENDING:0+gift1999']);
    await drain();
    read = (await ok(shopper, ORDER, { id: order.id })).order;
    expect(read.transactions.find((t: any) => t.kind === 'REFUND').status).toBe('SUCCEEDED');
    expect(await balances([soon.id, late.id])).toEqual({ [soon.id]: 0, [late.id]: 5000 });
    expect((await movementsOf(pool, late.id)).map((m) => [m.kind, m.amount])).toEqual([['DEBIT', 1999], ['CREDIT', 1999]]);
    const refundJournal = await new PgLedger(pool).journal('REFUND', returned.refunds[0].id);
    expect(refundJournal?.lines).toEqual(expect.arrayContaining([{ account: 'liability:gift-certificates', amount: -1999, currency: 'USD' }]));
  });

  it('gift first, card for the rest: the card authorization covers only the remainder; refunds give gift back first', async () => {
    const shopper = account();
    const cert = await issue(shopper.accountId, 3000, 100);
    // book-1 x2 (3998) + hammer (2500) + shipping 500 + 500 = 7498: gift 3000, card 4498
    const order = await checkout(shopper, [['store-a', 'book-1', 2], ['store-b', 'hammer', 1]], { useGiftBalance: true, payment: { card: VISA } });
    expect(order).toMatchObject({ status: 'AUTHORIZED', total: { amount: 7498 }, giftCertificateAmount: { amount: 3000 }, cardAmount: { amount: 4498 }, payment: { status: 'AUTHORIZED', amount: { amount: 4498 } } });
    expect(sandbox.authorizations.find((a) => a.idempotencyKey === order.id)?.amount).toBe(4498);

    const partA = order.parts.find((p: any) => p.store.id === 'store-a');
    const partB = order.parts.find((p: any) => p.store.id === 'store-b');
    // store-a ships first (4498): the gift part's 3000 first, the card 1498
    await ship('store-a', partA.id);
    await drain();
    // then store-b (3000): all on the card; nothing left to ship: the order's authorization is voided
    await ship('store-b', partB.id);
    await drain();
    let read = (await ok(shopper, ORDER, { id: order.id })).order;
    expect(summary(read.transactions)).toEqual([
      'AUTHORIZATION:SUCCEEDED:4498+gift3000',
      'AUTHORIZATION:SUCCEEDED:1498+gift3000',
      'CAPTURE:SUCCEEDED:1498+gift3000',
      'AUTHORIZATION:SUCCEEDED:3000+gift0',
      'VOID:SUCCEEDED:4498+gift0',
      'CAPTURE:SUCCEEDED:3000+gift0',
    ]);
    await expectBooksSound(pool);

    // the hammer back: all to the card (its shipment was card-paid); one book back: gift first
    const hammer = await receive('store-b', partB.id, [partB.lines[0].id]);
    expect(summary(hammer.refunds)).toEqual(['REFUND:PENDING:2500+gift0']);
    const books = await receive('store-a', partA.id, [partA.lines[0].id]);
    expect(summary(books.refunds)).toEqual(['REFUND:PENDING:998+gift3000']);
    await drain();
    read = (await ok(shopper, ORDER, { id: order.id })).order;
    expect(read.transactions.filter((t: any) => t.kind === 'REFUND').map((t: any) => t.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await balances([cert.id])).toEqual({ [cert.id]: 3000 });
    expect(sandbox.operations.filter((o) => o.kind === 'refund' && [hammer.refunds[0].id, books.refunds[0].id].includes(o.idempotencyKey)).map((o) => o.amount).sort()).toEqual([2500, 998]);
  });

  it('a declined card gives the gift part back; the order is void', async () => {
    const shopper = account();
    const cert = await issue(shopper.accountId, 1000, 100);
    const declined = await checkout(shopper, [['store-b', 'hammer', 1]], { useGiftBalance: true, payment: { card: DECLINED } });
    expect(declined).toMatchObject({ __typename: 'CardDeclinedError', code: 'CARD_DECLINED' });
    expect(await balances([cert.id])).toEqual({ [cert.id]: 1000 });
    const movements = await movementsOf(pool, cert.id);
    expect(movements.map((m) => [m.kind, m.amount])).toEqual([['DEBIT', 1000], ['CREDIT', 1000]]);
    const voided = await pool.query(`SELECT status, gift_amount, card_amount FROM orders WHERE id = $1`, [movements[0].orderId]);
    expect(voided.rows).toEqual([{ status: 'VOID', gift_amount: 1000, card_amount: 2000 }]);
    // the tickets are back in the cart
    expect(tickets.statuses(cartIdOf({ sessionId: shopper.sessionId!, accountId: shopper.accountId }))).toEqual(['HELD']);
  });

  it('a card is needed for what the balance leaves: without one nothing is kept, and the key is free for a retry with a card', async () => {
    const shopper = account();
    const cert = await issue(shopper.accountId, 700, 100);
    const key = randomUUID();
    for (const [storeId, sku] of [['store-a', 'book-2']] as const) await tickets.hold(cartIdOf({ sessionId: shopper.sessionId!, accountId: shopper.accountId }), storeId, sku, 1);
    // book-2 (500) + shipping 500 = 1000: the balance covers 700
    const missing = (await ok(shopper, CHECKOUT, { input: { idempotencyKey: key, useGiftBalance: true } })).checkout;
    expect(missing).toMatchObject({ __typename: 'InvalidInputError', code: 'INVALID_INPUT', field: 'payment' });
    expect(missing.message).toContain('gift certificates cover 700 of 1000 USD');
    expect(await balances([cert.id])).toEqual({ [cert.id]: 700 });

    const placed = (await ok(shopper, CHECKOUT, { input: { idempotencyKey: key, useGiftBalance: true, payment: { card: VISA } } })).checkout;
    expect(placed).toMatchObject({ __typename: 'Order', giftCertificateAmount: { amount: 700 }, cardAmount: { amount: 300 }, payment: { amount: { amount: 300 } } });
    expect(await balances([cert.id])).toEqual({ [cert.id]: 0 });
    // a repeat replays the order: nothing is spent twice
    expect((await ok(shopper, CHECKOUT, { input: { idempotencyKey: key, useGiftBalance: true, payment: { card: VISA } } })).checkout.id).toBe(placed.id);
    expect(await balances([cert.id])).toEqual({ [cert.id]: 0 });
    // the store cannot ship: the card authorization is voided and the gift part goes back
    const part = placed.parts[0];
    const voided = await ok(store('store-a'), `mutation($input: LinesInput!) { voidItems(input: $input) { __typename } }`, { input: { storeOrderId: part.id, lineIds: [part.lines[0].id], idempotencyKey: randomUUID() } });
    expect(voided.voidItems.__typename).toBe('ItemsVoided');
    await drain();
    const read = (await ok(shopper, ORDER, { id: placed.id })).order;
    expect(summary(read.transactions)).toEqual(['AUTHORIZATION:SUCCEEDED:300+gift700', 'VOID:SUCCEEDED:300+gift700']);
    expect(await balances([cert.id])).toEqual({ [cert.id]: 700 });
  });

  it('only accounts have a gift balance; without useGiftBalance the balance is left alone', async () => {
    const visitor = guest();
    expect(await checkout(visitor, [['store-a', 'book-2', 1]], { useGiftBalance: true, payment: { card: VISA } })).toMatchObject({ __typename: 'InvalidInputError', field: 'useGiftBalance' });
    const shopper = account();
    const cert = await issue(shopper.accountId, 700, 100);
    const order = await checkout(shopper, [['store-a', 'book-2', 1]], { payment: { card: VISA } });
    expect(order).toMatchObject({ giftCertificateAmount: { amount: 0 }, cardAmount: { amount: 1000 } });
    expect(await balances([cert.id])).toEqual({ [cert.id]: 700 });
    expect(await checkout(shopper, [['store-a', 'book-2', 1]], {})).toMatchObject({ __typename: 'InvalidInputError', field: 'payment' });
    for (const o of [order]) {
      await ok(store('store-a'), `mutation($input: LinesInput!) { voidItems(input: $input) { __typename } }`, { input: { storeOrderId: o.parts[0].id, lineIds: [o.parts[0].lines[0].id], idempotencyKey: randomUUID() } });
    }
    await drain();
  });

  it('a refund due to a certificate that expired meanwhile goes to a fresh certificate (90 days)', async () => {
    const shopper = account();
    const cert = await issue(shopper.accountId, 500, 10);
    // book-2 (500) + shipping 500: gift 500, card 500; shipped whole
    const order = await checkout(shopper, [['store-a', 'book-2', 1]], { useGiftBalance: true, payment: { card: VISA } });
    const part = order.parts[0];
    await ship('store-a', part.id);
    await drain();
    // the certificate expires
    await pool.query(`UPDATE gift_certificates SET expires_at = now() - interval '1 minute' WHERE id = $1`, [cert.id]);
    const returned = await receive('store-a', part.id, [part.lines[0].id]);
    expect(summary(returned.refunds)).toEqual(['REFUND:PENDING:0+gift500']);
    await drain();
    const [movement] = (await movementsOf(pool, cert.id)).filter((m) => m.kind !== 'DEBIT');
    expect(movement).toMatchObject({ kind: 'REISSUED', amount: 500, transactionId: returned.refunds[0].id });
    expect(await balances([cert.id])).toEqual({ [cert.id]: 0 });
    const balance = await balanceOf(shopper);
    expect(balance).toMatchObject({ total: [{ amount: 500, currency: 'USD' }], certificates: [{ id: movement.reissuedAs, source: 'REFUND', state: 'ACTIVE', balance: { amount: 500 } }] });
    expect(Math.abs(new Date(balance.certificates[0].expiresAt).getTime() - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
  });
});

/** A certificate bought for someone else (UNCLAIMED) and its code, read from the recipient's email in the outbox. */
async function bought(amount: number): Promise<{ id: string; code: string; recipient: string }> {
  const recipient = `gift-${randomUUID().slice(0, 8)}@example.com`;
  const res = (await ok(guest(), BUY, { input: { amount, currency: 'USD', recipientEmail: recipient, payment: { card: VISA }, idempotencyKey: randomUUID() } })).buyGiftCertificate;
  expect(res.__typename, JSON.stringify(res)).toBe('GiftCertificatePurchase');
  const [email] = await outboxTo(recipient);
  return { id: res.certificate.id, code: String(email.data.code), recipient };
}

/** Moves a certificate's expiry into the past (as if time had passed). */
async function expireNow(id: string) {
  await pool.query(`UPDATE gift_certificates SET expires_at = now() - interval '1 minute' WHERE id = $1`, [id]);
}

async function certificateRow(id: string) {
  const { rows } = await pool.query<{ state: string; balance: number; account_id: string | null }>(`SELECT state, balance, account_id FROM gift_certificates WHERE id = $1`, [id]);
  return rows[0];
}

describe('expiry: a periodic job marks certificates past their expiry EXPIRED and books what was left as breakage', () => {
  it('active (partly spent), unclaimed and empty certificates expire; the balance left moves to revenue:gift-certificate-breakage once', async () => {
    const shopper = account();
    const empty = await issue(shopper.accountId, 500, 10);
    const active = await issue(shopper.accountId, 2000, 30);
    const unclaimed = await bought(3000);
    const fresh = await issue(shopper.accountId, 700, 60);
    // book-2 (500) + shipping 500: the soonest-expiring pays 500 (and is empty), the next 500
    const order = await checkout(shopper, [['store-a', 'book-2', 1]], { useGiftBalance: true });
    expect(order).toMatchObject({ __typename: 'Order', giftCertificateAmount: { amount: 1000 } });
    expect(await balances([active.id, empty.id])).toEqual({ [active.id]: 1500, [empty.id]: 0 });
    await ship('store-a', order.parts[0].id);
    await drain();

    for (const id of [active.id, empty.id, unclaimed.id]) await expireNow(id);
    const { expired } = await server.giftExpiry.runOnce();
    const mine = Object.fromEntries(expired.filter((c) => [active.id, empty.id, unclaimed.id, fresh.id].includes(c.id)).map((c) => [c.id, c.breakage]));
    expect(mine).toEqual({ [active.id]: 1500, [empty.id]: 0, [unclaimed.id]: 3000 });

    expect(await certificateRow(active.id)).toEqual({ state: 'EXPIRED', balance: 0, account_id: shopper.accountId });
    expect(await certificateRow(empty.id)).toEqual({ state: 'EXPIRED', balance: 0, account_id: shopper.accountId });
    expect(await certificateRow(unclaimed.id)).toEqual({ state: 'EXPIRED', balance: 0, account_id: null });
    expect(await certificateRow(fresh.id)).toMatchObject({ state: 'ACTIVE', balance: 700 });
    // the balance left is an EXPIRED movement (no order): the certificate's audit trail still adds up
    expect((await movementsOf(pool, active.id)).map((m) => [m.kind, m.amount, m.orderId])).toEqual([['DEBIT', 500, order.id], ['EXPIRED', 1500, null]]);
    expect((await movementsOf(pool, empty.id)).map((m) => m.kind)).toEqual(['DEBIT']);
    expect((await movementsOf(pool, unclaimed.id)).map((m) => [m.kind, m.amount])).toEqual([['EXPIRED', 3000]]);

    // the breakage journals: reference = certificate id; none for an empty certificate
    const ledger = new PgLedger(pool);
    expect((await ledger.journal('GIFT_CERTIFICATE_EXPIRED', active.id))?.lines).toEqual(
      expect.arrayContaining([
        { account: 'liability:gift-certificates', amount: 1500, currency: 'USD' },
        { account: 'revenue:gift-certificate-breakage', amount: -1500, currency: 'USD' },
      ]),
    );
    expect((await ledger.journal('GIFT_CERTIFICATE_EXPIRED', unclaimed.id))?.lines).toEqual(
      expect.arrayContaining([{ account: 'revenue:gift-certificate-breakage', amount: -3000, currency: 'USD' }]),
    );
    expect(await ledger.journal('GIFT_CERTIFICATE_EXPIRED', empty.id)).toBeUndefined();
    await expectBooksSound(pool);

    // idempotent: a second run finds nothing of them, posts nothing more
    const again = await server.giftExpiry.runOnce();
    expect(again.expired.filter((c) => [active.id, empty.id, unclaimed.id].includes(c.id))).toEqual([]);
    const journals = await pool.query(`SELECT count(*)::int AS n FROM ledger_journals WHERE kind = 'GIFT_CERTIFICATE_EXPIRED' AND reference = ANY($1)`, [[active.id, unclaimed.id]]);
    expect(journals.rows[0].n).toBe(2);

    // the API shows them expired with nothing left; only the live one is in the balance; the code no longer claims
    expect(await balanceOf(shopper)).toMatchObject({ total: [{ amount: 700, currency: 'USD' }], certificates: [{ id: fresh.id }] });
    expect((await ok(account(), CLAIM, { code: unclaimed.code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateExpiredError' });
  });

  it('money an order held when its certificate expired is re-issued when it comes back, never put on the expired certificate', async () => {
    const shopper = account();
    const cert = await issue(shopper.accountId, 1500, 30);
    // book-2 (500) + shipping 500 = 1000, all from the certificate (500 left on it)
    const order = await checkout(shopper, [['store-a', 'book-2', 1]], { useGiftBalance: true });
    expect(order).toMatchObject({ giftCertificateAmount: { amount: 1000 }, cardAmount: { amount: 0 } });
    await expireNow(cert.id);
    await server.giftExpiry.runOnce();
    expect(await certificateRow(cert.id)).toMatchObject({ state: 'EXPIRED', balance: 0 });
    expect((await new PgLedger(pool).journal('GIFT_CERTIFICATE_EXPIRED', cert.id))?.lines).toEqual(expect.arrayContaining([{ account: 'liability:gift-certificates', amount: 500, currency: 'USD' }]));
    // the order still holds its 1000: the books say so
    await expectBooksSound(pool);

    // the store cannot ship: the 1000 come back, to a fresh certificate
    const part = order.parts[0];
    const voided = await ok(store('store-a'), `mutation($input: LinesInput!) { voidItems(input: $input) { __typename } }`, { input: { storeOrderId: part.id, lineIds: [part.lines[0].id], idempotencyKey: randomUUID() } });
    expect(voided.voidItems.__typename).toBe('ItemsVoided');
    await drain();
    expect(await certificateRow(cert.id)).toMatchObject({ state: 'EXPIRED', balance: 0 });
    const movements = await movementsOf(pool, cert.id);
    expect(movements.map((m) => [m.kind, m.amount])).toEqual([['DEBIT', 1000], ['EXPIRED', 500], ['REISSUED', 1000]]);
    expect(await balanceOf(shopper)).toMatchObject({ total: [{ amount: 1000, currency: 'USD' }], certificates: [{ id: movements[2].reissuedAs, source: 'REFUND' }] });
  });

  it('replicas running at once expire each certificate once (SKIP LOCKED)', async () => {
    const shopper = account();
    const certs: { id: string; balance: { amount: number } }[] = [];
    for (let i = 0; i < 12; i++) certs.push(await issue(shopper.accountId, 100 + i, 30));
    await pool.query(`UPDATE gift_certificates SET expires_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`, [certs.map((c) => c.id)]);
    const pools = [createPool(db.url, 4), createPool(db.url, 4)];
    try {
      const jobs = pools.map((p) => new GiftCertificateExpiryJob({ store: new PgGiftCertificateExpiry(p), clock: { now: () => new Date() }, logger: silentLogger(), options: { batchSize: 2 } }));
      const runs = await Promise.all([...jobs, ...jobs].map((job) => job.runOnce()));
      const ids = runs.flatMap((r) => r.expired.map((c) => c.id)).filter((id) => certs.some((c) => c.id === id));
      expect(ids.sort()).toEqual(certs.map((c) => c.id).sort());
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const journals = await pool.query(`SELECT count(*)::int AS n, sum(e.amount)::int AS total FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
      WHERE j.kind = 'GIFT_CERTIFICATE_EXPIRED' AND j.reference = ANY($1) AND e.account = 'revenue:gift-certificate-breakage'`, [certs.map((c) => c.id)]);
    expect(journals.rows[0]).toEqual({ n: 12, total: -certs.reduce((s, c) => s + c.balance.amount, 0) });
  });

  it('runs on its own while the server listens; the interval is configurable', async () => {
    const shopper = account();
    const cert = await issue(shopper.accountId, 400, 30);
    await expireNow(cert.id);
    const other = createPaymentServer({
      pool,
      inventory: new InMemoryInventoryClient(),
      tickets,
      paymentProvider: sandbox,
      identityKey: IDENTITY_KEY,
      logger: silentLogger(),
      moneyMovement: { autoStart: false },
      staleBaskets: { autoStart: false },
      giftExpiry: { intervalMs: 50 },
    });
    expect(other.giftExpiry.intervalMs).toBe(50);
    await other.listen(0);
    try {
      const deadline = Date.now() + 10_000;
      while ((await certificateRow(cert.id)).state !== 'EXPIRED') {
        if (Date.now() > deadline) throw new Error('the expiry job did not run');
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await other.close();
    }
    expect(() => createPaymentServer({ pool, inventory: new InMemoryInventoryClient(), tickets, paymentProvider: sandbox, identityKey: IDENTITY_KEY, logger: silentLogger(), giftExpiry: { intervalMs: 0 } })).toThrow(
      /intervalMs must be a positive number/,
    );
  });
});

describe('claiming is rate limited per account and per client IP', () => {
  it('after 5 refused claims the account is refused, even with the right code, until the window has passed', async () => {
    const target = await bought(2500);
    const shopper = account();
    for (let i = 0; i < 5; i++) {
      expect((await ok(shopper, CLAIM, { code: `WR0N-GC0D-E000-000${i}` })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateNotFoundError' });
    }
    const limited = (await ok(shopper, CLAIM, { code: target.code })).claimGiftCertificate;
    expect(limited).toEqual({ __typename: 'RateLimitedError', code: 'RATE_LIMITED', message: 'Too many gift certificate claims failed; try again later.', retryAfterSeconds: expect.any(Number) });
    expect(limited.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // the same answer for a wrong code: nothing is learnt; refused attempts do not extend the lockout
    expect((await ok(shopper, CLAIM, { code: 'WR0N-GC0D-E000-0009' })).claimGiftCertificate).toMatchObject({ __typename: 'RateLimitedError' });
    expect(await certificateRow(target.id)).toMatchObject({ state: 'UNCLAIMED' });
    expect((await pool.query(`SELECT count(*)::int AS n FROM gift_certificate_claim_failures WHERE subject = $1`, [`account:${shopper.accountId}`])).rows[0].n).toBe(5);

    // another account is not affected
    expect((await ok(account(), CLAIM, { code: 'WR0N-GC0D-E000-0008' })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateNotFoundError' });

    // 15 minutes later (the failures age) the right code works
    await pool.query(`UPDATE gift_certificate_claim_failures SET failed_at = failed_at - interval '15 minutes' WHERE subject = $1`, [`account:${shopper.accountId}`]);
    expect((await ok(shopper, CLAIM, { code: target.code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificate', id: target.id, state: 'ACTIVE' });
  });

  it('counts per client IP across accounts; every refusal counts (claimed, expired); a success does not', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const target = await bought(1200);
    const first = { ...account(), clientIp: ip };
    expect((await ok(first, CLAIM, { code: target.code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificate' });
    // already claimed: refused, counted
    for (let i = 0; i < 2; i++) expect((await ok({ ...account(), clientIp: ip }, CLAIM, { code: target.code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateClaimedError' });
    for (let i = 0; i < 3; i++) expect((await ok({ ...account(), clientIp: ip }, CLAIM, { code: 'nope' })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateNotFoundError' });
    const other = await bought(800);
    const fromIp = { ...account(), clientIp: ip };
    expect((await ok(fromIp, CLAIM, { code: other.code })).claimGiftCertificate).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    // the same account from elsewhere is fine
    expect((await ok({ ...fromIp, clientIp: '192.0.2.77' }, CLAIM, { code: other.code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificate', id: other.id });
  });

  it('concurrent guesses cannot slip under the limit', async () => {
    const shopper = account();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => ok(shopper, CLAIM, { code: `C0NC-VRRE-NT00-${String(i).padStart(4, '0')}` })));
    const kinds = results.map((r) => r.claimGiftCertificate.__typename);
    expect(kinds.filter((k) => k === 'GiftCertificateNotFoundError')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'RateLimitedError')).toHaveLength(7);
  });

  it('retryAfterSeconds counts down to when the oldest failure that blocks leaves the window; limits are configurable', async () => {
    const clock = new ManualClock(new Date());
    const service = new GiftCertificateService({ pool, provider: sandbox, clock, logger: silentLogger(), claimLimits: { perAccount: { maxFailures: 2, windowMs: 60_000 }, perIp: { maxFailures: 100, windowMs: 60_000 } } });
    const shopper = { ...account(), clientIp: '192.0.2.200' };
    const target = await bought(900);
    expect(await service.claim(shopper, 'AAAA-BBBB-CCCC-DDDD')).toMatchObject({ __typename: 'GiftCertificateNotFoundError' });
    clock.advance(20_000);
    expect(await service.claim(shopper, 'AAAA-BBBB-CCCC-DDDE')).toMatchObject({ __typename: 'GiftCertificateNotFoundError' });
    clock.advance(10_000);
    expect(await service.claim(shopper, target.code)).toMatchObject({ __typename: 'RateLimitedError', retryAfterSeconds: 30 });
    clock.advance(29_000);
    expect(await service.claim(shopper, target.code)).toMatchObject({ __typename: 'RateLimitedError', retryAfterSeconds: 1 });
    clock.advance(1_000);
    // the first failure left the window: one more try; the right code works
    expect(await service.claim(shopper, target.code)).toMatchObject({ __typename: 'GiftCertificate', id: target.id });
    expect(() => new GiftCertificateService({ pool, provider: sandbox, clock, logger: silentLogger(), claimLimits: { perAccount: { maxFailures: 0, windowMs: 60_000 }, perIp: { maxFailures: 5, windowMs: 60_000 } } })).toThrow(/perAccount/);
  });

  it('the expiry job prunes refused claims that count in no window any more', async () => {
    const shopper = account();
    await ok(shopper, CLAIM, { code: 'PRUN-EME0-0000-0001' });
    await ok(shopper, CLAIM, { code: 'PRUN-EME0-0000-0002' });
    const subject = `account:${shopper.accountId}`;
    await pool.query(`UPDATE gift_certificate_claim_failures SET failed_at = now() - interval '16 minutes' WHERE id = (SELECT min(id) FROM gift_certificate_claim_failures WHERE subject = $1)`, [subject]);
    const { prunedClaimFailures } = await server.giftExpiry.runOnce();
    expect(prunedClaimFailures).toBeGreaterThanOrEqual(1);
    expect((await pool.query(`SELECT count(*)::int AS n FROM gift_certificate_claim_failures WHERE subject = $1`, [subject])).rows[0].n).toBe(1);
  });
});

describe('reissuing a lost code (operator)', () => {
  const REISSUE = `mutation($certificateId: ID!, $recipientEmail: String, $idempotencyKey: String!) {
    reissueGiftCertificateCode(certificateId: $certificateId, recipientEmail: $recipientEmail, idempotencyKey: $idempotencyKey) {
      __typename ... on GiftCertificate { ${CERTIFICATE} } ${ERROR} ... on InvalidInputError { field } ... on GiftCertificateExpiredError { expiredAt } } }`;
  const reissue = async (identity: Identity, variables: Record<string, unknown>) => (await ok(identity, REISSUE, variables)).reissueGiftCertificateCode;

  it('a fresh code goes to the (new) recipient in a new email; the old code stops working; a repeat sends nothing more', async () => {
    const gift = await bought(3000);
    // the first email was dead-lettered: its code is gone from the outbox
    await pool.query(`UPDATE email_outbox SET state = 'DEAD', data = data - 'code' WHERE recipient = $1`, [gift.recipient]);
    const newRecipient = `again-${randomUUID().slice(0, 8)}@example.com`;
    const variables = { certificateId: gift.id, recipientEmail: newRecipient, idempotencyKey: randomUUID() };
    const res = await reissue(OPERATOR, variables);
    expect(res).toMatchObject({ __typename: 'GiftCertificate', id: gift.id, state: 'UNCLAIMED', balance: { amount: 3000 } });

    const [email, ...more] = await outboxTo(newRecipient);
    expect(more).toEqual([]);
    expect(email.template).toBe('gift-certificate-received');
    expect(email.dedupe_key).toMatch(new RegExp(`^gift-certificate-received:${gift.id}:reissue:`));
    const code = String(email.data.code);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(code).not.toBe(gift.code);
    expect(JSON.stringify(res)).not.toContain(code.replace(/-/g, '').slice(0, 8));
    const stored = await pool.query(`SELECT code_hash, recipient_email FROM gift_certificates WHERE id = $1`, [gift.id]);
    expect(stored.rows[0]).toEqual({ code_hash: giftCodeHash(normalizeGiftCode(code)!), recipient_email: newRecipient });

    // a repeat replays: no second email, the code unchanged; the key with other input is refused
    expect(await reissue(OPERATOR, variables)).toMatchObject({ __typename: 'GiftCertificate', id: gift.id });
    expect(await outboxTo(newRecipient)).toHaveLength(1);
    expect((await pool.query(`SELECT code_hash FROM gift_certificates WHERE id = $1`, [gift.id])).rows[0].code_hash).toBe(stored.rows[0].code_hash);
    expect(await reissue(OPERATOR, { ...variables, recipientEmail: null })).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });

    const friend = account();
    expect((await ok(friend, CLAIM, { code: gift.code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificateNotFoundError', code: 'GIFT_CERTIFICATE_NOT_FOUND' });
    expect((await ok(friend, CLAIM, { code })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificate', id: gift.id, state: 'ACTIVE' });

    // claimed now: nothing left to reissue
    expect(await reissue(OPERATOR, { certificateId: gift.id, idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'GiftCertificateClaimedError', code: 'GIFT_CERTIFICATE_CLAIMED' });
    expect(await outboxTo(newRecipient)).toHaveLength(1);
  });

  it('without recipientEmail the code goes to the current recipient; unknown, expired or issued certificates and bad input are refused; operators only', async () => {
    const gift = await bought(1200);
    expect(await reissue(OPERATOR, { certificateId: gift.id, idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'GiftCertificate', id: gift.id });
    const emails = await outboxTo(gift.recipient);
    expect(emails).toHaveLength(2);
    expect((await ok(account(), CLAIM, { code: String(emails[1].data.code) })).claimGiftCertificate).toMatchObject({ __typename: 'GiftCertificate', id: gift.id });

    const shopper = account();
    const issued = await issue(shopper.accountId, 500, 30);
    expect(await reissue(OPERATOR, { certificateId: issued.id, idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'GiftCertificateClaimedError' });
    for (const certificateId of [randomUUID(), 'not-an-id']) {
      expect(await reissue(OPERATOR, { certificateId, idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'GiftCertificateNotFoundError', code: 'GIFT_CERTIFICATE_NOT_FOUND' });
    }
    const stale = await bought(700);
    await expireNow(stale.id);
    const expired = await reissue(OPERATOR, { certificateId: stale.id, idempotencyKey: randomUUID() });
    expect(expired).toMatchObject({ __typename: 'GiftCertificateExpiredError', code: 'GIFT_CERTIFICATE_EXPIRED' });
    expect(expired.expiredAt).toEqual(expect.any(String));
    await server.giftExpiry.runOnce();
    expect(await reissue(OPERATOR, { certificateId: gift.id, recipientEmail: 'not an address', idempotencyKey: randomUUID() })).toMatchObject({ __typename: 'InvalidInputError', field: 'recipientEmail' });
    expect(await reissue(OPERATOR, { certificateId: gift.id, idempotencyKey: ' ' })).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });

    const other = await bought(900);
    const variables = { certificateId: other.id, idempotencyKey: randomUUID() };
    expect((await gql(account(), REISSUE, variables)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(guest(), REISSUE, variables)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await gql(null, REISSUE, variables)).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    expect(await outboxTo(other.recipient)).toHaveLength(1);
  });
});
