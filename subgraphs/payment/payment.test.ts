import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartIdOf } from '../../lib/cart-id.js';
import { createPool, type Pool } from '../../lib/db.js';
import type { HttpService } from '../../lib/http-server.js';
import type { Identity } from '../../lib/identity.js';
import { silentLogger } from '../../lib/logger.js';
import { createTestDatabase } from '../../test/support/databases.js';
import type { AuthorizeRequest, PaymentProvider } from './domain/payment-provider.js';
import { SandboxPaymentProvider } from './infra/sandbox-payment-provider.js';
import { createPaymentServer, migratePayment } from './server.js';
import { FakeTicketCheckout } from './testing/fake-ticket-checkout.js';
import { twoStoreCatalog } from './testing/catalog.js';
import { signedGraphqlCaller } from './testing/signed-graphql.js';

const IDENTITY_KEY = 'payment-test-identity-key';
const YEAR = new Date().getUTCFullYear() + 2;
const VISA = { number: '4242 4242 4242 4242', expMonth: 12, expYear: YEAR, cvc: '123' };
const MASTERCARD = { number: '5555-5555-5555-4444', expMonth: 6, expYear: YEAR, cvc: '321' };
const DECLINED = { number: '4000000000000002', expMonth: 12, expYear: YEAR, cvc: '123' };
const CARD_DIGITS = ['4242424242424242', '5555555555554444', '4000000000000002', '4242424242424241', '42424242424242'];

const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order {
        id status createdAt total { amount currency }
        payment { status amount { amount currency } cardBrand cardLast4 providerReference }
        parts {
          id orderId status store { id } subtotal { amount currency } owedToStore { amount }
          lines { sku name quantity unitPrice { amount currency } lineTotal { amount } status item { storeId sku } ticket { id } }
        }
      }
      ... on ErrorResult { code message }
      ... on InvalidInputError { field }
      ... on CheckoutTicketExpiredError { ticketId storeId sku expiredAt }
      ... on CardInvalidError { reason }
      ... on CardDeclinedError { declineCode }
      ... on StoreUnavailableError { storeId }
      ... on CheckoutCartVersionMismatchError { expectedVersion currentVersion }
    }
  }
`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
const servers: HttpService[] = [];

/** One payment server with its own fakes of the stores and the ticket service. */
async function startPayment(options: { provider?: PaymentProvider; inProgressWaitMs?: number } = {}) {
  const inventory = twoStoreCatalog(100)
    .addStore('store-eu', { currency: 'EUR' })
    .addItem('store-eu', { sku: 'stroopwafel', name: 'Stroopwafel', price: 300, stockOnHand: 100 });
  const tickets = new FakeTicketCheckout(inventory);
  const sandbox = new SandboxPaymentProvider();
  const service = createPaymentServer({
    pool,
    inventory,
    tickets,
    paymentProvider: options.provider ?? sandbox,
    identityKey: IDENTITY_KEY,
    logger: silentLogger(),
    inProgressWaitMs: options.inProgressWaitMs,
    // these tests are about checkout's items and fee; fulfilment.test.ts covers shipping
    defaultShipping: { flatAmount: 0 },
  });
  servers.push(service);
  const url = await service.listen(0);
  return { url, inventory, tickets, sandbox };
}

type Payment = Awaited<ReturnType<typeof startPayment>>;
let p: Payment;

const signed = signedGraphqlCaller(() => p.url, IDENTITY_KEY);
/** These tests talk to several payment servers: the server's url comes first. */
const gql = (url: string, identity: Identity | null, query: string, variables?: Record<string, unknown>) => signed.gql(identity, query, variables, url);

const guest = (): Identity => ({ kind: 'GUEST', sessionId: `sess_${randomUUID()}` });
const storeIdentity = (storeId: string): Identity => ({ kind: 'STORE', storeId });

async function checkout(url: string, who: Identity, input: Record<string, unknown>) {
  return (await signed.ok(who, CHECKOUT, { input }, url)).checkout;
}

/** A cart across two stores: book-1 ×2, book-2 ×1 at store-a; hammer ×3 at store-b. */
async function fillCart(payment: Payment, who: Identity) {
  const a1 = await payment.tickets.hold(who.sessionId!, 'store-a', 'book-1', 2);
  const a2 = await payment.tickets.hold(who.sessionId!, 'store-a', 'book-2', 1);
  const b1 = await payment.tickets.hold(who.sessionId!, 'store-b', 'hammer', 3);
  return { a1, a2, b1 };
}

beforeAll(async () => {
  db = await createTestDatabase('payment');
  pool = createPool(db.url);
  await migratePayment(pool);
  p = await startPayment();
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await pool?.end();
  await db?.drop();
});

describe('checkout', () => {
  it('prices on the server, splits per store with the fee, charges once and commits stock', async () => {
    const shopper = guest();
    const { a1, b1 } = await fillCart(p, shopper);
    // the store changes a price after the hold: checkout charges the catalog price now
    p.inventory.addItem('store-b', { sku: 'hammer', name: 'Hammer', price: 2400, stockOnHand: 100 });
    const before = p.sandbox.authorizationCount();

    const order = await checkout(p.url, shopper, { idempotencyKey: randomUUID(), payment: { card: VISA } });

    expect(order.__typename).toBe('Order');
    expect(order.status).toBe('AUTHORIZED');
    const total = 1999 * 2 + 500 + 2400 * 3;
    expect(order.total).toEqual({ amount: total, currency: 'USD' });
    expect(order.payment).toMatchObject({ status: 'AUTHORIZED', amount: { amount: total, currency: 'USD' }, cardBrand: 'VISA', cardLast4: '4242' });
    expect(order.payment.providerReference).toMatch(/^auth_/);
    expect(order.parts).toHaveLength(2);
    const [partA, partB] = order.parts;
    expect(partA).toMatchObject({ orderId: order.id, status: 'AUTHORIZED', store: { id: 'store-a' }, subtotal: { amount: 4498, currency: 'USD' }, owedToStore: { amount: 4498 - 225 } });
    expect(partB).toMatchObject({ store: { id: 'store-b' }, subtotal: { amount: 7200 }, owedToStore: { amount: 7200 - 360 } });
    expect(partA.lines[0]).toEqual({
      sku: 'book-1',
      name: 'Book One',
      quantity: 2,
      unitPrice: { amount: 1999, currency: 'USD' },
      lineTotal: { amount: 3998 },
      status: 'TO_BE_SHIPPED',
      item: { storeId: 'store-a', sku: 'book-1' },
      ticket: { id: a1.id },
    });
    expect(p.sandbox.authorizationCount()).toBe(before + 1);

    // stock committed at each store, tickets purchased, each store owed its part
    expect(p.inventory.inspectReservation('store-a', a1.id)?.status).toBe('COMMITTED');
    expect(p.inventory.inspectReservation('store-b', b1.id)?.status).toBe('COMMITTED');
    expect(p.tickets.statuses(shopper.sessionId!)).toEqual(['PURCHASED', 'PURCHASED', 'PURCHASED']);
    const payables = await pool.query(
      `SELECT sp.store_id, sp.amount, sp.status FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id WHERE so.order_id = $1 ORDER BY sp.store_id`,
      [order.id],
    );
    expect(payables.rows).toEqual([
      { store_id: 'store-a', amount: 4273, status: 'PENDING' },
      { store_id: 'store-b', amount: 6840, status: 'PENDING' },
    ]);
    const payments = await pool.query(`SELECT id, kind, status, amount, idempotency_key FROM financial_transactions WHERE order_id = $1`, [order.id]);
    expect(payments.rows).toEqual([{ id: order.id, kind: 'AUTHORIZATION', status: 'SUCCEEDED', amount: total, idempotency_key: order.id }]);
  });

  it('a sequential repeat returns the same order and charges once', async () => {
    const shopper = guest();
    await fillCart(p, shopper);
    const before = p.sandbox.authorizationCount();
    const input = { idempotencyKey: randomUUID(), payment: { card: VISA } };
    const first = await checkout(p.url, shopper, input);
    // the shopper retypes the card: the same card is the same request
    const again = await checkout(p.url, shopper, { ...input, payment: { card: { ...VISA, number: '4242424242424242' } } });
    expect(first.__typename).toBe('Order');
    expect(again.id).toBe(first.id);
    expect(again.payment.providerReference).toBe(first.payment.providerReference);
    expect(p.sandbox.authorizationCount()).toBe(before + 1);
    expect((await pool.query(`SELECT count(*) AS n FROM orders WHERE session_id = $1`, [shopper.sessionId])).rows[0].n).toBe(1);
  });

  it('concurrent repeats charge once and all get the same order', async () => {
    const shopper = guest();
    await fillCart(p, shopper);
    const before = p.sandbox.callCount();
    const input = { idempotencyKey: randomUUID(), payment: { card: VISA } };
    const results = await Promise.all([1, 2, 3, 4].map(() => checkout(p.url, shopper, input)));
    expect(results.map((r) => r.__typename)).toEqual(['Order', 'Order', 'Order', 'Order']);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(p.sandbox.callCount()).toBe(before + 2); // one tokenize, one authorize
    expect((await pool.query(`SELECT count(*) AS n FROM orders WHERE session_id = $1`, [shopper.sessionId])).rows[0].n).toBe(1);
  });

  it('the same key with other input is refused and charges nothing more', async () => {
    const shopper = guest();
    await fillCart(p, shopper);
    const key = randomUUID();
    const first = await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: VISA } });
    expect(first.__typename).toBe('Order');
    const before = p.sandbox.callCount();
    const reused = await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: MASTERCARD } });
    expect(reused).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED' });
    const otherVersion = await checkout(p.url, shopper, { idempotencyKey: key, cartVersion: 99, payment: { card: VISA } });
    expect(otherVersion.__typename).toBe('IdempotencyKeyReusedError');
    expect(p.sandbox.callCount()).toBe(before);
  });

  it('a declined card charges nothing, hands the tickets back and voids the order', async () => {
    const shopper = guest();
    const { a1 } = await fillCart(p, shopper);
    const approvedBefore = p.sandbox.approvedAuthorizations().length;
    const input = { idempotencyKey: randomUUID(), payment: { card: DECLINED } };
    const declined = await checkout(p.url, shopper, input);
    expect(declined).toMatchObject({ __typename: 'CardDeclinedError', code: 'CARD_DECLINED', declineCode: 'card_declined' });
    expect(p.sandbox.approvedAuthorizations().length).toBe(approvedBefore);
    expect(p.tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD', 'HELD']);
    expect(p.inventory.inspectReservation('store-a', a1.id)?.status).toBe('HELD');
    const orders = await gql(p.url, shopper, `{ orders { edges { node { status payment { status } parts { status lines { status } } } } } }`);
    expect(orders.data.orders.edges).toHaveLength(1);
    const voided = orders.data.orders.edges[0].node;
    expect(voided).toMatchObject({ status: 'VOID', payment: { status: 'DECLINED' } });
    expect(voided.parts.flatMap((part: any) => [part.status, ...part.lines.map((l: any) => l.status)]).every((s: string) => s === 'VOID')).toBe(true);
    expect((await pool.query(`SELECT count(*) AS n FROM store_payables sp JOIN store_orders so ON so.id = sp.store_order_id JOIN orders o ON o.id = so.order_id WHERE o.session_id = $1`, [shopper.sessionId])).rows[0].n).toBe(0);

    // a repeat replays the decline without asking the provider again
    const calls = p.sandbox.callCount();
    expect(await checkout(p.url, shopper, input)).toEqual(declined);
    expect(p.sandbox.callCount()).toBe(calls);

    // another card under a new key buys the same tickets
    const order = await checkout(p.url, shopper, { idempotencyKey: randomUUID(), payment: { card: MASTERCARD } });
    expect(order).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED', payment: { cardBrand: 'MASTERCARD', cardLast4: '4444' } });
    expect(p.sandbox.approvedAuthorizations().length).toBe(approvedBefore + 1);
  });

  it('an invalid card is refused before anything is sent anywhere; the key can be retried', async () => {
    const shopper = guest();
    await fillCart(p, shopper);
    const calls = p.sandbox.callCount();
    const key = randomUUID();
    for (const [number, reason] of [
      ['4242424242424241', 'BAD_CHECKSUM'],
      ['42424242424242', 'BAD_LENGTH'],
      ['9242424242424242', 'UNKNOWN_BRAND'],
      ['4242-4242-4242-424x', 'NOT_A_NUMBER'],
    ]) {
      const result = await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: { ...VISA, number } } });
      expect(result, number).toMatchObject({ __typename: 'CardInvalidError', code: 'CARD_INVALID', reason });
    }
    const expired = await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: { ...VISA, expYear: 2020 } } });
    expect(expired).toMatchObject({ __typename: 'CardInvalidError', reason: 'EXPIRED' });
    expect(p.sandbox.callCount()).toBe(calls);
    expect(p.tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD', 'HELD']);
    expect((await pool.query(`SELECT count(*) AS n FROM orders WHERE session_id = $1`, [shopper.sessionId])).rows[0].n).toBe(0);

    // nothing happened under the key, so the corrected card may use it
    const order = await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: VISA } });
    expect(order.__typename).toBe('Order');
  });

  it('an expired line fails naming it and charges nothing', async () => {
    const shopper = guest();
    await p.tickets.hold(shopper.sessionId!, 'store-a', 'book-1', 1);
    const stale = await p.tickets.hold(shopper.sessionId!, 'store-b', 'hammer', 1, -1_000);
    const calls = p.sandbox.callCount();
    const result = await checkout(p.url, shopper, { idempotencyKey: randomUUID(), payment: { card: VISA } });
    expect(result).toMatchObject({ __typename: 'CheckoutTicketExpiredError', code: 'TICKET_EXPIRED', ticketId: stale.id, storeId: 'store-b', sku: 'hammer', expiredAt: stale.expiresAt.toISOString() });
    expect(result.message).toContain('hammer');
    expect(p.sandbox.callCount()).toBe(calls);
    expect((await pool.query(`SELECT count(*) AS n FROM orders WHERE session_id = $1`, [shopper.sessionId])).rows[0].n).toBe(0);
  });

  it('refuses an empty cart, a stale cart version, a blank key and mixed currencies', async () => {
    const shopper = guest();
    expect(await checkout(p.url, shopper, { idempotencyKey: randomUUID(), payment: { card: VISA } })).toMatchObject({ __typename: 'EmptyCartError', code: 'EMPTY_CART' });
    expect(await checkout(p.url, shopper, { idempotencyKey: ' ', payment: { card: VISA } })).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });
    expect(await checkout(p.url, shopper, { idempotencyKey: 'k'.repeat(201), payment: { card: VISA } })).toMatchObject({ __typename: 'InvalidInputError', field: 'idempotencyKey' });

    await p.tickets.hold(shopper.sessionId!, 'store-a', 'book-1', 1);
    await p.tickets.hold(shopper.sessionId!, 'store-eu', 'stroopwafel', 1);
    const version = p.tickets.cartVersion(shopper.sessionId!);
    expect(await checkout(p.url, shopper, { idempotencyKey: randomUUID(), cartVersion: version - 1, payment: { card: VISA } })).toMatchObject({
      __typename: 'CheckoutCartVersionMismatchError',
      expectedVersion: version - 1,
      currentVersion: version,
    });
    const calls = p.sandbox.callCount();
    expect(await checkout(p.url, shopper, { idempotencyKey: randomUUID(), cartVersion: version, payment: { card: VISA } })).toMatchObject({ __typename: 'MixedCurrenciesError', code: 'MIXED_CURRENCIES' });
    expect(p.sandbox.callCount()).toBe(calls);
    expect(p.tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD']);
  });

  it('needs a shopper session', async () => {
    const anonymous = await gql(p.url, null, CHECKOUT, { input: { idempotencyKey: 'k', payment: { card: VISA } } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
    const store = await gql(p.url, storeIdentity('store-a'), CHECKOUT, { input: { idempotencyKey: 'k', payment: { card: VISA } } });
    expect(store.errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
  });

  it('a store that is down while pricing fails the attempt cleanly; the same key succeeds later', async () => {
    const shopper = guest();
    await fillCart(p, shopper);
    const key = randomUUID();
    p.inventory.setUnavailable('store-b');
    try {
      const result = await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: VISA } });
      expect(result).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE', storeId: 'store-b' });
      expect(p.tickets.statuses(shopper.sessionId!)).toEqual(['HELD', 'HELD', 'HELD']);
    } finally {
      p.inventory.setUnavailable('store-b', false);
    }
    expect(await checkout(p.url, shopper, { idempotencyKey: key, payment: { card: VISA } })).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED' });
  });

  it('a store that is down while committing a paid order is finished by a retry, still charged once', async () => {
    const shopper = guest();
    const { b1 } = await fillCart(p, shopper);
    const input = { idempotencyKey: randomUUID(), payment: { card: VISA } };
    const before = p.sandbox.authorizationCount();
    // the store answers the price read and then goes down before the commit
    const getItems = p.inventory.getItems.bind(p.inventory);
    p.inventory.getItems = async (storeId, skus) => {
      const items = await getItems(storeId, skus);
      if (storeId === 'store-b') p.inventory.setUnavailable('store-b');
      return items;
    };
    try {
      const pending = await checkout(p.url, shopper, input);
      expect(pending).toMatchObject({ __typename: 'StoreUnavailableError', storeId: 'store-b' });
      expect(pending.message).toMatch(/same idempotency key/);
    } finally {
      p.inventory.getItems = getItems;
      p.inventory.setUnavailable('store-b', false);
    }
    const order = await checkout(p.url, shopper, input);
    expect(order).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED' });
    expect(p.inventory.inspectReservation('store-b', b1.id)?.status).toBe('COMMITTED');
    expect(p.sandbox.authorizationCount()).toBe(before + 1);
  });
});

describe('checkout resumes after an unknown provider outcome', () => {
  it('keeps the attempt and its order id, so the retry charges at most once', async () => {
    const sandbox = new SandboxPaymentProvider();
    let failNext = true;
    // the provider charged but the answer was lost on the way back
    const flaky: PaymentProvider = {
      tokenize: (card) => sandbox.tokenize(card),
      capture: (request) => sandbox.capture(request),
      void: (request) => sandbox.void(request),
      refund: (request) => sandbox.refund(request),
      authorize: async (request: AuthorizeRequest) => {
        const result = await sandbox.authorize(request);
        if (failNext) {
          failNext = false;
          throw new Error('provider timeout');
        }
        return result;
      },
    };
    const flakyPayment = await startPayment({ provider: flaky });
    const shopper = guest();
    await fillCart(flakyPayment, shopper);
    const input = { idempotencyKey: randomUUID(), payment: { card: VISA } };
    const lost = await gql(flakyPayment.url, shopper, CHECKOUT, { input });
    expect(lost.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(flakyPayment.tickets.statuses(shopper.sessionId!)).toEqual(['CHECKING_OUT', 'CHECKING_OUT', 'CHECKING_OUT']);

    const order = await checkout(flakyPayment.url, shopper, input);
    expect(order).toMatchObject({ __typename: 'Order', status: 'AUTHORIZED' });
    expect(sandbox.authorizationCount()).toBe(1);
    expect(sandbox.authorizations[0].idempotencyKey).toBe(order.id);
    expect(flakyPayment.tickets.statuses(shopper.sessionId!)).toEqual(['PURCHASED', 'PURCHASED', 'PURCHASED']);
  });

  it('a repeat that does not wait is told the checkout is in progress', async () => {
    const sandbox = new SandboxPaymentProvider();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: PaymentProvider = {
      tokenize: (card) => sandbox.tokenize(card),
      capture: (request) => sandbox.capture(request),
      void: (request) => sandbox.void(request),
      refund: (request) => sandbox.refund(request),
      authorize: async (request) => {
        await gate;
        return sandbox.authorize(request);
      },
    };
    const slowPayment = await startPayment({ provider: slow, inProgressWaitMs: 0 });
    const shopper = guest();
    await fillCart(slowPayment, shopper);
    const input = { idempotencyKey: randomUUID(), payment: { card: VISA } };
    const first = checkout(slowPayment.url, shopper, input);
    await new Promise((r) => setTimeout(r, 200));
    expect(await checkout(slowPayment.url, shopper, input)).toMatchObject({ __typename: 'CheckoutInProgressError', code: 'CHECKOUT_IN_PROGRESS' });
    release();
    const order = await first;
    expect(order.__typename).toBe('Order');
    expect((await checkout(slowPayment.url, shopper, input)).id).toBe(order.id);
    expect(sandbox.authorizationCount()).toBe(1);
  });
});

describe('reading orders', () => {
  const ORDERS = `query($first: Int, $after: String) { orders(first: $first, after: $after) {
    edges { cursor node { id status total { amount } parts { store { id } lines { sku } } payment { cardLast4 } } }
    pageInfo { hasNextPage endCursor } } }`;

  it('a shopper sees only their own orders, newest first, page by page', async () => {
    const shopper = guest();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      await p.tickets.hold(shopper.sessionId!, 'store-a', 'book-2', 1);
      ids.push((await checkout(p.url, shopper, { idempotencyKey: randomUUID(), payment: { card: VISA } })).id);
    }
    const page1 = await gql(p.url, shopper, ORDERS, { first: 2 });
    expect(page1.data.orders.edges.map((e: any) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page1.data.orders.pageInfo.hasNextPage).toBe(true);
    const page2 = await gql(p.url, shopper, ORDERS, { first: 2, after: page1.data.orders.pageInfo.endCursor });
    expect(page2.data.orders.edges.map((e: any) => e.node.id)).toEqual([ids[0]]);
    expect(page2.data.orders.pageInfo.hasNextPage).toBe(false);
    expect(page2.data.orders.edges[0].node).toMatchObject({ status: 'AUTHORIZED', total: { amount: 500 }, parts: [{ store: { id: 'store-a' }, lines: [{ sku: 'book-2' }] }], payment: { cardLast4: '4242' } });

    const own = await gql(p.url, shopper, `query($id: ID!) { order(id: $id) { id } }`, { id: ids[0] });
    expect(own.data.order).toEqual({ id: ids[0] });

    const stranger = guest();
    expect((await gql(p.url, stranger, ORDERS, {})).data.orders.edges).toEqual([]);
    expect((await gql(p.url, stranger, `query($id: ID!) { order(id: $id) { id } }`, { id: ids[0] })).data.order).toBeNull();
    expect((await gql(p.url, stranger, `query { order(id: "not-a-uuid") { id } }`)).data.order).toBeNull();
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id status } } }`;
    const reps = { r: [{ __typename: 'Order', id: ids[0] }] };
    expect((await gql(p.url, stranger, entities, reps)).data._entities).toEqual([null]);
    expect((await gql(p.url, storeIdentity('store-a'), entities, reps)).data._entities).toEqual([null]);
    expect((await gql(p.url, shopper, entities, reps)).data._entities).toEqual([{ id: ids[0], status: 'AUTHORIZED' }]);
    expect((await gql(p.url, null, ORDERS, {})).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
  });

  it('an account sees orders placed under it from another session', async () => {
    const first: Identity = { kind: 'ACCOUNT', sessionId: `sess_${randomUUID()}`, accountId: `acct_${randomUUID()}` };
    // an account's tickets live in its one cart, which begin is told about (accountId)
    await p.tickets.hold(cartIdOf({ sessionId: first.sessionId!, accountId: first.accountId }), 'store-a', 'book-1', 1);
    const order = await checkout(p.url, first, { idempotencyKey: randomUUID(), payment: { card: VISA } });
    const later: Identity = { ...first, sessionId: `sess_${randomUUID()}` };
    expect((await gql(p.url, later, `query($id: ID!) { order(id: $id) { id } }`, { id: order.id })).data.order).toEqual({ id: order.id });
  });

  it('a store sees only its own parts', async () => {
    const shopper = guest();
    await fillCart(p, shopper);
    const order = await checkout(p.url, shopper, { idempotencyKey: randomUUID(), payment: { card: VISA } });
    const STORE_ORDERS = `{ storeOrders(first: 100) { edges { node { id orderId store { id } subtotal { amount } owedToStore { amount } lines { sku quantity } } } } }`;
    const seenByA = (await gql(p.url, storeIdentity('store-a'), STORE_ORDERS)).data.storeOrders.edges.map((e: any) => e.node);
    const seenByB = (await gql(p.url, storeIdentity('store-b'), STORE_ORDERS)).data.storeOrders.edges.map((e: any) => e.node);
    expect(seenByA.every((n: any) => n.store.id === 'store-a')).toBe(true);
    expect(seenByB.every((n: any) => n.store.id === 'store-b')).toBe(true);
    const partA = seenByA.find((n: any) => n.orderId === order.id);
    expect(partA).toMatchObject({ subtotal: { amount: 4498 }, owedToStore: { amount: 4273 }, lines: [{ sku: 'book-1', quantity: 2 }, { sku: 'book-2', quantity: 1 }] });
    expect(seenByB.find((n: any) => n.orderId === order.id).lines).toEqual([{ sku: 'hammer', quantity: 3 }]);
    // parts of declined checkouts are not the store's business
    const declinedShopper = guest();
    await p.tickets.hold(declinedShopper.sessionId!, 'store-a', 'book-1', 1);
    const declined = await checkout(p.url, declinedShopper, { idempotencyKey: randomUUID(), payment: { card: DECLINED } });
    expect(declined.__typename).toBe('CardDeclinedError');
    const afterDecline = (await gql(p.url, storeIdentity('store-a'), STORE_ORDERS)).data.storeOrders.edges;
    expect(afterDecline).toHaveLength(seenByA.length);

    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on StoreOrder { id store { id } } } }`;
    const partB = order.parts.find((part: any) => part.store.id === 'store-b');
    const reps = { r: [{ __typename: 'StoreOrder', id: partB.id }] };
    expect((await gql(p.url, storeIdentity('store-a'), entities, reps)).data._entities).toEqual([null]);
    expect((await gql(p.url, storeIdentity('store-b'), entities, reps)).data._entities).toEqual([{ id: partB.id, store: { id: 'store-b' } }]);
    expect((await gql(p.url, shopper, entities, reps)).data._entities).toEqual([{ id: partB.id, store: { id: 'store-b' } }]);
    expect((await gql(p.url, guest(), entities, reps)).data._entities).toEqual([null]);
    expect((await gql(p.url, shopper, STORE_ORDERS)).errors?.[0].extensions?.code).toBe('NOT_AUTHENTICATED');
  });
});

describe('card data', () => {
  it('no card number is anywhere in the database', async () => {
    const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    let scanned = 0;
    for (const { table_name, column_name } of columns) {
      const { rows } = await pool.query<{ value: string | null }>(`SELECT "${column_name}"::text AS value FROM "${table_name}"`);
      for (const { value } of rows) {
        if (value === null) continue;
        scanned++;
        const digits = value.replace(/\D/g, '');
        for (const number of CARD_DIGITS) {
          expect(value.includes(number), `${table_name}.${column_name}`).toBe(false);
          // a prefix of the number (more than the last four) would leak it too
          expect(digits.includes(number.slice(0, 12)), `${table_name}.${column_name}`).toBe(false);
        }
      }
    }
    expect(scanned).toBeGreaterThan(100);
  });
});
